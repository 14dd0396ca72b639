"""The systemd units' command lines run here (gunicorn's --check-config, celery's --help), without systemd."""

import configparser
import os
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings

DEPLOY = Path(settings.BASE_DIR) / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
# Where the units expect the checkout and its venv (docs/deployment.md).
INSTALL_DIR = "/srv/casetracker"


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(path)
    return parser


def _command_here(path: Path) -> list[str]:
    """The unit's ExecStart, with this checkout's venv in place of /srv/casetracker/.venv."""
    argv = shlex.split(_unit(path)["Service"]["ExecStart"])
    venv_bin = Path(sys.executable).parent
    assert argv[0].startswith(f"{INSTALL_DIR}/.venv/bin/"), argv[0]
    return [str(venv_bin / Path(argv[0]).name), *argv[1:]]


def _production_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("CASETRACKER_", "DJANGO_"))}
    env.pop("DEBUG", None)
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "CASETRACKER_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "CASETRACKER_BLIND_INDEX_KEY": secrets.token_urlsafe(32),
            "ALLOWED_HOSTS": "cases.example.org",
            "CASETRACKER_TRUSTED_PROXY_COUNT": "1",
        }
    )
    return env


def test_there_are_units_for_the_web_server_the_worker_and_beat():
    assert [unit.name for unit in UNITS] == [
        "casetracker-beat.service",
        "casetracker-web.service",
        "casetracker-worker.service",
    ]


@pytest.mark.parametrize("unit", UNITS, ids=lambda unit: unit.name)
def test_every_unit_runs_as_the_service_user_with_the_environment_file(unit):
    service = _unit(unit)["Service"]

    assert service["User"] == "casetracker"
    assert service["WorkingDirectory"] == INSTALL_DIR
    assert service["EnvironmentFile"] == "/etc/casetracker/casetracker.env"
    assert service["ProtectSystem"] == "strict"


def test_the_gunicorn_command_line_is_valid(tmp_path):
    command = _command_here(DEPLOY / "systemd" / "casetracker-web.service")
    env = {**_production_env(), "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")}
    (tmp_path / "metrics").mkdir()
    (tmp_path / "metrics" / "counter_1.db").write_bytes(b"stale")

    result = subprocess.run(  # noqa: S603 - the unit's own command line
        [*command, "--check-config"], env=env, capture_output=True, text=True, cwd=settings.BASE_DIR, timeout=120
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "casetracker.wsgi:application" in command


@pytest.mark.parametrize("name", ["casetracker-worker.service", "casetracker-beat.service"])
def test_the_celery_command_lines_are_valid(name):
    command = _command_here(DEPLOY / "systemd" / name)

    # --help after the options: the app loads, the subcommand exists and every option
    # name is known to it (an unknown one fails before the help is printed).
    result = subprocess.run(  # noqa: S603 - the unit's own command line
        [*command, "--help"], env=_production_env(), capture_output=True, text=True, cwd=settings.BASE_DIR, timeout=120
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Usage: celery" in result.stdout
    bad = subprocess.run(  # noqa: S603 - the same, with an option that does not exist
        [*command, "--no-such-option", "--help"], env=_production_env(), capture_output=True, text=True,
        cwd=settings.BASE_DIR, timeout=120,
    )  # fmt: skip
    assert bad.returncode != 0


def test_the_gunicorn_config_empties_the_metrics_directory_at_start(tmp_path, monkeypatch):
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    (tmp_path / "counter_123.db").write_bytes(b"stale")
    (tmp_path / "keep.txt").write_text("not ours")
    namespace: dict = {}
    exec((DEPLOY / "gunicorn.conf.py").read_text(), namespace)  # noqa: S102 - our own config file

    namespace["on_starting"](server=None)

    assert sorted(path.name for path in tmp_path.iterdir()) == ["keep.txt"]
    assert namespace["accesslog"] is None


def test_the_proxy_sets_the_headers_the_settings_expect():
    snippet = (DEPLOY / "nginx" / "casetracker-proxy.conf").read_text()
    site = (DEPLOY / "nginx" / "casetracker.conf").read_text()

    assert "proxy_set_header X-Forwarded-Proto https;" in snippet  # SECURE_PROXY_SSL_HEADER
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in snippet  # audit/ip.py
    assert "proxy_set_header X-Request-ID $request_id;" in snippet
    assert "proxy_set_header Host $host;" in snippet
    # No query string in the access log: a search term may be a name.
    log_format = next(line for line in site.splitlines() if line.startswith("log_format"))
    assert "$request_uri" not in log_format and "$args" not in log_format and "$request " not in log_format
