"""Emails about the self-assessment. Each is a subject/text/html trio in templates/emails/."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated_email(*, template: str, to: str, context: dict) -> None:
    """Render ``emails/<template>_subject.txt``, ``_body.txt`` and ``_body.html`` and send."""
    context = {**context, "site_url": settings.SITE_URL, "support_email": settings.SUPPORT_EMAIL}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    text = render_to_string(f"emails/{template}_body.txt", context)
    html = render_to_string(f"emails/{template}_body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
