"""Imported responses: a file uploaded on the round's page (checked, submitted for an
administrator, or imported at once by one), and an administrator's acts on a round's
import batches: import (commit), reject, withdraw.

Each act is a page that says what will happen and asks for confirmation (and a reason, for
rejecting and withdrawing); the page's form posts back to it. Only administrators reach
these.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from assessments import selectors
from assessments.forms import ImportAction, ImportBatchDecisionForm, ImportForm
from assessments.services.imports import (
    ImportBatchAct,
    ImportRejected,
    import_batch_commit,
    import_batch_refusal,
    import_batch_reject,
    import_batch_submit,
    import_batch_withdraw,
    import_file_check,
    import_file_commit,
)
from assessments.views.common import back_to_round, coordinated_round, form_errors_add
from assessments.views.coordinator import manage_page
from partnerships.access import require_admin


def _rows(rows: int) -> str:
    return ngettext("%(n)s row", "%(n)s rows", rows) % {"n": rows}


def _file_handled(request, area_round, *, action: str, upload) -> str:
    """Check, submit or (administrators) import an uploaded file; what happened, in words.
    Raises ``ImportRejected`` with every problem when the file is refused."""
    data = upload.read()
    if action == ImportAction.CHECK:
        check = import_file_check(area_round=area_round, data=data)
        return _("“%(file)s” has no problems: %(rows)s. Nothing has been stored.") % {
            "file": upload.name,
            "rows": check,
        }
    if action == ImportAction.SUBMIT:
        batch = import_batch_submit(
            area_round=area_round, file_name=upload.name, data=data, by=request.user
        )
        return _("“%(file)s” (%(rows)s) is waiting for an administrator to import it.") % {
            "file": batch.file_name,
            "rows": _rows(batch.rows),
        }
    batch = import_file_commit(
        area_round=area_round, file_name=upload.name, data=data, by=request.user
    )
    return _("Imported “%(file)s” (%(rows)s) as batch %(batch)s.") % {
        "file": batch.file_name,
        "rows": _rows(batch.rows),
        "batch": batch.pk,
    }


@login_required
@require_POST
def round_import(request, area: str, round: str):
    """Check an uploaded file, submit it for an administrator to import, or (administrators
    only) import it at once; every problem is listed by line and nothing is stored then."""
    area_round = coordinated_round(request, area, round)
    if request.POST.get("action") == ImportAction.COMMIT:
        # Before the file is even read: only an administrator writes imported responses.
        require_admin(request.user, area_round.area)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return manage_page(request, area_round, status=400, import_form=form)
    try:
        message = _file_handled(
            request,
            area_round,
            action=form.cleaned_data["action"],
            upload=form.cleaned_data["file"],
        )
    except ImportRejected as error:
        return manage_page(
            request, area_round, status=400, import_form=form, import_problems=error.problems
        )
    messages.success(request, message)
    return back_to_round(area_round)


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


def _act_done(request, form, act: _Act, batch) -> tuple[bool, list]:
    """Do the act with the confirmed form: whether it was done, and the file's problems if
    it was refused for them (other refusals go on the form)."""
    try:
        act.service(batch=batch, by=request.user, **form.cleaned_data)
    except ImportRejected as error:
        return False, error.problems
    except ValidationError as error:
        form_errors_add(form, error)
        return False, []
    return True, []


def _confirm_page(request, area_round, batch, act: _Act, form, problems: list):
    """What the act will do, and whether it may: refused outright, or (importing) the file
    checked again against the round as it is now."""
    refusal = import_batch_refusal(batch=batch, act=act.act, area_round=area_round)
    check = None
    if act.act == ImportBatchAct.COMMIT and refusal is None and not problems:
        try:
            check = import_file_check(area_round=area_round, data=bytes(batch.content))
        except ImportRejected as error:
            problems = error.problems
    context = {
        "area_round": area_round,
        "batch": batch,
        "act": act,
        "form": form,
        "refusal": refusal,
        "problems": problems,
        "check": check,
    }
    status = 400 if form.is_bound else 200
    return render(request, "assessments/import_batch_confirm.html", context, status=status)


def _batch_act(request, area: str, round: str, batch: int, act: _Act):
    """Show the confirmation page (GET), or do the act (POST) and go back to the round."""
    area_round = selectors.area_round_get_by_slug(area_slug=area, round_slug=round)
    require_admin(request.user, area_round.area)
    batch = selectors.import_batch_get(area_round=area_round, pk=batch)
    data = request.POST if request.method == "POST" else None
    form = ImportBatchDecisionForm(data, needs_reason=act.needs_reason)
    problems = []
    if form.is_bound and form.is_valid():
        done, problems = _act_done(request, form, act, batch)
        if done:
            messages.success(request, act.done % {"batch": batch.pk})
            return redirect("round_manage", area=area, round=round)
    return _confirm_page(request, area_round, batch, act, form, problems)


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
