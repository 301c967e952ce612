"""Content of the PIP health check framework, version 2 (same slug as version 1).

Plain data, no Django imports, in the dict shape ``assessments.frameworks.framework_load_content``
takes for version 1: that function loads the statements of this version as it stands (it
ignores the keys below that it does not know). ``docs/framework.md`` explains each change from
version 1 and where it comes from; ``CHANGES_FROM_V1`` and ``NEW_IN_V2`` are the same account
as data, so the table there can be checked against this file.

What version 2 keeps from version 1
    The 1–5 agreement scale, the settings (minimum group size, gap flag, thresholds), the four
    core dimensions (the "key variables" behind local differences, whose mean is the health
    index) with their version 1 keys, ``reverse`` and ``reading`` with the same meaning, and the
    ``governance`` key. Codes are new (``H1``, ``A1``…) so no version 2 statement can be taken
    for a version 1 one.

What version 2 adds: keys the models do not hold yet
    ``barrier_question`` (top level)
        A question type of its own, not a dimension and not scored 0–100. Its ``text`` is asked
        once per barrier in ``items``; each item has a stable ``code`` (for the question table),
        a stable ``key`` (for outputs) and a ``group`` (``BarrierGroup``: capacity, policy or
        willingness) so outputs can set capacity and policy barriers against willingness — the
        policy implementation gap. ``answers`` are the problem scale, each with a stable
        ``key``; the one with ``counted: False`` ("Don't know") is left out of a barrier's
        figures, as the design brief's barrier rule says. Version 1's ``barriers`` key (a
        barrier read from disagreeing with a statement) is not used.
    ``not_applicable_label`` (on a statement)
        The statement assumes something that an area may not have (a local support body, one
        group speaking for all). Respondents get this label as an extra answer, beside the
        agreement scale. Such an answer is not counted in any score, like a blank one.
    ``applies_in`` (on a dimension and each of its statements)
        The nations (``partnerships.models.Nation`` values) whose areas are asked them. Only the
        ``compact`` dimension has it: England's Compact does not apply in Wales or Scotland.
        Without the key a statement is asked everywhere.

Once published, this content must not change meaning: codes and keys are stable identifiers
that stored answers refer to. To change wording, add or drop statements, ship a new version.
"""

from enum import StrEnum

SCALE_LABELS = [
    "Strongly disagree",
    "Disagree",
    "Neither agree nor disagree",
    "Agree",
    "Strongly agree",
]

# The one term for the voluntary and community sector's organisations in every statement. It is
# defined once, in the help text of the first statement (H1).
TERM = "local charities and community groups"

NOT_APPLICABLE_LABEL = "There isn't one here"

# ``partnerships.models.Nation.ENGLAND``'s value (this module stays free of Django imports).
ENGLAND = "england"


class BarrierGroup(StrEnum):
    """What kind of problem a barrier is: outputs compare the groups."""

    CAPACITY = "capacity"
    POLICY = "policy"
    WILLINGNESS = "willingness"


class ProblemAnswer(StrEnum):
    NOT_A_PROBLEM = "not_a_problem"
    SMALL = "small_problem"
    BIG = "big_problem"
    DONT_KNOW = "dont_know"


class Change(StrEnum):
    """What happened to a version 1 statement in version 2."""

    KEPT = "kept"  # same question, plainer words
    REWORDED = "reworded"  # same topic, the question asked differently
    SPLIT = "split"  # two questions in one became separate questions
    MERGED = "merged"  # said the same as another statement: asked once
    MOVED = "moved"  # asked in another dimension or as a barrier
    REPLACED = "replaced"  # an abstract question replaced by checkable ones
    REMOVED = "removed"


PROBLEM_ANSWERS = [
    {"key": ProblemAnswer.NOT_A_PROBLEM, "label": "Not a problem", "counted": True},
    {"key": ProblemAnswer.SMALL, "label": "A small problem", "counted": True},
    {"key": ProblemAnswer.BIG, "label": "A big problem", "counted": True},
    {"key": ProblemAnswer.DONT_KNOW, "label": "Don't know", "counted": False},
]

