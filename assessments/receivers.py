"""Keeps an area round's ``updated_at`` in step with the people counted in its response rate;
ends a session invitee when someone signs in.

The dashboards' cache keys (``reports.selectors.programme_figures_version``) read area
rounds, not their thousands of invitations and responses. A response rate changes when a
response is submitted (that bumps ``data_version``), and when an invitation or a response
is added or removed: those touch the area round here, whatever made the change (a
service, the admin, erasing a person, the retention task). ``invitations_create`` adds
invitations with ``bulk_create``, which sends no signals, and touches the area round itself.
"""

from assessments.invitees import invitee_session_end
from assessments.services.rounds import area_round_touch


def touch_on_create(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created and not raw:
        area_round_touch(area_round_id=instance.area_round_id)


def touch_on_delete(sender, instance, **kwargs) -> None:
    area_round_touch(area_round_id=instance.area_round_id)


def end_invitee_on_sign_in(sender, request, user, **kwargs) -> None:
    # Signing in keeps the session's data (only its key changes): a signed-in person
    # answers as themselves, so an invitation held before must not outlive the sign-in.
    session = getattr(request, "session", None)
    if session is not None:
        invitee_session_end(session)
