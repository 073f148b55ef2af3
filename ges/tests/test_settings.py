"""Settings come from the environment and refuse unsafe production values."""

import os
import subprocess
import sys

import pytest

CHECK = "import django; django.setup(); from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"


def run_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="ges.settings")
    return subprocess.run(
        [sys.executable, "-c", CHECK], env=clean, capture_output=True, text=True, check=False
    )


def test_it_starts_with_development_defaults():
    result = run_settings()
    assert result.returncode == 0, result.stderr
    assert "sqlite3" in result.stdout


def test_it_refuses_production_without_a_secret_key():
    result = run_settings(DEBUG="false", ALLOWED_HOSTS="ges.opdc.go.th")
    assert result.returncode != 0
    assert "SECRET_KEY is missing" in result.stderr


def test_it_refuses_production_with_the_development_secret_key():
    result = run_settings(
        DEBUG="false", ALLOWED_HOSTS="ges.opdc.go.th", SECRET_KEY="ges-development-only-not-secret"
    )
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_it_refuses_production_without_allowed_hosts():
    result = run_settings(DEBUG="false", SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is missing" in result.stderr


def test_it_starts_in_production_with_real_values_and_a_database_url():
    result = run_settings(
        DEBUG="false",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="ges.opdc.go.th",
        DATABASE_URL="postgres://u@/ges?host=/tmp",
    )
    assert result.returncode == 0, result.stderr
    assert "postgresql" in result.stdout


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_it_refuses_a_debug_value_it_does_not_understand(value):
    result = run_settings(DEBUG=value)
    assert result.returncode != 0 and "DEBUG must be true or false" in result.stderr


def test_it_hashes_passwords_with_argon2_in_the_real_settings():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.PASSWORD_HASHERS[0])",
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "ges.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"
