"""Signing in with an email address first, then a council's OpenID provider or the
password form; signing out, with the provider's own sign-out offered."""

import functools
import logging

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.security_log import client_address
from signin import flows, providers
from signin.forms import EmailFirstForm, SignInForm
from signin.refusals import RefusalReason, SignInRefused
from signin.services import provider_sign_in

security_log = logging.getLogger("pip_portal.security")

# A provider sign-in is not a password check: the session records the model backend.
BACKEND = "django.contrib.auth.backends.ModelBackend"


class PasswordSignInView(auth_views.LoginView):
    """Django's sign-in page with the portal's form; a refused sign-in answers 400."""

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SignInView(PasswordSignInView):
    """The sign-in page. While any provider is configured it asks for an email address
    first (``sign_in_continue``); otherwise, and for every POST, it is the password form
    exactly as before (``pip_portal.views.SignInView``, django-axes included)."""

    def get(self, request, *args, **kwargs):
        if not providers.configured():
            return super().get(request, *args, **kwargs)
        return self.email_first_response(EmailFirstForm(), status=200)

    def email_first_response(self, form, *, status: int):
        context = {"form": form, "next": self.get_redirect_url()}
        return render(self.request, "signin/email_first.html", context, status=status)


class SignInContinueView(SignInView):
    """The email address given: to its council's provider, or to the password form with
    the address (or username) filled in. A bad entry answers 400 with the form."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = EmailFirstForm(request.POST)
        if not form.is_valid():
            return self.email_first_response(form, status=400)
        email = form.cleaned_data["email"]
        provider = providers.provider_for_email(email)
        if provider is not None:
            url = reverse("sso_council", kwargs={"provider": provider.id})
            next_url = self.get_redirect_url()
            return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)
        password_form = self.get_form_class()(request, initial={"username": email})
        return self.render_to_response(self.get_context_data(form=password_form))


sign_in = SignInView.as_view()
sign_in_continue = SignInContinueView.as_view()


def _refused(request, provider, reason: RefusalReason):
    security_log.warning(
        "single sign-on refused reason=%s provider=%s address=%s",
        reason.value,
        provider.id,
        client_address(request),
    )
    context = {"provider": provider, "reason": reason}
    return render(request, "signin/refused.html", context, status=reason.status)


@never_cache
@require_GET
def council_sign_in(request, provider):
    """ "Sign in with your council account": a link to the provider, with a fresh state."""
    provider = providers.provider_or_404(provider)
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    next_url = flows.safe_next(request, request.GET.get("next"))
    try:
        authorization_url = flows.sign_in_begin(request, provider, next_url=next_url)
    except SignInRefused as refusal:
        return _refused(request, provider, refusal.reason)
    context = {"provider": provider, "authorization_url": authorization_url}
    return render(request, "signin/council.html", context)


def _locked_out(request, person) -> bool:
    """Whether django-axes has locked this account at this address (as for passwords)."""
    if not settings.AXES_ENABLED:
        return False
    return not AxesProxyHandler.is_allowed(request, {"username": person.get_username()})


@never_cache
@require_GET
def callback(request, provider):
    """The provider sends the person back here: verify, match, sign in, go on."""
    provider = providers.provider_or_404(provider)
    try:
        completed = flows.sign_in_complete(request, provider)
        person = provider_sign_in(
            provider=provider,
            claims=completed.claims,
            is_locked_out=functools.partial(_locked_out, request),
        )
    except SignInRefused as refusal:
        return _refused(request, provider, refusal.reason)
    next_url = flows.next_url_pop(request)
    auth_login(request, person, backend=BACKEND)
    flows.signed_in_with_keep(request, provider, completed.id_token)
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


class SignOutView(auth_views.LogoutView):
    """Django's sign-out; someone who came through a provider is then shown the page
    offering the provider's own sign-out."""

    def post(self, request, *args, **kwargs):
        held = flows.signed_in_with(request)
        response = super().post(request, *args, **kwargs)
        if held is None:
            return response
        flows.sign_out_offer_keep(request, held)
        return redirect("sso_signed_out")


sign_out = SignOutView.as_view()


@never_cache
@require_GET
def signed_out(request):
    """After signing out: the offer of the provider's own sign-out, if there is one."""
    offer = None if request.user.is_authenticated else flows.sign_out_offer(request)
    if offer is None:
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "signin/signed_out.html", {"offer": offer})
