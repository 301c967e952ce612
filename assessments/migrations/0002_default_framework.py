from django.db import migrations


def load_default_framework(apps, schema_editor):
    from assessments.frameworks import framework_load_content, shipped_content

    framework_load_content(
        content=shipped_content(),
        framework_model=apps.get_model("assessments", "Framework"),
        dimension_model=apps.get_model("assessments", "Dimension"),
        question_model=apps.get_model("assessments", "Question"),
    )


def remove_default_framework(apps, schema_editor):
    apps.get_model("assessments", "Framework").objects.filter(
        slug="pip-health-check", version=1, rounds__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(load_default_framework, remove_default_framework)]
