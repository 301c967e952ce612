"""Who may do what: the one place roles are checked.

Views call these helpers; each returns the object the person may act on or raises
``Http404`` (for people with no business knowing the object exists) or
``PermissionDenied`` (for people who can see it but not do this).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from partnerships.models import CouncilArea, Membership, Role, Sector

_CACHE_ATTR = "_pip_access"

# The sectors whose named lead signs a pre-partnership agreement.
SIGNING_SECTORS = (Sector.COUNCIL, Sector.VCS)


@dataclass(frozen=True)
class Access:
    """A person's roles, loaded once per request."""

    is_admin: bool
    is_sponsor: bool
    coordinator_area_ids: frozenset[int]
    respondent_area_ids: frozenset[int]

    @property
    def sees_programme(self) -> bool:
        return self.is_admin or self.is_sponsor

    def coordinates(self, area) -> bool:
        return area.pk in self.coordinator_area_ids

    def responds_in(self, area) -> bool:
        return area.pk in self.respondent_area_ids

    def belongs_to(self, area) -> bool:
        return self.coordinates(area) or self.responds_in(area)

    @property
    def area_ids(self) -> frozenset[int]:
        return self.coordinator_area_ids | self.respondent_area_ids


NO_ACCESS = Access(False, False, frozenset(), frozenset())


def access_for(user) -> Access:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_ACCESS
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    coordinator, respondent, sponsor = set(), set(), False
    for role, area_id in Membership.objects.filter(user=user).values_list("role", "area_id"):
        if role == Role.SPONSOR:
            sponsor = True
        elif role == Role.COORDINATOR:
            coordinator.add(area_id)
        elif role == Role.RESPONDENT:
            respondent.add(area_id)
    access = Access(
        is_admin=user.is_superuser,
        is_sponsor=sponsor,
        coordinator_area_ids=frozenset(coordinator),
        respondent_area_ids=frozenset(respondent),
    )
    setattr(user, _CACHE_ATTR, access)
    return access


def forget_access(user) -> None:
    """Drop the cached roles (after a membership changes within a request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def can_see_programme(user) -> bool:
    """The whole programme (every area's dashboard, the programme's pages): sponsors and
    administrators."""
    return access_for(user).sees_programme


def is_administrator(user) -> bool:
    """An administrator: may act for any area, at any time."""
    return access_for(user).is_admin


def require_programme_view(user) -> Access:
    """Sponsors and administrators see the whole programme."""
    access = access_for(user)
    if not access.sees_programme:
        raise PermissionDenied
    return access


def require_viewer(user, area: CouncilArea) -> None:
    """Sponsors, administrators and anyone with a role in the area may look at it."""
    access = access_for(user)
    if not (access.sees_programme or access.belongs_to(area)):
        raise Http404


def require_coordinator(user, area: CouncilArea) -> None:
    """The area's coordinators (administrators may act for any area)."""
    access = access_for(user)
    if access.is_admin or access.coordinates(area):
        return
    require_viewer(user, area)
    raise PermissionDenied


def require_respondent(user, area: CouncilArea) -> None:
    """The area's respondents and coordinators may answer for it."""
    require_viewer(user, area)
    if not access_for(user).belongs_to(area):
        raise PermissionDenied


def answerer_for(user, area_round, *, invitee=None):
    """The account that answers for ``area_round`` on its respondent pages.

    A signed-in person answers as themselves where they may answer for the area
    (``require_respondent``: its respondents and coordinators; others who may see the area
    get 403, outsiders 404). Otherwise the session's invitee (``assessments.invitees``)
    answers as its invitation's identity, for exactly that invitation's area round. None
    when neither: the visitor is treated as signed out.
    """
    if getattr(user, "is_authenticated", False):
        require_respondent(user, area_round.area)
        return user
    if invitee is not None and invitee.area_round_id == area_round.pk:
        return invitee.user
    return None


def require_admin(user, area: CouncilArea) -> None:
    """Administrators only; the area's own people and sponsors get 403, outsiders 404."""
    require_viewer(user, area)
    if not access_for(user).is_admin:
        raise PermissionDenied


