"""Query budgets: count the SQL statements a request issues (transaction control left out,
so SQLite and PostgreSQL agree), with on-commit work (score refreshes) run and counted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.measure import statements


@pytest.fixture
def count_statements(django_capture_on_commit_callbacks):
    """``count_statements(call)`` → (call's result, the SQL it issued, as a list)."""

    def count(call):
        with (
            CaptureQueriesContext(connection) as captured,
            django_capture_on_commit_callbacks(execute=True),
        ):
            result = call()
            if getattr(result, "streaming", False):
                b"".join(result.streaming_content)
        return result, statements(captured.captured_queries)

    return count
