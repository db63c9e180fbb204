# SPDX-License-Identifier: Apache-2.0
"""The check counter of the Python test scripts (tests/cli/*_test.py, tests/dist/dist_test.py).

    from checks import Checks
    check = Checks()             # Checks(verbose=True) also prints the checks that pass
    check("what holds", condition, detail_shown_on_failure)
    sys.exit(check.finish())     # prints "N passed, M failed"; 1 when any failed
"""


class Checks:
    def __init__(self, verbose=False, detail_chars=800):
        self.passes = 0
        self.failures = 0
        self.verbose = verbose
        self.detail_chars = detail_chars

    def __call__(self, name, cond, detail=""):
        if cond:
            self.passes += 1
            if self.verbose:
                print(f"ok   {name}")
        else:
            self.failures += 1
            print(f"FAIL {name} {str(detail)[:self.detail_chars]}")
        return bool(cond)

    def finish(self):
        print(f"{self.passes} passed, {self.failures} failed")
        return 1 if self.failures else 0
