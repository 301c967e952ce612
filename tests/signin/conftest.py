"""Single sign-on fixtures: the real OpenID provider harness (``tests.signin.harness``)
and provider configurations that need no network."""

import pytest

from signin import providers
from tests.signin.harness import Harness, harness_running


@pytest.fixture(scope="session")
def openid_harness():
    """The providers, started once for the session, accepting the test client's callbacks."""
    with harness_running(redirect_bases=["http://testserver"]) as harness:
        yield harness


@pytest.fixture
def sso(settings, openid_harness) -> Harness:
    """The portal configured with every harness provider."""
    settings.OIDC_PROVIDERS = openid_harness.configs()
    return openid_harness


@pytest.fixture(autouse=True)
def _clients_forgotten():
    """Each test builds its provider clients afresh (discovery fetched again)."""
    providers.client_for.cache_clear()
    yield
    providers.client_for.cache_clear()
