"""Setting up a team rolodex: roles, ownership, grants, row-level security, functions.

``init_team(store)`` runs as the server's administrator (a superuser) and is idempotent:
run again it brings an existing team database to what this rolodex expects (after a
schema upgrade, say). Roles are cluster-wide, so their names carry a prefix (default
``rolodex``): ``PREFIX_owner`` (NOLOGIN) owns every table and function, ``PREFIX_member``
(NOLOGIN) holds the grants, and each person is a login role of their own in that group.

Identity is ``current_user`` only, looked up in the ``member`` table by a sub-select
(``ME`` below), which PostgreSQL runs once per statement (an InitPlan): a removed member's
open session sees nothing from the next statement on. Every table has ENABLE and FORCE
ROW LEVEL SECURITY; a table this module has no policies for is still locked (no rows
for anyone but a superuser), so a new table is never open by mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from rolodex.core import ties
from rolodex.core.db.store import Store, _short
from rolodex.core.errors import StoreError, UsageError
from rolodex.core.paths import display_url, is_sqlite, resolve_db_url

ROLES_KEY = "team_roles"  # rolodex_meta: the role prefix of this team database
PREFIX = re.compile(r"^[a-z_][a-z0-9_]{0,40}$")
TEAM_TABLES = ("member", "shared_tie")  # made by team init, not by models.py

# The login columns the server fills (models.login_field): a writer never passes them.
LOGIN_COLUMNS = (("contact", "owner"), ("interaction", "owner"),
                 ("knows", "recorded_by"), ("endorsement", "recorded_by"),
                 ("interaction_participant", "owner"), ("my_tie", "owner"))
# Tables members write (insert, delete; update of every column but the id and who wrote it).
WRITABLE = ("contact", "contact_email", "contact_phone", "skill", "tag", "contact_skill",
            "contact_tag", "interaction", "interaction_participant", "knows", "endorsement",
            "introduction", "duplicate_pair", "my_tie")
NOT_UPDATABLE = {"id", "owner", "recorded_by"}
# Tables the security-definer functions read or write, as the owner role.
OWNER_SEES = ("contact", "interaction", "interaction_participant", "member", "shared_tie")

MEMBER_DDL = """
CREATE TABLE IF NOT EXISTS member (
    login VARCHAR(63) PRIMARY KEY,
    name VARCHAR(300) NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    share_ties BOOLEAN NOT NULL DEFAULT FALSE,
    added_at TIMESTAMP NOT NULL DEFAULT localtimestamp
)"""
SHARED_TIE_DDL = """
CREATE TABLE IF NOT EXISTS shared_tie (
    login VARCHAR(63) NOT NULL REFERENCES member (login) ON DELETE CASCADE,
    contact_id INTEGER NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    band VARCHAR(8) NOT NULL CHECK (band IN ('strong', 'moderate', 'weak')),
    last_touch CHAR(7) NOT NULL,
    until TIMESTAMP,
    PRIMARY KEY (login, contact_id)
)"""
# columns added to the team tables since (team init brings an older team database up)
TEAM_COLUMNS = (
    # when the band decays into the next one down (None: weak, the lowest): the database's
    # own, never granted to the members (it would tell the tie's sum, not just its band)
    "ALTER TABLE shared_tie ADD COLUMN IF NOT EXISTS until TIMESTAMP",
)
# table -> the columns members may not read (SELECT is granted on the others only)
HIDDEN_COLUMNS = {"shared_tie": ("until",)}
TEAM_INDEXES = (
    "CREATE INDEX IF NOT EXISTS ix_shared_tie_contact ON shared_tie (contact_id)",
    # the bands due to decay, found at every member's open
    "CREATE INDEX IF NOT EXISTS ix_shared_tie_until ON shared_tie (until) "
    "WHERE until IS NOT NULL",
    # every policy on the log asks for the member's own rows
    "CREATE INDEX IF NOT EXISTS ix_interaction_owner ON interaction (owner)",
    # a contact's log, mine: not every colleague's rows of them, filtered
    "CREATE INDEX IF NOT EXISTS ix_participant_contact_owner "
    "ON interaction_participant (contact_id, owner)",
)


@dataclass(frozen=True)
class Roles:
    prefix: str

    @property
    def owner(self) -> str:
        return f"{self.prefix}_owner"

    @property
    def group(self) -> str:
        return f"{self.prefix}_member"


def q(name: str) -> str:
    """A quoted SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def require_server(url: str | None) -> str:
    """The database URL (``--db``, else $ROLODEX_DB, else the user's own file) if it is a
    server's; SQLite has no team: one line, exit 2, and no file made."""
    url = resolve_db_url(url)
    if is_sqlite(url):
        raise UsageError(f"team: a team rolodex lives on a PostgreSQL server; "
                         f"{display_url(url)} is SQLite (no team there)")
    return url


