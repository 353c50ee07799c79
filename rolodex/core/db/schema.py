"""The schema this rolodex writes and reads, and the PostgreSQL channel of its writes.

Standard library only: ``fastread`` checks the version without SQLAlchemy. The steps from
older schemas are in ``core/db/migrations.py``; ``Store`` runs them.
"""

# Bump with a new @migration step in migrations.py and the change in models.py.
SCHEMA_VERSION = 7
# PostgreSQL NOTIFY channel of every write (payload: the writing Store's token).
PG_CHANNEL = "rolodex_changed"
