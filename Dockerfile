# SPDX-License-Identifier: Apache-2.0
# The cgsl program and its bundled rules in a small Debian 12 image:
#   docker build -t cgsl .
#   docker run --rm -v "$PWD:/work" cgsl check inventory.ndjson
# Two stages: the first builds the program from this repository with Debian's packages; the
# second holds only the program, the bundled rules and the run-time libraries. Every RUN line of
# the build stage is run, in order, outside Docker by tests/dist/dockerfile_steps.sh.
FROM debian:12-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends g++ cmake make pkg-config tao-pegtl-dev libsimdjson-dev libre2-dev libcli11-dev libfmt-dev libyaml-cpp-dev && rm -rf /var/lib/apt/lists/*
COPY . /src
RUN cmake -S /src -B /build -DCMAKE_BUILD_TYPE=Release -DCGSL_BUILD_TESTS=OFF -DCGSL_BUILD_BENCHMARKS=OFF
RUN cmake --build /build -j"$(nproc)" --target cgsl_cli
RUN install -D -m 0755 /build/src/cli/cgsl /opt/cgsl/bin/cgsl && mkdir -p /opt/cgsl/share/cgsl && cp -R /src/gsl_rules /opt/cgsl/share/cgsl/gsl_rules
RUN /opt/cgsl/bin/cgsl version && /opt/cgsl/bin/cgsl test

FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libre2-9 libsimdjson14 libyaml-cpp0.7 && rm -rf /var/lib/apt/lists/* && useradd --create-home --uid 10001 cgsl
COPY --from=build /opt/cgsl/ /usr/local/
USER cgsl
WORKDIR /work
ENTRYPOINT ["cgsl"]
CMD ["--help"]
