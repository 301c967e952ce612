"""Bad input, fuzzed with hypothesis through the real views: the assessment page, the CSV
import, the profile forms and the API. No 500s; every refusal says why; a refused write
changes no rows. Oversized uploads and comments are refused.

The API is also fuzzed from its OpenAPI description by schemathesis, in
``test_api_schemathesis.py``; here with hypothesis over its two parameterised paths.
"""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from assessments.models import COMMENT_MAX_LENGTH, Answer, Comment, Response
from profiles.models import HistoryEvent, PlanAction

FUZZ = hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
junk_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=300,
)
junk_value = st.one_of(
    junk_text,
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["", "0", "6", "-1", "3.5", "dont-know", "1e9", "<script>", "' OR 1=1--"]),
)


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Response, Answer, Comment, HistoryEvent, PlanAction))


def _signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _explains_itself(response) -> bool:
    body = response.content.decode("utf-8", "replace")
    return "error" in body.lower() or "problem" in body.lower()


@pytest.fixture
def started(scene):
    """respondent_a's draft exists (the scene); the page URL of the first dimension."""
    return reverse(
        "assessment_page", kwargs={"area": "area-a", "round": scene.round.slug, "page": 1}
    )


def test_the_assessment_page_never_fails_on_junk(scene, started):
    client = _signed_in(scene.respondent_a)

    @FUZZ
    @given(
        data=st.dictionaries(
            st.sampled_from(["statement-1", "statement-2", "statement-3", "comment", "action"]),
            junk_value,
            max_size=5,
        )
    )
    def post(data):
        response = client.post(started, data)
        assert response.status_code < 500, data
        if response.status_code == 400:
            assert _explains_itself(response), data

    post()


def test_an_oversized_comment_is_refused_and_nothing_is_saved(scene, started):
    client = _signed_in(scene.respondent_a)
    before = _counts()
    comment_before = list(Comment.objects.values_list("pk", "text"))
    response = client.post(started, {"comment": "x" * (COMMENT_MAX_LENGTH + 1), "action": "save"})
    # The page is shown again with the reason.
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    assert str(COMMENT_MAX_LENGTH) in response.content.decode()
    assert _counts() == before
    assert list(Comment.objects.values_list("pk", "text")) == comment_before


def test_the_csv_import_refuses_junk_with_reasons_and_writes_nothing(scene):
    client = _signed_in(scene.coordinator_a)
    url = reverse("round_import", kwargs={"area": "area-a", "round": scene.round.slug})

    @FUZZ
    @given(
        body=st.one_of(
            st.binary(max_size=400),
            st.lists(st.lists(junk_value, max_size=6), max_size=6)
            .map(
                lambda rows: "\n".join(
                    ",".join(r) for r in [["respondent", "sector", "HIS1"], *rows]
                )
            )
            .map(str.encode),
        )
    )
    def upload(body):
        before = _counts()
        response = client.post(url, {"file": SimpleUploadedFile("in.csv", body, "text/csv")})
        assert response.status_code < 500
        if response.status_code == 400:
            assert _counts() == before
            assert _explains_itself(response)

    upload()


def test_an_oversized_upload_is_refused(scene, settings):
    settings.IMPORT_MAX_BYTES = 1000
    client = _signed_in(scene.coordinator_a)
    url = reverse("round_import", kwargs={"area": "area-a", "round": scene.round.slug})
    before = _counts()
    response = client.post(url, {"file": SimpleUploadedFile("big.csv", b"x" * 5000, "text/csv")})
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert _counts() == before


def test_a_request_body_above_the_limit_is_refused_without_a_500(scene):
    client = _signed_in(scene.coordinator_a)
    url = reverse("timeline_event_add", kwargs={"area": "area-a"})
    big = "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
    response = client.post(url, {"description": big})
    assert response.status_code == 400
    assert HistoryEvent.objects.count() == 1


def test_the_profile_forms_refuse_junk_with_reasons(scene):
    client = _signed_in(scene.coordinator_a)
    urls = [
        reverse("timeline_event_add", kwargs={"area": "area-a"}),
        reverse("plan_action_add", kwargs={"area": "area-a"}),
        reverse("plan_action_edit", kwargs={"area": "area-a", "pk": scene.plan_action.pk}),
    ]
    fields = [
        "date",
        "kind",
        "sectors",
        "effect",
        "description",
        "title",
        "owner_name",
        "sector",
        "due_date",
        "status",
        "dimension_key",
        "round",
        "lock_version",
    ]

    @FUZZ
    @given(
        index=st.integers(0, len(urls) - 1),
        data=st.dictionaries(st.sampled_from(fields), junk_value, min_size=1),
    )
    def post(index, data):
        before = _counts()
        response = client.post(urls[index], data)
        assert response.status_code < 500, (urls[index], data)
        if response.status_code in (400, 409):
            assert _counts() == before
            assert _explains_itself(response)

    post()


def test_the_api_answers_junk_paths_without_a_500(scene):
    client = _signed_in(scene.sponsor)
    slug = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=60)

    @FUZZ
    @given(area=st.one_of(slug, st.just("area-a")), round_=st.one_of(slug, st.just("spring")))
    def get(area, round_):
        response = client.get(f"/api/v1/areas/{area}/rounds/{round_}/scores/")
        assert response.status_code in (200, 403, 404), (area, round_)
        assert response["Content-Type"].startswith("application/json")

    get()
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200 and "paths" in schema.json()


def test_an_empty_post_to_a_profile_form_explains_itself(scene):
    client = _signed_in(scene.coordinator_a)
    response = client.post(reverse("timeline_event_add", kwargs={"area": "area-a"}), {})
    assert response.status_code == 400
    assert _explains_itself(response)


def test_a_csv_with_a_bare_carriage_return_is_refused_not_a_500(scene):
    client = _signed_in(scene.coordinator_a)
    url = reverse("round_import", kwargs={"area": "area-a", "round": scene.round.slug})
    before = _counts()
    response = client.post(url, {"file": SimpleUploadedFile("in.csv", b"\r\x00", "text/csv")})
    assert response.status_code == 400
    assert _counts() == before
