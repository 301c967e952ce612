import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a" * 20 + "b" * 20 + "-production-like-secret-key-for-check-deploy",
    "ALLOWED_HOSTS": "pip-portal.example.gov.uk",
    "DATABASE_URL": "sqlite:////tmp/pip-portal-check-deploy.sqlite3",
}


def run_manage(*args, env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "PIP_TESTING",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "DJANGO_SETTINGS_MODULE",
        }
    }
    env.update(env_overrides)
    # Not the test settings: the portal's own settings see a production process.
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_a_bad_boolean_in_the_environment_fails_loudly():
    result = run_manage("check", env_overrides={**PRODUCTION_ENV, "DEBUG": "perhaps"})
    assert result.returncode != 0
