"""Invitation and reminder emails (assessments.emails): plain text stays plain text."""

from assessments.models import Invitation, Round
from assessments.services.invitations import invitation_remind, invitations_create
from partnerships.models import CouncilArea, Sector

AREA, ROUND = "Brighton & Hove", "Spring '27"


def _named(world):
    CouncilArea.objects.filter(pk=world.area_a.pk).update(name=AREA)
    Round.objects.filter(pk=world.round.pk).update(name=ROUND)
    world.area_round_a.refresh_from_db()
    return world.area_round_a


def test_subject_and_text_are_not_html_escaped_but_the_html_part_is(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    area_round = _named(world)
    with django_capture_on_commit_callbacks(execute=True):
        invitations_create(area_round=area_round, emails_text="ann@example.org", sector=Sector.VCS)
    Invitation.objects.update(last_reminded_at=None)
    assert invitation_remind(invitation_id=Invitation.objects.get().pk)
    invitation, reminder = mailoutbox
    for message in (invitation, reminder):
        html = message.alternatives[0][0]
        assert AREA in message.subject and "&amp;" not in message.subject
        assert AREA in message.body and ROUND in message.body
        assert "&amp;" not in message.body and "&#x27;" not in message.body
        assert "Brighton &amp; Hove" in html and "Spring &#x27;27" in html
        assert AREA not in html
    assert message.subject.startswith("Reminder: the health check for Brighton & Hove")
