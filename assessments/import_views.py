"""An administrator's acts on a round's import batches: import (commit), reject, withdraw.

Each is a page that says what will happen and asks for confirmation (and a reason, for
rejecting and withdrawing); the page's form posts back to it. Coordinators upload and
submit files on the round's page (``views.round_import``); only administrators reach these.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from assessments import selectors
from assessments.forms import ImportBatchDecisionForm
from assessments.services.imports import (
    ImportBatchAct,
    ImportRejected,
    import_batch_commit,
    import_batch_refusal,
    import_batch_reject,
    import_batch_withdraw,
    import_file_check,
)
from assessments.views import _add_service_errors
from partnerships.access import require_admin


@dataclass(frozen=True)
class _Act:
    act: ImportBatchAct
    service: Callable
    needs_reason: bool
    destructive: bool
    title: Promise
    explanation: Promise
    button: Promise
    done: Promise


ACTS = {
    ImportBatchAct.COMMIT: _Act(
        act=ImportBatchAct.COMMIT,
        service=import_batch_commit,
        needs_reason=False,
        destructive=False,
        title=gettext_lazy("Import this batch"),
        explanation=gettext_lazy(
            "The file is checked again against the round as it is now. If every row is "
            "still good, each becomes a submitted response and the round's figures are "
            "refreshed; otherwise nothing is imported and the problems are listed."
        ),
        button=gettext_lazy("Import the batch"),
        done=gettext_lazy("Imported batch %(batch)s. The round's figures are being refreshed."),
    ),
    ImportBatchAct.REJECT: _Act(
        act=ImportBatchAct.REJECT,
        service=import_batch_reject,
        needs_reason=True,
        destructive=True,
        title=gettext_lazy("Reject this batch"),
        explanation=gettext_lazy(
            "Nothing is imported. The batch and its file are kept, marked rejected, with "
            "your reason, which the area's coordinators see."
        ),
        button=gettext_lazy("Reject the batch"),
        done=gettext_lazy("Rejected batch %(batch)s."),
    ),
    ImportBatchAct.WITHDRAW: _Act(
        act=ImportBatchAct.WITHDRAW,
        service=import_batch_withdraw,
        needs_reason=True,
        destructive=True,
        title=gettext_lazy("Withdraw this batch"),
        explanation=gettext_lazy(
            "Every response this batch imported is deleted with its answers, and the "
            "round's figures are refreshed. The batch and its file are kept, marked "
            "withdrawn, with your reason. This cannot be undone."
        ),
        button=gettext_lazy("Withdraw the batch and delete its responses"),
        done=gettext_lazy(
            "Withdrew batch %(batch)s: its responses are deleted and the round's figures are "
            "being refreshed."
        ),
    ),
}


def _batch_act(request, area: str, round: str, batch: int, act: _Act):
    """Show the confirmation page (GET), or do the act (POST) and go back to the round."""
    area_round = selectors.area_round_for(area_slug=area, round_slug=round)
    require_admin(request.user, area_round.area)
    batch_obj = selectors.import_batch_get(area_round=area_round, pk=batch)
    form = ImportBatchDecisionForm(
        request.POST if request.method == "POST" else None, needs_reason=act.needs_reason
    )
    problems = []
    if form.is_bound and form.is_valid():
        try:
            act.service(batch=batch_obj, by=request.user, **form.cleaned_data)
        except ImportRejected as error:
            problems = error.problems
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            messages.success(request, act.done % {"batch": batch_obj.pk})
            return redirect("round_manage", area=area, round=round)
    refusal = import_batch_refusal(batch=batch_obj, act=act.act, area_round=area_round)
    check = None
    if act.act == ImportBatchAct.COMMIT and refusal is None and not problems:
        try:
            check = import_file_check(area_round=area_round, data=bytes(batch_obj.content))
        except ImportRejected as error:
            problems = error.problems
    return render(
        request,
        "assessments/import_batch_confirm.html",
        {
            "area_round": area_round,
            "batch": batch_obj,
            "act": act,
            "form": form,
            "refusal": refusal,
            "problems": problems,
            "check": check,
        },
        status=400 if form.is_bound else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def batch_commit(request, area: str, round: str, batch: int):
    return _batch_act(request, area, round, batch, ACTS[ImportBatchAct.COMMIT])


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def batch_reject(request, area: str, round: str, batch: int):
    return _batch_act(request, area, round, batch, ACTS[ImportBatchAct.REJECT])


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def batch_withdraw(request, area: str, round: str, batch: int):
    return _batch_act(request, area, round, batch, ACTS[ImportBatchAct.WITHDRAW])
