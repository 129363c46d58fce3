# cjm in a container: Debian's Graphviz and DejaVu fonts (Cyrillic in the pictures), cjm installed from
# requirements-run.lock. `cjm` is the entry point; `cjm-check-maps` is the script the GitHub Action runs.
#
#   docker build -t cjm .
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/maps" cjm validate maps/
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/maps" cjm render maps/ -o out/
#   docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/maps" --entrypoint cjm-check-maps cjm
FROM debian:bookworm-slim

ENV LANG=C.UTF-8 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 python3-venv graphviz fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml README.md LICENSE requirements-run.lock /opt/cjm-source/
COPY src /opt/cjm-source/src
COPY scripts/install-cjm.sh scripts/check-maps.sh /opt/cjm-source/scripts/
RUN /opt/cjm-source/scripts/install-cjm.sh /opt/cjm \
    && ln -s /opt/cjm/bin/cjm /usr/local/bin/cjm \
    && install -m 755 /opt/cjm-source/scripts/check-maps.sh /usr/local/bin/cjm-check-maps \
    && rm -rf /opt/cjm-source

WORKDIR /maps
ENTRYPOINT ["cjm"]
CMD ["--help"]
