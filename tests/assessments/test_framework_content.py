"""The shipped PIP health check content is well formed (plain data, no database)."""

import re

from assessments.framework_content import BARRIERS, PIP_HEALTH_CHECK, SCALE_LABELS

DIMENSIONS = PIP_HEALTH_CHECK["dimensions"]
QUESTIONS = [q for d in DIMENSIONS for q in d["questions"]]


def test_six_dimensions_in_order():
    assert [d["key"] for d in DIMENSIONS] == [
        "history",
        "attitudes",
        "vcs_relationships",
        "capacity",
        "ambition",
        "governance",
    ]
    assert [d["order"] for d in DIMENSIONS] == [1, 2, 3, 4, 5, 6]


def test_core_dimensions_are_the_four_key_variables():
    core = {d["key"] for d in DIMENSIONS if d["core"]}
    assert core == {"history", "attitudes", "vcs_relationships", "capacity"}


def test_core_dimensions_have_five_to_eight_questions():
    for d in DIMENSIONS:
        if d["core"]:
            assert 5 <= len(d["questions"]) <= 8, d["key"]
        else:
            assert len(d["questions"]) >= 4, d["key"]


def test_codes_unique_and_well_formed():
    codes = [q["code"] for q in QUESTIONS]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert re.fullmatch(r"[A-Z]{3}\d+", code), code


def test_each_dimension_has_a_reverse_item():
    for d in DIMENSIONS:
        assert any(q["reverse"] for q in d["questions"]), d["key"]
        assert not all(q["reverse"] for q in d["questions"]), d["key"]


def test_barriers_point_at_positive_ambition_questions():
    ambition = next(d for d in DIMENSIONS if d["key"] == "ambition")
    by_code = {q["code"]: q for q in ambition["questions"]}
    assert [b["key"] for b in BARRIERS] == ["resources", "skills", "agendas", "timescales"]
    for barrier in BARRIERS:
        assert barrier["question"] in by_code, barrier
        assert by_code[barrier["question"]]["reverse"] is False, barrier


def test_scale_and_settings():
    assert PIP_HEALTH_CHECK["scale_labels"] is SCALE_LABELS
    span = PIP_HEALTH_CHECK["scale_max"] - PIP_HEALTH_CHECK["scale_min"] + 1
    assert len(SCALE_LABELS) == span
    assert PIP_HEALTH_CHECK["amber"] < PIP_HEALTH_CHECK["green"]


def test_text_fits_the_model_fields():
    for q in QUESTIONS:
        assert q["text"].strip() and len(q["text"]) <= 300, q["code"]
        assert len(q["help_text"]) <= 500, q["code"]
        assert isinstance(q["reverse"], bool), q["code"]
        assert len(q["text"].split()) <= 25, q["code"]
    for d in DIMENSIONS:
        assert d["description"].strip() and len(d["name"]) <= 200, d["key"]


def test_every_reverse_worded_statement_has_a_reading_in_the_scored_direction():
    for q in QUESTIONS:
        reading = q.get("reading", "")
        if q["reverse"]:
            assert reading.strip() and reading != q["text"], q["code"]
            assert len(reading) <= 300 and len(reading.split()) <= 20, q["code"]
        else:
            assert reading == "", q["code"]
