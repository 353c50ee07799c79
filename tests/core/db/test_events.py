"""core/db/events.py: every follower of the store reads one decoded Change."""

from rolodex.core.db.events import BULK_EVENT, Change, decode


def test_each_payload_shape_decodes_once_into_named_fields():
    assert decode("contact", 7) == Change("contact", (7,))
    assert decode("interaction", (3, [1, 2, 2])) == Change("interaction", (1, 2), interaction=3)
    assert decode("knows", (4, 9)) == Change("knows", (4, 9), pair=(4, 9))
    assert decode("dupes", (2, 5)).pair == (2, 5)
    # an intro's id is not a contact's: nobody refreshes contact 12 for intro 12
    assert decode("intro", 12) == Change("intro", intro=12)
    assert decode("endorsement", 8).contacts == (8,)


def test_bulk_and_vague_changes_ask_for_a_reload():
    assert decode("demo").bulk and decode("import", None).bulk
    assert decode("contact", list(range(1, BULK_EVENT + 2))).bulk
    assert not decode("contact", list(range(1, BULK_EVENT + 1))).bulk
    # an interaction that names nobody (deleted with no participants) is still precise
    assert not decode("interaction", (3, [])).bulk
    assert not decode("intro", 12).bulk
