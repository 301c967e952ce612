import io
import json

import pytest
from django.core.management import CommandError, call_command

from assessments.models import AreaRound, AreaRoundStatus, Response, ResponseStatus, Round
from partnerships.models import CouncilArea, Membership, Role


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())


def test_seed_demo_creates_the_first_wave_programme(seeded):
    assert CouncilArea.objects.count() == 8
    waltham = CouncilArea.objects.get(slug="waltham-forest")
    assert (waltham.name, waltham.council_type) == ("Waltham Forest", "london_borough")
    assert CouncilArea.objects.get(slug="bassetlaw").council_type == "district"
    baseline = Round.objects.get(slug="baseline")
    assert baseline.framework.slug == "pip-health-check"
    baseline_areas = AreaRound.objects.filter(round=baseline)
    assert baseline_areas.count() == 8
    assert all(ar.status == AreaRoundStatus.CLOSED and ar.is_published for ar in baseline_areas)
    follow_up = AreaRound.objects.filter(round__slug="follow-up")
    assert follow_up.count() >= 4
    # Sponsors see trends: two areas have published their follow-up; the rest are open.
    published = {ar.area.slug for ar in follow_up if ar.is_published}
    assert published == {"bassetlaw", "swansea"}
    assert all(
        ar.status == AreaRoundStatus.OPEN for ar in follow_up if ar.area.slug not in published
    )
    for area_round in AreaRound.objects.filter(results_published_at__isnull=False):
        assert area_round.publications.get().number == 1
        assert area_round.score.overall is not None or area_round.score.respondents_total
    for area in CouncilArea.objects.all():
        sectors = set(
            Membership.objects.filter(area=area, role=Role.COORDINATOR).values_list(
                "sector", flat=True
            )
        )
        assert sectors == {"council", "vcs"}, area
    assert Membership.objects.filter(role=Role.SPONSOR).exists()


def test_seed_demo_has_an_area_with_too_few_vcs_respondents(seeded):
    submitted = Response.objects.filter(
        area_round__round__slug="baseline", status=ResponseStatus.SUBMITTED
    )
    vcs_counts = {
        area.slug: submitted.filter(area_round__area=area, sector="vcs").count()
        for area in CouncilArea.objects.all()
    }
    assert min(vcs_counts.values()) < 3 <= sorted(vcs_counts.values())[1]


def test_seed_demo_is_idempotent_and_deterministic(seeded):
    def snapshot():
        rows = Response.objects.values_list(
            "respondent_ref", "sector", "status", "answers__question__code", "answers__value"
        )
        return sorted(rows, key=repr)

    before = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == before


def test_export_framework_prints_the_published_shape(db, capsys):
    call_command("export_framework", "pip-health-check")
    data = json.loads(capsys.readouterr().out)
    assert data["slug"] == "pip-health-check"
    assert data["version"] == 1
    assert data["scale"] == {"min": 1, "max": 5}
    assert data["settings"] == {
        "min_group_size": 3,
        "gap_flag": 15.0,
        "green": 70.0,
        "amber": 50.0,
    }
    core = [d["key"] for d in data["dimensions"] if d["core"]]
    assert core == ["history", "attitudes", "vcs_relationships", "capacity"]
    question = data["dimensions"][0]["questions"][0]
    assert {"code", "text", "reverse"} <= question.keys()


def test_export_framework_names_an_unknown_slug(db):
    with pytest.raises(CommandError, match="No framework 'nope'"):
        call_command("export_framework", "nope")


GOOD_CSV = """name,slug,gss_code,region,nation,council_type
Bristol,bristol,E06000023,South West,england,unitary
Cardiff,cardiff,W06000015,Wales,wales,welsh_principal
"""


def test_import_areas_creates_then_updates(db, tmp_path, capsys):
    path = tmp_path / "areas.csv"
    path.write_text(GOOD_CSV)
    call_command("import_areas", str(path))
    assert "2 area(s) created, 0 updated" in capsys.readouterr().out
    path.write_text(GOOD_CSV.replace("South West", "South West England"))
    call_command("import_areas", str(path))
    assert "0 area(s) created, 2 updated" in capsys.readouterr().out
    assert CouncilArea.objects.get(slug="bristol").region == "South West England"


def test_import_areas_reports_every_bad_row_and_writes_nothing(db, tmp_path, capsys):
    path = tmp_path / "areas.csv"
    path.write_text(
        GOOD_CSV
        + "Nowhere,nowhere,X123,Nowhere,atlantis,unitary\n"
        + "Bristol again,bristol,E06000099,South West,england,unitary\n"
    )
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_areas", str(path))
    errors = capsys.readouterr().err
    assert "line 4:" in errors and "nation" in errors and "gss_code" in errors
    assert "line 5: slug 'bristol' already given on line 2" in errors
    assert CouncilArea.objects.count() == 0


def test_import_areas_rejects_a_wrong_header(db, tmp_path, capsys):
    path = tmp_path / "areas.csv"
    path.write_text("name,slug\nBristol,bristol\n")
    with pytest.raises(CommandError):
        call_command("import_areas", str(path))
    assert "header must be exactly" in capsys.readouterr().err
