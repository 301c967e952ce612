"""Version 2 of the PIP health check: the content is plain, well formed and ready to load."""

import re
import statistics
from pathlib import Path

import pytest
import textstat

from assessments import framework_content as v1
from assessments.framework_content_v2 import (
    BARRIER_QUESTION,
    BARRIERS,
    CHANGES_FROM_V1,
    ENGLAND,
    NEW_IN_V2,
    NOT_APPLICABLE_LABEL,
    PIP_HEALTH_CHECK_V2,
    TERM,
    BarrierGroup,
    Change,
    ProblemAnswer,
)

DIMENSIONS = PIP_HEALTH_CHECK_V2["dimensions"]
STATEMENTS = [q for d in DIMENSIONS for q in d["questions"]]
V1_CODES = [q["code"] for d in v1.PIP_HEALTH_CHECK["dimensions"] for q in d["questions"]]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "framework.md"

# The readability formula the framework is held to: Flesch–Kincaid grade level.
GRADE_LIMIT = 9
WORD_LIMIT = 20
# Jargon the issue found in version 1, and words GOV.UK's style guide asks writers to avoid:
# whole words, any ending ("delivered", "agendas").
BANNED = [
    r"deliver\w*",
    r"agendas?",
    r"infrastructure bod(y|ies)",
    r"pre-partnership agreements?",
    r"often",
    r"collaborat\w*",
    r"empower\w*",
    r"facilitat\w*",
    r"foster\w*",
    r"key",
    r"robust",
    r"stakeholders?",
]
DEFINED_PHRASE = "voluntary and community organisations"


def _texts_shown():
    """Every string a respondent or a reader of the results can see, with where it is."""
    yield "description", PIP_HEALTH_CHECK_V2["description"]
    for d in DIMENSIONS:
        yield f"{d['key']}.name", d["name"]
        yield f"{d['key']}.description", d["description"]
        for q in d["questions"]:
            for field in ("text", "help_text", "reading", "not_applicable_label"):
                if q.get(field):
                    yield f"{q['code']}.{field}", q[field]
    yield "barrier_question.text", BARRIER_QUESTION["text"]
    yield "barrier_question.help_text", BARRIER_QUESTION["help_text"]
    for answer in BARRIER_QUESTION["answers"]:
        yield f"answer.{answer['key']}", answer["label"]
    for barrier in BARRIERS:
        yield f"{barrier['code']}.text", barrier["text"]
        if barrier["help_text"]:
            yield f"{barrier['code']}.help_text", barrier["help_text"]


def test_it_is_version_2_of_the_same_framework_with_the_same_scale_and_settings():
    assert PIP_HEALTH_CHECK_V2["slug"] == v1.PIP_HEALTH_CHECK["slug"] == "pip-health-check"
    assert PIP_HEALTH_CHECK_V2["version"] == 2
    for key in ("scale_min", "scale_max", "scale_labels", "min_group_size", "gap_flag"):
        assert PIP_HEALTH_CHECK_V2[key] == v1.PIP_HEALTH_CHECK[key], key
    assert (PIP_HEALTH_CHECK_V2["green"], PIP_HEALTH_CHECK_V2["amber"]) == (70, 50)


def test_each_statement_has_at_most_twenty_words():
    long = {q["code"]: len(q["text"].split()) for q in STATEMENTS}
    assert {code: n for code, n in long.items() if n > WORD_LIMIT} == {}
    for barrier in BARRIERS:
        assert len(barrier["text"].split()) <= WORD_LIMIT, barrier["key"]


def test_the_median_statement_reads_at_grade_nine_or_below():
    graded = sorted(
        ((textstat.flesch_kincaid_grade(q["text"]), q["code"]) for q in STATEMENTS), reverse=True
    )
    grades = [grade for grade, _ in graded]
    assert statistics.median(grades) <= GRADE_LIMIT, f"hardest first: {graded[:8]}"
    # The barrier question is read too: its stem and items keep the median down, not up.
    asked = [BARRIER_QUESTION["text"], *(b["text"] for b in BARRIERS)]
    everything = grades + [textstat.flesch_kincaid_grade(text) for text in asked]
    assert statistics.median(everything) <= GRADE_LIMIT


def test_the_readings_are_as_plain_as_the_statements():
    grades = [textstat.flesch_kincaid_grade(q["reading"]) for q in STATEMENTS if q["reverse"]]
    assert statistics.median(grades) <= GRADE_LIMIT


def test_each_dimension_has_five_to_eight_statements():
    counts = {d["key"]: len(d["questions"]) for d in DIMENSIONS}
    assert {key: n for key, n in counts.items() if not 5 <= n <= 8} == {}


def test_codes_are_unique_and_new():
    codes = [q["code"] for q in STATEMENTS] + [b["code"] for b in BARRIERS]
    assert len(codes) == len(set(codes))
    assert set(codes).isdisjoint(V1_CODES)
    for code in codes:
        assert re.fullmatch(r"[A-Z]{1,2}\d", code), code
    keys = [d["key"] for d in DIMENSIONS]
    assert len(keys) == len(set(keys))
    assert [d["order"] for d in DIMENSIONS] == list(range(1, len(DIMENSIONS) + 1))


