"""Without DEBUG a SECRET_KEY must be given: commands that sign nothing still run;
`check --deploy`, the app server and the task worker refuse."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from gridcare.core.checks import require_secret_key, secret_key_given

ROOT = Path(__file__).resolve().parents[3]


def _env_without_key(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env["GRIDCARE_DATA_DIR"] = str(tmp_path)
    return env


def test_given_key_passes_the_check() -> None:
    assert secret_key_given(None) == []
    require_secret_key()


@override_settings(SECRET_KEY_MISSING=True)
def test_missing_key_is_an_error_and_stops_the_server() -> None:
    errors = secret_key_given(None)

    assert [e.id for e in errors] == ["gridcare.E001"]
    assert "Не задан SECRET_KEY" in errors[0].msg
    with pytest.raises(ImproperlyConfigured, match="Не задан SECRET_KEY"):
        require_secret_key()


@pytest.mark.slow
def test_commands_without_a_key(tmp_path: Path) -> None:
    gridcare = [sys.executable, "-m", "gridcare"]
    env = _env_without_key(tmp_path)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*gridcare, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    makemigrations = run("makemigrations", "--check", "--dry-run")
    check = run("check", "--deploy")
    worker = run("db_worker")

    assert makemigrations.returncode == 0, makemigrations.stderr
    assert check.returncode != 0
    assert "gridcare.E001" in check.stderr
    assert worker.returncode != 0
    assert "Не задан SECRET_KEY" in worker.stderr
