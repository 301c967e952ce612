import pytest

from assessments.frameworks import framework_new_version, latest_published
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
