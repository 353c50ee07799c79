"""The schema this rolodex writes and reads, and the PostgreSQL channel of its writes.

Standard library only: ``fastread`` checks the version without SQLAlchemy. The steps from
older schemas are in ``core/db/migrations.py``; ``Store`` runs them.
"""

# Bump with a new @migration step in migrations.py and the change in models.py.
SCHEMA_VERSION = 12
# rolodex_meta: the epoch of my stored tie accumulators (core/db/my_ties.py)
TIE_EPOCH_KEY = "tie_epoch"
# PostgreSQL NOTIFY channel of every write (payload: the writing Store's token).
PG_CHANNEL = "rolodex_changed"

# The owner of my rows of ``my_tie`` (core/db/my_ties.py) as SQL, by reader kind: '' off
# a team; on a team database the member (``current_user``), in a sub-select so that the
# database evaluates it once per statement. Every reader of "my last touch" joins with it.
MY_TIE_OWNER = {
    "sqlite": "''",
    "postgres": "(SELECT CASE WHEN to_regclass('member') IS NULL THEN '' "
                "ELSE CAST(current_user AS VARCHAR) END)",
}


def my_tie_join(kind: str, contact: str = "c", alias: str = "t") -> str:
    """``LEFT JOIN`` of my row of my_tie to each row of contact alias ``contact``:
    ``{alias}.last_touch_at`` is my last one-to-one touch with them (NULL: none),
    ``{alias}.follow_up_due`` my earliest open follow-up with them (NULL: none)."""
    return (f"LEFT JOIN my_tie {alias} ON {alias}.contact_id = {contact}.id "
            f"AND {alias}.owner = {MY_TIE_OWNER[kind]}")


def my_follow_ups_from(kind: str, contact: str = "c", alias: str = "t") -> str:
    """``FROM ... WHERE`` of the live contacts I owe a follow-up (my rows of my_tie with a
    day, through the index on (owner, follow_up_due)): ``{alias}.follow_up_due`` is mine."""
    return (f"FROM my_tie {alias} JOIN contact {contact} ON {contact}.id = {alias}.contact_id "
            f"WHERE {alias}.owner = {MY_TIE_OWNER[kind]} "
            f"AND {alias}.follow_up_due IS NOT NULL AND NOT {contact}.archived")
