"""Import and export speed at 34,257 contacts (the demo size).

Generates the people (Faker pools, fixed seed), writes them as one vCard 4.0 file and one
LinkedIn Connections.csv, imports each into a fresh SQLite rolodex a few times, and prints
medians: contacts per second (goal: 10,000/s or more), and export time. The baseline,
measured in the same run, is the core fast path alone (bulk_insert_contacts of ContactIn
objects already in memory, in one transaction, commit included): the ratio shows what
reading, checking and matching add.

    .venv/bin/python bench/bench_import.py [--contacts 34257] [--runs 3]
"""

from __future__ import annotations

import argparse
import csv
import gc
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def people(n: int, seed: int = 7):
    from faker import Faker

    fake = Faker(["en_US", "de_DE", "fr_FR", "es_ES"])
    Faker.seed(seed)
    rnd = random.Random(seed)
    firsts = [fake.first_name() for _ in range(800)]
    lasts = [fake.last_name() for _ in range(1500)]
    companies = [fake.company() for _ in range(3000)]
    jobs = [fake.job() for _ in range(600)]
    cities = [fake.city() for _ in range(500)]
    out = []
    for i in range(n):
        f, la = rnd.choice(firsts), rnd.choice(lasts)
        slug = f"{f}.{la}".lower().replace(" ", "").replace("'", "")
        out.append({
            "first": f, "last": la, "company": rnd.choice(companies), "title": rnd.choice(jobs),
            "email": f"{slug}.{i}@example.com" if rnd.random() < 0.7 else "",
            "phone": f"+1 555 {i // 10000:03d} {i % 10000:04d}",
            "city": rnd.choice(cities), "url": f"https://www.linkedin.com/in/{slug}-{i}",
            "met": f"{rnd.randint(1, 28):02d} {rnd.choice(['Jan', 'Mar', 'Jun', 'Nov'])} "
                   f"{rnd.randint(2010, 2026)}",
        })
    return out


def write_vcard(rows, path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        for i, p in enumerate(rows):
            lines = ["BEGIN:VCARD", "VERSION:4.0", f"UID:urn:uuid:bench-{i}",
                     f"FN:{p['first']} {p['last']}", f"N:{p['last']};{p['first']};;;",
                     f"ORG:{p['company'].replace(',', chr(92) + ',')}",
                     f"TITLE:{p['title'].replace(',', chr(92) + ',')}",
                     f"TEL;TYPE=cell:{p['phone']}", f"ADR;TYPE=work:;;;{p['city']};;;",
                     f"URL:{p['url']}", "CATEGORIES:bench", "END:VCARD"]
            if p["email"]:
                lines.insert(5, f"EMAIL;TYPE=work:{p['email']}")
            fh.write("\r\n".join(lines) + "\r\n")


def write_linkedin(rows, path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write('Notes:\r\n"When exporting your connection data, you may notice that some of '
                 'the email addresses are missing."\r\n\r\n')
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(["First Name", "Last Name", "URL", "Email Address", "Company", "Position",
                    "Connected On"])
        for p in rows:
            w.writerow([p["first"], p["last"], p["url"], p["email"], p["company"], p["title"],
                        p["met"]])


def timed(fn):
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--contacts", type=int, default=34257)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    n = args.contacts

    from rolodex.core.bulk import bulk_insert_contacts
    from rolodex.core.store import Store
    from rolodex.interchange.decode import Limits, decode_bytes
    from rolodex.interchange.exporter import export_file
    from rolodex.interchange.importer import import_file, parse

    tmp = Path(tempfile.mkdtemp(prefix="rolodex-bench-"))
    rows = people(n)
    vcf, lin = tmp / "contacts.vcf", tmp / "Connections.csv"
    write_vcard(rows, vcf)
    write_linkedin(rows, lin)
    print(f"{n:,} contacts; vCard {vcf.stat().st_size / 1e6:.1f} MB, "
          f"LinkedIn CSV {lin.stat().st_size / 1e6:.1f} MB")

    def fresh(tag: str, run: int) -> Store:
        return Store(f"sqlite:///{tmp / f'{tag}-{run}.db'}")

    text, enc = decode_bytes(vcf.read_bytes())
    items = [r.contact for r in parse("vcard", text, enc, Limits()).records]
    base, imp_v, imp_l, reimp, exp_v, exp_c = [], [], [], [], [], []
    for run in range(args.runs):
        st = fresh("base", run)

        def baseline(st=st):
            gc.disable()  # as the importer does
            try:
                with st.tx() as s:
                    bulk_insert_contacts(s, items, st.now(), check=False)
            finally:
                gc.enable()

        base.append(timed(baseline)[0])
        st.close()
        st = fresh("vcard", run)
        dt, summ = timed(lambda st=st: import_file(st, "vcard", vcf))
        assert summ.added == n, summ.line()
        imp_v.append(dt)
        dt, again = timed(lambda st=st: import_file(st, "vcard", vcf))
        assert again.added == 0, again.line()
        reimp.append(dt)
        exp_v.append(timed(lambda st=st: export_file(st, "vcard", tmp / "out.vcf"))[0])
        exp_c.append(timed(lambda st=st: export_file(st, "csv", tmp / "out.csv"))[0])
        st.close()
        st = fresh("linkedin", run)
        dt, summ = timed(lambda st=st: import_file(st, "linkedin", lin))
        assert summ.added == n, summ.line()
        imp_l.append(dt)
        st.close()

    def show(label, times, per=True):
        m = statistics.median(times)
        rate = f"  {n / m:>9,.0f} contacts/s" if per else ""
        print(f"{label:<44} median {m * 1000:8.0f} ms{rate}   "
              f"(runs: {', '.join(f'{t * 1000:.0f}' for t in times)})")
        return m

    print(f"median of {args.runs} runs, fresh SQLite file each run")
    b = show("baseline: bulk_insert_contacts only", base)
    v = show("import vcard (read+check+dedupe+insert)", imp_v)
    li = show("import linkedin", imp_l)
    show("re-import vcard (adds nobody)", reimp)
    show("export vcard 4.0", exp_v)
    show("export csv", exp_c)
    print(f"ratio import/baseline: vcard {v / b:.2f}x, linkedin {li / b:.2f}x; "
          f"goal 10,000/s: vcard {'met' if n / v >= 10000 else 'NOT met'}, "
          f"linkedin {'met' if n / li >= 10000 else 'NOT met'}")


if __name__ == "__main__":
    main()
