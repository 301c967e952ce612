"""Signing in: the first step (an email address, or a username), and the password form."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from common.text_limits import TextLimitsMixin

# The longest address email allows (RFC 5321); usernames (150) fit too.
EMAIL_MAX_LENGTH = 254


class EmailFirstForm(TextLimitsMixin, forms.Form):
    """Who is signing in: an address on a single sign-on domain goes to that council's
    provider; anything else (another address, a username) to the password form."""

    email = forms.CharField(
        label=_("Email address"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("If you were given a username instead, enter your username."),
        error_messages={"required": _("Enter your email address or username")},
    )
    text_limit_names = {"email": _("Email address")}

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip()


class SignInForm(TextLimitsMixin, AuthenticationForm):
    """Django's sign-in form with the portal's text limits: an over-long username is refused
    by name rather than failing as a wrong password."""
