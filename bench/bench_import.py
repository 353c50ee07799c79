"""Import and export speed at 34,257 contacts (the demo size).

Generates the people (Faker pools, fixed seed), writes them as one vCard 4.0 file and one
LinkedIn Connections.csv, imports each into a fresh SQLite rolodex a few times, and prints
medians: contacts per second (goal: 10,000/s or more), and export time. The baseline,
measured in the same run, is the core fast path alone (bulk_insert_contacts of ContactIn
objects already in memory, in one transaction, commit included): the ratio shows what
reading, checking and matching add.

    .venv/bin/python bench/bench_import.py [--contacts 34257] [--runs 3] [--vcard FILE | --demo]

``--demo`` builds the demo rolodex (``rolodex demo``'s people: two emails and phones,
skills, tags, addresses) and times its vCard export, the file the 10,000/s goal is about;
``--vcard FILE`` times that vCard file. Either way the LinkedIn merge step is left out.
The same file with its UID lines removed is imported too (every card is then matched by
email, phone, name and company instead), and the dedupe figures are printed for each
import: who was matched by which identity (UID, profile URL, email, phone, same record)
and how many pairs were sent to review. Wall time on a shared machine moves with the
load; process CPU time is printed beside it.
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
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
    """((wall seconds, CPU seconds of this process), result)."""
    c, t = time.process_time(), time.perf_counter()
    result = fn()
    return (time.perf_counter() - t, time.process_time() - c), result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--contacts", type=int, default=34257)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--vcard", metavar="FILE", help="time this vCard file instead")
    ap.add_argument("--demo", action="store_true",
                    help="time the demo rolodex's vCard export instead")
    args = ap.parse_args()
    n = args.contacts

    from rolodex.core.db.store import Store
    from rolodex.core.records.bulk import bulk_insert_contacts
    from rolodex.interchange.decode import Limits, decode_bytes
    from rolodex.interchange.exporter import export_file
    from rolodex.interchange.importer import import_file, parse

    tmp = Path(tempfile.mkdtemp(prefix="rolodex-bench-"))
    rows = people(n)
    vcf, lin = tmp / "contacts.vcf", tmp / "Connections.csv"
    write_vcard(rows, vcf)
    write_linkedin(rows, lin)
    if args.demo:
        from rolodex.demo import build_demo

        demo = Store(f"sqlite:///{tmp / 'demo.db'}")
        build_demo(demo, contacts=n)
        export_file(demo, "vcard", tmp / "demo.vcf")
        demo.close()
        args.vcard = str(tmp / "demo.vcf")
    if args.vcard:
        vcf = Path(args.vcard)
    bare = tmp / "no-uid.vcf"  # the same cards without their UID lines
    bare.write_bytes(b"".join(line for line in vcf.read_bytes().splitlines(keepends=True)
                              if not line.upper().startswith(b"UID:")))
    print(f"{n:,} contacts; vCard {vcf.stat().st_size / 1e6:.1f} MB, "
          f"LinkedIn CSV {lin.stat().st_size / 1e6:.1f} MB; load average "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")

    def fresh(tag: str, run: int) -> Store:
        return Store(f"sqlite:///{tmp / f'{tag}-{run}.db'}")

    text, enc = decode_bytes(vcf.read_bytes())
    items = [r.contact for r in parse("vcard", text, enc, Limits()).records]
    if args.vcard:
        n = len(items)
        print(f"timing {vcf} ({n:,} cards, {vcf.stat().st_size / 1e6:.1f} MB)")
    res: dict[str, list] = {k: [] for k in ("base", "vcard", "linkedin", "again", "merge",
                                            "bare", "xv", "xc")}
    summaries: dict[str, object] = {}
    for run in range(args.runs):
        st = fresh("base", run)

        def baseline(st=st):
            gc.disable()  # as the importer does
            try:
                with st.tx() as s:
                    bulk_insert_contacts(s, items, st.now(), check=False)
            finally:
                gc.enable()

        res["base"].append(timed(baseline)[0])
        st.close()
        st = fresh("vcard", run)
        t, summ = timed(lambda st=st: import_file(st, "vcard", vcf))
        assert summ.added == n, summ.line()
        res["vcard"].append(t)
        summaries["import vcard"] = summ
        t, again = timed(lambda st=st: import_file(st, "vcard", vcf))
        assert again.added == 0, again.line()
        res["again"].append(t)
        summaries["re-import vcard"] = again
        res["xv"].append(timed(lambda st=st: export_file(st, "vcard", tmp / "out.vcf",
                                                         force=True))[0])
        res["xc"].append(timed(lambda st=st: export_file(st, "csv", tmp / "out.csv",
                                                         force=True))[0])
        if not args.vcard:
            t, merged = timed(lambda st=st: import_file(st, "linkedin", lin,
                                                        on_duplicate="merge"))
            assert merged.merged == n, merged.line()
            res["merge"].append(t)
            summaries["import linkedin --on-duplicate merge"] = merged
        st.close()
        st = fresh("bare", run)
        t, summ = timed(lambda st=st: import_file(st, "vcard", bare))
        assert summ.added + summ.merged == n, summ.line()
        res["bare"].append(t)
        summaries["import vcard, UID lines removed"] = summ
        st.close()
        st = fresh("linkedin", run)
        t, summ = timed(lambda st=st: import_file(st, "linkedin", lin))
        assert summ.added == len(rows), summ.line()
        res["linkedin"].append(t)
        summaries["import linkedin"] = summ
        st.close()

    def show(label, key):
        if not res[key]:
            return None
        wall = statistics.median(t[0] for t in res[key])
        cpu = statistics.median(t[1] for t in res[key])
        count = len(rows) if key == "linkedin" else n
        print(f"{label:<40} {wall * 1000:7.0f} ms {count / wall:9,.0f}/s   "
              f"cpu {cpu * 1000:6.0f} ms {count / cpu:9,.0f}/s   (wall runs: "
              f"{', '.join(f'{t[0] * 1000:.0f}' for t in res[key])})")
        return wall, cpu

    print(f"medians of {args.runs} runs, a fresh SQLite file each run; wall and process CPU")
    b = show("baseline: bulk_insert_contacts alone", "base")
    v = show("import vcard (read+check+match+insert)", "vcard")
    li = show("import linkedin", "linkedin")
    show("re-import vcard (adds nobody)", "again")
    show("import vcard, UID lines removed", "bare")
    show("import linkedin --on-duplicate merge", "merge")
    show("export vcard 4.0", "xv")
    show("export csv", "xc")
    print(f"ratio import/baseline (wall): vcard {v[0] / b[0]:.2f}x, linkedin "
          f"{li[0] / b[0]:.2f}x; goal 10,000/s (wall): vcard "
          f"{'met' if n / v[0] >= 10000 else 'NOT met'}, linkedin "
          f"{'met' if len(rows) / li[0] >= 10000 else 'NOT met'}; by process CPU: vcard "
          f"{n / v[1]:,.0f}/s, linkedin {len(rows) / li[1]:,.0f}/s")
    print("dedupe (the last run's summaries; pairs = possible duplicates sent to review):")
    for label, summ in summaries.items():
        print(f"  {label:<38} matched {summ.merged + summ.skipped:,} "
              f"({summ.by_words() or 'nobody'}), pairs {summ.pairs:,}: {summ.line()}")


if __name__ == "__main__":
    main()
