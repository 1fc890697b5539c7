# Production image of the summary bot: `docker compose up -d` (see docker-compose.yml and README, "Operations").
# Two stages: the first installs the project into a virtual environment exactly as scripts/setup-venv
# does (pip, pinned by constraints.txt); the second copies that environment alone onto a clean slim
# base, so no build tool, pip cache or source tree ends up in the final image.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml constraints.txt README.md ./
COPY bot ./bot
COPY storage ./storage
COPY summarizer ./summarizer
# The README's install step (scripts/setup-venv), without -e: the package is copied into the venv.
RUN pip install --no-compile -c constraints.txt . \
    && python -m compileall -q /opt/venv/lib

FROM ${PYTHON_IMAGE}
# MPLCONFIGDIR: matplotlib (the /stats chart) keeps its font cache there; the home folder is read-only.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    BOT_CONFIG=/app/config.toml \
    MPLCONFIGDIR=/tmp/matplotlib
RUN groupadd --system --gid 10001 bot \
    && useradd --system --uid 10001 --gid bot --home-dir /app --no-create-home --shell /usr/sbin/nologin bot \
    && mkdir -p /app/data \
    && chown bot:bot /app/data
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY config.toml ./
USER 10001:10001
# SQLite's file (the default database) lives here; with PostgreSQL the folder stays empty.
VOLUME ["/app/data"]
# 8443: webhook mode ([telegram] port); 8080: /healthz and /metrics ([ops] port).
EXPOSE 8443 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request as u; sys.exit(u.urlopen('http://127.0.0.1:8080/healthz', timeout=4).status != 200)"]
# Exec form: the bot is PID 1 and gets SIGTERM itself (docker stop), then finishes work in flight.
CMD ["python", "-m", "bot"]
