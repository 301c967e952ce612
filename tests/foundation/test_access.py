import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from partnerships.access import (
    access_for,
    area_for_coordinator,
    area_for_viewer,
    can_see_progress,
    can_see_results,
    require_admin,
    require_programme_view,
    require_respondent,
)


def test_roles_are_read_once_per_user(world, django_assert_num_queries):
    user = world.coordinator_a
    with django_assert_num_queries(1):
        access_for(user)
        access_for(user)
    assert access_for(user).coordinates(world.area_a)
    assert not access_for(user).coordinates(world.area_b)


def test_coordinators_act_only_for_their_own_area(world):
    assert area_for_coordinator(world.coordinator_a, "area-a") == world.area_a
    with pytest.raises(Http404):
        area_for_coordinator(world.coordinator_b, "area-a")
    with pytest.raises(PermissionDenied):
        area_for_coordinator(world.respondent_a, "area-a")
    with pytest.raises(PermissionDenied):
        area_for_coordinator(world.sponsor, "area-a")
    assert area_for_coordinator(world.admin, "area-a") == world.area_a


def test_only_sponsors_and_admins_see_the_programme(world):
    require_programme_view(world.sponsor)
    require_programme_view(world.admin)
    for person in (world.coordinator_a, world.respondent_a, world.outsider):
        with pytest.raises(PermissionDenied):
            require_programme_view(person)


def test_outsiders_and_other_areas_cannot_see_an_area(world):
    for person in (world.outsider, world.coordinator_b, world.respondent_b):
        with pytest.raises(Http404):
            area_for_viewer(person, "area-a")
    assert area_for_viewer(world.respondent_a, "area-a") == world.area_a


def test_nobody_but_administrators_sees_results_before_publication(world):
    area_round = world.area_round_a
    for person in (world.respondent_a, world.coordinator_a, world.sponsor, world.outsider):
        assert not can_see_results(person, area_round)
    assert can_see_results(world.admin, area_round)
    # Counts by sector meanwhile: the area's coordinators and the sponsors.
    assert can_see_progress(world.coordinator_a, area_round)
    assert can_see_progress(world.sponsor, area_round)
    for person in (world.respondent_a, world.coordinator_b, world.outsider):
        assert not can_see_progress(person, area_round)
    area_round.results_published_at = timezone.now()
    for person in (world.respondent_a, world.coordinator_a, world.sponsor, world.admin):
        assert can_see_results(person, area_round)
    for person in (world.respondent_b, world.coordinator_b, world.outsider):
        assert not can_see_results(person, area_round)


def test_a_deactivated_user_has_no_roles(world):
    world.coordinator_a.is_active = False
    assert not access_for(world.coordinator_a).coordinates(world.area_a)


def test_only_administrators_pass_the_admin_rule_and_outsiders_learn_nothing(world):
    require_admin(world.admin, world.area_a)
    for person in (world.coordinator_a, world.respondent_a, world.sponsor):
        with pytest.raises(PermissionDenied):
            require_admin(person, world.area_a)
    for person in (world.outsider, world.coordinator_b):
        with pytest.raises(Http404):
            require_admin(person, world.area_a)


def test_sponsors_may_look_but_not_answer_for_an_area(world):
    require_respondent(world.respondent_a, world.area_a)
    require_respondent(world.coordinator_a, world.area_a)
    with pytest.raises(PermissionDenied):
        require_respondent(world.sponsor, world.area_a)
    with pytest.raises(Http404):
        require_respondent(world.respondent_b, world.area_a)
