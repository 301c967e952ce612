"""Settings for the test suite (pytest's ``DJANGO_SETTINGS_MODULE``).

The portal's settings in their test mode (``PIP_TESTING``): a development key, no HTTPS
redirect, a fast password hasher, an in-process cache, a SQLite test database file per
process, and the development apps. Processes a test starts itself (a Celery worker, a
server) are given ``PIP_TESTING=1`` with the portal's settings.
"""

import os

os.environ["PIP_TESTING"] = "1"

from pip_portal.settings import *  # noqa: F403
