"""The team rolodex on PostgreSQL: members, row-level security, ties shared as bands.

``schema`` sets a database up (roles, ownership, grants, policies, the functions that
publish bands), ``members`` adds and removes people, ``bands`` reads and writes the shared
ties. Privacy is the database's: every rule here is a policy or a grant, so a colleague
with ``psql`` and their own login sees no more than rolodex shows them.
"""
