"""Reads for the self-assessment pages, the coordinator's round and comments pages and the
raw exports."""

import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Aggregate, Count, Exists, OuterRef, Prefetch, Q, Subquery, TextField
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from assessments.models import (
    Answer,
    AreaRound,
    Comment,
    CommentDecision,
    Dimension,
    ImportBatch,
    Invitation,
    Publication,
    Question,
    Response,
    ResponseSource,
    ResponseStatus,
    Round,
)
from assessments.scoring import comments_showable, framework_parts
from partnerships.access import access_for
from partnerships.models import CouncilArea, Sector


def home_area_list(*, user) -> list[dict]:
    """The areas on a person's home page, their rounds, and the roles they hold there."""
    access = access_for(user)
    areas = (
        CouncilArea.objects.filter(pk__in=access.area_ids)
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "area_rounds",
                queryset=AreaRound.objects.select_related("round").order_by("-round__opens"),
            )
        )
    )
    return [
        {
            "area": area,
            "area_rounds": list(area.area_rounds.all()),
            "coordinator": access.coordinates(area),
            "respondent": access.responds_in(area),
        }
        for area in areas
    ]


def area_round_get(*, area, round_slug: str) -> AreaRound:
    """An area's round by the programme round's slug, or 404."""
    return get_object_or_404(
        AreaRound.objects.select_related("area", "round__framework"),
        area=area,
        round__slug=round_slug,
    )


def area_round_get_by_slug(*, area_slug: str, round_slug: str) -> AreaRound:
    """An area's round by the area's and the programme round's slugs, with its area, round
    and framework, in one query; or 404. The caller checks access on ``.area``."""
    return get_object_or_404(
        AreaRound.objects.select_related("area", "round__framework"),
        area__slug=area_slug,
        round__slug=round_slug,
    )


def response_get(*, user, area_round: AreaRound) -> Response | None:
    # At most one (a constraint); ordered by pk, not Meta.ordering, which joins three tables.
    response = (
        Response.objects.select_related("organisation")
        .filter(area_round=area_round, user=user)
        .order_by("pk")
        .first()
    )
    if response is not None:
        response.area_round = area_round  # loaded already: the services need not read it
    return response


def round_list(*, area):
    """The programme rounds the area takes part in, oldest first."""
    return Round.objects.filter(area_rounds__area=area).order_by("opens", "pk")


def dimension_list(*, framework) -> list[Dimension]:
    """The pages of the assessment, in order: one dimension a page."""
    return list(Dimension.objects.filter(framework=framework).order_by("order", "pk"))


def question_list(*, dimension: Dimension) -> list[Question]:
    """A page's statements, in order."""
    return list(Question.objects.filter(dimension=dimension).order_by("order", "pk"))


def page_answers_get(*, response: Response, dimension: Dimension) -> tuple[dict[int, Answer], str]:
    """A page's saved answers (by question id) and comment."""
    answers = {
        answer.question_id: answer
        for answer in Answer.objects.filter(response=response, question__dimension=dimension)
    }
    comment = (
        Comment.objects.filter(response=response, dimension=dimension)
        .values_list("text", flat=True)
        .first()
    )
    return answers, comment or ""


def question_list_unanswered(*, response: Response) -> list[Question]:
    """Statements with neither a value nor "don't know", in page order."""
    answered = Answer.objects.filter(response=response, question=OuterRef("pk")).exclude(
        value__isnull=True, dont_know=False
    )
    return list(
        Question.objects.filter(framework_id=response.area_round.round.framework_id)
        .exclude(Exists(answered))
        .select_related("dimension")
        .order_by("dimension__order", "dimension__pk", "order", "pk")
    )


@dataclass(frozen=True)
class SectorRate:
    sector: str
    label: str
    invited: int
    started: int
    submitted: int
    imported: int  # of the submitted


def publication_list(*, area_round: AreaRound) -> list[Publication]:
    """The area round's publication history, first publication first, with who made each."""
    return list(
        Publication.objects.filter(area_round=area_round)
        .select_related("published_by")
        .order_by("number")
    )


