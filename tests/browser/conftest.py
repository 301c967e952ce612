"""Shared real-browser fixtures: Debian's Chromium, and a live server over the demo data.

``seeded_live_server`` (module scope) loads ``seed_demo`` once per test module, serves it
from a live server and gives each signed-in person one browser page, reused between tests.
The data is committed (the server thread has its own database connection), so it is
flushed when the module ends and the shipped framework, loaded by a data migration, is
put back for the tests that follow.
"""

import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import pytest

# Sync Playwright runs an event loop in the test thread; the ORM calls the tests make
# around it are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 375, "height": 812}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP, "locale": "en-GB"}


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Pages checked and violations found in this run, for the summary line at the end.
AXE_TALLY = {"pages": 0, "violations": 0}


def axe_violations(page) -> list[dict]:
    """Run axe-core (shipped with axe-playwright-python, works offline) on the page
    with the WCAG 2.0/2.1/2.2 A and AA rules; return its violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    violations = results.response["violations"]
    AXE_TALLY["pages"] += 1
    AXE_TALLY["violations"] += len(violations)
    return violations


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['failureSummary']}")
    return "\n".join(lines)


def pytest_terminal_summary(terminalreporter):
    if AXE_TALLY["pages"]:
        terminalreporter.write_line(
            f"axe-core: {AXE_TALLY['pages']} pages checked, {AXE_TALLY['violations']} violations"
        )


@dataclass
class SeededSite:
    """The live server, the demo people, and one browser page per signed-in person."""

    url: str
    browser: object
    pages: dict = field(default_factory=dict)
    # Names of the templates the server rendered, to check every page template was seen.
    templates: set = field(default_factory=set)

    def page_as(self, username: str | None):
        """A page signed in as ``username`` (``None``: nobody), created once and reused."""
        if username not in self.pages:
            context = self.browser.new_context(viewport=DESKTOP, locale="en-GB")
            if username is not None:
                context.add_cookies([self.session_cookie(username)])
            self.pages[username] = context.new_page()
        return self.pages[username]

    def session_cookie(self, username: str) -> dict:
        """A fresh session for ``username``, as a cookie for the live server."""
        from django.conf import settings
        from django.contrib.auth import get_user_model
        from django.test import Client

        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        return {
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": self.url,
        }

    def fresh_page(self, username: str | None, **context_args):
        """A page in a new browser context (own cookies, viewport); the caller closes it."""
        context = self.browser.new_context(
            **{"viewport": DESKTOP, "locale": "en-GB", **context_args}
        )
        if username is not None:
            context.add_cookies([self.session_cookie(username)])
        return context.new_page()

    def close(self):
        for page in self.pages.values():
            page.context.close()
        self.pages.clear()


def _restore_migrated_data():
    """Put back the rows data migrations load, after a flush."""
    from assessments.frameworks import framework_load_content, shipped_content

    framework_load_content(content=shipped_content())


def _configured_database_name() -> str:
    from django.conf import settings

    return settings.DATABASES["default"]["NAME"]


# Read while this conftest is imported, at collection: before any test database exists.
CONFIGURED_DATABASE = _configured_database_name()


def _is_test_database(connection) -> bool:
    """Whether Django's test set-up has pointed the connection at a test database."""
    return connection.settings_dict["NAME"] != CONFIGURED_DATABASE


@pytest.fixture(scope="session")
def browser_test_database(django_db_setup, django_db_blocker):
    """The test database, even when only these tests run.

    pytest-django creates it only for tests that ask for ``db``/``transactional_db``/
    ``live_server``; a module-scoped server asks for none, and without this fixture would
    seed (and then flush) the development database.
    """
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    if _is_test_database(connection):
        yield
        return
    with django_db_blocker.unblock():
        config = setup_databases(verbosity=0, interactive=False, aliases={"default"})
    yield
    with django_db_blocker.unblock():
        try:
            teardown_databases(config, verbosity=0)
        except Exception as error:  # as pytest-django does: warn and go on
            # On PostgreSQL an idle connection left by the live server can block the DROP;
            # the next run recreates the test database anyway.
            warnings.warn(f"could not drop the test database: {error!r}", stacklevel=1)


@pytest.fixture(scope="module")
def seeded_live_server(browser_test_database, django_db_blocker, browser, tmp_path_factory):
    """A live server over the demo programme (``seed_demo``), loaded once per module.

    Seeding publishes results, which queues PDF reports; they are left queued (rendering
    them all would take a minute) and ``demo_rows`` renders one.
    """
    from django.core.management import call_command
    from django.db import connection
    from django.test.signals import template_rendered
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    from reports.tasks import render_report

    assert _is_test_database(connection), "refusing to seed a database that is not a test one"
    # Test-only routes (pages that fail, for the 400 and 500 pages) beside the real ones;
    # report files in a temporary folder.
    urls = override_settings(
        ROOT_URLCONF="tests.browser.urls", MEDIA_ROOT=str(tmp_path_factory.mktemp("media"))
    )
    urls.enable()
    unblocked = django_db_blocker.unblock()
    unblocked.__enter__()
    server = None
    site = SeededSite(url="", browser=browser)

    def seen(sender, template, **kwargs):
        site.templates.add(template.name)

    try:
        with mock.patch.object(render_report, "delay"):
            call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        server = LiveServer("localhost")
        site.url = server.url
        template_rendered.connect(seen, weak=False, dispatch_uid="browser-templates")
        yield site
    finally:
        template_rendered.disconnect(dispatch_uid="browser-templates")
        site.close()
        if server is not None:
            server.stop()
        urls.disable()
        assert _is_test_database(connection)
        call_command("flush", interactive=False, verbosity=0)
        _restore_migrated_data()
        unblocked.__exit__(None, None, None)


@pytest.fixture(scope="module")
def demo_rows(seeded_live_server):
    """One of each area-profile row and invitation links in every state (tests/browser/demo)."""
    from tests.browser.demo import demo_rows_create

    return demo_rows_create()


def screenshot(page, name: str) -> Path:
    """Write a full-page screenshot to artifacts/screenshots/ (gitignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