def team_roles(store: Store) -> Roles:
    """The roles of this team database (after ``team init``), else a clear error."""
    require_server(store.url)
    with store.read() as s:
        prefix = s.execute(text("SELECT value FROM rolodex_meta WHERE key = :k"),
                           {"k": ROLES_KEY}).scalar()
    if not prefix:
        raise StoreError(f"{store.where()}: not a team rolodex (run `rolodex team init` "
                         "as the server's administrator first)")
    return Roles(prefix)


# -- the policies ---------------------------------------------------------------------------
def policies(schema: str) -> dict[str, list[tuple[str, str | None, str | None]]]:
    """table -> [(command, USING, WITH CHECK)] for the member group."""
    S = q(schema)
    ME = f"(SELECT m.login FROM {S}.member m WHERE m.login = current_user AND m.active)"
    TEAM = f"{ME} IS NOT NULL"

    def seen(col: str) -> str:
        # EXISTS, not IN: the planner may hash it for a scan of many rows or probe the
        # index for a few (an IN sub-plan always reads every visible card first)
        return f"EXISTS (SELECT 1 FROM {S}.contact c WHERE c.id = {col})"

    def over(*cols: str, extra: str = "") -> list:
        """Rows about cards: visible, and written, only where every card is visible."""
        use = " AND ".join(seen(c) for c in cols)
        ins = f"{extra} AND {use}" if extra else use
        return [("SELECT", use, None), ("DELETE", use, None), ("INSERT", None, ins),
                ("UPDATE", use, use)]

    card = f"{TEAM} AND (NOT private OR owner = {ME})"
    mine = f"owner = {ME}"
    my_interaction = (f"EXISTS (SELECT 1 FROM {S}.interaction i "
                      f"WHERE i.id = interaction_id AND i.owner = {ME})")
    everyone = [("SELECT", TEAM, None), ("DELETE", TEAM, None), ("INSERT", None, TEAM),
                ("UPDATE", TEAM, TEAM)]
    endorse = f"{seen('contact_id')} AND (by_id IS NULL OR {seen('by_id')})"
    return {
        "rolodex_meta": [("SELECT", TEAM, None)],
        "member": [("SELECT", "true", None)],
        "shared_tie": [("SELECT", f"{TEAM} AND {seen('contact_id')}", None)],
        "contact": [("SELECT", card, None), ("DELETE", card, None), ("INSERT", None, mine),
                    ("UPDATE", card, card)],
        "contact_email": over("contact_id"),
        "contact_phone": over("contact_id"),
        "contact_skill": over("contact_id"),
        "contact_tag": over("contact_id"),
        "skill": everyone,
        "tag": everyone,
        "interaction": [("SELECT", f"{mine} OR (shared AND {TEAM})", None),
                        ("INSERT", None, mine), ("UPDATE", mine, mine), ("DELETE", mine, None)],
        "interaction_participant": [
            # owner and shared are the interaction's (the trigger copies them)
            ("SELECT", f"({mine} OR (shared AND {TEAM})) AND {seen('contact_id')}", None),
            ("DELETE", mine, None),
            ("INSERT", None, f"{mine} AND {my_interaction} AND {seen('contact_id')}"),
            ("UPDATE", mine, f"{mine} AND {my_interaction} AND {seen('contact_id')}")],
        "knows": over("a_id", "b_id", extra=f"recorded_by = {ME}"),
        "endorsement": [("SELECT", endorse, None), ("DELETE", endorse, None),
                        ("INSERT", None, f"recorded_by = {ME} AND {endorse}"),
                        ("UPDATE", endorse, endorse)],
        "introduction": over("introducer_id", "target_id"),
        # my relationship to a card (core/db/my_ties.py): mine alone, never a colleague's
        "my_tie": [("SELECT", mine, None), ("DELETE", mine, None),
                   ("INSERT", None, f"{mine} AND {seen('contact_id')}"),
                   ("UPDATE", mine, f"{mine} AND {seen('contact_id')}")],
        "duplicate_pair": over("a_id", "b_id"),
    }


