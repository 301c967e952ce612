"""The two shapes every profile section's pages share: a form page (bind, validate, call one
service, re-render with the refusal) and a confirm-delete page."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from partnerships.access import (
    area_for_coordinator,
    area_for_viewer,
    can_edit_profile,
    can_recognise,
)

# An edit refused because someone else changed the row first.
CONFLICT = 409


def area_page(area_for, *methods: str):
    """A profile page: ``methods`` only (405 otherwise, even signed out), signed in, and the
    URL's ``area`` slug turned into the area by ``area_for`` (a ``partnerships.access``
    helper that returns it or raises 404/403) before the view runs."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, area: str, **kwargs):
            return view(request, area_for(request.user, area), **kwargs)

        return require_http_methods(list(methods))(login_required(wrapped))

    return decorate


# Reading a section: anyone who may look at the area.
viewer_page = area_page(area_for_viewer, "GET")
# A section's form: the area's coordinators (and administrators).
coordinator_page = area_page(area_for_coordinator, "GET", "POST")


def section_context(request, area) -> dict:
    """What every profile page shows about the person's rights in the area."""
    return {
        "area": area,
        "can_edit": can_edit_profile(request.user, area),
        "can_recognise": can_recognise(request.user),
    }


def posted(request):
    """Form data for a POST (even an empty one, so it is validated), else None."""
    return request.POST if request.method == "POST" else None


def lock_version_of(value) -> int:
    """The ``lock_version`` an editor saw, as posted. A missing or malformed one is -1,
    which no row has, so the service refuses the change as a conflict."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def refusal_status(form, error: ValidationError) -> int:
    """Put a service's refusal on the form and return the page's status: 409 for a
    conflict (someone else changed the row), 400 for anything else."""
    form.add_error(None, error)
    return CONFLICT if getattr(error, "code", None) == "conflict" else 400


def form_page(
    request,
    *,
    area,
    form,
    template: str,
    save: Callable[[dict], object],
    success: str | Callable[[object], str],
    done: str | Callable[[object], str],
    context: dict | Callable[[], dict] | None = None,
):
    """A section's form page. GET shows ``form``; a POST that validates calls ``save`` with
    the cleaned data (one service call), then says ``success`` and redirects to ``done``
    (either may depend on what ``save`` returned). An invalid form answers 400, a refusal
    of the service 400 or 409 (``refusal_status``), with the form again. ``context`` adds
    to the page; a callable is read only when the page is shown."""
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                saved = save(form.cleaned_data)
            except ValidationError as error:
                status = refusal_status(form, error)
            else:
                messages.success(request, success(saved) if callable(success) else success)
                return redirect(done(saved) if callable(done) else done)
    extra = context() if callable(context) else (context or {})
    page = {**section_context(request, area), "form": form, **extra}
    return render(request, template, page, status=status)


def confirm_delete(request, *, area, thing, delete: Callable[[int], None], success, back: str):
    """Asks before ``thing`` goes (GET); on POST calls ``delete`` with the posted
    ``lock_version`` and goes ``back``. Refused (someone changed it first), the page is
    shown again with the reason, 409."""
    error = None
    if request.method == "POST":
        try:
            delete(lock_version_of(request.POST.get("lock_version")))
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(request, success)
            return redirect(back)
    page = {
        **section_context(request, area),
        "thing": thing,
        "lock_version": thing.lock_version,
        "error": error,
        "back": back,
    }
    return render(request, "profiles/confirm_delete.html", page, status=CONFLICT if error else 200)


def fields(data: dict, names) -> dict:
    """The named fields of a form's cleaned data, to pass to a service."""
    return {name: data[name] for name in names}