def test_the_four_key_variables_keep_their_version_1_keys_and_stay_the_core():
    v1_core = [d["key"] for d in v1.PIP_HEALTH_CHECK["dimensions"] if d["core"]]
    assert [d["key"] for d in DIMENSIONS if d["core"]] == v1_core
    assert v1_core == ["history", "attitudes", "vcs_relationships", "capacity"]
    kept = {d["key"] for d in v1.PIP_HEALTH_CHECK["dimensions"]} & {d["key"] for d in DIMENSIONS}
    assert kept == {"history", "attitudes", "vcs_relationships", "capacity", "governance"}
    new = {d["key"] for d in DIMENSIONS} - kept
    assert new == {"two_way", "compact"}
    assert not any(d["core"] for d in DIMENSIONS if d["key"] in new)


def test_every_reverse_statement_has_a_positive_reading_and_no_other_statement_has_one():
    reverse = [q for q in STATEMENTS if q["reverse"]]
    assert 1 <= len(reverse) <= len(STATEMENTS) // 5
    for q in STATEMENTS:
        if q["reverse"]:
            reading = q.get("reading", "")
            assert reading.strip() and reading != q["text"], q["code"]
            assert reading.endswith(".") and len(reading.split()) <= WORD_LIMIT, q["code"]
        else:
            assert q.get("reading", "") == "", q["code"]
    # Few and spread out: no dimension is mostly asked against its score.
    for d in DIMENSIONS:
        assert sum(q["reverse"] for q in d["questions"]) <= 1, d["key"]


def test_no_banned_jargon_anywhere_a_person_reads():
    found = []
    for where, text in _texts_shown():
        for word in BANNED:
            if re.search(rf"\b{word}\b", text, flags=re.IGNORECASE):
                found.append((where, word))
    assert found == []


def test_the_long_sector_name_appears_once_as_the_definition_of_the_short_term():
    uses = [where for where, text in _texts_shown() if DEFINED_PHRASE in text.lower()]
    assert uses == ["H1.help_text"]
    [first] = [q for q in STATEMENTS if q["code"] == "H1"]
    assert TERM in first["help_text"] and first is STATEMENTS[0]


def test_statements_use_the_one_short_term_and_no_other_name_for_the_groups():
    others = re.compile(r"\bvoluntary\b|\bVCOs?\b|\bVCS\b|\bthird sector\b", re.IGNORECASE)
    assert [q["code"] for q in STATEMENTS if others.search(q["text"])] == []
    assert sum(TERM in q["text"].lower() for q in STATEMENTS) >= len(STATEMENTS) // 2


def test_no_two_statements_say_the_same_thing_word_for_word():
    texts = [q["text"].lower() for q in STATEMENTS]
    assert len(texts) == len(set(texts))


def test_the_seven_barriers_have_stable_keys_and_groups():
    keys = [b["key"] for b in BARRIERS]
    assert keys == [
        "money",
        "time",
        "skills",
        "scale",
        "deadlines",
        "national_policy",
        "willingness",
    ]
    groups = {b["key"]: b["group"] for b in BARRIERS}
    assert {k for k, g in groups.items() if g == BarrierGroup.CAPACITY} == {
        "money",
        "time",
        "skills",
    }
    assert groups["national_policy"] == BarrierGroup.POLICY
    assert groups["willingness"] == BarrierGroup.WILLINGNESS
    assert set(groups.values()) == set(BarrierGroup)
    national = next(b for b in BARRIERS if b["key"] == "national_policy")
    assert "national government" in national["text"].lower()
    assert "not by the council" in national["help_text"]
    assert BARRIER_QUESTION["items"] is BARRIERS
    assert BARRIER_QUESTION["text"] == (
        "How much of a problem is each of these for partnership working in your area?"
    )


def test_the_problem_scale_leaves_dont_know_out_of_the_figures():
    answers = BARRIER_QUESTION["answers"]
    assert [(a["key"], a["label"]) for a in answers] == [
        (ProblemAnswer.NOT_A_PROBLEM, "Not a problem"),
        (ProblemAnswer.SMALL, "A small problem"),
        (ProblemAnswer.BIG, "A big problem"),
        (ProblemAnswer.DONT_KNOW, "Don't know"),
    ]
    assert [a["key"] for a in answers if not a["counted"]] == [ProblemAnswer.DONT_KNOW]


def test_the_compact_statements_are_marked_as_englands_compact():
    from partnerships.models import Nation

    assert Nation.ENGLAND == ENGLAND
    [compact] = [d for d in DIMENSIONS if d["key"] == "compact"]
    assert compact["applies_in"] == [ENGLAND]
    assert "England" in compact["description"]
    assert "Wales and Scotland" in compact["description"]
    for q in compact["questions"]:
        assert q["applies_in"] == [ENGLAND], q["code"]
        assert q["help_text"].startswith("From England's Compact:"), q["code"]
    mentions = {q["code"] for q in STATEMENTS if "compact" in q["help_text"].lower()}
    assert mentions == {q["code"] for q in compact["questions"]}
    # Everything else is asked in every nation.
    others = [d for d in DIMENSIONS if d is not compact]
    assert not any("applies_in" in d for d in others)
    assert not any("applies_in" in q for d in others for q in d["questions"])