# -- the functions that publish bands --------------------------------------------------------
def _weight_sql() -> str:
    cases = " ".join(f"WHEN '{k}' THEN {w!r}" for k, w in ties.KIND_WEIGHT.items())
    return (f"(CASE i.kind {cases} ELSE {ties.DEFAULT_WEIGHT!r} END) * "
            f"power(0.5, extract(epoch FROM localtimestamp - i.at) / 86400.0 "
            f"/ {ties.HALF_LIFE_DAYS!r})")


def _band_sql() -> str:
    whens = " ".join(f"WHEN t.total >= {ties.band_total(floor)!r} THEN '{name}'"
                     for name, floor in ties.BANDS[:-1])
    return f"CASE {whens} ELSE '{ties.BANDS[-1][0]}' END"


def _until_sql() -> str:
    """When the band decays into the next one down: the sum halves every half-life, so it
    reaches its band's floor f after half-life * log2(total / f) days; None for the
    lowest band, which no decay changes."""
    whens = " ".join(f"WHEN t.total >= {ties.band_total(floor)!r} THEN localtimestamp + "
                     f"({ties.HALF_LIFE_DAYS!r} * ln(t.total / {ties.band_total(floor)!r}) "
                     f"/ ln(2.0)) * interval '1 day'"
                     for _name, floor in ties.BANDS[:-1])
    return f"CASE {whens} END"


def triggers(schema: str) -> list[str]:
    """A participant row carries its interaction's owner and shared flag, so that its
    policy is a comparison, not a look-up of 680,000 interactions per statement (a team
    of 10 over the demo). BEFORE INSERT copies them (as the writer: it sees only what it
    may; the policy's check runs after), AFTER UPDATE of an interaction follows them."""
    S = q(schema)
    return [f"""
CREATE OR REPLACE FUNCTION {S}.rolodex_participant_row() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {S} AS $$
BEGIN
    SELECT i.owner, i.shared INTO NEW.owner, NEW.shared
      FROM {S}.interaction i WHERE i.id = NEW.interaction_id;
    RETURN NEW;
END $$""", f"""
CREATE OR REPLACE FUNCTION {S}.rolodex_interaction_row() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, {S} AS $$
BEGIN
    UPDATE {S}.interaction_participant p SET shared = NEW.shared
     WHERE p.interaction_id = NEW.id AND p.shared IS DISTINCT FROM NEW.shared;
    RETURN NULL;
END $$""",
            f"DROP TRIGGER IF EXISTS rolodex_participant_row ON {S}.interaction_participant",
            f"CREATE TRIGGER rolodex_participant_row BEFORE INSERT OR UPDATE OF "
            f"interaction_id ON {S}.interaction_participant FOR EACH ROW EXECUTE FUNCTION "
            f"{S}.rolodex_participant_row()",
            f"DROP TRIGGER IF EXISTS rolodex_interaction_row ON {S}.interaction",
            f"CREATE TRIGGER rolodex_interaction_row AFTER UPDATE OF shared ON "
            f"{S}.interaction FOR EACH ROW EXECUTE FUNCTION {S}.rolodex_interaction_row()",
            # rows written before (an upgraded database): copied once
            f"UPDATE {S}.interaction_participant p SET owner = i.owner, shared = i.shared "
            f"FROM {S}.interaction i WHERE i.id = p.interaction_id AND (p.owner IS DISTINCT "
            f"FROM i.owner OR p.shared <> i.shared)"]


