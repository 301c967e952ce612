"""The profile's overview page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from partnerships.access import area_for_viewer
from profiles import selectors
from profiles.views.pages import section_context


@require_GET
@login_required
def profile(request, area):
    area = area_for_viewer(request.user, area)
    summary = selectors.profile_summary_get(area=area)
    context = {**section_context(request, area), "summary": summary}
    return render(request, "profiles/profile.html", context)
