"""``rolodex stats [--json]`` through typer's CliRunner, and its import diet."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

import pytest
from typer.testing import CliRunner

from rolodex.cli.app import app
from rolodex.core.db.store import Store
from rolodex.demo import build_demo

runner = CliRunner()
FIELDS = {"contacts", "confirmed", "reached_30d", "reached_365d", "reached_30d_pct",
          "reached_365d_pct", "one_to_one_30d", "overdue", "reach", "reach_top16",
          "touches_per_week", "losing_touch"}


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('st') / 'demo.db'}"
    s = Store(url, clock=lambda: datetime(2026, 11, 26, 10))
    build_demo(s, contacts=400, seed=2)
    s.close()
    return url


def test_stats_json(demo_url):
    r = runner.invoke(app, ["stats", "--db", demo_url, "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert FIELDS <= set(data)
    assert data["contacts"] == 400
    assert set(data["one_to_one_30d"]) == {"calls", "emails", "other", "people"}
    assert set(data["reach"]) == {"degree1", "degree2", "degree3"}
    assert len(data["touches_per_week"]) == 52
    assert data["reached_30d_pct"] == round(100 * data["reached_30d"] / data["confirmed"], 1)


def test_stats_text(demo_url):
    r = runner.invoke(app, ["stats", "--db", demo_url])
    assert r.exit_code == 0, r.output
    assert "400 contacts since 1991" in r.output
    assert "closest connections give me access to" in r.output


def test_stats_on_a_missing_rolodex(tmp_path):
    r = runner.invoke(app, ["stats", "--db", str(tmp_path / "nothing.db")])
    assert r.exit_code == 1
    assert "no rolodex there" in r.output
    assert not (tmp_path / "nothing.db").exists()


def test_stats_does_not_import_networkx_or_textual(demo_url):
    code = (
        "import sys\n"
        "from rolodex.__main__ import main\n"
        "try:\n"
        f"    main(['stats', '--db', {demo_url!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('HEAVY', sorted(m for m in ('networkx', 'textual', 'faker') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert "HEAVY []" in out