def test_the_compact_commitments_are_the_checkable_ones():
    [compact] = [d for d in DIMENSIONS if d["key"] == "compact"]
    text = " ".join(q["text"] for q in compact["questions"]).lower()
    for commitment in ("12 weeks", "three months' notice", "full cost", "campaign"):
        assert commitment in text, commitment


def test_statements_that_assume_something_exists_offer_there_isnt_one_here():
    flagged = {q["code"] for q in STATEMENTS if "not_applicable_label" in q}
    assert flagged == {"V5", "V7"}
    assert {q["not_applicable_label"] for q in STATEMENTS if q["code"] in flagged} == {
        NOT_APPLICABLE_LABEL
    }
    assert NOT_APPLICABLE_LABEL == "There isn't one here"


def test_the_two_way_block_asks_each_direction_the_issue_names():
    [two_way] = [d for d in DIMENSIONS if d["key"] == "two_way"]
    text = " ".join(q["text"] for q in two_way["questions"]).lower()
    for topic in (
        "how the council makes its decisions",
        "agree on what they want",
        "changes what the council decides",
        "what it did with their views",
        "councillors",
        "check how well they work together",
        "trust the council",
    ):
        assert topic in text, topic


def test_text_fits_the_model_fields():
    for q in STATEMENTS:
        assert q["text"].strip() and len(q["text"]) <= 300, q["code"]
        assert q["text"][0].isupper() and q["text"].endswith("."), q["code"]
        assert len(q["help_text"]) <= 500 and len(q.get("reading", "")) <= 300, q["code"]
        assert isinstance(q["reverse"], bool), q["code"]
    for d in DIMENSIONS:
        assert len(d["key"]) <= 40 and re.fullmatch(r"[a-z_]+", d["key"]), d["key"]
        assert d["description"].strip() and len(d["name"]) <= 200, d["key"]
    for barrier in BARRIERS:
        assert len(barrier["key"]) <= 40 and re.fullmatch(r"[a-z_]+", barrier["key"])


def test_changes_from_version_1_account_for_every_statement_both_ways():
    assert sorted(CHANGES_FROM_V1) == sorted(V1_CODES)
    v2_codes = {q["code"] for q in STATEMENTS} | {b["code"] for b in BARRIERS}
    reached = set()
    for code, change in CHANGES_FROM_V1.items():
        assert change["change"] in set(Change), code
        assert change["why"].strip(), code
        assert set(change["to"]) <= v2_codes, code
        if change["change"] == Change.REMOVED:
            assert change["to"] == [], code
        else:
            assert change["to"], code
        if change["change"] == Change.SPLIT:
            assert len(change["to"]) >= 2, code
        reached |= set(change["to"])
    assert set(NEW_IN_V2) <= v2_codes
    assert reached | set(NEW_IN_V2) == v2_codes
    # The double-barrelled statements the issue lists were each split or rewritten.
    for code in ("CAP3", "CAP4", "CAP6", "HIS6", "AMB2", "GOV1", "GOV5", "VCS7", "HIS5"):
        assert CHANGES_FROM_V1[code]["change"] in {Change.SPLIT, Change.REWORDED}, code
    assert CHANGES_FROM_V1["GOV3"]["change"] == Change.REPLACED


def test_the_docs_table_names_every_version_1_and_version_2_code():
    docs = DOCS.read_text(encoding="utf-8")
    v2_codes = [q["code"] for q in STATEMENTS] + [b["code"] for b in BARRIERS]
    missing = [c for c in V1_CODES + v2_codes if not re.search(rf"\b{c}\b", docs)]
    assert missing == []
    for barrier in BARRIERS:
        assert f"`{barrier['key']}`" in docs, barrier["key"]


@pytest.mark.django_db
def test_it_loads_with_the_version_1_loader_and_every_question_is_valid():
    from assessments.frameworks import framework_load_content, framework_unreadable_questions

    framework = framework_load_content(content=PIP_HEALTH_CHECK_V2, publish=False)
    assert (framework.slug, framework.version) == ("pip-health-check", 2)
    assert list(framework.dimensions.order_by("order").values_list("key", flat=True)) == [
        d["key"] for d in DIMENSIONS
    ]
    assert framework.questions.count() == len(STATEMENTS)
    assert framework_unreadable_questions(framework=framework) == []
    for question in framework.questions.all():
        question.full_clean()
    framework.full_clean()
    stored = dict(framework.questions.filter(reverse=True).values_list("code", "reading"))
    assert stored == {q["code"]: q["reading"] for q in STATEMENTS if q["reverse"]}
