"""Publishing freezes an area round's figures; only an administrator's re-publication, with
its reason on record, changes them (services.rounds, scoring's refresh, the round page)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from assessments.models import AreaRound, AreaRoundStatus, Publication
from assessments.scoring import area_round_result, scores_mark_changed
from assessments.services.rounds import (
    ScoreChangeReason,
    area_round_close,
    area_round_open,
    area_round_publish,
    area_round_republish,
)
from assessments.tasks import refresh_stale_scores
from partnerships.models import Sector
from tests.factories import publish_results, submitted_response


def _respond(area_round, n, value, sector=Sector.COUNCIL):
    for _ in range(n):
        submitted_response(area_round=area_round, sector=sector, default=value)


def _history(area_round):
    return area_round_result(area_round=area_round).dimension("history").score


# Everyone answering 4: 75 on positive statements, 25 on reverse-worded ones; history has
# more of the former.
HISTORY_AT_4 = pytest.approx(60.714, abs=1e-3)


@pytest.fixture
def published(world, django_capture_on_commit_callbacks):
    _respond(world.area_round_a, 3, 4)
    area_round_close(area_round=world.area_round_a)
    with django_capture_on_commit_callbacks(execute=True):
        area_round_publish(area_round=world.area_round_a, by=world.coordinator_a)
    world.area_round_a.refresh_from_db()
    return world.area_round_a


def test_publishing_computes_the_figures_and_records_who_published(world, published):
    assert published.is_published
    assert _history(published) == HISTORY_AT_4
    [publication] = Publication.objects.filter(area_round=published)
    assert (publication.number, publication.published_by, publication.reason) == (
        1,
        world.coordinator_a,
        "",
    )
    assert publication.data_version == published.data_version == published.scores_version


def test_published_figures_do_not_change_when_answers_do(
    world, published, django_capture_on_commit_callbacks
):
    """A correction after publication (an erasure, a late paper form) waits for an
    administrator: before and after one change would otherwise reveal it."""
    _respond(published, 3, 1)
    with django_capture_on_commit_callbacks(execute=True):
        scores_mark_changed(area_round=published, reason=ScoreChangeReason.CHANGED)
    published.refresh_from_db()
    assert _history(published) == HISTORY_AT_4
    assert published.scores_version < published.data_version
    # Nor does the sweeper for stale figures, nor the repair command.
    assert refresh_stale_scores.apply().get() == 0
    out = io.StringIO()
    call_command("refresh_scores", stdout=out)
    assert "Left 1 published area round(s) as published" in out.getvalue()
    assert _history(published) == HISTORY_AT_4


def test_a_settings_change_waits_for_republication(
    world, published, django_capture_on_commit_callbacks
):
    framework = world.round.framework
    framework.min_group_size = 4
    with django_capture_on_commit_callbacks(execute=True):
        framework.save()
    assert _history(published) == HISTORY_AT_4


def test_an_administrator_republishes_with_a_reason(
    world, published, django_capture_on_commit_callbacks
):
    _respond(published, 3, 2)
    with django_capture_on_commit_callbacks(execute=True):
        publication = area_round_republish(
            area_round=published, by=world.admin, reason="Three paper forms arrived late."
        )
    assert _history(published) == pytest.approx(50.0)
    assert (publication.number, publication.reason, publication.published_by) == (
        2,
        "Three paper forms arrived late.",
        world.admin,
    )
    assert publication.is_correction


@pytest.mark.parametrize("reason", ["", "   "])
def test_republication_needs_a_reason(world, published, reason):
    with pytest.raises(ValidationError) as error:
        area_round_republish(area_round=published, by=world.admin, reason=reason)
    assert "reason" in error.value.message_dict
    assert Publication.objects.filter(area_round=published).count() == 1


def test_an_over_long_reason_is_refused_not_cut(world, published):
    with pytest.raises(ValidationError) as error:
        area_round_republish(area_round=published, by=world.admin, reason="x" * 1001)
    assert "1,000 characters or fewer; you entered 1,001" in error.value.message_dict["reason"][0]


def test_unpublished_results_cannot_be_republished(world):
    with pytest.raises(ValidationError):
        area_round_republish(area_round=world.area_round_a, by=world.admin, reason="Because")


def test_a_published_round_cannot_be_opened_again(world, published):
    with pytest.raises(ValidationError):
        area_round_open(area_round=published, opens=published.opens, closes=published.closes)
    published.refresh_from_db()
    assert published.status == AreaRoundStatus.CLOSED


def _republish_url(area_round):
    return reverse(
        "round_republish", kwargs={"area": area_round.area.slug, "round": area_round.round.slug}
    )


def test_coordinators_cannot_republish(client, world, published):
    client.force_login(world.coordinator_a)
    response = client.post(_republish_url(published), {"reason": "Better figures"})
    assert response.status_code == 403
    assert Publication.objects.filter(area_round=published).count() == 1


def test_the_history_shows_on_the_round_page_and_the_dashboard(
    client, world, published, django_capture_on_commit_callbacks
):
    client.force_login(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_republish_url(published), {"reason": "A respondent withdrew."})
    assert response.status_code == 302
    manage = client.get(
        reverse("round_manage", kwargs={"area": "area-a", "round": world.round.slug})
    ).content.decode()
    assert "First published on" in manage
    assert "Published again on" in manage and "A respondent withdrew." in manage
    client.force_login(world.respondent_a)
    dashboard = client.get(
        reverse("area_round_dashboard", kwargs={"area": "area-a", "round": world.round.slug})
    ).content.decode()
    assert "Corrected results published on" in dashboard
    assert "A respondent withdrew." in dashboard


def test_a_republication_form_without_a_reason_answers_400_naming_the_field(
    client, world, published
):
    client.force_login(world.admin)
    response = client.post(_republish_url(published), {"reason": ""})
    assert response.status_code == 400
    assert "Enter the reason for publishing the results again" in response.content.decode()


def test_publishing_twice_keeps_one_first_publication(world):
    area_round = publish_results(world.area_round_a)
    area_round_publish(area_round=area_round)
    assert AreaRound.objects.get(pk=area_round.pk).publications.count() == 1
