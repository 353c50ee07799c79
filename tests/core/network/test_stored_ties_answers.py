"""``who`` and ``stats`` read my ties from the table the writer path keeps (my_tie) instead
of the log: their answers are the same as before. tests/fixtures/ties/before.json holds
the answers of the code that summed the log (main at schema 6), made by running this file
with that code on the import path: ``python tests/core/network/test_stored_ties_answers.py
OUT.json``; this test makes them again with today's code and compares."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve()
BEFORE = HERE.parents[2] / "fixtures" / "ties" / "before.json"
NOW = datetime(2026, 11, 26, 10, 0)
QUERIES = ["kubernetes", "rust", "go", "acme", "cto", "sales manager", "berlin", "manager",
           "engineer", "director"]


def answers(store) -> dict:
    from rolodex.core.network.graph import Network
    from rolodex.core.network.introducer import build_around, who_can
    from rolodex.core.stats import compute_stats

    out = {}
    for q in QUERIES:
        local = who_can(store, build_around(store, q, limit=5), q, limit=5)
        full = who_can(store, Network.build(store, follow=False), q, limit=5)
        out[q] = {"local": [r.to_json() for r in local], "full": [r.to_json() for r in full]}
    return {"who": out, "stats": compute_stats(store).to_json()}


def all_answers(tmp: Path) -> dict:
    from sample_rolodex import fill

    from rolodex.core.db.store import Store
    from rolodex.demo import build_demo

    res = {}
    s = Store(f"sqlite:///{tmp}/sample.db", clock=lambda: NOW)
    fill(s)
    res["sample"] = answers(s)
    s.close()
    d = Store(f"sqlite:///{tmp}/demo.db", clock=lambda: NOW)
    build_demo(d, contacts=400, seed=5)
    res["demo400"] = answers(d)
    d.close()
    return json.loads(json.dumps(res, sort_keys=True, default=str))


def test_who_and_stats_answer_as_before(tmp_path):
    before = json.loads(BEFORE.read_text(encoding="utf-8"))
    after = all_answers(tmp_path)
    assert any(v["full"] for v in after["demo400"]["who"].values())  # the queries find people
    for where in ("sample", "demo400"):
        assert after[where]["stats"] == before[where]["stats"], where
        for q, got in after[where]["who"].items():
            assert got == before[where]["who"][q], (where, q)


if __name__ == "__main__":
    import tempfile

    sys.path.insert(0, str(HERE.parents[2]))
    with tempfile.TemporaryDirectory() as tmp:
        Path(sys.argv[1]).write_text(json.dumps(all_answers(Path(tmp)), indent=0,
                                                sort_keys=True) + "\n", encoding="utf-8")
