# SPDX-License-Identifier: Apache-2.0
"""setuptools glue for pyproject.toml: the extension cgsl._cgsl is built by this repository's
CMake build (target cgsl_python, python/CMakeLists.txt), the same build that `cmake -S . -B build`
runs, restricted to the library and the module. The bundled rules are copied into the package.

Environment: CGSL_PREFIX (an installed cgsl, `cmake --install`: then only the module is compiled,
linked with its static library), CGSL_PIP_BUILD_DIR (a CMake build folder to reuse between
installs), CMAKE_ARGS
(extra configure arguments), CMAKE_BUILD_PARALLEL_LEVEL (jobs; default: all cores).
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
(ROOT / "build-pip").mkdir(exist_ok=True)  # setuptools' own build and egg-info, out of the way of build/


class CMakeExtension(Extension):
    def __init__(self, name: str) -> None:
        super().__init__(name, sources=[])


class CMakeBuild(build_ext):
    def build_extension(self, ext: Extension) -> None:
        import pybind11

        target = Path(self.get_ext_fullpath(ext.name)).resolve()
        out_dir = target.parent
        out_dir.mkdir(parents=True, exist_ok=True)
        build_dir = Path(os.environ.get("CGSL_PIP_BUILD_DIR") or Path(self.build_temp).resolve() / "cmake")
        prefix = os.environ.get("CGSL_PREFIX")
        if prefix:  # an installed cgsl: build only the module, against its static library
            source = ["-S", str(ROOT / "python"), f"-DCMAKE_PREFIX_PATH={prefix}"]
        else:       # the whole library, then the module
            source = ["-S", str(ROOT), "-DCGSL_BUILD_TESTS=OFF", "-DCGSL_BUILD_CLI=OFF",
                      "-DCGSL_BUILD_BENCHMARKS=OFF", "-DCGSL_BUILD_PYTHON=ON"]
        configure = [
            "cmake", *source, "-B", str(build_dir),
            "-DCMAKE_BUILD_TYPE=Release",
            f"-DPython3_EXECUTABLE={sys.executable}",
            f"-Dpybind11_DIR={pybind11.get_cmake_dir()}",
            f"-DCGSL_PYTHON_OUTPUT_DIR={out_dir}",
        ] + os.environ.get("CMAKE_ARGS", "").split()
        subprocess.run(configure, check=True)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        subprocess.run(["cmake", "--build", str(build_dir), "--target", "cgsl_python", "-j", jobs], check=True)
        built = sorted(out_dir.glob("_cgsl*.so")) + sorted(out_dir.glob("_cgsl*.pyd"))
        if not built:
            raise RuntimeError(f"the CMake build made no _cgsl module in {out_dir}")
        if built[0] != target:
            shutil.copyfile(built[0], target)
        rules = out_dir / "gsl_rules"
        if rules.exists():
            shutil.rmtree(rules)
        shutil.copytree(ROOT / "gsl_rules", rules)


setup(
    ext_modules=[CMakeExtension("cgsl._cgsl")],
    cmdclass={"build_ext": CMakeBuild},
    options={"build": {"build_base": "build-pip"}, "egg_info": {"egg_base": "build-pip"}},
)
