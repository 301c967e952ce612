"""Fault 2: Redis stops. Responses are still saved, report requests stay "Queued", and once
Redis is back the sweeper sends them and a worker finishes every one.

The test runs its OWN redis-server on another port (6390, or a free one) and stops only
that; the machine's Redis is never touched.
"""

import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from assessments.models import Dimension, Question, Response, ResponseStatus
from assessments.services.responses import (
    AnswerInput,
    response_save_page,
    response_start,
    response_submit,
)
from partnerships.models import Role, Sector
from reports.models import Report, ReportStatus
from reports.services import report_request, reports_sweep_stuck
from tests.factories import AreaRoundFactory, CouncilAreaFactory, MembershipFactory, UserFactory
from tests.faults.conftest import answers, free_port, report, wait_until
from tests.worker.conftest import Worker, database_url_for_worker

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RESPONSES = 30
AREAS = 3


class OwnRedis:
    def __init__(self, port: int):
        self.port = port
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: answers("127.0.0.1", self.port), within=20, what="redis-server")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        wait_until(lambda: not answers("127.0.0.1", self.port), within=20, what="redis to stop")


def _use_broker(app, url: str) -> None:
    """Point this process's Celery app at another broker (drop its pooled connections).
    Celery reads CELERY_BROKER_URL from the environment first: the caller sets that too."""
    from kombu import pools

    app.conf.broker_url = url
    pools.reset()  # kombu's registry of producer pools, keyed by connection
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def own_redis(real_services):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    redis = OwnRedis(free_port(6390))
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture
def broker_on_own_redis(own_redis, settings, tmp_path, monkeypatch):
    from pip_portal.celery import app

    saved = (app.conf.broker_url, app.conf.task_default_queue, app.conf.task_always_eager)
    queue = f"pip-portal-fault-{uuid.uuid4().hex[:10]}"
    app.conf.task_default_queue = queue
    app.conf.task_always_eager = False
    monkeypatch.setenv("CELERY_BROKER_URL", own_redis.url)
    _use_broker(app, own_redis.url)
    settings.MEDIA_ROOT = tmp_path / "media"
    yield queue
    app.conf.task_default_queue, app.conf.task_always_eager = saved[1], saved[2]
    monkeypatch.undo()
    _use_broker(app, saved[0])


def _submit_one(user, area_round, dimension, questions):
    response = response_start(user=user, area_round=area_round, sector=Sector.COUNCIL)
    response_save_page(
        response=response,
        dimension=dimension,
        answers={q.pk: AnswerInput(value=4) for q in questions},
    )
    return response_submit(response=response)


def test_with_redis_down_answers_are_kept_and_reports_finish_when_it_returns(
    world, own_redis, broker_on_own_redis, settings, tmp_path, capsys, caplog
):
    from pip_portal.celery import app

    area_rounds = [world.area_round_a] + [
        AreaRoundFactory(
            area=CouncilAreaFactory(slug=f"fault-area-{n}", gss_code=f"E0799{n:04d}"),
            round=world.round,
        )
        for n in range(AREAS - 1)
    ]
    framework = world.round.framework
    dimension = Dimension.objects.filter(framework=framework).order_by("order").first()
    questions = list(Question.objects.filter(dimension=dimension))
    people = []
    for n in range(RESPONSES):
        user = UserFactory(username=f"fault-respondent-{n}")
        area_round = area_rounds[n % AREAS]
        MembershipFactory(user=user, role=Role.RESPONDENT, area=area_round.area)
        people.append((user, area_round))

    own_redis.stop()
    caplog.clear()

    submitted = 0
    for user, area_round in people:
        _submit_one(user, area_round, dimension, questions)
        submitted += 1
    reports = [report_request(area_round=ar, requested_by=world.admin) for ar in area_rounds]
    assert caplog.text.count("could not queue report") == AREAS  # the broker really was down
    stored = Response.objects.filter(status=ResponseStatus.SUBMITTED).count()
    assert stored == submitted == RESPONSES
    assert all(Report.objects.get(pk=r.pk).status == ReportStatus.QUEUED for r in reports)
    client = Client()
    client.force_login(world.admin)  # the only one who sees an open round's report page
    page = client.get(
        reverse("report_status", kwargs={"area": "area-a", "round": world.round.slug})
    )
    assert page.status_code == 200 and "Queued" in page.content.decode()

    own_redis.start()
    # The connections pooled while Redis was down are dead: start afresh, as a new web
    # process or the beat's sweep would.
    _use_broker(app, own_redis.url)
    settings.REPORT_STUCK_AFTER_SECONDS = 0
    worker = Worker(
        queue=broker_on_own_redis,
        media_root=Path(settings.MEDIA_ROOT),
        log_path=tmp_path / "worker.log",
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "pip_portal.settings",
            "PIP_TESTING": "1",
            "DATABASE_URL": database_url_for_worker(),
            "CELERY_BROKER_URL": own_redis.url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        },
    )
    worker.start()
    try:
        caplog.clear()
        resent = reports_sweep_stuck()
        assert "could not queue" not in caplog.text
        assert sorted(resent) == sorted(r.pk for r in reports)
        wait_until(
            lambda: (
                Report.objects.filter(
                    pk__in=[r.pk for r in reports], status=ReportStatus.READY
                ).count()
                == AREAS
            ),
            within=120,
            what=f"every report to be ready; worker log:\n{worker.log()[-3000:]}",
        )
    finally:
        worker.stop()
    files = sorted(p.name for p in (Path(settings.MEDIA_ROOT) / "reports").iterdir())
    assert files == sorted(f"report-{r.pk}.pdf" for r in reports)
    report(
        capsys,
        f"redis down: {submitted} submitted, {stored} stored, {submitted - stored} lost; "
        f"{len(reports)} reports queued while down, {len(resent)} re-sent by the sweeper, "
        f"{len(files)} ready after Redis returned",
    )
