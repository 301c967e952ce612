import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose not installed")
def test_docker_compose_file_is_valid(tmp_path):
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    result = subprocess.run(
        ["docker-compose", "config", "-q"], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    services = subprocess.run(
        ["docker-compose", "config", "--services"], cwd=tmp_path, capture_output=True, text=True
    ).stdout.split()
    assert set(services) == {"web", "worker", "beat", "postgres", "redis"}