def functions(schema: str) -> list[tuple[str, str, bool]]:
    """(signature, CREATE OR REPLACE ..., granted to the members) of the functions that
    publish bands. The granted ones are security definers acting for ``p_login``, whose
    default ``current_user`` is evaluated by the caller, before the function takes its
    owner's identity; a login other than one the session may act as
    (``pg_has_role(session_user, ...)``: a member cannot SET ROLE to another member) is
    refused. ``rolodex_publish_ties`` does the work, for the owner only: it is called by
    the others, never by a member. Bands are computed with the one tie model
    (core/ties.py: the same weights, half-life and floors; no closeness, which is
    a card's, not a member's), at the server's time. Each band keeps the time it decays
    into the next one down (``until``, which members cannot read), and
    ``rolodex_refresh_stale_ties`` (any member, when they open the rolodex) recomputes
    the bands whose time has come, of every sharing member: a band decays with the tie
    though its member writes nothing, and an open pays only for the bands due."""
    S = q(schema)
    publish = f"""
CREATE OR REPLACE FUNCTION {S}.rolodex_publish_ties(p_login text, p_ids integer[])
RETURNS integer LANGUAGE plpgsql SET search_path = pg_catalog, {S} AS $$
DECLARE
    n integer := 0;
BEGIN
    -- one publisher of a member's bands at a time (a write and a day's refresh)
    PERFORM 1 FROM {S}.member m WHERE m.login = p_login FOR UPDATE;
    DELETE FROM {S}.shared_tie s
     WHERE s.login = p_login AND (p_ids IS NULL OR s.contact_id = ANY (p_ids));
    IF NOT EXISTS (SELECT 1 FROM {S}.member m
                    WHERE m.login = p_login AND m.active AND m.share_ties) THEN
        RETURN 0;
    END IF;
    INSERT INTO {S}.shared_tie (login, contact_id, band, last_touch, until)
    SELECT p_login, t.contact_id, {_band_sql()}, to_char(t.last_at, 'YYYY-MM'),
           {_until_sql()}
      FROM (SELECT p.contact_id, sum({_weight_sql()}) AS total, max(i.at) AS last_at
              FROM {S}.interaction i
              JOIN {S}.interaction_participant p ON p.interaction_id = i.id
              JOIN {S}.contact c ON c.id = p.contact_id
             WHERE i.owner = p_login AND NOT i.one_to_many AND NOT c.private
               AND NOT c.archived AND (p_ids IS NULL OR p.contact_id = ANY (p_ids))
             GROUP BY p.contact_id) t;
    GET DIAGNOSTICS n = ROW_COUNT;
    RETURN n;
END $$"""
    refresh = f"""
CREATE OR REPLACE FUNCTION {S}.rolodex_refresh_ties(p_ids integer[] DEFAULT NULL,
                                                    p_login text DEFAULT current_user)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {S} AS $$
BEGIN
    IF NOT pg_has_role(session_user, p_login, 'MEMBER') THEN
        RAISE EXCEPTION 'permission denied to publish the ties of %', p_login
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN {S}.rolodex_publish_ties(p_login, p_ids);
END $$"""
    stale = f"""
CREATE OR REPLACE FUNCTION {S}.rolodex_refresh_stale_ties()
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {S} AS $$
DECLARE
    r record;
    due integer[];
    n integer := 0;
BEGIN
    -- a member being refreshed by another session is skipped, not waited for
    FOR r IN SELECT m.login FROM {S}.member m
              WHERE m.active AND m.share_ties AND EXISTS (
                    SELECT 1 FROM {S}.shared_tie s
                     WHERE s.login = m.login AND s.until <= localtimestamp)
              ORDER BY m.login FOR UPDATE SKIP LOCKED LOOP
        SELECT array_agg(s.contact_id) INTO due FROM {S}.shared_tie s
         WHERE s.login = r.login AND s.until <= localtimestamp;
        PERFORM {S}.rolodex_publish_ties(r.login, due);
        n := n + coalesce(array_length(due, 1), 0);
    END LOOP;
    RETURN n;
END $$"""
    share = f"""
CREATE OR REPLACE FUNCTION {S}.rolodex_share_ties(p_on boolean,
                                                  p_login text DEFAULT current_user)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, {S} AS $$
BEGIN
    IF NOT pg_has_role(session_user, p_login, 'MEMBER') THEN
        RAISE EXCEPTION 'permission denied to share the ties of %', p_login
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE {S}.member m SET share_ties = p_on WHERE m.login = p_login AND m.active;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'not a member of this team rolodex';
    END IF;
    RETURN {S}.rolodex_publish_ties(p_login, NULL);
END $$"""
    refs = f"""
CREATE OR REPLACE FUNCTION {S}.rolodex_colleague_refs(p_contact integer,
                                                      p_login text DEFAULT current_user)
RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER
SET search_path = pg_catalog, {S} AS $$
BEGIN
    IF NOT pg_has_role(session_user, p_login, 'MEMBER') THEN
        RAISE EXCEPTION 'permission denied to look for the rows of %', p_login
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- rows with this card that only another member may move: their entries'
    -- participants, the knows-edges and endorsements they recorded
    RETURN EXISTS (SELECT 1 FROM {S}.interaction_participant p
                    WHERE p.contact_id = p_contact AND p.owner IS DISTINCT FROM p_login)
        OR EXISTS (SELECT 1 FROM {S}.knows k
                    WHERE (k.a_id = p_contact OR k.b_id = p_contact)
                      AND k.recorded_by IS DISTINCT FROM p_login)
        OR EXISTS (SELECT 1 FROM {S}.endorsement e
                    WHERE (e.contact_id = p_contact OR e.by_id = p_contact)
                      AND e.recorded_by IS DISTINCT FROM p_login);
END $$"""
    return [("rolodex_publish_ties(text, integer[])", publish, False),
            ("rolodex_colleague_refs(integer, text)", refs, True),
            ("rolodex_refresh_ties(integer[], text)", refresh, True),
            ("rolodex_refresh_stale_ties()", stale, True),
            ("rolodex_share_ties(boolean, text)", share, True)]


