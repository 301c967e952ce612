"""Recognition: practice sponsors recognise as innovation worth sharing."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.selectors import round_list
from partnerships.access import area_for_sponsor, area_for_viewer, can_recognise
from profiles import selectors, services
from profiles.forms import RecognitionForm
from profiles.models import Recognition
from profiles.views.pages import area_page, fields, form_page, posted


def _recognition_url(area) -> str:
    return reverse("area_recognition", kwargs={"area": area.slug})


@area_page(area_for_viewer, "GET", "POST")
def recognition(request, area):
    """The area's recognitions, for everyone who may see the area; the form to add one for
    sponsors and administrators."""
    may_recognise = can_recognise(request.user)
    if request.method == "POST" and not may_recognise:
        raise PermissionDenied
    form = (
        RecognitionForm(posted(request), rounds=round_list(area=area)) if may_recognise else None
    )
    return form_page(
        request,
        area=area,
        form=form,
        template="profiles/recognition.html",
        context=lambda: {"recognitions": selectors.recognition_list(area=area)},
        save=lambda data: services.recognition_create(
            area=area, user=request.user, **fields(data, ["title", "note", "round"])
        ),
        success=_("The practice was recognised as worth sharing."),
        done=_recognition_url(area),
    )


@area_page(area_for_sponsor, "POST")
def recognition_withdraw(request, area, pk):
    recognition = get_object_or_404(Recognition, pk=pk, area=area)
    services.recognition_withdraw(recognition=recognition)
    messages.success(request, _("The recognition was withdrawn."))
    return redirect(_recognition_url(area))
