"""Comment moderation: a comment can be hidden, each decision is recorded, and comments get
a random key to be named by in moderation URLs."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def give_each_comment_a_key(apps, schema_editor):
    # A callable default is evaluated once for AddField: every existing row would share it.
    Comment = apps.get_model("assessments", "Comment")
    for comment in Comment.objects.filter(key__isnull=True).only("pk").iterator():
        Comment.objects.filter(pk=comment.pk).update(key=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_question_reading"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="hidden",
            field=models.BooleanField(default=False, verbose_name="hidden"),
        ),
        migrations.AddField(
            model_name="comment",
            name="key",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(give_each_comment_a_key, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="comment",
            name="key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.CreateModel(
            name="CommentDecision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "action",
                    models.CharField(
                        choices=[("hide", "Hidden"), ("show", "Shown again")],
                        max_length=10,
                        verbose_name="action",
                    ),
                ),
                (
                    "reason",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("personal_data", "Contains personal data"),
                            ("defamatory", "Defamatory"),
                            ("identifies", "Identifies someone"),
                            ("other", "Other"),
                        ],
                        max_length=20,
                        verbose_name="reason",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="note")),
                ("decided_at", models.DateTimeField(verbose_name="decided")),
                (
                    "after_publication",
                    models.BooleanField(default=False, verbose_name="after publication"),
                ),
                (
                    "comment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="decisions",
                        to="assessments.comment",
                    ),
                ),
                (
                    "decided_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["decided_at", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("action", "hide"), models.Q(("reason", ""), _negated=True)
                            ),
                            models.Q(("action", "show"), ("reason", "")),
                            _connector="OR",
                        ),
                        name="commentdecision_reason_only_to_hide",
                    )
                ],
            },
        ),
    ]