BARRIERS = [
    {
        "code": "B1",
        "key": "money",
        "group": BarrierGroup.CAPACITY,
        "text": "Not enough money or buildings",
        "help_text": "",
    },
    {
        "code": "B2",
        "key": "time",
        "group": BarrierGroup.CAPACITY,
        "text": "Not enough staff or volunteer time",
        "help_text": "",
    },
    {
        "code": "B3",
        "key": "skills",
        "group": BarrierGroup.CAPACITY,
        "text": "Not enough of the right skills",
        "help_text": "",
    },
    {
        "code": "B4",
        "key": "scale",
        "group": BarrierGroup.POLICY,
        "text": "Plans that are too big for our area",
        "help_text": "",
    },
    {
        "code": "B5",
        "key": "deadlines",
        "group": BarrierGroup.POLICY,
        "text": "Deadlines that are too short",
        "help_text": "",
    },
    {
        "code": "B6",
        "key": "national_policy",
        "group": BarrierGroup.POLICY,
        "text": "Rules from national government that do not fit our area",
        "help_text": (
            "Rules, targets or funding terms set by the UK, Scottish or Welsh Government, "
            "not by the council."
        ),
    },
    {
        "code": "B7",
        "key": "willingness",
        "group": BarrierGroup.WILLINGNESS,
        "text": "People not willing to work together",
        "help_text": "",
    },
]

BARRIER_QUESTION = {
    "text": "How much of a problem is each of these for partnership working in your area?",
    "help_text": (
        "Think of partnership working between the council and local charities and community "
        "groups."
    ),
    "answers": PROBLEM_ANSWERS,
    "items": BARRIERS,
}


def _compact_help(commitment: str) -> str:
    return f"From England's Compact: {commitment}"


