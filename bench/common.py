"""Helpers the bench scripts share: medians of timed runs, and a rolodex of N contacts.

``make_db(path, n)`` builds a reproducible rolodex with faker names (many scripts and
accents), companies, titles, emails, phones, skills and tags, through the bulk fast path
(core/records/bulk.py). Use it until ``rolodex demo --no-tui`` exists, then prefer the demo.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent

SKILLS = (
    "Kubernetes", "PostgreSQL", "Python", "Rust", "Go", "Terraform", "AWS", "Azure",
    "Machine Learning", "Data Engineering", "Negotiation", "Enterprise Sales", "SEO",
    "Copywriting", "Accounting", "Tax Law", "Supply Chain", "Logistics", "UX Design",
    "Figma", "React", "TypeScript", "Java", "Spring", "Kafka", "Spark", "Tableau",
    "Public Speaking", "Fundraising", "Recruiting", "Procurement", "Compliance", "GDPR",
    "Cybersecurity", "Penetration Testing", "Embedded C", "FPGA", "Robotics", "CAD",
    "Product Management", "Agile Coaching", "Six Sigma", "Lean Manufacturing", "Biotech",
    "Clinical Trials", "Real Estate", "Mergers and Acquisitions", "Venture Capital",
)
TAGS = ("customer", "vendor", "partner", "conference", "alumni", "investor", "press",
        "board", "friend", "prospect", "speaker", "mentor")


def median_time(fn: Callable[[], object], runs: int = 7, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` in seconds."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def median_process(argv: Sequence[str], runs: int = 7, env: dict | None = None,
                   warmup: int = 1) -> float:
    """Median wall time of running ``argv`` as a whole process (output discarded)."""
    full_env = {**os.environ, **(env or {})}

    def run():
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       env=full_env, check=False)

    return median_time(run, runs=runs, warmup=warmup)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def make_contacts(n: int, seed: int = 7):
    """``n`` reproducible ContactIn records."""
    from faker import Faker

    from rolodex.core.records.contacts import ContactIn

    rnd = random.Random(seed)
    fakers = [Faker(loc) for loc in ("en_US", "en_GB", "de_DE", "fr_FR", "sv_SE", "es_ES",
                                     "pl_PL", "it_IT")]
    for i, f in enumerate(fakers):
        f.seed_instance(seed + i)
    companies = [fakers[0].company() for _ in range(max(50, n // 40))]
    titles = [fakers[0].job() for _ in range(300)]
    out = []
    for i in range(n):
        f = fakers[rnd.randrange(len(fakers))]
        first, last = f.first_name(), f.last_name()
        user = f"{first}.{last}".lower().replace(" ", "")
        user = "".join(ch for ch in user if ch.isascii() and (ch.isalnum() or ch == "."))
        out.append(ContactIn(
            name=f"{first} {last}", company=rnd.choice(companies), title=rnd.choice(titles),
            emails=[f"{user or 'x'}{i}@example.{rnd.choice(('com', 'org', 'net'))}"],
            phones=[f"+1 555 {rnd.randrange(1000000, 9999999)}"],
            skills=rnd.sample(SKILLS, rnd.randint(0, 3)),
            tags=rnd.sample(TAGS, rnd.randint(0, 2)),
            cadence_days=rnd.choice((None, None, None, 30, 90, 180)),
        ))
    return out


def make_db(path: str | Path, n: int, seed: int = 7, force: bool = False) -> str:
    """A SQLite rolodex of ``n`` contacts at ``path`` (reused if it already has ``n``)."""
    from rolodex.core.db.store import Store
    from rolodex.core.records.bulk import bulk_insert_contacts
    from rolodex.core.records.contacts import count_contacts

    path = Path(path)
    if path.exists() and not force:
        store = Store(str(path))
        try:
            if count_contacts(store) >= n:
                return str(path)
        finally:
            store.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    store = Store(str(path))
    items = make_contacts(n, seed)
    with store.tx() as s:
        for k in range(0, n, 5000):
            bulk_insert_contacts(s, items[k:k + 5000], store.now(), check=False)
    store.close()
    return str(path)


def rolodex_bin() -> str:
    exe = VENV_BIN / "rolodex"
    return str(exe) if exe.exists() else "rolodex"


def heavy_imports(db: str, args: Sequence[str], heavy: Sequence[str]) -> list[str]:
    """Which of the ``heavy`` top-level modules ``rolodex --db DB ARGS...`` imports
    (``python -X importtime``)."""
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "rolodex", "--db", db, *args],
                       capture_output=True, text=True, check=False)
    return sorted({ln.rsplit("|", 1)[-1].strip().split(".")[0] for ln in r.stderr.splitlines()}
                  & set(heavy))


def rss_mb(pid: int | str = "self") -> float:
    """Resident memory of a process (this one by default), in MB, from /proc."""
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0
