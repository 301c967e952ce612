import pytest
from django.core.exceptions import ValidationError

from assessments.frameworks import (
    framework_export,
    framework_new_version,
    framework_publish,
    latest_published,
)
from assessments.models import Framework

KEY_VARIABLES = ["history", "attitudes", "vcs_relationships", "capacity"]


@pytest.fixture
def framework(db):
    return latest_published("pip-health-check")


def test_the_shipped_framework_has_the_four_key_variables_as_core_dimensions(framework):
    core = framework.dimensions.filter(core=True).order_by("order")
    assert [d.key for d in core] == KEY_VARIABLES
    for dimension in core:
        assert 5 <= dimension.questions.count() <= 8
        assert dimension.questions.filter(reverse=True).exists()
    supplementary = framework.dimensions.filter(core=False).values_list("key", flat=True)
    assert set(supplementary) == {"ambition", "governance"}
    barriers = framework.questions.exclude(barrier="").values_list("barrier", flat=True)
    assert set(barriers) == {"resources", "skills", "agendas", "timescales"}


def test_a_new_version_copies_questions_and_leaves_the_published_one_alone(framework):
    codes = list(framework.questions.order_by("code").values_list("code", "text", "reverse"))
    draft = framework_new_version(framework=framework)
    assert (draft.version, draft.is_published) == (2, False)
    assert list(draft.questions.order_by("code").values_list("code", "text", "reverse")) == codes
    draft.questions.filter(code="HIS1").update(text="Changed wording")
    framework.refresh_from_db()
    assert framework.questions.get(code="HIS1").text != "Changed wording"
    assert latest_published("pip-health-check") == framework
    assert Framework.objects.filter(slug="pip-health-check").count() == 2


def test_the_published_version_1_has_its_readings_from_the_data_migration(framework):
    from assessments.framework_content import PIP_HEALTH_CHECK

    shipped = {
        q["code"]: q.get("reading", "")
        for d in PIP_HEALTH_CHECK["dimensions"]
        for q in d["questions"]
    }
    stored = dict(framework.questions.values_list("code", "reading"))
    assert stored == shipped
    assert stored["HIS3"] == "Past disputes no longer get in the way of working together."


def test_a_new_version_copies_the_readings_and_the_export_carries_them(framework):
    draft = framework_new_version(framework=framework)
    assert list(draft.questions.order_by("code").values_list("code", "reading")) == list(
        framework.questions.order_by("code").values_list("code", "reading")
    )
    exported = framework_export(framework=draft)
    [history] = [d for d in exported["dimensions"] if d["key"] == "history"]
    [disputes] = [q for q in history["questions"] if q["code"] == "HIS3"]
    assert disputes["reverse"] is True
    assert disputes["reading"] == "Past disputes no longer get in the way of working together."


def test_the_export_command_prints_the_readings(framework):
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("export_framework", "pip-health-check", stdout=out)
    questions = [q for d in json.loads(out.getvalue())["dimensions"] for q in d["questions"]]
    assert {q["code"] for q in questions if q["reading"]} == {
        q.code for q in framework.questions.filter(reverse=True)
    }


def test_loading_content_keeps_each_reading(db):
    from assessments.frameworks import framework_load_content, shipped_content

    content = {**shipped_content(), "slug": "copy-of-the-health-check"}
    loaded = framework_load_content(content=content, publish=False)
    assert loaded.questions.get(code="CAP5").reading == (
        "Partnership working does not depend on just one or two people."
    )
    assert loaded.questions.get(code="CAP1").reading == ""


def test_a_draft_with_a_reverse_statement_but_no_reading_cannot_be_published(framework):
    draft = framework_new_version(framework=framework)
    draft.questions.filter(code__in=["HIS3", "GOV4"]).update(reading="  ")
    with pytest.raises(ValidationError) as refused:
        framework_publish(framework=draft)
    message = " ".join(refused.value.messages)
    assert "reading in the scored direction" in message
    assert "HIS3, GOV4" in message
    draft.refresh_from_db()
    assert not draft.is_published
    draft.questions.filter(code="HIS3").update(reading="Past disputes are behind us.")
    draft.questions.filter(code="GOV4").update(reading="Funding lets groups plan ahead.")
    assert framework_publish(framework=draft).is_published


def test_a_question_names_a_missing_or_misplaced_reading(framework):
    disputes = framework.questions.get(code="HIS3")
    disputes.reading = ""
    with pytest.raises(ValidationError) as missing:
        disputes.full_clean()
    assert "reading" in missing.value.message_dict
    plain = framework.questions.get(code="HIS1")
    plain.reading = "A reading nobody would see."
    with pytest.raises(ValidationError) as misplaced:
        plain.full_clean()
    assert "Only reverse-worded statements" in misplaced.value.message_dict["reading"][0]
