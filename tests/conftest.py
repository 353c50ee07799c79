"""Shared fixtures. Tests never touch the real user data folder: HOME, XDG folders and
ROLODEX_DB point into a temporary directory for the whole session.

``store`` runs each core test twice: on a fresh SQLite file and on a fresh schema of the
PostgreSQL server at 127.0.0.1:5432 (dropped afterwards). No mocks of the database.
"""

from __future__ import annotations

import os
import uuid
from datetime import datetime

import pytest

PG_URL = os.environ.get("ROLODEX_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 11, 26, 10, 0, 0)


@pytest.fixture(autouse=True, scope="session")
def _isolated_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    saved = {k: os.environ.get(k) for k in
             ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "ROLODEX_DB")}
    os.environ["HOME"] = str(home)
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    os.environ["XDG_CACHE_HOME"] = str(home / "cache")
    os.environ.pop("ROLODEX_DB", None)
    yield home
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


def fixed_clock():
    return NOW


def _pg_schema_url() -> tuple[str, str]:
    schema = "t_" + uuid.uuid4().hex[:12]
    return f"{PG_URL}?options=-csearch_path%3D{schema}", schema


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'rolodex.db'}"


_PG_DOWN: list[str] = []


def _pg_or_skip(base: str):
    """A connection to the test server; skip (fail when $CI is set) if it is unreachable."""
    import psycopg

    if _PG_DOWN and not os.environ.get("CI"):
        pytest.skip(_PG_DOWN[0])
    try:
        return psycopg.connect(base, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL test server unreachable at {PG_URL} ({str(exc).strip()[:120]})"
        if os.environ.get("CI"):
            pytest.fail(reason + "; $CI is set, so this is a failure")
        _PG_DOWN.append(reason)
        pytest.skip(reason)


@pytest.fixture
def pg_url():
    """A fresh PostgreSQL schema for one test, dropped afterwards."""
    import psycopg

    from rolodex.core.paths import libpq_url

    url, schema = _pg_schema_url()
    base = libpq_url(PG_URL)
    with _pg_or_skip(base) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    yield url
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'rolodex.db'}"
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url):
    from rolodex.core.db.store import Store

    s = Store(db_url, clock=fixed_clock)
    yield s
    s.close()


@pytest.fixture
def sqlite_store(sqlite_url):
    from rolodex.core.db.store import Store

    s = Store(sqlite_url, clock=fixed_clock)
    yield s
    s.close()