def sector_rate_list(*, area_round: AreaRound) -> list[SectorRate]:
    """Invited, started and submitted counts by sector (counts only, never who said what)."""
    invited = dict(
        Invitation.objects.filter(area_round=area_round)
        .values_list("sector")
        .annotate(n=Count("pk"))
        .values_list("sector", "n")
    )
    responses = {
        row["sector"]: row
        for row in Response.objects.filter(area_round=area_round)
        .values("sector")
        .annotate(
            started=Count("pk"),
            submitted=Count("pk", filter=Q(status=ResponseStatus.SUBMITTED)),
            imported=Count(
                "pk",
                filter=Q(status=ResponseStatus.SUBMITTED, source=ResponseSource.IMPORT),
            ),
        )
    }
    rates = []
    for sector in Sector:
        row = responses.get(sector.value, {})
        rates.append(
            SectorRate(
                sector=sector.value,
                label=str(sector.label),
                invited=invited.get(sector.value, 0),
                started=row.get("started", 0),
                submitted=row.get("submitted", 0),
                imported=row.get("imported", 0),
            )
        )
    if invited.get(""):
        rates.append(SectorRate("", "—", invited[""], 0, 0, 0))
    return rates


def invitation_list(*, area_round: AreaRound):
    return Invitation.objects.filter(area_round=area_round).order_by("email")


def import_batch_list(*, area_round: AreaRound):
    """The round's import batches, newest first, with the people who acted on them (the
    files themselves are left in the database)."""
    return (
        ImportBatch.objects.filter(area_round=area_round)
        .select_related("submitted_by", "committed_by", "rejected_by", "withdrawn_by")
        .defer("content")
    )


def import_batch_get(*, area_round: AreaRound, pk: int) -> ImportBatch:
    """One of the round's import batches, or 404."""
    return get_object_or_404(import_batch_list(area_round=area_round), pk=pk)


# After the question columns, so the export stays in the import format (which skips them).
EXPORT_TRAILING_COLUMNS = ["source", "import_batch"]


def response_export_header(*, area_round: AreaRound) -> tuple[list[str], list[int]]:
    """The export's header and the question ids of its columns, in page order."""
    dimensions, questions = framework_parts(area_round.round.framework)
    page = {dimension.pk: index for index, dimension in enumerate(dimensions)}
    ordered = sorted(questions, key=lambda q: (page[q["dimension_id"]], q["order"], q["id"]))
    return (
        ["respondent", "sector", *(q["code"] for q in ordered), *EXPORT_TRAILING_COLUMNS],
        [q["id"] for q in ordered],
    )


class _AnswersAsJSON(Aggregate):
    """A response's answers as one JSON object ``{question id: value}``, built by the
    database, so the export reads one row per response instead of one per answer."""

    function = "json_group_object"  # SQLite
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="json_object_agg", **extra_context)


EXPORT_CHUNK = 2000


def response_export_rows(*, area_round: AreaRound) -> Iterator[list[str]]:
    """The raw export: the header, then one row per submitted response, in the import format,
    each ending with its source (``web`` or ``import``) and its import batch's id (or empty).

    One query whatever the size (the framework's questions are cached): responses, each
    with its answers as one JSON object built by the database, read in chunks, so memory
    stays flat. References are pseudonymous.
    """
    header, question_ids = response_export_header(area_round=area_round)
    yield header
    keys = [str(pk) for pk in question_ids]
    # A correlated subquery per response (an index lookup each) rather than GROUP BY over
    # the whole join: the database neither groups nor sorts the answers of the round.
    answered = (
        Answer.objects.filter(response=OuterRef("pk"), value__isnull=False)
        .order_by()
        .values("response")
        .annotate(values=_AnswersAsJSON("question_id", "value"))
        .values("values")
    )
    rows = (
        Response.objects.filter(area_round=area_round, status=ResponseStatus.SUBMITTED)
        .annotate(answered=Subquery(answered, output_field=TextField()))
        .order_by("respondent_ref", "pk")
        .values_list("respondent_ref", "sector", "answered", "source", "import_batch_id")
        .iterator(chunk_size=EXPORT_CHUNK)
    )
    for ref, sector, answered, source, batch_id in rows:
        # psycopg2 decodes PostgreSQL's json itself; SQLite's arrives as text.
        values = json.loads(answered) if isinstance(answered, str) else answered or {}
        yield [
            ref,
            sector,
            *(str(values.get(key, "")) for key in keys),
            source,
            "" if batch_id is None else str(batch_id),
        ]


