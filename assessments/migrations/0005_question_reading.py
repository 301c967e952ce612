"""Question.reading: a reverse-worded statement's wording in the scored direction.

The published version 1 of the shipped framework gets its readings here (the same text as
``assessments.framework_content``, copied so this migration never changes meaning when that
module does). Only empty readings of reverse-worded questions are filled.
"""

from django.db import migrations, models

READINGS = {
    "HIS3": "Past disputes no longer get in the way of working together.",
    "HIS6": "Progress between the two sectors survives changes of staff or leadership.",
    "ATT6": (
        "Council officers see working with voluntary and community organisations as worth "
        "the effort."
    ),
    "VCS3": (
        "Competition for funding does not damage relationships between voluntary and "
        "community organisations."
    ),
    "VCS7": "Organisations that speak for the whole sector check with the others first.",
    "CAP5": "Partnership working does not depend on just one or two people.",
    "AMB5": "Local partners can realistically deliver what government policy asks of our area.",
    "GOV4": (
        "Council funding for voluntary and community organisations is long enough for them "
        "to plan ahead."
    ),
}


def fill_readings(apps, schema_editor):
    Question = apps.get_model("assessments", "Question")
    for code, reading in READINGS.items():
        Question.objects.filter(
            framework__slug="pip-health-check",
            framework__version=1,
            code=code,
            reverse=True,
            reading="",
        ).update(reading=reading)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_import_batch")]

    operations = [
        migrations.AddField(
            model_name="question",
            name="reading",
            field=models.CharField(
                blank=True,
                help_text=(
                    "For reverse-worded statements only: a short positive wording that reads "
                    "the way the statement is scored, shown in results. For example, 'Past "
                    "disputes no longer get in the way of working together'."
                ),
                max_length=300,
                verbose_name="reading in the scored direction",
            ),
        ),
        migrations.RunPython(fill_readings, migrations.RunPython.noop),
    ]
