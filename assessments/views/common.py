"""What several of the self-assessment's views share."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from assessments import selectors
from partnerships.access import area_for_coordinator


def form_errors_add(form, error: ValidationError) -> None:
    """Show a service's validation error on the form, by field where the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def round_kwargs(area_round) -> dict:
    """The URL arguments naming an area round."""
    return {"area": area_round.area.slug, "round": area_round.round.slug}


def closed_page(request, area_round, status=403):
    """Answers posted to a round that is not open."""
    return render(request, "assessments/closed.html", {"area_round": area_round}, status=status)


def coordinated_round(request, area: str, round: str):
    """The area round of an area the person coordinates (administrators: any), or 404/403."""
    area = area_for_coordinator(request.user, area)
    return selectors.area_round_get(area=area, round_slug=round)


def back_to_round(area_round):
    return redirect("round_manage", **round_kwargs(area_round))
