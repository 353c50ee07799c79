from datetime import timedelta
from rolodex.core.interactions import list_interactions
from .conftest import NOW, running, settle

async def test_burst(small_store, make):
    grace = small_store.ids["Grace Hopper"]
    app = make(small_store)
    async with running(app, on=grace) as pilot:
        await pilot.press("c", "B", "u", "r", "s", "t", "space", "1", "shift+tab", "minus", "2", "d", "enter")
        await settle(pilot)
    it = list_interactions(small_store, grace)[0]
    assert (it.summary, it.at) == ("Burst 1", NOW - timedelta(days=2))
