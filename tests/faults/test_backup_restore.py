"""Backups: a pg_dump of a seeded database restores into an empty one with the same rows
(the procedure in docs/reliability.md)."""

import subprocess

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from assessments.scoring import scores_refresh
from partnerships.models import Sector
from tests.factories import submitted_response
from tests.faults.conftest import report

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _libpq_args(db: dict, name: str) -> list[str]:
    return [
        "-h",
        db.get("HOST") or "127.0.0.1",
        "-p",
        str(db.get("PORT") or 5432),
        "-U",
        db.get("USER") or "postgres",
        "-d",
        name,
    ]


def _row_counts(db: dict, name: str) -> dict[str, int]:
    conn = psycopg2.connect(
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        dbname=name,
    )
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
            tables = [row[0] for row in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT count(*) FROM "{table}"')
                counts[table] = cursor.fetchone()[0]
            return counts
    finally:
        conn.close()


def test_a_dump_restores_into_an_empty_database_with_the_same_rows(world, tmp_path, capsys):
    if connection.vendor != "postgresql":
        pytest.skip("Backups are pg_dump/pg_restore: DATABASE_URL is not PostgreSQL")
    for sector, value in [(Sector.COUNCIL, 4), (Sector.COUNCIL, 5), (Sector.VCS, 3)] * 3:
        submitted_response(
            area_round=world.area_round_a,
            sector=sector,
            default=value,
            comments={"history": "Kept in the backup"},
        )
    scores_refresh(area_round=world.area_round_a)
    db = settings.DATABASES["default"]
    source = db["NAME"]
    target = f"{source}_restored"[:63]
    dump = tmp_path / "pip-portal.dump"
    env = {"PGPASSWORD": db.get("PASSWORD") or "", "PATH": "/usr/bin:/bin:/usr/local/bin"}

    subprocess.run(
        ["pg_dump", "-Fc", "--no-owner", "-f", str(dump), *_libpq_args(db, source)],
        check=True,
        env=env,
        timeout=120,
    )
    admin = _libpq_args(db, "postgres")
    subprocess.run(["dropdb", "--if-exists", *admin[:-2], target], check=True, env=env)
    subprocess.run(["createdb", *admin[:-2], target], check=True, env=env)
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", *_libpq_args(db, target), str(dump)],
            check=True,
            env=env,
            timeout=120,
        )
        before, after = _row_counts(db, source), _row_counts(db, target)
    finally:
        subprocess.run(["dropdb", "--if-exists", *admin[:-2], target], check=True, env=env)

    assert after == before
    assert before["assessments_answer"] > 0 and before["assessments_comment"] == 9
    report(
        capsys,
        f"backup: {len(before)} tables, {sum(before.values())} rows dumped, "
        f"{sum(after.values())} restored, {dump.stat().st_size} bytes, 0 differences",
    )
