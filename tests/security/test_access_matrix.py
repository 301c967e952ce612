"""The access matrix: every URL pattern of the project, requested by every kind of person,
against area A's objects, with the expected outcome written down (OWASP ASVS 5.0, ch. 8).

A URL pattern without a row fails ``test_every_url_pattern_has_a_row`` by name. Each
request runs inside a savepoint that is rolled back, so a POST by one person never changes
what the next one sees.

Outcomes:
- ``OK``: the view let the person through — 2xx, a redirect that is not to sign-in, or a
  400/409/410 answer to the (deliberately empty) form;
- ``LOGIN``: a redirect to a sign-in page;
- ``DENY``: 403 or 404.
A 5xx is always unexpected. Every body is also searched for other people's draft answers
and for comments of groups below the minimum size, and every response must carry a
Content-Security-Policy with a nonce.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.admin.sites import site as admin_site
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from assessments.invitees import invitee_session_data
from tests.security.conftest import (
    DRAFT_MARKERS,
    SHOWN_GROUP_COMMENT,
    SMALL_GROUP_MARKER,
    VALID_TOKEN,
)
from tests.signin.offline import OFFLINE, offline_provider

OK, LOGIN, DENY = "ok", "login", "deny"


@pytest.fixture(autouse=True)
def _a_single_sign_on_provider(settings):
    """One single sign-on provider, whose discovery document is given (tests.signin.offline):
    its pages are checked, and no request leaves the test."""
    settings.OIDC_PROVIDERS = (offline_provider(),)


ACTORS = (
    "anonymous",
    "invitee",
    "respondent_a",
    "respondent_b",
    "coordinator_a",
    "coordinator_b",
    "sponsor",
    "admin",
)


def rule(anonymous, respondent_a, respondent_b, coord_a, coord_b, sponsor, admin, *, invitee=None):
    """Expected outcomes, in the order of ``ACTORS``. The session invitee is a signed-out
    visitor (``anonymous``) unless ``invitee`` says otherwise: only their own round's
    assessment pages and the invitation link do (``test_an_invitee_is_signed_out_elsewhere``).
    """
    invitee = anonymous if invitee is None else invitee
    values = (anonymous, invitee, respondent_a, respondent_b, coord_a, coord_b, sponsor, admin)
    return dict(zip(ACTORS, values, strict=True))


# The access rules of partnerships.access, as outcomes per person.
PUBLIC = rule(OK, OK, OK, OK, OK, OK, OK)
SIGNED_IN = rule(LOGIN, OK, OK, OK, OK, OK, OK)
# area_for_viewer: anyone with a role in area A, sponsors and administrators.
AREA_VIEWER = rule(LOGIN, OK, DENY, OK, DENY, OK, OK)
# area_for_coordinator: area A's coordinators and administrators.
AREA_COORDINATOR = rule(LOGIN, DENY, DENY, OK, DENY, DENY, OK)
# Answering for area A's open round (answerer_for): its respondents and coordinators, and
# the session invitee invited to exactly this round; nobody else.
AREA_RESPONDENT = rule(LOGIN, OK, DENY, OK, DENY, DENY, DENY, invitee=OK)
# Answering for another round of area A, or for area B's round: the invitee is signed out.
OTHER_ROUND_A_RESPONDENT = rule(LOGIN, OK, DENY, OK, DENY, DENY, DENY)
ROUND_B_RESPONDENT = rule(LOGIN, DENY, OK, DENY, OK, DENY, DENY)
# A round not yet published: its figures for administrators only; the dashboard page
# shows its coordinators and the sponsors counts by sector (and respondents 403).
FIGURES_UNPUBLISHED = rule(LOGIN, DENY, DENY, DENY, DENY, DENY, OK)
PROGRESS = rule(LOGIN, DENY, DENY, OK, DENY, OK, OK)
# Results published: everyone with a role in the area too.
RESULTS_PUBLISHED = AREA_VIEWER
# Asking for a report of published results: coordinators, sponsors and administrators.
REPORT_REQUESTER = PROGRESS
PROGRAMME = rule(LOGIN, DENY, DENY, DENY, DENY, OK, OK)
SPONSOR_OF_AREA = rule(LOGIN, DENY, DENY, DENY, DENY, OK, OK)
ADMIN_ONLY_IN_AREA = rule(LOGIN, DENY, DENY, DENY, DENY, DENY, OK)
# Score exports of a round: anyone who may see some area's published results in it.
# Area B's round is closed but unpublished: its coordinator gets a 403 page saying when
# results appear, never area A's figures (checked below).
SCORES_EXPORT = rule(LOGIN, OK, DENY, OK, DENY, OK, OK)
API_ROOT = rule(*[DENY] * 7)
# Django admin: staff only; everyone else is sent to the admin's sign-in page.
DJANGO_ADMIN = rule(LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, LOGIN, OK)


@dataclass
class Row:
    """How to build a pattern's kwargs against area A, and what each person gets per method."""

    kwargs: Callable = field(default=lambda s: {})
    get: dict | None = None
    post: dict | None = None
    # More requests of the same pattern with other kwargs: (kwargs, method, expected).
    also: tuple = ()