PIP_HEALTH_CHECK_V2 = {
    "slug": "pip-health-check",
    "name": "PIP partnership health check",
    "version": 2,
    "description": (
        "A short self-assessment for people in the council and in local charities and "
        "community groups on how well they work together in their area. It covers the four "
        "things the Partnership Improvement Programme found behind local differences, how "
        "the relationship works both ways, how partnerships are set up and funded, and, in "
        "England, the Compact. A separate question asks which problems stand in the way."
    ),
    "scale_min": 1,
    "scale_max": 5,
    "scale_labels": SCALE_LABELS,
    "min_group_size": 3,
    "gap_flag": 15,
    "green": 70,
    "amber": 50,
    "dimensions": [
        {
            "key": "history",
            "name": "History of working together",
            "core": True,
            "order": 1,
            "description": (
                "How the council and local charities and community groups have worked together "
                "in the past, and what that history has left behind."
            ),
            "questions": [
                {
                    "code": "H1",
                    "text": (
                        "The council and local charities and community groups have worked "
                        "together for many years."
                    ),
                    "help_text": (
                        "By local charities and community groups we mean voluntary and "
                        "community organisations: charities, community groups, social "
                        "enterprises and other not-for-profit groups in your area. Every "
                        "statement uses the words in this sense."
                    ),
                    "reverse": False,
                },
                {
                    "code": "H2",
                    "text": (
                        "Past joint work by the council and local charities and community "
                        "groups has mostly gone well."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "H3",
                    "text": "Past disputes still get in the way of working together.",
                    "help_text": (
                        "Disputes between the council and local charities and community groups."
                    ),
                    "reverse": True,
                    "reading": "Past disputes no longer get in the way of working together.",
                },
                {
                    "code": "H4",
                    "text": (
                        "The council and local charities and community groups have learned from "
                        "what went wrong in the past."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "H5",
                    "text": (
                        "The council and local charities and community groups have kept the "
                        "promises they made to each other."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "H6",
                    "text": (
                        "Good working relations have lasted through changes in who leads the "
                        "council."
                    ),
                    "help_text": (
                        "For example, a new council leader or chief executive, or a change of "
                        "the party in control."
                    ),
                    "reverse": False,
                },
            ],
        },
        {
            "key": "attitudes",
            "name": "Council attitudes to local charities and community groups",
            "core": True,
            "order": 2,
            "description": (
                "How council staff see and treat local charities and community groups."
            ),
            "questions": [
                {
                    "code": "A1",
                    "text": (
                        "Senior council staff value the work of local charities and community "
                        "groups."
                    ),
                    "help_text": (
                        "Senior council staff means directors, heads of service and others who "
                        "make or shape the council's decisions."
                    ),
                    "reverse": False,
                },
                {
                    "code": "A2",
                    "text": (
                        "Council staff see local charities and community groups as partners, "
                        "not just as groups that run services."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "A3",
                    "text": (
                        "The council asks local charities and community groups what they think "
                        "before it decides things."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "A4",
                    "text": (
                        "Council staff know the pressures that local charities and community "
                        "groups face."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "A5",
                    "text": (
                        "Council staff treat small community groups with the same respect as "
                        "large charities."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "A6",
                    "text": (
                        "Council staff see working with local charities and community groups as "
                        "a burden."
                    ),
                    "help_text": "",
                    "reverse": True,
                    "reading": (
                        "Council staff see working with local charities and community groups as "
                        "worth the effort."
                    ),
                },
                {
                    "code": "A7",
                    "text": "Council staff trust local charities and community groups.",
                    "help_text": "",
                    "reverse": False,
                },
            ],
        },
        {
            "key": "vcs_relationships",
            "name": "Relationships among local charities and community groups",
            "core": True,
            "order": 3,
            "description": (
                "How well local charities and community groups work with each other and speak "
                "together."
            ),
            "questions": [
                {
                    "code": "V1",
                    "text": (
                        "Local charities and community groups here work well with each other."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "V2",
                    "text": "Local charities and community groups tell each other what they know.",
                    "help_text": "For example, news of funding, plans or changes in the area.",
                    "reverse": False,
                },
                {
                    "code": "V3",
                    "text": "Local charities and community groups see each other as rivals.",
                    "help_text": "",
                    "reverse": True,
                    "reading": (
                        "Local charities and community groups do not see each other as rivals."
                    ),
                },
                {
                    "code": "V4",
                    "text": (
                        "Local charities and community groups can agree a shared view to put to "
                        "the council."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "V5",
                    "text": (
                        "Our local support body, such as a CVS, gives local charities and "
                        "community groups the help they need."
                    ),
                    "help_text": (
                        "A support body helps local charities and community groups and speaks "
                        "for them. A council for voluntary service (CVS) is one example."
                    ),
                    "reverse": False,
                    "not_applicable_label": NOT_APPLICABLE_LABEL,
                },
                {
                    "code": "V6",
                    "text": (
                        "Small community groups have as much say as large charities when groups "
                        "work together."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "V7",
                    "text": (
                        "When one group speaks for all local charities and community groups, it "
                        "asks the others first."
                    ),
                    "help_text": "",
                    "reverse": False,
                    "not_applicable_label": NOT_APPLICABLE_LABEL,
                },
            ],
        },
        {
            "key": "capacity",
            "name": "Capacity to work together: time, skills and people",
            "core": True,
            "order": 4,
            "description": (
                "Whether the council and local charities and community groups each have the "
                "time, skills and people that working together needs."
            ),
            "questions": [
                {
                    "code": "C1",
                    "text": (
                        "The council gives its staff enough time to work with local charities "
                        "and community groups."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "C2",
                    "text": (
                        "Local charities and community groups have enough staff or volunteer "
                        "time for joint work."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "C3",
                    "text": "Council staff have the skills that partnership working needs.",
                    "help_text": "For example, planning together and agreeing who does what.",
                    "reverse": False,
                },
                {
                    "code": "C4",
                    "text": (
                        "People in local charities and community groups have the skills that "
                        "partnership working needs."
                    ),
                    "help_text": "For example, planning together and agreeing who does what.",
                    "reverse": False,
                },
                {
                    "code": "C5",
                    "text": (
                        "The council has a named person who leads its work with local charities "
                        "and community groups."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "C6",
                    "text": (
                        "Council staff can train together with people from local charities and "
                        "community groups."
                    ),
                    "help_text": "Training on working together, open to both.",
                    "reverse": False,
                },
                {
                    "code": "C7",
                    "text": "Partnership working here depends too much on one or two people.",
                    "help_text": "",
                    "reverse": True,
                    "reading": "Partnership working does not depend on just one or two people.",
                },
                {
                    "code": "C8",
                    "text": (
                        "When someone who leads partnership work leaves, their work is handed "
                        "over properly."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
            ],
        },
        {
            "key": "two_way",
            "name": "Working both ways",
            "core": False,
            "order": 5,
            "description": (
                "Whether the relationship works in both directions: local charities and "
                "community groups understand and trust the council, both sides share goals, "
                "views change decisions, and partners review how they work together."
            ),
            "questions": [
                {
                    "code": "W1",
                    "text": (
                        "Local charities and community groups know how the council makes its "
                        "decisions."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "W2",
                    "text": (
                        "The council and local charities and community groups agree on what "
                        "they want for our area."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "W3",
                    "text": (
                        "What local charities and community groups say changes what the council "
                        "decides."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "W4",
                    "text": (
                        "The council tells local charities and community groups what it did "
                        "with their views."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "W5",
                    "text": (
                        "Councillors here want the council to work with local charities and "
                        "community groups."
                    ),
                    "help_text": "Councillors are the elected members of the council.",
                    "reverse": False,
                },
                {
                    "code": "W6",
                    "text": (
                        "The council and local charities and community groups check how well "
                        "they work together."
                    ),
                    "help_text": (
                        "For example, a review each year of what works and what does not."
                    ),
                    "reverse": False,
                },
                {
                    "code": "W7",
                    "text": "Local charities and community groups trust the council.",
                    "help_text": "",
                    "reverse": False,
                },
            ],
        },
        {
            "key": "governance",
            "name": "Agreements, funding and recognition",
            "core": False,
            "order": 6,
            "description": (
                "Whether partnerships are set up, funded and recognised in ways that help them "
                "work: agreements made before a partnership starts, funding that lets groups "
                "plan, and credit for new ideas and progress."
            ),
            "questions": [
                {
                    "code": "G1",
                    "text": (
                        "New partnerships here start with a written agreement on what they are "
                        "for."
                    ),
                    "help_text": "Made by all partners before the work starts.",
                    "reverse": False,
                },
                {
                    "code": "G2",
                    "text": "New partnerships here agree who does what before the work starts.",
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "G3",
                    "text": (
                        "New partnerships have time set aside to get ready before the work starts."
                    ),
                    "help_text": (
                        "Time for partners to build relationships, skills and shared plans, and "
                        "to spot problems early."
                    ),
                    "reverse": False,
                },
                {
                    "code": "G4",
                    "text": (
                        "Local charities and community groups can get council funding that lasts "
                        "more than one year."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "G5",
                    "text": (
                        "Applying for small council grants takes too much work for small groups."
                    ),
                    "help_text": "",
                    "reverse": True,
                    "reading": (
                        "Applying for small council grants is simple enough for small groups."
                    ),
                },
                {
                    "code": "G6",
                    "text": "People who try new ways of working together get credit for it.",
                    "help_text": "",
                    "reverse": False,
                },
                {
                    "code": "G7",
                    "text": (
                        "When partners get better at working together, it is praised in public."
                    ),
                    "help_text": "",
                    "reverse": False,
                },
            ],
        },
        {
            "key": "compact",
            "name": "England's Compact in practice",
            "core": False,
            "order": 7,
            "applies_in": [ENGLAND],
            "description": (
                "Whether the council keeps checkable commitments of the Compact, the agreement "
                "in England between government and charities and community groups (renewed "
                "in 2010; local compacts apply it to councils). Asked only in areas in England: "
                "Wales and Scotland have their own arrangements."
            ),
            "questions": [
                {
                    "code": "CM1",
                    "text": (
                        "When the council asks for views in writing, it gives at least 12 weeks "
                        "to reply."
                    ),
                    "help_text": _compact_help(
                        "formal written consultations last 12 weeks, or the council explains why "
                        "they are shorter."
                    ),
                    "reverse": False,
                    "applies_in": [ENGLAND],
                },
                {
                    "code": "CM2",
                    "text": (
                        "The council gives at least three months' notice before it cuts or ends "
                        "funding."
                    ),
                    "help_text": _compact_help(
                        "at least three months' notice in writing before funding is cut or ended."
                    ),
                    "reverse": False,
                    "applies_in": [ENGLAND],
                },
                {
                    "code": "CM3",
                    "text": (
                        "Council funding pays the full cost of the work, including a fair share "
                        "of running costs."
                    ),
                    "help_text": _compact_help(
                        "groups can recover the full cost of the work they are paid for, "
                        "including a fair share of costs such as rent and management. This is "
                        "called full cost recovery."
                    ),
                    "reverse": False,
                    "applies_in": [ENGLAND],
                },
                {
                    "code": "CM4",
                    "text": (
                        "Local charities and community groups can campaign against council "
                        "plans, even when it funds them."
                    ),
                    "help_text": _compact_help(
                        "groups stay independent, including their right to campaign, whatever "
                        "money or other support they get."
                    ),
                    "reverse": False,
                    "applies_in": [ENGLAND],
                },
                {
                    "code": "CM5",
                    "text": "When the council cuts or ends funding, it says clearly why.",
                    "help_text": _compact_help(
                        "a clear reason, given with the notice, for cutting or ending funding."
                    ),
                    "reverse": False,
                    "applies_in": [ENGLAND],
                },
            ],
        },
    ],
    "barrier_question": BARRIER_QUESTION,
}


def _change(change: Change, to: list[str], why: str) -> dict:
    return {"change": change, "to": to, "why": why}


# Every version 1 statement and what replaced it: ``to`` names version 2 statement codes or
# barrier codes (``B1``…). ``docs/framework.md`` prints the same table.
CHANGES_FROM_V1 = {
    "HIS1": _change(Change.KEPT, ["H1"], "Plainer words."),
    "HIS2": _change(Change.KEPT, ["H2"], "Plainer words."),
    "HIS3": _change(Change.KEPT, ["H3"], "Plainer words; still reverse-worded."),
    "HIS4": _change(Change.REWORDED, ["H4"], "'We' named no one: now the council and the groups."),
    "HIS5": _change(
        Change.SPLIT,
        ["A7", "W7"],
        "Trust now is an attitude, not history, and runs two ways: asked each way.",
    ),
    "HIS6": _change(
        Change.SPLIT,
        ["H6", "C8"],
        "Two questions in one and 'often': the leadership half is H6; the staff half is the "
        "hand-over question C8 already asked.",
    ),
    "HIS7": _change(Change.MERGED, ["H1"], "Said the same as HIS1."),
    "ATT1": _change(Change.KEPT, ["A1"], "Plainer words."),
    "ATT2": _change(Change.KEPT, ["A2"], "Plainer words."),
    "ATT3": _change(Change.KEPT, ["A3"], "Plainer words."),
    "ATT4": _change(Change.KEPT, ["A4"], "Plainer words."),
    "ATT5": _change(Change.KEPT, ["A5"], "Plainer words."),
    "ATT6": _change(
        Change.REWORDED, ["A6"], "An idiom and 'often' removed; still reverse-worded."
    ),
    "ATT7": _change(
        Change.MOVED,
        ["W3"],
        "'Takes views seriously' cannot be seen; whether views change decisions can.",
    ),
    "VCS1": _change(Change.KEPT, ["V1"], "Plainer words."),
    "VCS2": _change(Change.KEPT, ["V2"], "Plainer words."),
    "VCS3": _change(
        Change.REWORDED,
        ["V3"],
        "Asks about the relationship only; funding terms are asked in governance (G4, G5).",
    ),
    "VCS4": _change(Change.KEPT, ["V4"], "Plainer words."),
    "VCS5": _change(
        Change.REWORDED,
        ["V5"],
        "Jargon removed, and 'There isn't one here' for areas without a support body.",
    ),
    "VCS6": _change(Change.KEPT, ["V6"], "Plainer words."),
    "VCS7": _change(
        Change.REWORDED,
        ["V7"],
        "Two questions in one (a few speak for all; without checking): now one, worded "
        "positively, with 'There isn't one here'.",
    ),
    "CAP1": _change(Change.KEPT, ["C1"], "Plainer words."),
    "CAP2": _change(Change.KEPT, ["C2"], "Plainer words."),
    "CAP3": _change(Change.SPLIT, ["C3", "C4"], "Both sectors in one question: asked for each."),
    "CAP4": _change(
        Change.REWORDED,
        ["C5"],
        "Both sectors in one question. The council half is C5; how groups are represented "
        "is asked in V5 and V7.",
    ),
    "CAP5": _change(Change.KEPT, ["C7"], "Plainer words; still reverse-worded."),
    "CAP6": _change(
        Change.REWORDED,
        ["C6"],
        "Both sectors in one question: now one question about training together.",
    ),
    "CAP7": _change(Change.KEPT, ["C8"], "Plainer words; 'key person' removed."),
    "AMB1": _change(
        Change.MOVED, ["B1"], "Now a barrier: 'we' could not show which sector lacks what."
    ),
    "AMB2": _change(Change.SPLIT, ["B2", "B3"], "Two barriers in one: time and skills."),
    "AMB3": _change(Change.MOVED, ["B4"], "Now a barrier: plans too big for the area."),
    "AMB4": _change(Change.MOVED, ["B5"], "Now a barrier: deadlines too short."),
    "AMB5": _change(
        Change.MOVED,
        ["B6"],
        "Now a barrier naming national government, which 'Government' left unclear.",
    ),
    "GOV1": _change(Change.SPLIT, ["G1", "G2"], "Purpose and roles asked apart; jargon removed."),
    "GOV2": _change(Change.REWORDED, ["G3"], "Jargon removed."),
    "GOV3": _change(
        Change.REPLACED,
        ["CM1", "CM2", "CM3", "CM4", "CM5"],
        "An abstract question replaced by the Compact's checkable commitments (England only).",
    ),
    "GOV4": _change(
        Change.SPLIT,
        ["G4", "G5"],
        "Two funding questions in one: funding for more than a year; simple applications for "
        "small groups.",
    ),
    "GOV5": _change(
        Change.SPLIT, ["G6", "G7"], "New ideas and progress asked apart; 'reward' dropped."
    ),
}

# Version 2 statements and barriers that no version 1 statement leads to, and why they are asked.
NEW_IN_V2 = {
    "H5": "Keeping promises builds trust (Partnership Assessment Tool, principle 4).",
    "W1": "Understanding has to run both ways: do groups know how the council decides?",
    "W2": "Shared goals (Partnership Assessment Tool principle 2; Wilder: shared vision).",
    "W4": "Influence is shown when the council says what it did with views.",
    "W5": "Political support (Wilder: favourable political and social climate).",
    "W6": "Partners review how they work together (Partnership Assessment Tool, principle 6).",
    "B7": "Separates unwillingness from lack of capacity, the programme's central finding.",
}
