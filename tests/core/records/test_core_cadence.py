from datetime import datetime, timedelta

from rolodex.core.records import cadence
from rolodex.core.records.cadence import overdue, overdue_count, status
from rolodex.core.records.contacts import ContactIn, add_contact, archive_contact
from rolodex.core.records.interactions import log_interaction

NOW = datetime(2026, 11, 26, 10, 0)


def test_status_pure():
    assert status(None, None, NOW) is None
    assert status(NOW - timedelta(days=10), 30, NOW) == "ok"
    assert status(NOW - timedelta(days=25), 30, NOW) == "due"       # 5 days left <= 6
    assert status(NOW - timedelta(days=31), 30, NOW) == "overdue"
    assert status(NOW - timedelta(days=80), 90, NOW) == "ok"        # 10 days left > 7
    # weekly cadence: the window is 20% of 7 days, not 7 days
    assert status(NOW - timedelta(days=2), 7, NOW) == "ok"
    assert status(NOW - timedelta(days=6), 7, NOW) == "due"
    assert status(None, 30, NOW, created_at=NOW - timedelta(days=40)) == "overdue"
    assert status(None, 30, NOW) == "overdue"


def test_overdue_restarts_from_any_touch(store):
    a = add_contact(store, ContactIn(name="Ada Lovelace", company="Analytical", cadence_days=30))
    b = add_contact(store, ContactIn(name="Bob Byte", cadence_days=10))
    c = add_contact(store, ContactIn(name="Cy Nocadence"))
    d = add_contact(store, ContactIn(name="Dee Archived", cadence_days=5))
    log_interaction(store, "email", [a], "hi", at=NOW - timedelta(days=50))
    log_interaction(store, "call", [b, c], "sync", at=NOW - timedelta(days=12))
    log_interaction(store, "call", [d], "x", at=NOW - timedelta(days=100))
    archive_contact(store, d)
    rows = overdue(store, now=NOW)
    assert [r.id for r in rows] == [a, b]
    assert rows[0].days_overdue == 20 and rows[0].company == "Analytical"
    assert rows[1].days_overdue == 2
    assert overdue_count(store, now=NOW) == 2
    assert overdue(store, now=NOW, limit=1)[0].id == a
    # a note logged today restarts Ada's clock
    log_interaction(store, "note", [a], "met at conf", at=NOW - timedelta(days=1))
    assert [r.id for r in overdue(store, now=NOW)] == [b]
    assert cadence.counts(store, now=NOW) == {"ok": 1, "due": 0, "overdue": 1}


def test_no_touch_counts_from_created(store):
    # the fixture clock puts created_at at NOW
    a = add_contact(store, ContactIn(name="New Person", cadence_days=14))
    assert overdue(store, now=NOW + timedelta(days=10)) == []
    rows = overdue(store, now=NOW + timedelta(days=20))
    assert [(r.id, r.days_overdue) for r in rows] == [(a, 6)]