def _area(s):
    return {"area": s.area_a.slug}


def _open_round(s):
    return {"area": s.area_a.slug, "round": s.round.slug}


def _published_round(s):
    return {"area": s.area_a.slug, "round": s.published_round.slug}


def _import_batch(s):
    return {**_open_round(s), "batch": s.import_batch.pk}


def _unpublished_closed_b(s):
    return {"area": s.area_b.slug, "round": s.published_round.slug}


def _shown_comment(s):
    """A comment of area A's published round that its results show."""
    from assessments.models import Comment

    comment = Comment.objects.get(
        response__area_round=s.published_a,
        text__startswith=SHOWN_GROUP_COMMENT,
        text__endswith=" 0",
    )
    return {**_published_round(s), "comment": comment.key}


ROWS: dict[str, Row] = {
    # --- site ---------------------------------------------------------------------------
    "home": Row(get=SIGNED_IN),
    "health": Row(get=PUBLIC),
    "session_keepalive": Row(post=SIGNED_IN),
    "accessibility": Row(get=PUBLIC),
    "privacy": Row(get=PUBLIC),
    # Signed-in people are sent on to their home page: still "ok".
    "login": Row(get=PUBLIC, post=PUBLIC),
    "logout": Row(post=rule(*[LOGIN] * 7)),
    # Single sign-on (signin/), with the provider of _a_single_sign_on_provider. The callback
    # without a sign-in under way answers 400 (refused) to everyone; the signed-out page
    # without a provider sign-out to offer sends to sign-in.
    "sign_in_continue": Row(post=PUBLIC),
    "sso_council": Row(kwargs=lambda s: {"provider": OFFLINE.id}, get=PUBLIC),
    "sso_callback": Row(kwargs=lambda s: {"provider": OFFLINE.id}, get=PUBLIC),
    "sso_signed_out": Row(get=rule(*[LOGIN] * 7)),
    # --- self-assessment ------------------------------------------------------------------
    # The link is the credential: whoever holds a valid link may use it (once). Someone
    # signed in, or the invitee of another invitation, is asked first (200, nothing used).
    "invitation_accept": Row(
        kwargs=lambda s: {"token": VALID_TOKEN}, get=PUBLIC, post=rule(*[OK] * 7, invitee=OK)
    ),
    "assessment_start": Row(
        kwargs=_open_round,
        get=AREA_RESPONDENT,
        post=AREA_RESPONDENT,
        also=(
            (_published_round, "GET", OTHER_ROUND_A_RESPONDENT),
            (lambda s: {"area": s.area_b.slug, "round": s.round.slug}, "GET", ROUND_B_RESPONDENT),
        ),
    ),
    "assessment_page": Row(
        kwargs=lambda s: {**_open_round(s), "page": 1}, get=AREA_RESPONDENT, post=AREA_RESPONDENT
    ),
    "assessment_review": Row(kwargs=_open_round, get=AREA_RESPONDENT, post=AREA_RESPONDENT),
    "assessment_done": Row(kwargs=_open_round, get=AREA_RESPONDENT),
    "round_manage": Row(kwargs=_open_round, get=AREA_COORDINATOR),
    "round_open": Row(kwargs=_open_round, post=AREA_COORDINATOR),
    "round_close": Row(kwargs=_open_round, post=AREA_COORDINATOR),
    "round_publish": Row(kwargs=_open_round, post=AREA_COORDINATOR),
    "round_republish": Row(kwargs=_published_round, post=ADMIN_ONLY_IN_AREA),
    "round_invite": Row(kwargs=_open_round, post=AREA_COORDINATOR),
    "round_remind": Row(kwargs=_open_round, post=AREA_COORDINATOR),
    # Coordinators check and submit files; only administrators import, reject, withdraw.
    "round_import": Row(kwargs=_open_round, post=AREA_COORDINATOR),
    "import_batch_commit": Row(
        kwargs=_import_batch, get=ADMIN_ONLY_IN_AREA, post=ADMIN_ONLY_IN_AREA
    ),
    "import_batch_reject": Row(
        kwargs=_import_batch, get=ADMIN_ONLY_IN_AREA, post=ADMIN_ONLY_IN_AREA
    ),
    "import_batch_withdraw": Row(
        kwargs=_import_batch, get=ADMIN_ONLY_IN_AREA, post=ADMIN_ONLY_IN_AREA
    ),
    "invitation_resend": Row(
        kwargs=lambda s: {**_open_round(s), "invitation": s.invitation.pk},
        post=AREA_COORDINATOR,
    ),
    "responses_export": Row(kwargs=_published_round, get=ADMIN_ONLY_IN_AREA),
    "comments_export": Row(kwargs=_published_round, get=ADMIN_ONLY_IN_AREA),
    # Comment moderation: the count while open, the comments once closed.
    "round_comments": Row(
        kwargs=_published_round,
        get=AREA_COORDINATOR,
        also=((_open_round, "GET", AREA_COORDINATOR),),
    ),
    # After publication only administrators decide (area A's coordinator: 403).
    "comment_hide": Row(kwargs=_shown_comment, post=ADMIN_ONLY_IN_AREA),
    "comment_unhide": Row(kwargs=_shown_comment, post=ADMIN_ONLY_IN_AREA),
    # --- dashboards, exports and the API -------------------------------------------------
    "programme_dashboard": Row(get=PROGRAMME),
    "area_dashboard": Row(kwargs=_area, get=AREA_VIEWER),
    "area_round_dashboard": Row(
        kwargs=_published_round,
        get=RESULTS_PUBLISHED,
        also=((_open_round, "GET", PROGRESS),),
    ),
    # A round's export holds the areas whose results the person may see (404 if none).
    "scores_csv": Row(kwargs=lambda s: {"round": s.published_round.slug}, get=SCORES_EXPORT),
    "scores_xlsx": Row(kwargs=lambda s: {"round": s.published_round.slug}, get=SCORES_EXPORT),
    "api:api-root": Row(get=API_ROOT),
    "api:openapi-json": Row(get=PUBLIC),
    "api:openapi-view": Row(get=PUBLIC),
    "api:api_areas": Row(get=SIGNED_IN),
    "api:api_area_round_scores": Row(
        kwargs=_published_round,
        get=RESULTS_PUBLISHED,
        also=((_open_round, "GET", FIGURES_UNPUBLISHED),),
    ),
    "api:api_area_round_progress": Row(
        kwargs=_open_round, get=PROGRESS, also=((_published_round, "GET", PROGRESS),)
    ),
    # --- PDF reports ------------------------------------------------------------------------
    "report_status": Row(
        kwargs=_published_round,
        get=RESULTS_PUBLISHED,
        also=((_open_round, "GET", FIGURES_UNPUBLISHED),),
    ),
    "report_request": Row(kwargs=_published_round, post=REPORT_REQUESTER),
    "report_download": Row(kwargs=_published_round, get=RESULTS_PUBLISHED),
    "programme_report_status": Row(
        kwargs=lambda s: {"round": s.published_round.slug}, get=PROGRAMME
    ),
    "programme_report_request": Row(
        kwargs=lambda s: {"round": s.published_round.slug}, post=PROGRAMME
    ),
    "programme_report_download": Row(
        kwargs=lambda s: {"round": s.published_round.slug}, get=PROGRAMME
    ),
    # --- area profile -----------------------------------------------------------------------
    "area_profile": Row(kwargs=_area, get=AREA_VIEWER),
    "area_timeline": Row(kwargs=_area, get=AREA_VIEWER),
    "timeline_event_add": Row(kwargs=_area, get=AREA_COORDINATOR, post=AREA_COORDINATOR),
    "timeline_event_edit": Row(
        kwargs=lambda s: {**_area(s), "pk": s.history_event.pk},
        get=AREA_COORDINATOR,
        post=AREA_COORDINATOR,
    ),
    "timeline_event_delete": Row(
        kwargs=lambda s: {**_area(s), "pk": s.history_event.pk},
        get=AREA_COORDINATOR,
        post=AREA_COORDINATOR,
    ),
    "area_agreement": Row(kwargs=_area, get=AREA_VIEWER),
    "agreement_edit": Row(kwargs=_area, get=AREA_COORDINATOR, post=AREA_COORDINATOR),
    # Signing is for a sector's coordinator: administrators have no sector to sign for.
    "agreement_sign": Row(kwargs=_area, post=rule(LOGIN, DENY, DENY, OK, DENY, DENY, DENY)),
    "agreement_versions": Row(kwargs=_area, get=AREA_VIEWER),
    "agreement_version": Row(
        kwargs=lambda s: {**_area(s), "number": s.agreement.number}, get=AREA_VIEWER
    ),
    "development_action_add": Row(kwargs=_area, get=AREA_COORDINATOR, post=AREA_COORDINATOR),
    "development_action_edit": Row(
        kwargs=lambda s: {**_area(s), "pk": s.development_action.pk},
        get=AREA_COORDINATOR,
        post=AREA_COORDINATOR,
    ),
    "development_action_delete": Row(
        kwargs=lambda s: {**_area(s), "pk": s.development_action.pk},
        get=AREA_COORDINATOR,
        post=AREA_COORDINATOR,
    ),
    "area_funding": Row(kwargs=_area, get=AREA_VIEWER),
    "funding_edit": Row(
        kwargs=lambda s: {**_area(s), "round": s.round.slug},
        get=AREA_COORDINATOR,
        post=AREA_COORDINATOR,
    ),
    "area_action_plan": Row(kwargs=_area, get=AREA_VIEWER),
    "plan_action_add": Row(kwargs=_area, get=AREA_COORDINATOR, post=AREA_COORDINATOR),
    "plan_action_edit": Row(
        kwargs=lambda s: {**_area(s), "pk": s.plan_action.pk},
        get=AREA_COORDINATOR,
        post=AREA_COORDINATOR,
    ),
    "plan_action_delete": Row(
        kwargs=lambda s: {**_area(s), "pk": s.plan_action.pk},
        get=AREA_COORDINATOR,
        post=AREA_COORDINATOR,
    ),
    # Everyone who may see the area reads the recognitions; only sponsors recognise.
    "area_recognition": Row(kwargs=_area, get=AREA_VIEWER, post=SPONSOR_OF_AREA),
    "recognition_withdraw": Row(
        kwargs=lambda s: {**_area(s), "pk": s.recognition.pk}, post=SPONSOR_OF_AREA
    ),
}

