"""Queries first: a build giving way (core/network/priority.py) and the collector pause
(core/memory.py) that build_around and the importer share."""

from __future__ import annotations

import gc
import threading

import pytest

from rolodex.core.memory import collector_paused
from rolodex.core.network.graph import Network
from rolodex.core.network.priority import Priority


def test_give_way_waits_while_a_query_runs_and_not_otherwise():
    p = Priority()
    p.give_way()  # nobody asking: at once
    passed = threading.Event()

    def build():
        p.give_way()
        passed.set()

    with p.asking():
        t = threading.Thread(target=build)
        t.start()
        assert not passed.wait(0.2)
        with p.asking():  # a second query: still waiting after the first ends
            pass
        assert not passed.wait(0.1)
    assert passed.wait(5)
    t.join()
    assert not p.busy


def test_paced_gives_every_row_and_gives_way_between_steps():
    p = Priority()
    calls = []
    p.give_way = lambda: calls.append(1)  # type: ignore[method-assign]
    assert list(p.paced(range(10), step=4)) == list(range(10))
    assert len(calls) == 3  # before rows 0, 4 and 8


@pytest.fixture
def demo(store):
    from rolodex.demo import build_demo

    build_demo(store, contacts=200, seed=11)
    return store


def _edges(net: Network):
    return sorted((*sorted((str(a), str(b))), round(d.w, 12), d.k, d.m, d.c)
                  for a, b, d in net.G.edges(data=True))


def test_a_build_that_gives_way_pauses_for_the_query_and_builds_the_same(demo):
    p = Priority()
    out: list[Network] = []
    with p.asking():
        t = threading.Thread(target=lambda: out.append(Network.build(demo, follow=False,
                                                                      priority=p)))
        t.start()
        t.join(0.5)
        assert t.is_alive() and not out  # held at its first step while the query runs
    t.join(30)
    assert out
    assert _edges(out[0]) == _edges(Network.build(demo, follow=False))


def test_collector_pause_nests_and_restores_what_was_there():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer pause still holds
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # off before: left off
    finally:
        gc.enable()


def test_collector_pause_from_two_threads_ends_with_the_last():
    inside, leave = threading.Event(), threading.Event()

    def other():
        with collector_paused():
            inside.set()
            leave.wait(5)

    t = threading.Thread(target=other)
    with collector_paused():
        t.start()
        assert inside.wait(5)
    assert not gc.isenabled()  # the other thread's pause goes on
    leave.set()
    t.join()
    assert gc.isenabled()
