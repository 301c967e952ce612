"""The profile's overview page."""

from django.shortcuts import render

from profiles import selectors
from profiles.views.pages import section_context, viewer_page


@viewer_page
def profile(request, area):
    summary = selectors.profile_summary_get(area=area)
    context = {**section_context(request, area), "summary": summary}
    return render(request, "profiles/profile.html", context)