# The Django admin is one group, checked through representative pages.
ADMIN_GROUP = "admin:*"
ADMIN_PAGES = (
    "admin:index",
    "admin:partnerships_councilarea_changelist",
    "admin:assessments_invitation_changelist",
)


# --- enumerating the resolver ---------------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # "name" or "namespace:name"; the route where a pattern has no name
    route: str
    callback: object


def project_patterns() -> list[Pattern]:
    """Every URL pattern, walking included resolvers; the admin counts as one group."""
    found = []

    def walk(patterns, prefix: str, namespace: str | None):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                if entry.app_name == "admin":
                    found.append(Pattern(ADMIN_GROUP, route, None))
                    continue
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry.url_patterns, route, inner)
            elif isinstance(entry, URLPattern):
                if entry.name:
                    key = f"{namespace}:{entry.name}" if namespace else entry.name
                else:
                    key = route
                found.append(Pattern(key, route, entry.callback))

    walk(get_resolver().url_patterns, "", None)
    return found


# --- requesting -------------------------------------------------------------------------------


def _user_for(scene, actor):
    if actor in ("anonymous", "invitee"):
        return None  # the invitee is never signed in: their session holds the invitation
    return getattr(scene, actor)


def _outcome(response) -> str:
    status = response.status_code
    if status == 401:
        return LOGIN  # the API's answer to a signed-out caller
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        if location.startswith((reverse("login"), reverse("admin:login"))):
            return LOGIN
        return OK
    if 200 <= status < 300 or status in (400, 409, 410):
        return OK
    if status in (403, 404):
        return DENY
    return f"status {status}"


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _leaks(body: str, actor: str) -> list[str]:
    leaks = [
        f"{owner}'s draft answer"
        for owner, marker in DRAFT_MARKERS.items()
        if owner != actor and marker in body
    ]
    if SMALL_GROUP_MARKER in body:
        leaks.append("a comment of a group below the minimum size")
    return leaks