def require_administrator(user) -> None:
    """Administrators only, in any area: for acts no area role allows. Services that do
    such acts call it too (writing imported responses: a coordinator who could import
    could plant responses whose answers they know)."""
    if not access_for(user).is_admin:
        raise PermissionDenied


def area_for_viewer(user, slug: str) -> CouncilArea:
    """An area the person may look at: sponsor, admin, or any role in that area."""
    area = get_object_or_404(CouncilArea, slug=slug)
    require_viewer(user, area)
    return area


def area_for_coordinator(user, slug: str) -> CouncilArea:
    """An area the person coordinates (administrators may act for any area)."""
    area = get_object_or_404(CouncilArea, slug=slug)
    require_coordinator(user, area)
    return area


def area_for_sponsor(user, slug: str) -> CouncilArea:
    """An area the person looks at as a sponsor or administrator (recognising innovation);
    the area's own people get 403, outsiders 404."""
    area = area_for_viewer(user, slug)
    if not access_for(user).sees_programme:
        raise PermissionDenied
    return area


def signing_sector_for(user, area: CouncilArea) -> str | None:
    """The sector a person may sign the area's pre-partnership agreement for: that of their
    coordinator role in the area, if it is a signing sector; else None."""
    sector = (
        Membership.objects.filter(user=user, area=area, role=Role.COORDINATOR)
        .values_list("sector", flat=True)
        .first()
    )
    return sector if sector in SIGNING_SECTORS else None


def area_for_respondent(user, slug: str) -> CouncilArea:
    """An area the person may answer for: a respondent or coordinator there.

    Others who may see the area (sponsors, administrators) get 403; outsiders 404.
    """
    area = get_object_or_404(CouncilArea, slug=slug)
    require_respondent(user, area)
    return area


def can_edit_profile(user, area: CouncilArea) -> bool:
    """Changing the area's profile (timeline, agreement, funding, action plan): its
    coordinators and administrators (``area_for_coordinator`` enforces it)."""
    access = access_for(user)
    return access.is_admin or access.coordinates(area)


def can_recognise(user) -> bool:
    """Recognising an area's practice as innovation worth sharing: sponsors and
    administrators (``area_for_sponsor`` enforces it)."""
    return access_for(user).sees_programme


def can_see_results(user, area_round) -> bool:
    """Figures (scores, comments, strengths, reports) of an area round: administrators at
    any time; sponsors and the area's own people once its results are published. Until
    then coordinators and sponsors see counts by sector only (``can_see_progress``)."""
    access = access_for(user)
    if access.is_admin:
        return True
    if not area_round.is_published:
        return False
    return access.sees_programme or access.belongs_to(area_round.area)


def can_see_progress(user, area_round) -> bool:
    """Counts by sector (invited, started, submitted) of a round not yet published: the
    sponsors, administrators and the area's coordinators."""
    access = access_for(user)
    return access.sees_programme or access.coordinates(area_round.area)


def can_request_report(user, area_round) -> bool:
    """Asking for an area round's PDF report to be prepared (again): the sponsors,
    administrators and the area's coordinators, among those who may see its results."""
    access = access_for(user)
    return access.sees_programme or access.coordinates(area_round.area)


def require_results_view(user, area_round) -> None:
    if can_see_results(user, area_round):
        return
    if access_for(user).belongs_to(area_round.area) or access_for(user).sees_programme:
        raise PermissionDenied
    raise Http404


def can_decide_comments(user, area_round) -> bool:
    """Hiding a comment of an area round, or undoing that: the area's coordinators until its
    results are published; administrators at any time (a change after publication is a
    correction, and corrections are theirs)."""
    access = access_for(user)
    if access.is_admin:
        return True
    return access.coordinates(area_round.area) and not area_round.is_published


def require_comment_decider(user, area_round) -> None:
    """As ``can_decide_comments``; the area's other people and sponsors get 403, outsiders
    404, and so does a coordinator once the results are published (403)."""
    require_coordinator(user, area_round.area)
    if not can_decide_comments(user, area_round):
        raise PermissionDenied
