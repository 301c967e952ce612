import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

needs_compose = pytest.mark.skipif(
    shutil.which("docker-compose") is None, reason="docker-compose not installed"
)


def _compose(tmp_path, *args) -> subprocess.CompletedProcess:
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    return subprocess.run(
        ["docker-compose", "config", *args], cwd=tmp_path, capture_output=True, text=True
    )


@needs_compose
def test_docker_compose_file_is_valid(tmp_path):
    result = _compose(tmp_path, "-q")
    assert result.returncode == 0, result.stderr
    services = _compose(tmp_path, "--services").stdout.split()
    assert set(services) == {"proxy", "web", "worker", "beat", "postgres", "redis"}


@needs_compose
def test_only_the_proxy_is_published_and_only_web_trusts_it(tmp_path):
    """X-Forwarded-Proto is trusted (BEHIND_PROXY) by web alone, and web is reachable only
    through the proxy that sets it: a client cannot reach web to send its own."""
    config = yaml.safe_load(_compose(tmp_path).stdout)["services"]
    published = {name for name, service in config.items() if service.get("ports")}
    assert published == {"proxy"}
    assert config["web"]["environment"]["BEHIND_PROXY"] == "1"
    for name in ("worker", "beat"):
        assert config[name]["environment"].get("BEHIND_PROXY") in (None, "0")
    command = config["proxy"]["command"]
    command = command if isinstance(command, str) else " ".join(command)
    assert "--to web:8000" in command
