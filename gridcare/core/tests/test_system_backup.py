"""A tested restore: deploy/backup.sh dumps the test database and the uploads,
deploy/restore.sh restores them into a new database, and the copy has the same rows
in every table, the same appeals and sequences that continue after the stored ids."""

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from gridcare.appeals.models import Appeal
from gridcare.core.tests.test_system_processes import (
    ROOT,
    child_env,
    needs_postgres,
    test_database_url,
)

pytestmark = [
    needs_postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COUNT_ROWS = """
SELECT table_name,
       (xpath('/row/c/text()', query_to_xml(
           format('SELECT count(*) AS c FROM %I.%I', table_schema, table_name),
           false, true, '')))[1]::text::bigint
FROM information_schema.tables
WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
ORDER BY 1
"""


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*args],
        cwd=ROOT,
        env=child_env(**env),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def _rows(url: str) -> dict[str, int]:
    with psycopg.connect(url) as db:
        return dict(db.execute(COUNT_ROWS).fetchall())


def test_backup_restores_into_a_new_database_with_every_row(
    tmp_path: Path, make_appeal: Callable[..., Appeal], other_consumer: Any
) -> None:
    # Given a registry with appeals and an uploaded file.
    appeals = [make_appeal() for _ in range(3)] + [make_appeal(user=other_consumer)]
    media = tmp_path / "media"
    (media / "attachments").mkdir(parents=True)
    (media / "attachments" / "act.pdf").write_bytes(b"%PDF-1.4 test")
    source = test_database_url()
    target = f"{source}_restore"
    backups = tmp_path / "backups"

    # When it is backed up and restored into a new database.
    backup = _run("deploy/backup.sh", str(backups), MEDIA_ROOT=str(media))
    assert backup.returncode == 0, backup.stderr
    snapshot = Path(backup.stdout.strip())
    assert (snapshot / "gridcare.dump").stat().st_size > 0
    try:
        restore = _run(
            "deploy/restore.sh",
            "--create",
            str(snapshot),
            target,
            str(tmp_path / "media-restored"),
        )
        assert restore.returncode == 0, restore.stderr
        assert "row counts equal" in restore.stderr

        # Then every table has the same rows, the appeals are the same, and new rows
        # get ids after the restored ones.
        assert _rows(target) == _rows(source)
        with psycopg.connect(target) as db:
            restored = db.execute(
                "SELECT id, number, status FROM appeals_appeal ORDER BY id"
            ).fetchall()
            next_id = db.execute(
                "SELECT nextval(pg_get_serial_sequence('appeals_appeal', 'id'))"
            ).fetchone()
        assert restored == [(a.pk, a.number, a.status) for a in appeals]
        assert next_id is not None and next_id[0] > max(a.pk for a in appeals)
        copied = tmp_path / "media-restored" / "attachments" / "act.pdf"
        assert copied.read_bytes() == b"%PDF-1.4 test"
    finally:
        name = target.rsplit("/", 1)[1]
        with psycopg.connect(source, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
