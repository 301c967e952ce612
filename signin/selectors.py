"""Reads other apps ask of single sign-on."""

from signin.models import ProviderAccount


def signs_in_with_provider(user) -> bool:
    """Whether the account has signed in through an OpenID provider: it then signs in by
    itself, like an account with a password, and no invitation link answers as it."""
    if user.pk is None:
        return False
    return ProviderAccount.objects.filter(user_id=user.pk).exists()


def provider_user_ids():
    """The ids of accounts that have signed in through a provider (for a subquery)."""
    return ProviderAccount.objects.values("user_id")


def provider_accounts_export(user) -> list[dict]:
    """What the portal holds of one person's provider accounts, JSON-ready."""
    return [
        {
            "issuer": account.issuer,
            "subject": account.subject,
            "first_signed_in": account.created_at.isoformat(),
            "last_signed_in": account.last_signed_in_at.isoformat(),
        }
        for account in ProviderAccount.objects.filter(user=user).order_by("created_at")
    ]
