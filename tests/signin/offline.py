"""A provider configuration whose discovery document is given, not fetched: for pages
that only begin a sign-in (email first, "Sign in with your council account", the access
matrix), so those tests need no provider running."""

import time

from signin import providers
from signin.config import ProviderConfig

ISSUER = "http://127.0.0.1:9/offline-council"  # port 9 (discard): nothing is ever sent
OFFLINE = ProviderConfig(
    id="offline-council",
    name="Offline Council",
    issuer=ISSUER,
    client_id="pip-portal",
    client_secret="not-a-real-secret",
    domains=("offline-council.test",),
)


def offline_provider(config: ProviderConfig = OFFLINE) -> ProviderConfig:
    """Give the provider's client its discovery document, as if already fetched."""
    client = providers.client_for(config)
    client.server_metadata.update(
        {
            "issuer": config.issuer,
            "authorization_endpoint": f"{config.issuer}/auth",
            "token_endpoint": f"{config.issuer}/token",
            "jwks_uri": f"{config.issuer}/jwks",
            "end_session_endpoint": f"{config.issuer}/session/end",
            "_loaded_at": time.time(),
        }
    )
    return config
