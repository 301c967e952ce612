"""The history timeline: events that shaped the area's cross-sector relationships."""

from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from profiles import selectors, services
from profiles.forms import HistoryEventForm
from profiles.models import HistoryEvent
from profiles.views.pages import (
    confirm_delete,
    coordinator_page,
    fields,
    form_page,
    lock_version_of,
    posted,
    section_context,
    viewer_page,
)

EVENT_FIELDS = ["date", "kind", "sectors", "effect", "description"]
TEMPLATE = "profiles/timeline_event_form.html"


def _timeline_url(area) -> str:
    return reverse("area_timeline", kwargs={"area": area.slug})


@viewer_page
def timeline(request, area):
    events = selectors.history_event_list(area=area)
    context = {**section_context(request, area), "events": events}
    return render(request, "profiles/timeline.html", context)


@coordinator_page
def timeline_event_add(request, area):
    return form_page(
        request,
        area=area,
        form=HistoryEventForm(posted(request), new=True),
        template=TEMPLATE,
        context={"event": None},
        save=lambda data: services.history_event_create(
            area=area, user=request.user, **fields(data, EVENT_FIELDS)
        ),
        success=_("The event was added to the timeline."),
        done=_timeline_url(area),
    )


@coordinator_page
def timeline_event_edit(request, area, pk):
    event = get_object_or_404(HistoryEvent, pk=pk, area=area)
    initial = {**model_to_dict(event, fields=EVENT_FIELDS), "lock_version": event.lock_version}
    return form_page(
        request,
        area=area,
        form=HistoryEventForm(posted(request), initial=initial),
        template=TEMPLATE,
        context={"event": event},
        save=lambda data: services.history_event_update(
            event=event,
            lock_version=lock_version_of(data["lock_version"]),
            **fields(data, EVENT_FIELDS),
        ),
        success=_("The event was changed."),
        done=_timeline_url(area),
    )


@coordinator_page
def timeline_event_delete(request, area, pk):
    event = get_object_or_404(HistoryEvent, pk=pk, area=area)
    return confirm_delete(
        request,
        area=area,
        thing=event,
        delete=lambda lock_version: services.history_event_delete(
            event=event, lock_version=lock_version
        ),
        success=_("The event was removed from the timeline."),
        back=_timeline_url(area),
    )