class Clients:
    """One signed-in client per person (the invitee: a session holding their invitation).
    Each request runs in a savepoint that is rolled back, and the session cookie is put back
    afterwards (a request may sign someone in or out, which the rollback undoes on the
    server)."""

    def __init__(self, scene):
        self.scene = scene
        self._clients = {}

    def get(self, actor: str) -> Client:
        if actor not in self._clients:
            client = Client(raise_request_exception=False)
            user = _user_for(self.scene, actor)
            if user is not None:
                client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            if actor == "invitee":
                # What pressing Continue on the link stored (views.invitation_accept_view).
                session = client.session
                session.update(invitee_session_data(self.scene.invitee_invitation))
                session.save()
            self._clients[actor] = (client, dict(client.cookies.items()))
        client, cookies = self._clients[actor]
        client.cookies.clear()
        for name, morsel in cookies.items():
            client.cookies[name] = morsel.value
        return client


def request_as(scene, actor: str, method: str, path: str, clients: Clients | None = None):
    """One request by one person, rolled back afterwards. Returns (outcome, leaks)."""
    client = (clients or Clients(scene)).get(actor)
    with transaction.atomic():
        response = client.get(path) if method == "GET" else client.post(path, {})
        outcome, leaks = _outcome(response), _leaks(_body(response), actor)
        if "'nonce-" not in response.headers.get("Content-Security-Policy", ""):
            leaks.append("a response without a Content-Security-Policy nonce")
        transaction.set_rollback(True)
    return outcome, leaks


