"""Reads other apps ask of single sign-on."""

from signin.models import ProviderAccount


def signs_in_with_provider(user) -> bool:
    """Whether the account has signed in through an OpenID provider: it then signs in by
    itself, like an account with a password, and no invitation link answers as it."""
    if user.pk is None:
        return False
    return ProviderAccount.objects.filter(user_id=user.pk).exists()
