"""Suggested next steps for an area, from one round's results.

``next_steps(result)`` is a pure function of an ``assessments.scoring.AreaRoundResult``: no
database, no clock. The action plan page offers its suggestions as actions to adopt, and
the area PDF report prints them as "Suggested next steps", so both say the same thing.

Rules, in the order the suggestions are listed:
1. each weak dimension (rated red, then amber; in framework order) → that dimension's step;
   weak statements about pre-partnership agreements or a development phase (GOV1, GOV2)
   count as weak governance;
2. the dimensions the council and the VCS see differently (``seen_differently``) → one
   joint workshop to compare the two views, linked to the dimension with the widest gap;
3. each barrier named a problem by at least half the respondents → that barrier's step.
A step suggested by more than one rule is listed once, at its first place.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

BARRIER_SHARE_THRESHOLD = 50.0  # % of counted respondents naming the barrier a problem
WEAK_STATEMENT_BELOW = 50.0  # a statement scoring below this counts as weak
# Statements that ask whether partnerships start with an agreed purpose and development phase.
AGREEMENT_STATEMENTS = frozenset({"GOV1", "GOV2"})
WEAK_RATINGS = ("red", "amber")


@dataclass(frozen=True)
class Suggestion:
    key: str
    dimension_key: str | None
    title: str | Promise
    detail: str | Promise


_AGREEMENT = (
    "pre-partnership-agreement",
    _("Agree a pre-partnership agreement with a development phase"),
    _(
        "Write down, with both sectors, the partnership's purpose, each partner's role, how "
        "decisions are made and disagreements handled, and a development phase of "
        "preparatory actions with owners and dates, before delivery starts."
    ),
)

# A weak dimension's step: dimension key → (suggestion key, title, detail).
DIMENSION_STEPS = {
    "history": (
        "review-history",
        _("Hold a facilitated session to review past disputes and refresh the local Compact"),
        _(
            "Bring council and voluntary sector leads together with an independent facilitator "
            "to talk through past disputes, agree what was learnt, and refresh the local "
            "Compact so it reflects how partners want to work now."
        ),
    ),
    "attitudes": (
        "council-attitudes",
        _("Build council staff's understanding of the voluntary and community sector"),
        _(
            "Offer key council staff joint visits, shadowing or briefings with voluntary and "
            "community organisations, and make the Compact's principles part of their induction."
        ),
    ),
    "vcs_relationships": (
        "vcs-relationships",
        _("Strengthen the networks within the voluntary and community sector"),
        _(
            "Support a sector forum or infrastructure body so voluntary and community "
            "organisations can share information, agree priorities and speak with one voice."
        ),
    ),
    "capacity": (
        "name-leads-skills",
        _("Name leads in each sector and fund skills support"),
        _(
            "Name a partnership lead in the council and in the voluntary sector, with time set "
            "aside for the role, and fund training or mentoring where skills are thin. Agree how "
            "knowledge is handed over when someone leaves."
        ),
    ),
    "ambition": (
        "match-ambition",
        _("Match the partnership's ambition to local reality"),
        _(
            "Agree a short list of priorities the partners can resource now, and say openly "
            "what would be needed to do more."
        ),
    ),
    "governance": _AGREEMENT,
}

# A widely named barrier's step: barrier key → (suggestion key, dimension key, title, detail).
BARRIER_STEPS = {
    "resources": (
        "multi-year-funding",
        "ambition",
        _("Move to multi-year funding agreements with fair notice periods"),
        _(
            "Offer voluntary and community organisations funding agreements of three years or "
            "more where possible, and agree a notice period before funding changes or ends."
        ),
    ),
    "skills": (
        "name-leads-skills",
        "capacity",
        *DIMENSION_STEPS["capacity"][1:],
    ),
    "agendas": (
        "shared-agenda",
        "ambition",
        _("Agree a shared, prioritised agenda"),
        _(
            "Agree together which few things the partnership will do first, and which requests "
            "from outside it will decline or defer."
        ),
    ),
    "timescales": (
        "realistic-timescales",
        "ambition",
        _("Agree realistic timescales in the development phase"),
        _(
            "Use the pre-partnership agreement's development phase to set dates both sectors "
            "can meet, including time for consultation and for building skills."
        ),
    ),
}


def _generic_step(dimension) -> tuple[str, str | Promise, str | Promise]:
    return (
        f"improve-{dimension.key}",
        format_lazy(_("Agree one improvement to {dimension} together"), dimension=dimension.name),
        format_lazy(
            _(
                "Discuss the results for {dimension} with both sectors and agree one change "
                "to make before the next round."
            ),
            dimension=dimension.name,
        ),
    )


def _rating_value(rating) -> str | None:
    return getattr(rating, "value", rating)


def _joined(names: list) -> str | Promise:
    """ "A", "A and B", "A, B and C"."""
    if len(names) == 1:
        return names[0]
    return format_lazy(
        _("{first} and {last}"), first=", ".join(map(str, names[:-1])), last=names[-1]
    )


def next_steps(result) -> list[Suggestion]:
    """Suggested next steps for one area and round (see the module docstring)."""
    steps: dict[str, Suggestion] = {}

    def add(key, dimension_key, title, detail):
        steps.setdefault(key, Suggestion(key, dimension_key, title, detail))

    dimensions = sorted(result.dimensions, key=lambda d: (d.order, d.key))
    for wanted in WEAK_RATINGS:
        for dimension in dimensions:
            if dimension.score is None or _rating_value(dimension.rating) != wanted:
                continue
            key, title, detail = DIMENSION_STEPS.get(dimension.key) or _generic_step(dimension)
            add(key, dimension.key, title, detail)

    if any(
        s.code in AGREEMENT_STATEMENTS and s.score < WEAK_STATEMENT_BELOW for s in result.weakest
    ):
        add(_AGREEMENT[0], "governance", *_AGREEMENT[1:])

    seen_differently = sorted(
        (d for d in dimensions if d.seen_differently), key=lambda d: -abs(d.gap or 0)
    )
    if seen_differently:
        # One workshop for every such dimension, led by the widest gap.
        names = _joined([d.name for d in seen_differently])
        add(
            "compare-views",
            seen_differently[0].key,
            format_lazy(
                _("Hold a joint workshop to compare council and VCS views of {dimensions}"),
                dimensions=names,
            ),
            format_lazy(
                _(
                    "Council and voluntary sector respondents scored {dimensions} "
                    "differently. Look at the results together, ask what each sector "
                    "sees that the other does not, and agree what to do about it."
                ),
                dimensions=names,
            ),
        )

    barriers = [b for b in result.barriers if b.share is not None]
    for barrier in sorted(barriers, key=lambda b: (-b.share, b.key)):
        if barrier.share >= BARRIER_SHARE_THRESHOLD and barrier.key in BARRIER_STEPS:
            add(*BARRIER_STEPS[barrier.key])

    return list(steps.values())