def run_matrix(scene) -> tuple[int, list[str]]:
    requests, unexpected = 0, []
    plan = []
    for pattern in project_patterns():
        if pattern.key == ADMIN_GROUP:
            for name in ADMIN_PAGES:
                plan.append((name, reverse(name), "GET", DJANGO_ADMIN))
            continue
        row = ROWS.get(pattern.key)
        if row is None:
            continue  # reported by test_every_url_pattern_has_a_row
        path = reverse(pattern.key, kwargs=row.kwargs(scene))
        for method, expected in (("GET", row.get), ("POST", row.post)):
            if expected is not None:
                plan.append((pattern.key, path, method, expected))
        for kwargs, method, expected in row.also:
            plan.append(
                (pattern.key, reverse(pattern.key, kwargs=kwargs(scene)), method, expected)
            )
    clients = Clients(scene)
    for key, path, method, expected in plan:
        for actor in ACTORS:
            outcome, leaks = request_as(scene, actor, method, path, clients)
            requests += 1
            if outcome != expected[actor]:
                unexpected.append(
                    f"{method} {key} as {actor}: expected {expected[actor]}, got {outcome}"
                )
            for leak in leaks:
                unexpected.append(f"{method} {key} as {actor}: shows {leak}")
    return requests, unexpected


# --- the tests ----------------------------------------------------------------------------------


def test_every_url_pattern_has_a_row():
    patterns = project_patterns()
    missing = [f"{p.key} ({p.route})" for p in patterns if p.key not in ROWS | {ADMIN_GROUP: 1}]
    assert not missing, (
        "URL patterns without a row in the access matrix (tests/security/test_access_matrix.py"
        " ROWS): " + ", ".join(missing)
    )
    stale = sorted(set(ROWS) - {p.key for p in patterns})
    assert not stale, "Rows for URL patterns that no longer exist: " + ", ".join(stale)


def test_every_row_says_what_each_person_gets():
    for key, row in ROWS.items():
        assert row.get or row.post, f"{key}: no method checked"
        for expected in (row.get, row.post):
            if expected is not None:
                assert set(expected) == set(ACTORS), key


def test_the_admin_group_is_registered():
    assert admin_site._registry, "the admin site has no models"


# The only rows where the session invitee is not a signed-out visitor.
INVITEE_ROWS = {
    "invitation_accept",
    "assessment_start",
    "assessment_page",
    "assessment_review",
    "assessment_done",
}


