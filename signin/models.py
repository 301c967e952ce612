"""A person's account at an OpenID provider, linked to the portal account it signs in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProviderAccount(models.Model):
    """An issuer's subject (``sub``) that signs in one portal account.

    Written at the first sign-in through the provider and checked at every later one: the
    same address arriving with another subject (a mailbox given to someone new) is refused.
    A person with one signs in by themselves, so an invitation link never answers as them
    (``signin.selectors.signs_in_with_provider``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_accounts"
    )
    issuer = models.CharField(_("issuer"), max_length=300)
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(_("first signed in"), auto_now_add=True)
    last_signed_in_at = models.DateTimeField(_("last signed in"))

    class Meta:
        verbose_name = _("provider account")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject"], name="provider_account_unique_subject"
            ),
            models.UniqueConstraint(
                fields=["user", "issuer"], name="provider_account_one_per_issuer"
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.issuer}"
