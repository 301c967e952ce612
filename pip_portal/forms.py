"""The portal's own forms that belong to no app: signing in."""

from django.contrib.auth.forms import AuthenticationForm

from common.text_limits import TextLimitsMixin


class SignInForm(TextLimitsMixin, AuthenticationForm):
    """Django's sign-in form with the portal's text limits: an over-long username is refused
    by name rather than failing as a wrong password."""
