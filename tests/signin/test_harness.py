"""The provider harness itself: without Node.js the single sign-on tests fail in CI with
the reason, and are skipped with it elsewhere — never silently."""

import subprocess

import pytest

from tests.signin import harness


def test_without_node_they_fail_in_ci(monkeypatch):
    monkeypatch.setattr(harness.shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"Node\.js is not installed"):
        harness.node_executable()


def test_without_node_they_are_skipped_with_the_reason_elsewhere(monkeypatch):
    monkeypatch.setattr(harness.shutil, "which", lambda name: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"Node\.js is not installed"):
        harness.node_executable()


def test_an_old_node_is_named(monkeypatch):
    monkeypatch.setattr(harness.shutil, "which", lambda name: "/usr/bin/node")
    old = subprocess.CompletedProcess([], 0, stdout="v18.20.4\n", stderr="")
    monkeypatch.setattr(harness.subprocess, "run", lambda *args, **kwargs: old)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"v18\.20\.4 is too old"):
        harness.node_executable()