def test_an_invitee_is_signed_out_elsewhere():
    """Outside their own round's assessment pages (and the link), the table gives the
    session invitee exactly a signed-out visitor's outcome."""
    differs = []
    for key, row in ROWS.items():
        expectations = [row.get, row.post, *(expected for _k, _m, expected in row.also)]
        for expected in filter(None, expectations):
            if expected["invitee"] != expected["anonymous"] and key not in INVITEE_ROWS:
                differs.append(key)
    assert not differs, differs
    assert {key for key in INVITEE_ROWS if ROWS[key].get["invitee"] == OK} == INVITEE_ROWS


def test_an_invitee_gets_exactly_what_a_signed_out_visitor_gets_outside_their_round(scene):
    """Status and redirect target, request by request, for every page the invitee has no
    business on (the matrix's outcomes are coarser)."""
    clients = Clients(scene)
    for pattern in project_patterns():
        row = ROWS.get(pattern.key)
        if row is None or pattern.key in INVITEE_ROWS:
            continue
        path = reverse(pattern.key, kwargs=row.kwargs(scene))
        for method in [m for m, expected in (("GET", row.get), ("POST", row.post)) if expected]:
            answers = []
            for actor in ("anonymous", "invitee"):
                client = clients.get(actor)
                with transaction.atomic():
                    response = client.get(path) if method == "GET" else client.post(path, {})
                    answers.append((response.status_code, response.headers.get("Location")))
                    transaction.set_rollback(True)
            assert answers[0] == answers[1], f"{method} {pattern.key}: {answers}"


def test_the_access_matrix_holds(scene, capsys):
    requests, unexpected = run_matrix(scene)
    with capsys.disabled():
        print(f"\naccess matrix: {requests} requests, {len(unexpected)} unexpected")
    assert requests > 0
    assert not unexpected, "\n".join(unexpected)


def test_each_url_pattern_reaches_its_own_view(scene):
    """No route shadows another: reverse each name with sample kwargs, resolve it back."""
    wrong = []
    for pattern in project_patterns():
        if pattern.key == ADMIN_GROUP or pattern.key not in ROWS:
            continue
        path = reverse(pattern.key, kwargs=ROWS[pattern.key].kwargs(scene))
        match = resolve(path)
        if match.func is not pattern.callback or match.view_name != pattern.key:
            wrong.append(f"{pattern.key}: {path} reaches {match.view_name}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("actor", ["respondent_b", "coordinator_b"])
def test_area_b_people_are_refused_area_a_records(scene, actor):
    """Responses, drafts, comments, exports, reports and profile edits of area A."""
    refused = [
        ("GET", "assessment_page", {**_open_round(scene), "page": 1}),
        ("POST", "assessment_review", _open_round(scene)),
        ("GET", "responses_export", _published_round(scene)),
        ("GET", "report_status", _published_round(scene)),
        ("GET", "report_download", _published_round(scene)),
        ("POST", "report_request", _published_round(scene)),
        ("POST", "agreement_edit", _area(scene)),
        ("POST", "plan_action_edit", {**_area(scene), "pk": scene.plan_action.pk}),
        ("POST", "timeline_event_edit", {**_area(scene), "pk": scene.history_event.pk}),
        ("GET", "round_manage", _open_round(scene)),
        ("GET", "import_batch_commit", _import_batch(scene)),
        ("POST", "import_batch_commit", _import_batch(scene)),
        ("GET", "round_comments", _published_round(scene)),
        ("POST", "comment_hide", _shown_comment(scene)),
        ("POST", "comment_unhide", _shown_comment(scene)),
        ("GET", "comments_export", _published_round(scene)),
    ]
    for method, name, kwargs in refused:
        outcome, leaks = request_as(scene, actor, method, reverse(name, kwargs=kwargs))
        assert outcome == DENY, f"{method} {name}"
        assert not leaks


def test_area_b_coordinator_exports_nothing_of_area_a(scene):
    client = Clients(scene).get("coordinator_b")
    for name in ("scores_csv", "scores_xlsx"):
        response = client.get(reverse(name, kwargs={"round": scene.published_round.slug}))
        # Area B's own round is closed but unpublished: nothing to export yet.
        assert response.status_code == 403
        body = response.content.decode()
        assert "Results appear when the round closes and is published." in body
        assert scene.area_a.slug not in body and scene.area_a.name not in body
    api = client.get(reverse("api:api_areas")).json()
    assert [area["slug"] for area in api] == [scene.area_b.slug]
