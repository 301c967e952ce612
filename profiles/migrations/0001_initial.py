"""The area profile's models, moved here from ``partnerships``: the tables it created stay
as they are (``db_table``), so this records the models and touches no table. Their content
types move with them, so permissions and admin history stay attached."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MOVED = (
    "agreementsignature",
    "agreementversion",
    "developmentaction",
    "fundingstability",
    "historyevent",
    "planaction",
    "recognition",
)


def content_types_move(apps, schema_editor, source="partnerships", target="profiles"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if ContentType.objects.filter(app_label=target, model=model).exists():
            continue
        ContentType.objects.filter(app_label=source, model=model).update(app_label=target)


def content_types_move_back(apps, schema_editor):
    content_types_move(apps, schema_editor, source="profiles", target="partnerships")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('assessments', '0001_initial'),
        ('partnerships', '0005_move_area_profile_to_profiles'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
            migrations.CreateModel(
                name='AgreementVersion',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('number', models.PositiveIntegerField(verbose_name='version')),
                    ('purpose', models.TextField(max_length=4000, verbose_name='purpose of the partnership')),
                    ('council_role', models.TextField(max_length=4000, verbose_name='role of the council')),
                    ('vcs_role', models.TextField(max_length=4000, verbose_name='role of the voluntary and community sector')),
                    ('other_roles', models.TextField(blank=True, max_length=4000, verbose_name='roles of other partners')),
                    ('decision_making', models.TextField(max_length=4000, verbose_name='how decisions are made')),
                    ('disagreements', models.TextField(max_length=4000, verbose_name='how disagreements are handled')),
                    ('consultation_weeks', models.PositiveSmallIntegerField(blank=True, help_text='The minimum time given to the other sector to respond to a consultation.', null=True, verbose_name='consultation period (weeks)')),
                    ('multi_year_funding', models.BooleanField(default=False, verbose_name='multi-year funding agreements where possible')),
                    ('notice_period_weeks', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='notice period for changing or ending funding (weeks)')),
                    ('compact_notes', models.TextField(blank=True, max_length=4000, verbose_name='other Compact commitments')),
                    ('lock_version', models.PositiveIntegerField(default=0)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('area', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='agreement_versions', to='partnerships.councilarea')),
                    ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'pre-partnership agreement version',
                    'db_table': 'partnerships_agreementversion',
                    'ordering': ['area', '-number'],
                },
            ),
            migrations.CreateModel(
                name='AgreementSignature',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('sector', models.CharField(choices=[('council', 'Council'), ('vcs', 'Voluntary and community sector'), ('other', 'Other public body')], max_length=10, verbose_name='sector')),
                    ('signer_name', models.CharField(max_length=200, verbose_name='signed by')),
                    ('signed_at', models.DateTimeField(verbose_name='signed')),
                    ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='signatures', to='profiles.agreementversion')),
                ],
                options={
                    'db_table': 'partnerships_agreementsignature',
                    'ordering': ['version', 'sector'],
                },
            ),
            migrations.CreateModel(
                name='DevelopmentAction',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('title', models.CharField(max_length=300, verbose_name='action')),
                    ('owner_name', models.CharField(max_length=200, verbose_name='owner')),
                    ('due_date', models.DateField(verbose_name='due by')),
                    ('done', models.BooleanField(default=False, verbose_name='done')),
                    ('lock_version', models.PositiveIntegerField(default=0)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('version', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='development_actions', to='profiles.agreementversion')),
                ],
                options={
                    'verbose_name': 'development phase action',
                    'db_table': 'partnerships_developmentaction',
                    'ordering': ['version', 'due_date', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='FundingStability',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('long_term_share', models.DecimalField(decimal_places=1, max_digits=4, verbose_name='share of VCS funding agreements of three years or more (%)')),
                    ('notice_period_weeks', models.PositiveSmallIntegerField(verbose_name='typical notice period (weeks)')),
                    ('notes', models.CharField(blank=True, max_length=500, verbose_name='notes')),
                    ('lock_version', models.PositiveIntegerField(default=0)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('area', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='funding_records', to='partnerships.councilarea')),
                    ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='funding_records', to='assessments.round')),
                ],
                options={
                    'verbose_name': 'funding stability record',
                    'db_table': 'partnerships_fundingstability',
                    'ordering': ['area', 'round__opens'],
                },
            ),
            migrations.CreateModel(
                name='HistoryEvent',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('date', models.DateField(verbose_name='date')),
                    ('kind', models.CharField(choices=[('compact', 'Local Compact signed or refreshed'), ('funding_dispute', 'Funding dispute'), ('joint_commission', 'Joint commission'), ('lead_officer_change', 'Change of lead officer'), ('infrastructure_formed', 'Infrastructure body formed'), ('infrastructure_closed', 'Infrastructure body closed'), ('other', 'Other')], max_length=30, verbose_name='kind of event')),
                    ('sectors', models.JSONField(default=list, verbose_name='sectors touched')),
                    ('effect', models.CharField(choices=[('helped', 'Helped the partnership'), ('strained', 'Strained the partnership'), ('neutral', 'Neither helped nor strained')], max_length=10, verbose_name='effect')),
                    ('description', models.CharField(max_length=500, verbose_name='description')),
                    ('lock_version', models.PositiveIntegerField(default=0)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('area', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='history_events', to='partnerships.councilarea')),
                    ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ],
                options={
                    'verbose_name': 'history event',
                    'db_table': 'partnerships_historyevent',
                    'ordering': ['-date', '-pk'],
                },
            ),
            migrations.CreateModel(
                name='PlanAction',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('dimension_key', models.SlugField(blank=True, max_length=40, verbose_name='dimension')),
                    ('suggestion_key', models.SlugField(blank=True, max_length=60)),
                    ('title', models.CharField(max_length=300, verbose_name='action')),
                    ('detail', models.TextField(blank=True, max_length=2000, verbose_name='detail')),
                    ('owner_name', models.CharField(max_length=200, verbose_name='owner')),
                    ('sector', models.CharField(choices=[('council', 'Council'), ('vcs', 'Voluntary and community sector'), ('other', 'Other public body')], max_length=10, verbose_name='sector')),
                    ('due_date', models.DateField(verbose_name='due by')),
                    ('status', models.CharField(choices=[('not_started', 'Not started'), ('in_progress', 'In progress'), ('done', 'Done')], default='not_started', max_length=12, verbose_name='status')),
                    ('lock_version', models.PositiveIntegerField(default=0)),
                    ('created_at', models.DateTimeField(auto_now_add=True)),
                    ('updated_at', models.DateTimeField(auto_now=True)),
                    ('area', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='plan_actions', to='partnerships.councilarea')),
                    ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('round', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='plan_actions', to='assessments.round')),
                ],
                options={
                    'verbose_name': 'action plan action',
                    'db_table': 'partnerships_planaction',
                    'ordering': ['due_date', 'pk'],
                },
            ),
            migrations.CreateModel(
                name='Recognition',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('title', models.CharField(max_length=200, verbose_name='title')),
                    ('note', models.TextField(max_length=2000, verbose_name='case note')),
                    ('recognised_by_name', models.CharField(max_length=200, verbose_name='recognised by')),
                    ('recognised_at', models.DateTimeField(verbose_name='recognised')),
                    ('area', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recognitions', to='partnerships.councilarea')),
                    ('recognised_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('round', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='recognitions', to='assessments.round')),
                ],
                options={
                    'verbose_name': 'innovation worth sharing',
                    'verbose_name_plural': 'innovations worth sharing',
                    'db_table': 'partnerships_recognition',
                    'ordering': ['-recognised_at', '-pk'],
                },
            ),
            migrations.AddConstraint(
                model_name='agreementversion',
                constraint=models.UniqueConstraint(fields=('area', 'number'), name='agreementversion_unique'),
            ),
            migrations.AddConstraint(
                model_name='agreementversion',
                constraint=models.CheckConstraint(condition=models.Q(('number__gte', 1)), name='agreementversion_number_positive'),
            ),
            migrations.AddConstraint(
                model_name='agreementsignature',
                constraint=models.UniqueConstraint(fields=('version', 'sector'), name='agreementsignature_one_per_sector'),
            ),
            migrations.AddConstraint(
                model_name='fundingstability',
                constraint=models.UniqueConstraint(fields=('area', 'round'), name='fundingstability_unique'),
            ),
            migrations.AddConstraint(
                model_name='fundingstability',
                constraint=models.CheckConstraint(condition=models.Q(('long_term_share__gte', 0), ('long_term_share__lte', 100)), name='fundingstability_share_is_percentage'),
            ),
            migrations.AddIndex(
                model_name='historyevent',
                index=models.Index(fields=['area', 'date'], name='partnership_area_id_7937cb_idx'),
            ),
            migrations.AddIndex(
                model_name='planaction',
                index=models.Index(fields=['area', 'round', 'status'], name='partnership_area_id_f040d2_idx'),
            ),
            ],
        ),
        migrations.RunPython(content_types_move, content_types_move_back),
    ]
