"""The area profile's models move to the ``profiles`` app. Only Django's record of the
models changes: the tables stay, with their names and rows (``profiles`` declares them with
``db_table``), so nothing in the database is touched."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('partnerships', '0004_councilarea_profile_version'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
            migrations.RemoveField(
                model_name='agreementversion',
                name='area',
            ),
            migrations.RemoveField(
                model_name='agreementversion',
                name='created_by',
            ),
            migrations.RemoveField(
                model_name='developmentaction',
                name='version',
            ),
            migrations.RemoveField(
                model_name='fundingstability',
                name='area',
            ),
            migrations.RemoveField(
                model_name='fundingstability',
                name='round',
            ),
            migrations.RemoveField(
                model_name='historyevent',
                name='area',
            ),
            migrations.RemoveField(
                model_name='historyevent',
                name='created_by',
            ),
            migrations.RemoveField(
                model_name='planaction',
                name='area',
            ),
            migrations.RemoveField(
                model_name='planaction',
                name='created_by',
            ),
            migrations.RemoveField(
                model_name='planaction',
                name='round',
            ),
            migrations.RemoveField(
                model_name='recognition',
                name='area',
            ),
            migrations.RemoveField(
                model_name='recognition',
                name='recognised_by',
            ),
            migrations.RemoveField(
                model_name='recognition',
                name='round',
            ),
            migrations.DeleteModel(
                name='AgreementSignature',
            ),
            migrations.DeleteModel(
                name='AgreementVersion',
            ),
            migrations.DeleteModel(
                name='DevelopmentAction',
            ),
            migrations.DeleteModel(
                name='FundingStability',
            ),
            migrations.DeleteModel(
                name='HistoryEvent',
            ),
            migrations.DeleteModel(
                name='PlanAction',
            ),
            migrations.DeleteModel(
                name='Recognition',
            ),
            ],
        ),
    ]
