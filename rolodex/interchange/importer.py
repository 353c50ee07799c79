"""One import = one transaction: read, check every record, match duplicates, write.

A bad record refuses the whole file (``FILE:LINE: what is wrong``) unless ``skip_bad``;
``dry_run`` does all the work against the current rolodex and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rolodex.core.errors import RolodexError, UsageError
from rolodex.core.memory import collector_paused
from rolodex.core.records.bulk import big_cache, bulk_insert_contacts, bulk_load
from rolodex.core.records.contacts import valid_email, valid_phone
from rolodex.core.records.dupes import record_pairs

from .decode import Limits, decode_bytes, read_limited
from .dedupe import Index, merge_into_new
from .merge import merge_many

FORMATS = ("vcard", "linkedin", "google", "outlook", "csv")
ON_DUPLICATE = ("skip", "merge", "new")
BATCH = 5000  # contacts per executemany (progress between batches; same transaction)


HOW = ("uid", "profile", "email", "phone", "same record")  # identities, strongest first
_HOW_WORDS = {"uid": "UID", "profile": "profile URL"}


@dataclass
class ImportSummary:
    added: int = 0
    merged: int = 0
    skipped: int = 0  # matched someone already there, and --on-duplicate skip
    bad: list[str] = field(default_factory=list)  # "FILE:LINE: what is wrong" (refused)
    encoding: str = "UTF-8"
    dry_run: bool = False
    ids: list[int] = field(default_factory=list)  # contacts added or merged into
    record_ids: list[int] = field(default_factory=list)  # each record's contact, in order
    matched_by: dict[str, int] = field(default_factory=dict)  # identity -> records matched
    pairs: int = 0  # possible duplicates sent to review
    unchecked: int = 0  # emails and phones kept although they do not parse
    cleaned: int = 0  # values that lost control characters or stray bidi overrides
    blank: int = 0  # blank rows or empty cards skipped

    @property
    def refused(self) -> int:
        return len(self.bad)

    def by_words(self) -> str:
        """'3 by UID, 1 by email': records matched to someone (merged or skipped)."""
        return ", ".join(f"{self.matched_by[h]} by {_HOW_WORDS.get(h, h)}" for h in HOW
                         if self.matched_by.get(h))

    def line(self) -> str:
        by = self.by_words()
        out = [f"added {self.added}", f"merged {self.merged}", f"skipped {self.skipped}"]
        if by:
            out.append(f"matched {by}")
        for n, one, many in ((self.pairs, "possible duplicate to review",
                              "possible duplicates to review"),
                             (self.unchecked, "value kept unchecked", "values kept unchecked"),
                             (self.cleaned, "value cleaned of control characters",
                              "values cleaned of control characters"),
                             (self.refused, "record refused", "records refused"),
                             (self.blank, "blank row skipped", "blank rows skipped")):
            if n:
                out.append(f"{n} {one if n == 1 else many}")
        return f"{', '.join(out)} ({self.encoding})"

    def to_json(self) -> dict:
        return {"added": self.added, "merged": self.merged, "skipped": self.skipped,
                "matched_by": {h: self.matched_by.get(h, 0) for h in HOW},
                "possible_duplicates": self.pairs, "unchecked": self.unchecked,
                "cleaned": self.cleaned,
                "refused": self.refused, "bad": self.bad, "blank": self.blank,
                "encoding": self.encoding, "dry_run": self.dry_run}


def parse(fmt: str, text: str, encoding: str, limits: Limits):
    if fmt == "vcard":
        from .vcard_read import read_vcards

        return read_vcards(text, encoding, limits)
    from .csv_read import read_csv

    return read_csv(fmt, text, limits)


def import_file(store, fmt: str, path, *, dry_run: bool = False, on_duplicate: str = "skip",
                skip_bad: bool = False, progress: Callable[[int, int], None] | None = None,
                limits: Limits | None = None) -> ImportSummary:
    """Import one file into ``store`` in one transaction; see the module doc.

    ``progress(done, total)`` is called from this thread as records are matched (first
    half) and written (second half); ``done == total`` at the end.
    """
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")
    if on_duplicate not in ON_DUPLICATE:
        raise UsageError(f"--on-duplicate '{on_duplicate}': use one of "
                         f"{', '.join(ON_DUPLICATE)}")
    limits = limits or Limits()
    # Tens of thousands of small objects: the cyclic collector would rescan them all
    # again and again (about a third of the time); nothing here makes cycles.
    with collector_paused():
        return _import(store, fmt, Path(path), dry_run, on_duplicate, skip_bad, progress,
                       limits)


def _import(store, fmt, path, dry_run, on_duplicate, skip_bad, progress, limits):
    where = str(path)
    data = read_limited(Path(path), limits)
    text, encoding = decode_bytes(data, where)
    del data
    parsed = parse(fmt, text, encoding, limits)
    del text
    bad = [f"{where}:{line}: {msg}" for line, msg in sorted(parsed.bad)]
    if bad and not skip_bad:
        more = (f" (and {len(bad) - 1} more bad record{'s' if len(bad) > 2 else ''})"
                if len(bad) > 1 else "")
        hint = (f" (--skip-bad imports the other {len(parsed.records)})" if parsed.records
                else "")
        raise RolodexError(f"{bad[0]}{more}; nothing imported{hint}")
    summary = ImportSummary(encoding=encoding, dry_run=dry_run, bad=bad,
                            blank=getattr(parsed, "blank", 0))
    records = parsed.records
    # Clean before matching, so names are compared as they will be stored.
    summary.cleaned = sum(rec.contact.clean() for rec in records)
    if dry_run:
        with store.read() as s:
            _plan_and_write(s, store.now(), records, summary, on_duplicate, progress, False)
    else:
        with store.tx() as s:
            _plan_and_write(s, store.now(), records, summary, on_duplicate, progress, True)
        if summary.ids:
            store.notify("contact", list(summary.ids))
    return summary


def _plan_and_write(s, now, records, summary: ImportSummary, on_duplicate: str,
                    progress, write: bool) -> None:
    idx = Index.load(s)
    total = len(records)
    units = 2 * total  # matching counts the first half, writing the second
    new: list = []
    merges: dict[int, object] = {}
    pairs: list[tuple[int, int, dict]] = []
    by: dict[str, int] = {}
    keys: list[int] = []  # each record's key: an id, or -n for the n-th new contact
    step = max(1, total // 100)
    for i, rec in enumerate(records, 1):
        if progress is not None and i % step == 0:
            progress(i, units)
        c = rec.contact
        m = idx.find(c)
        key = m.key
        if key is None or (on_duplicate == "new" and key >= 0):
            if c.uid and c.uid in idx.uid:
                c.uid = None  # a deliberate copy cannot share the UID
                idx.forget(c)
            new.append(c)
            idx.add(c, -len(new))
            keys.append(-len(new))
            if m.pair is not None:
                pairs.append((-len(new), m.pair[0], m.pair[1]))
            continue
        keys.append(key)
        by[m.how] = by.get(m.how, 0) + 1
        if key < 0:
            merge_into_new(new[-key - 1], c)
            idx.add(c, key)
            summary.merged += 1
        elif on_duplicate == "skip":
            summary.skipped += 1
        else:
            if key in merges:
                merge_into_new(merges[key], c)
            else:
                merges[key] = c
            idx.add(c, key)
            summary.merged += 1
    summary.matched_by = by
    summary.pairs = len(pairs)
    summary.unchecked = sum(not valid_email(e) for c in (*new, *merges.values())
                            for e in c.emails if e.strip()) + \
        sum(not valid_phone(p) for c in (*new, *merges.values()) for p in c.phones if p.strip())
    summary.added = len(new)
    if not write:
        if progress is not None:
            progress(units, units)
        return
    work = max(1, len(new) + len(merges))
    ids: list[int] = []
    try:
        if len(new) >= BATCH:
            big_cache(s, 64_000)  # fewer spills of index pages to the WAL before the commit
        with bulk_load(s, len(new)):
            for a in range(0, len(new), BATCH):
                ids += bulk_insert_contacts(s, new[a:a + BATCH], now, check=False)
                if progress is not None:
                    progress(total + total * len(ids) // work, units)
        if merges:
            merge_many(s, merges, now, idx)

        def real(key: int) -> int:
            return ids[-key - 1] if key < 0 else key

        if pairs:
            summary.pairs = record_pairs(s, [(real(a), real(b), ev) for a, b, ev in pairs],
                                         now)
        if len(new) >= BATCH:
            big_cache(s, None)
        if progress is not None:
            progress(units, units)
    except RolodexError:
        raise
    except Exception as exc:  # a database refusal: the transaction rolls back whole
        from sqlalchemy.exc import SQLAlchemyError

        if isinstance(exc, SQLAlchemyError):
            msg = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            raise RolodexError(f"not imported: the database refused it ({msg})") from exc
        raise
    summary.ids = ids + list(merges)
    summary.record_ids = [real(k) for k in keys]
