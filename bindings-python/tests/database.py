"""Which database the suite runs on: a SQLite file by default or, with
CORPORATE_BILLING_TEST_POSTGRES set to a server URL, a schema of its own on that server for
each test. The raw access here is for what the library never does itself (tampering, holding
its locks), as someone with access to the database could."""

from __future__ import annotations

import os
import sqlite3
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

POSTGRES = os.environ.get("CORPORATE_BILLING_TEST_POSTGRES") or None

sqlite_only = pytest.mark.skipif(POSTGRES is not None, reason="proves something of SQLite's file alone")


def fresh(tmp_path: Path, name: str = "portal.db") -> str:
    """A new, empty database: a file under `tmp_path`, or a new schema on the server."""
    if POSTGRES is None:
        return str(tmp_path / name)
    import psycopg

    schema = f"py_{uuid.uuid4().hex}"
    with psycopg.connect(POSTGRES, autocommit=True) as c:
        c.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in POSTGRES else "?"
    return f"{POSTGRES}{sep}options={quote(f'-csearch_path={schema}')}"


def drop(database: str) -> None:
    """Removes a schema `fresh` made; a file goes with its temporary directory."""
    if POSTGRES is None:
        return
    import psycopg

    with psycopg.connect(database, autocommit=True) as c:
        c.execute("DROP SCHEMA IF EXISTS " + schema_of(c) + " CASCADE")


def schema_of(connection: object) -> str:
    import psycopg

    assert isinstance(connection, psycopg.Connection)
    row = connection.execute("SELECT current_schema()").fetchone()
    assert row is not None
    return str(row[0])


def execute(database: str, sql: str) -> None:
    """Runs statements on the database behind the library's back."""
    if POSTGRES is None:
        with sqlite3.connect(database) as c:
            c.executescript(sql)
        c.close()
        return
    import psycopg

    with psycopg.connect(database, autocommit=True) as pg:
        pg.execute(sql.encode())


def unlock_audit_log(database: str) -> None:
    """Lifts the database's own guard on the audit log, its append-only triggers."""
    execute(
        database,
        "ALTER TABLE audit_log DISABLE TRIGGER USER"
        if POSTGRES is not None
        else "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;",
    )


# Run as a separate process by `write_lock_holder`: takes the portal's write lock, says so, and
# keeps it until its stdin closes.
LOCK_HOLDER = """
import sys
database = sys.argv[1]
if database.startswith("postgres"):
    import psycopg
    db = psycopg.connect(database, autocommit=True)
    db.execute("BEGIN")
    db.execute("SELECT pg_advisory_xact_lock(1128429426, hashtext(current_schema()))")
else:
    import sqlite3
    db = sqlite3.connect(database, isolation_level=None)
    db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
db.execute("ROLLBACK")
"""