# --- comments: moderation and the raw export -----------------------------------------------


def comment_count(*, area_round: AreaRound) -> int:
    """How many comments the area round's submitted responses hold: all a coordinator
    learns of them while the round is open (drafts are not counted, so nobody is watched
    while they write)."""
    return (
        Comment.objects.filter(
            response__area_round=area_round, response__status=ResponseStatus.SUBMITTED
        )
        .exclude(text="")
        .count()
    )


@dataclass(frozen=True)
class DimensionComments:
    dimension: Dimension
    comments: list[Comment]  # each with ``decisions``: oldest first, ``decided_by`` loaded


def comment_list_for_review(*, area_round: AreaRound) -> list[DimensionComments]:
    """The comments moderation reviews (``scoring.comments_showable``), hidden ones too, by
    dimension in page order and within it in the order of their text (never the order of
    writing), each with its decisions. Dimensions without such comments are left out."""
    comments = (
        comments_showable(area_round=area_round)
        .select_related("dimension")
        .prefetch_related(
            Prefetch(
                "decisions",
                queryset=CommentDecision.objects.select_related("decided_by").order_by(
                    "decided_at", "pk"
                ),
            )
        )
        .order_by("dimension__order", "dimension__pk", "text", "key")
    )
    sections: list[DimensionComments] = []
    for comment in comments:
        if not sections or sections[-1].dimension.pk != comment.dimension_id:
            sections.append(DimensionComments(dimension=comment.dimension, comments=[]))
        sections[-1].comments.append(comment)
    return sections


def comment_get_for_review(*, area_round: AreaRound, key) -> Comment:
    """One comment moderation may decide on in this area round, by its key; or 404."""
    comment = comments_showable(area_round=area_round).filter(key=key).first()
    if comment is None:
        raise Http404
    return comment


def _latest_decision(field: str):
    return Subquery(
        CommentDecision.objects.filter(comment=OuterRef("pk"))
        .order_by("-decided_at", "-pk")
        .values(field)[:1]
    )


COMMENTS_EXPORT_HEADER = [
    "respondent",
    "dimension",
    "comment",
    "hidden",
    "reason",
    "decided_by",
    "decided_at",
]


def comment_export_rows(*, area_round: AreaRound) -> Iterator[list[str]]:
    """The administrator's comments export: the header, then each comment the outputs would
    show, hidden ones included and marked, with the latest moderation decision (reason, who,
    when). A comment on a dimension whose figure is withheld is in no output, this one
    included. Cells are raw text: the caller makes them safe for a spreadsheet."""
    yield COMMENTS_EXPORT_HEADER
    rows = (
        comments_showable(area_round=area_round)
        .annotate(
            decision_reason=_latest_decision("reason"),
            decided_by_name=_latest_decision("decided_by__username"),
            decided_at=_latest_decision("decided_at"),
        )
        .order_by("response__respondent_ref", "dimension__order", "dimension__pk")
        .values_list(
            "response__respondent_ref",
            "dimension__key",
            "text",
            "hidden",
            "decision_reason",
            "decided_by_name",
            "decided_at",
        )
        .iterator(chunk_size=EXPORT_CHUNK)
    )
    for ref, dimension_key, text, hidden, reason, decided_by, decided_at in rows:
        yield [
            ref,
            dimension_key,
            text,
            "yes" if hidden else "no",
            reason or "",
            decided_by or "",
            timezone.localtime(decided_at).isoformat() if decided_at else "",
        ]
