from django.urls import reverse


def test_home_lists_a_coordinators_area_and_its_round_pages(client, world):
    client.force_login(world.coordinator_a)
    page = client.get(reverse("home")).content.decode()
    assert "Area A" in page and "Area B" not in page
    assert reverse("round_manage", kwargs={"area": "area-a", "round": "spring"}) in page
    assert reverse("area_round_dashboard", kwargs={"area": "area-a", "round": "spring"}) in page


def test_home_offers_a_respondent_the_health_check_but_not_unpublished_results(client, world):
    client.force_login(world.respondent_a)
    page = client.get(reverse("home")).content.decode()
    assert reverse("assessment_start", kwargs={"area": "area-a", "round": "spring"}) in page
    assert reverse("round_manage", kwargs={"area": "area-a", "round": "spring"}) not in page
    results = reverse("area_round_dashboard", kwargs={"area": "area-a", "round": "spring"})
    assert f'href="{results}"' not in page


def test_home_takes_the_same_number_of_queries_for_more_areas(
    client, world, django_assert_max_num_queries
):
    from partnerships.models import Membership, Role
    from tests.factories import AreaRoundFactory, CouncilAreaFactory

    client.force_login(world.coordinator_a)
    with django_assert_max_num_queries(12) as before:
        client.get(reverse("home"))
    for _ in range(5):
        area = CouncilAreaFactory()
        AreaRoundFactory(area=area, round=world.round)
        Membership.objects.create(user=world.coordinator_a, role=Role.COORDINATOR, area=area)
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(reverse("home"))


def test_home_asks_anonymous_visitors_to_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
