"""A real OpenID provider for the tests: panva's oidc-provider (a certified implementation)
run by the machine's Node.js on 127.0.0.1, from ``tests/signin/provider/``.

``harness_running`` installs its locked packages (``npm ci``) when the lock file changed,
starts ``harness.mjs`` with four providers and stops it afterwards:

- ``council-a``: a correct provider for the domain ``council-a.test``;
- ``impostor``: its discovery document and ID tokens name another issuer than the URL the
  portal is configured with;
- ``forger``: signs its ID tokens with a key that is not in its JWKS;
- ``stale``: issues ID tokens that expired an hour ago.

Without Node.js 20.19 or newer the tests that need it fail in CI (``CI`` set) and are
skipped with the reason elsewhere, never silently.
"""

import contextlib
import hashlib
import json
import os
import re
import select
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

from signin.config import ProviderConfig

PROVIDER_DIR = Path(__file__).resolve().parent / "provider"
CLIENT_ID = "pip-portal"
CLIENT_SECRET = "pip-portal-test-secret"  # a test provider's, never a real one
NODE_MINIMUM = (20, 19)
START_TIMEOUT_SECONDS = 30

COUNCIL = "council-a"
COUNCIL_DOMAIN = "council-a.test"
# Provider id -> (harness mode, email domains it may vouch for).
PROVIDERS = {
    COUNCIL: ("good", (COUNCIL_DOMAIN,)),
    "impostor": ("impostor", ("impostor.test",)),
    "forger": ("forger", ("forger.test",)),
    "stale": ("stale", ("stale.test",)),
}

# The provider's people: login (the email address typed there) -> ID-token claims.
COORDINATOR = f"coordinator@{COUNCIL_DOMAIN}"
NEWCOMER = f"newcomer@{COUNCIL_DOMAIN}"
UNVERIFIED = f"unverified@{COUNCIL_DOMAIN}"
GUEST = "guest@elsewhere.test"  # a guest in the council's tenant, on a domain not allowed
ACCOUNTS = {
    COORDINATOR: {"email": COORDINATOR, "email_verified": True, "name": "Casey Coordinator"},
    NEWCOMER: {
        "email": NEWCOMER,
        "email_verified": True,
        "name": "Nia Newcomer",
        "given_name": "Nia",
        "family_name": "Newcomer",
    },
    UNVERIFIED: {"email": UNVERIFIED, "email_verified": False, "name": "Una Verified"},
    GUEST: {"email": GUEST, "email_verified": True, "name": "Gus Guest"},
}


def _unavailable(message: str):
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def node_executable() -> str:
    """The machine's ``node``, new enough for oidc-provider; fails (CI) or skips with the
    reason otherwise."""
    node = shutil.which("node")
    if node is None:
        _unavailable(
            "Node.js is not installed: the single sign-on tests run a real OpenID provider "
            "with it (apt-get install nodejs npm)."
        )
    found = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)
    version = tuple(int(part) for part in re.findall(r"\d+", found.stdout)[:2])
    if version < NODE_MINIMUM:
        _unavailable(
            f"Node.js {found.stdout.strip()} is too old for the test OpenID provider: "
            f"{'.'.join(map(str, NODE_MINIMUM))} or newer is needed."
        )
    return node


def npm_install() -> None:
    """``npm ci`` from the lock file, once per version of the lock file."""
    lock = (PROVIDER_DIR / "package-lock.json").read_bytes()
    stamp = (
        PROVIDER_DIR / "node_modules" / f".pip-installed-{hashlib.sha256(lock).hexdigest()[:12]}"
    )
    if stamp.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        _unavailable("npm is not installed: it installs the test OpenID provider.")
    result = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
        cwd=PROVIDER_DIR,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"npm ci for the test OpenID provider failed:\n{result.stderr[-3000:]}")
    stamp.touch()


@dataclass
class Harness:
    """The running providers: id -> {"issuer": what its tokens say, "url": where it is}."""

    providers: dict

    def url(self, provider_id: str) -> str:
        return self.providers[provider_id]["url"]

    def config(self, provider_id: str, **changes) -> ProviderConfig:
        """The portal's configuration for one harness provider. The issuer is the URL the
        provider listens on (for ``impostor``, not the issuer its tokens name)."""
        _mode, domains = PROVIDERS[provider_id]
        values = {
            "id": provider_id,
            "name": f"Test {provider_id.replace('-', ' ').title()}",
            "issuer": self.url(provider_id),
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "domains": domains,
            **changes,
        }
        return ProviderConfig(**values)

    def configs(self) -> tuple[ProviderConfig, ...]:
        return tuple(self.config(provider_id) for provider_id in PROVIDERS)


def _ready_line(process: subprocess.Popen, errors_path: Path) -> dict:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        readable, _w, _x = select.select([process.stdout], [], [], 0.5)
        if readable:
            line = process.stdout.readline()
            if line.strip().startswith("{"):
                return json.loads(line)
    process.kill()
    raise RuntimeError(
        "The test OpenID provider did not start:\n" + errors_path.read_text()[-3000:]
    )


@contextlib.contextmanager
def harness_running(*, redirect_bases: list[str]):
    """Start the providers, accepting callbacks at ``<base>/accounts/sso/<id>/callback/``
    for each base; yield a ``Harness``; stop them."""
    node = node_executable()
    npm_install()
    with tempfile.TemporaryDirectory(prefix="pip-oidc-") as folder:
        config_path = Path(folder) / "config.json"
        errors_path = Path(folder) / "stderr.txt"
        config_path.write_text(
            json.dumps(
                {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_bases": redirect_bases,
                    "accounts": ACCOUNTS,
                    "providers": [
                        {"id": provider_id, "mode": mode, "label": f"Test {provider_id}"}
                        for provider_id, (mode, _domains) in PROVIDERS.items()
                    ],
                }
            )
        )
        with errors_path.open("w") as errors:
            process = subprocess.Popen(
                [node, str(PROVIDER_DIR / "harness.mjs"), str(config_path)],
                cwd=PROVIDER_DIR,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                text=True,
            )
            try:
                ready = _ready_line(process, errors_path)
                yield Harness(providers=ready["providers"])
            finally:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def provider_login(authorization_url: str, login: str) -> str:
    """Sign in at the provider as ``login``, as a browser would (its own cookies); return
    the URL the provider sends the browser back to (the portal's callback)."""
    provider_origin = re.match(r"^https?://[^/]+", authorization_url).group(0)
    with requests.Session() as browser:
        page = browser.get(authorization_url, timeout=10)
        assert page.status_code == 200, page.text[:500]
        action = re.search(r'<form method="post" action="([^"]+)"', page.text)
        assert action, f"no sign-in form at the provider: {page.text[:500]}"
        response = browser.post(
            urljoin(page.url, action.group(1)),
            data={"login": login, "password": "anything"},
            allow_redirects=False,
            timeout=10,
        )
        for _ in range(10):
            assert response.status_code in (302, 303), response.text[:500]
            location = urljoin(response.url, response.headers["Location"])
            if not location.startswith(provider_origin):
                return location
            response = browser.get(location, allow_redirects=False, timeout=10)
    raise AssertionError("the provider never sent the browser back")
