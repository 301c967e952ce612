"""The pre-partnership agreement: its versions, sign-offs and development phase."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from partnerships.access import area_for_viewer, signing_sector_for
from partnerships.models import Sector
from profiles import selectors, services
from profiles.forms import AgreementForm, DevelopmentActionForm, SignForm
from profiles.models import AgreementVersion, DevelopmentAction
from profiles.views.pages import (
    area_page,
    confirm_delete,
    coordinator_page,
    fields,
    form_page,
    lock_version_of,
    posted,
    section_context,
    viewer_page,
)

ACTION_FIELDS = ["title", "owner_name", "due_date", "done"]
ACTION_TEMPLATE = "profiles/development_action_form.html"


def _agreement_url(area) -> str:
    return reverse("area_agreement", kwargs={"area": area.slug})


def _sign_form(summary, signer_sector: str | None) -> SignForm | None:
    """The sign-off form for a coordinator whose sector has yet to sign the current version."""
    version = summary.version
    if version is None or signer_sector not in summary.awaiting_sectors:
        return None
    initial = {"number": version.number, "lock_version": version.lock_version}
    return SignForm(initial={**initial, "sector": signer_sector})


@viewer_page
def agreement(request, area):
    summary = selectors.agreement_summary_get(area=area)
    signer_sector = signing_sector_for(request.user, area)
    context = {
        **section_context(request, area),
        "summary": summary,
        "version": summary.version,
        "sign_form": _sign_form(summary, signer_sector),
        "signer_sector_label": Sector(signer_sector).label if signer_sector else "",
        "is_current": True,
    }
    return render(request, "profiles/agreement.html", context)


def _saved_message(current):
    """What saving the agreement did: a new version (a signed one was changed) or not."""

    def message(version) -> str:
        if current is not None and version.number != current.number:
            return _("Version %(number)s was created. It needs both sectors to sign it again.") % {
                "number": version.number
            }
        return _("The agreement was saved.")

    return message


def _agreement_initial(current) -> dict:
    if current is None:
        return {"number": None, "lock_version": None}
    content = model_to_dict(current, fields=AgreementVersion.CONTENT_FIELDS)
    return {**content, "number": current.number, "lock_version": current.lock_version}


@coordinator_page
def agreement_edit(request, area):
    current = selectors.agreement_summary_get(area=area).version
    form = AgreementForm(posted(request), initial=_agreement_initial(current))
    return form_page(
        request,
        area=area,
        form=form,
        template="profiles/agreement_form.html",
        context=lambda: {
            "current": current,
            "signed": current is not None and current.signatures.exists(),
        },
        save=lambda data: services.agreement_save(
            area=area,
            user=request.user,
            number=data["number"],
            lock_version=data["lock_version"],
            content=form.content(),
        ),
        success=_saved_message(current),
        done=_agreement_url(area),
    )


@viewer_page
def agreement_versions(request, area):
    versions = selectors.agreement_version_list(area=area)
    context = {**section_context(request, area), "versions": versions}
    return render(request, "profiles/agreement_versions.html", context)


@viewer_page
def agreement_version(request, area, number):
    version = selectors.agreement_version_get(area=area, number=number)
    if version is None:
        raise Http404
    summary = selectors.agreement_summary_get(area=area)
    context = {
        **section_context(request, area),
        "summary": summary,
        "version": version,
        "sign_form": None,
        "is_current": version.number == summary.number,
    }
    return render(request, "profiles/agreement.html", context)


@area_page(area_for_viewer, "POST")
def agreement_sign(request, area):
    if signing_sector_for(request.user, area) is None:
        raise PermissionDenied
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tick the box to confirm you have read this version."))
        return redirect(_agreement_url(area))
    data = form.cleaned_data
    version = get_object_or_404(AgreementVersion, area=area, number=data["number"])
    try:
        services.agreement_sign(
            version=version,
            user=request.user,
            sector=data["sector"],
            lock_version=data["lock_version"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("You signed version %(number)s.") % {"number": version.number})
    return redirect(_agreement_url(area))


def _current_number(area) -> int:
    number = selectors.agreement_summary_get(area=area).number
    if number is None:
        raise Http404
    return number


@coordinator_page
def development_action_add(request, area):
    form = DevelopmentActionForm(posted(request), initial={"number": _current_number(area)})
    return form_page(
        request,
        area=area,
        form=form,
        template=ACTION_TEMPLATE,
        context={"action": None},
        save=lambda data: services.development_action_create(
            area=area, user=request.user, number=data["number"], **fields(data, ACTION_FIELDS)
        ),
        success=_("The action was added to the development phase."),
        done=_agreement_url(area),
    )


def _development_action(area, pk) -> DevelopmentAction:
    queryset = DevelopmentAction.objects.select_related("version")
    return get_object_or_404(queryset, pk=pk, version__area=area)


@coordinator_page
def development_action_edit(request, area, pk):
    action = _development_action(area, pk)
    initial = {
        **model_to_dict(action, fields=ACTION_FIELDS),
        "number": action.version.number,
        "lock_version": action.lock_version,
    }
    return form_page(
        request,
        area=area,
        form=DevelopmentActionForm(posted(request), initial=initial),
        template=ACTION_TEMPLATE,
        context={"action": action},
        save=lambda data: services.development_action_update(
            action=action,
            user=request.user,
            lock_version=lock_version_of(data["lock_version"]),
            **fields(data, ACTION_FIELDS),
        ),
        success=_("The action was changed."),
        done=_agreement_url(area),
    )


@coordinator_page
def development_action_delete(request, area, pk):
    action = get_object_or_404(DevelopmentAction, pk=pk, version__area=area)
    return confirm_delete(
        request,
        area=area,
        thing=action,
        delete=lambda lock_version: services.development_action_delete(
            action=action, user=request.user, lock_version=lock_version
        ),
        success=_("The action was removed from the development phase."),
        back=_agreement_url(area),
    )
