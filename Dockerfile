# syntax=docker/dockerfile:1
# newstag container image.
#   docker build -t newstag:0.1.0 .
#   docker run --rm -p 9464:9464 -e NEWSTAG_KAFKA__BROKERS=broker:9092 newstag:0.1.0
# Build steps live in deploy/build.sh, the script CI builds with too.

ARG RUST_VERSION=1.95
ARG DEBIAN_RELEASE=bookworm

# --- build stage -------------------------------------------------------------------------
FROM rust:${RUST_VERSION}-slim-${DEBIAN_RELEASE} AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
# Tells deploy/build.sh it runs in the image build, where it may drop the apt lists (it keeps
# them on a developer machine). Build stage only: the runtime stage does not inherit it.
ENV NEWSTAG_IMAGE_BUILD=1
# Debian build dependencies of rdkafka (librdkafka with OpenSSL and zstd).
COPY deploy/build.sh deploy/build.sh
RUN deploy/build.sh deps
# Dependencies only: this layer is rebuilt when Cargo.toml or Cargo.lock change, not when
# the sources do.
COPY Cargo.toml Cargo.lock ./
RUN deploy/build.sh deps-only --release
# The crate itself.
COPY src src
COPY benches benches
COPY config config
COPY samples samples
RUN deploy/build.sh --release \
    && install -D -m 0755 target/release/newstag /out/newstag

# --- runtime stage -----------------------------------------------------------------------
FROM debian:${DEBIAN_RELEASE}-slim AS runtime
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# libssl3 for Kafka TLS, ca-certificates to verify brokers; zlib1g is in the base image.
# Versions are not pinned: Debian's security updates replace them within a release, and a
# pin to a superseded version would break the build (the release itself is pinned above).
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libssl3 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 newstag \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
       --shell /usr/sbin/nologin newstag
COPY --from=build /out/newstag /usr/local/bin/newstag
COPY config/newstag.toml /etc/newstag/newstag.toml
# Numeric, so Kubernetes' runAsNonRoot can verify it.
USER 10001:10001
EXPOSE 9464
# SIGTERM drains in-flight work (shutdown.drain_timeout_ms 5 s, + 4 s hard deadline): give `docker stop` -t 10+.
STOPSIGNAL SIGTERM
# The image has no HTTP client; bash's /dev/tcp asks /healthz on the default port.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
    CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9464 && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r _ code _ <&3 && [ \"$code\" = 200 ]"]
ENTRYPOINT ["/usr/local/bin/newstag"]
CMD ["run", "--config", "/etc/newstag/newstag.toml"]
