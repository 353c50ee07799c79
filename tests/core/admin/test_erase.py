"""rolodex erase: a person asks to be forgotten. Everything of theirs goes in one
transaction; shared interactions stay without them; on SQLite no byte of them is left in
the file or its WAL."""

from __future__ import annotations

import json

from sample_rolodex import ZOE_EMAIL, fill, row_counts
from sqlalchemy import text
from typer.testing import CliRunner

from rolodex.cli.app import app
from rolodex.core.admin.check import check
from rolodex.core.db.store import Store

runner = CliRunner()


def test_erase_removes_them_and_keeps_shared_interactions(store):
    ids = fill(store)
    zoe = ids["zoe"]
    before = row_counts(store)
    r = runner.invoke(app, ["--db", store.url, "erase", "zoe angstrom", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["id"] == zoe and out["name"] == "Zoë Ångström"
    rows = out["rows"]
    # alone: the renewal call and the ask to zoe's own introduction logged with her
    assert rows["interactions"] == 2
    assert rows["emails"] == 2 and rows["phones"] == 1 and rows["contact"] == 1
    assert rows["knows-edges"] == 1 and rows["introductions"] == 1
    assert rows["endorsements"] == 1  # her Go, endorsed by me
    assert rows["skills"] == 1  # Go: nobody else has it; Kubernetes stays (Raj)
    assert rows["tags"] == 0  # vip: Jane has it too
    after = row_counts(store)
    assert after["contact"] == before["contact"] - 1
    assert after["contact_email"] == before["contact_email"] - 2
    with store.engine.connect() as c:
        for t, col in (("interaction_participant", "contact_id"), ("knows", "a_id"),
                       ("knows", "b_id"), ("endorsement", "contact_id"),
                       ("endorsement", "by_id"), ("introduction", "introducer_id"),
                       ("introduction", "target_id"), ("contact_email", "contact_id")):
            assert c.execute(text(f"SELECT count(*) FROM {t} WHERE {col} = {zoe}")
                             ).scalar_one() == 0, (t, col)
        # the lunch with Zoë, Jane and Raj stays, with two participants, her name scrubbed
        lunch = c.execute(text("SELECT id, summary FROM interaction WHERE project = 'Q4'")
                          ).one()
        assert lunch.summary == "lunch with (erased)"
        assert c.execute(text(f"SELECT count(*) FROM interaction_participant WHERE "
                              f"interaction_id = {lunch.id}")).scalar_one() == 2
        notes = c.execute(text(f"SELECT notes FROM contact WHERE id = {ids['jane']}")
                          ).scalar_one()
        assert notes == "met (erased) at KubeCon"
    assert check(store).ok
    for who in (f"#{zoe}", "Zoë Ångström"):
        r = runner.invoke(app, ["--db", store.url, "show", who])
        assert r.exit_code == 1
        assert "no contact" in r.stderr


def test_erase_of_nobody_changes_nothing(store):
    fill(store)
    before = row_counts(store)
    r = runner.invoke(app, ["--db", store.url, "erase", "#999"])
    assert r.exit_code == 1
    assert r.stderr.strip() == "rolodex: no contact #999"
    assert row_counts(store) == before


def test_no_byte_of_them_is_left_in_the_file_or_the_wal(tmp_path):
    db = tmp_path / "r.db"
    s = Store(f"sqlite:///{db}")
    fill(s)
    s.close()
    # a reader keeps the WAL from being checkpointed on close, so the email is in the -wal
    s = Store(f"sqlite:///{db}")
    needle = ZOE_EMAIL.encode()
    files = [db, tmp_path / "r.db-wal"]
    assert any(needle in f.read_bytes() for f in files if f.exists())
    r = runner.invoke(app, ["--db", str(db), "erase", "zoe"])
    assert r.exit_code == 0, r.output
    assert r.stdout.startswith("erased #1 Zoë Ångström: ")
    for f in [db, *tmp_path.glob("r.db-*")]:
        data = f.read_bytes()
        assert needle not in data, f
        assert "Ångström".encode() not in data, f
        assert b"+46 70 123 45 67" not in data, f
    s.close()