# -- init -----------------------------------------------------------------------------------
@dataclass
class InitReport:
    schema: str
    roles: Roles
    tables: list[str]
    created_roles: list[str]


def init_team(store: Store, prefix: str = "rolodex") -> InitReport:
    """Make ``store``'s database a team rolodex (idempotent), as its administrator."""
    require_server(store.url)
    if not PREFIX.match(prefix):
        raise UsageError(f"--roles: '{prefix}' is not a role prefix (lower-case letters, "
                         "digits and _, starting with a letter)")
    roles = Roles(prefix)
    try:
        with store.tx() as s:
            return _init(s, roles)
    except DatabaseError as exc:
        raise StoreError(f"{store.where()}: team init failed, nothing changed "
                         f"({_short(exc)})") from exc


def _init(s, roles: Roles) -> InitReport:
    x = s.execute
    if not x(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar():
        raise StoreError("team init: connect as a superuser of the server (it creates roles "
                         "and owns nothing itself)")
    x(text("SELECT pg_advisory_xact_lock(hashtext('rolodex team init'))"))
    had = x(text("SELECT value FROM rolodex_meta WHERE key = :k"), {"k": ROLES_KEY}).scalar()
    if had and had != roles.prefix:
        raise UsageError(f"--roles: this team rolodex uses the roles '{had}_*', not "
                         f"'{roles.prefix}_*'")
    schema = x(text("SELECT current_schema()")).scalar()
    created = []
    for role in (roles.owner, roles.group):
        row = x(text("SELECT rolcanlogin, rolsuper, rolbypassrls FROM pg_roles "
                     "WHERE rolname = :r"), {"r": role}).first()
        if row is None:
            x(text(f"CREATE ROLE {q(role)} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB "
                   "NOCREATEROLE"))
            created.append(role)
        elif any(row):
            raise StoreError(f"team init: role {role} exists and can log in or bypass "
                             "row security; it cannot be the team's")
    x(text(MEMBER_DDL))
    x(text(SHARED_TIE_DDL))
    for ddl in TEAM_COLUMNS:
        x(text(ddl))
    for ddl in TEAM_INDEXES:
        x(text(ddl))
    tables = list(x(text(
        "SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
        "AND c.relkind IN ('r', 'p') ORDER BY c.relname")).scalars())
    for t in tables:
        x(text(f"ALTER TABLE {q(t)} OWNER TO {q(roles.owner)}"))
    for t, col in LOGIN_COLUMNS:
        x(text(f"ALTER TABLE {q(t)} ALTER COLUMN {q(col)} SET DEFAULT current_user"))
    for ddl in triggers(schema):
        x(text(ddl))
    x(text(f"GRANT USAGE ON SCHEMA {q(schema)} TO {q(roles.group)}"))
    x(text(f"REVOKE CREATE ON SCHEMA {q(schema)} FROM PUBLIC"))
    specs = policies(schema)
    for t in tables:
        x(text(f"ALTER TABLE {q(t)} ENABLE ROW LEVEL SECURITY"))
        x(text(f"ALTER TABLE {q(t)} FORCE ROW LEVEL SECURITY"))
        for (name,) in x(text("SELECT policyname FROM pg_policies WHERE schemaname = :s "
                              "AND tablename = :t"), {"s": schema, "t": t}).all():
            x(text(f"DROP POLICY {q(name)} ON {q(t)}"))
        x(text(f"REVOKE ALL ON {q(t)} FROM PUBLIC"))
        x(text(f"REVOKE ALL ON {q(t)} FROM {q(roles.group)}"))
        if t in HIDDEN_COLUMNS:
            shown = [c for c in x(text(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = :s "
                "AND table_name = :t ORDER BY ordinal_position"), {"s": schema, "t": t}
            ).scalars() if c not in HIDDEN_COLUMNS[t]]
            x(text(f"REVOKE SELECT ({', '.join(q(c) for c in HIDDEN_COLUMNS[t])}) ON {q(t)} "
                   f"FROM {q(roles.group)}"))
            x(text(f"GRANT SELECT ({', '.join(q(c) for c in shown)}) ON {q(t)} "
                   f"TO {q(roles.group)}"))
        else:
            x(text(f"GRANT SELECT ON {q(t)} TO {q(roles.group)}"))
        for cmd, using, check in specs.get(t, []):
            clause = (f" USING ({using})" if using else "") + (
                f" WITH CHECK ({check})" if check else "")
            x(text(f"CREATE POLICY {q('team_' + cmd.lower())} ON {q(t)} FOR {cmd} "
                   f"TO {q(roles.group)}{clause}"))
        if t in OWNER_SEES:
            x(text(f"CREATE POLICY team_owner ON {q(t)} FOR ALL TO {q(roles.owner)} "
                   "USING (true) WITH CHECK (true)"))
        if t in WRITABLE:
            cols = [c for c in x(text(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = :s "
                "AND table_name = :t ORDER BY ordinal_position"), {"s": schema, "t": t}
            ).scalars() if c not in NOT_UPDATABLE]
            x(text(f"GRANT INSERT, DELETE ON {q(t)} TO {q(roles.group)}"))
            x(text(f"GRANT UPDATE ({', '.join(q(c) for c in cols)}) ON {q(t)} "
                   f"TO {q(roles.group)}"))
    x(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {q(schema)} TO {q(roles.group)}"))
    for signature, ddl, granted in functions(schema):
        x(text(ddl))
        fn = f"{q(schema)}.{signature}"
        x(text(f"ALTER FUNCTION {fn} OWNER TO {q(roles.owner)}"))
        x(text(f"REVOKE ALL ON FUNCTION {fn} FROM PUBLIC"))
        if granted:
            x(text(f"GRANT EXECUTE ON FUNCTION {fn} TO {q(roles.group)}"))
    x(text("INSERT INTO rolodex_meta (key, value) VALUES (:k, :v) ON CONFLICT (key) DO NOTHING"),
      {"k": ROLES_KEY, "v": roles.prefix})
    return InitReport(schema, roles, tables, created)
