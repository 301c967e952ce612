"""generate_reports: queue or render every report of a round, with a summary."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command

from reports.models import Report, ReportKind, ReportStatus
from reports.services import report_render


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def in_process(settings):
    """The embedded default: no broker, so each report renders as it is queued.

    The command runs in autocommit, where ``on_commit`` runs its callback at once; the test's
    surrounding transaction would otherwise hold the callbacks back until it ends.
    """
    settings.CELERY_TASK_ALWAYS_EAGER = True

    def render_now(report_id):
        report_render(report_id=report_id, task_id=f"eager-{report_id}")

    with (
        mock.patch("reports.services._enqueue", side_effect=render_now),
        mock.patch("reports.pdf.render_report_pdf", return_value=b"%PDF-1.7 x"),
        mock.patch("django.db.transaction.on_commit", side_effect=lambda func, **kw: func()),
    ):
        yield


def test_it_renders_every_report_of_the_round_and_says_where(world, in_process, media):
    out = StringIO()
    call_command("generate_reports", "--round", "spring", stdout=out, stderr=StringIO())
    output = out.getvalue()
    assert Report.objects.filter(status=ReportStatus.READY).count() == 3
    for report in Report.objects.all():
        assert str(media / report.file.name) in output
    assert "3 ready, 0 failed" in output


def test_it_can_render_one_areas_report(world, in_process):
    out = StringIO()
    call_command(
        "generate_reports", "--round", "spring", "--area", "area-b", stdout=out, stderr=StringIO()
    )
    report = Report.objects.get()
    assert report.kind == ReportKind.AREA and report.area_round == world.area_round_b
    assert "1 ready, 0 failed" in out.getvalue()


def test_with_a_broker_it_queues_and_says_so(world, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    out = StringIO()
    with mock.patch("reports.tasks.render_report.delay"):
        call_command("generate_reports", "--round", "spring", stdout=out, stderr=StringIO())
    assert Report.objects.filter(status=ReportStatus.QUEUED).count() == 3
    assert "3 still queued" in out.getvalue()


def test_unknown_rounds_and_areas_are_refused(world):
    with pytest.raises(CommandError, match="No round"):
        call_command("generate_reports", "--round", "nope", stderr=StringIO())
    with pytest.raises(CommandError, match="not taking part"):
        call_command(
            "generate_reports", "--round", "spring", "--area", "nowhere", stderr=StringIO()
        )
