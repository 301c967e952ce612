"""Emails about the self-assessment. Each is a subject/text/html trio in templates/emails/."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string


def render_plain_text(template_name: str, context: dict) -> str:
    """Render a template that is not HTML (a subject, a plain-text body) without HTML
    escaping, so "Brighton & Hove" stays as written instead of "Brighton &amp; Hove"."""
    template = get_template(template_name).template
    return template.render(Context(context, autoescape=False))


def send_templated_email(*, template: str, to: str, context: dict) -> None:
    """Render ``emails/<template>_subject.txt``, ``_body.txt`` and ``_body.html`` and send.

    Only the HTML part is escaped; the subject and the text part are plain text.
    """
    context = {**context, "site_url": settings.SITE_URL, "support_email": settings.SUPPORT_EMAIL}
    subject = " ".join(render_plain_text(f"emails/{template}_subject.txt", context).split())
    text = render_plain_text(f"emails/{template}_body.txt", context)
    html = render_to_string(f"emails/{template}_body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
