"""Undo in the TUI: ``undoable`` runs a destructive core write (delete, archive, merge,
edit) through ``core.records.undo.record`` and keeps the step on the app's stack for the session;
``undo_latest`` (``u`` / ``ctrl+z`` / the palette) takes back the newest one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.screen import ModalScreen

from rolodex.tui.workers import in_thread


def undoable(app, what: str, change: Callable[[], object], *, contacts: Iterable[int] = (),
             interactions: Iterable[int] = ()) -> object:
    """In a worker thread: run the core write ``change`` and put the step that undoes it on
    the app's undo stack. Returns what ``change`` returned."""
    from rolodex.core.records.undo import record

    store = app.store
    result, step = record(store, what, change, contacts=contacts, interactions=interactions)

    def push() -> None:
        if app.store is store:  # still the same rolodex
            app.undo_steps.append(step)

    app.call_from_thread(push)
    return result


def undo_latest(app) -> None:
    """Undo the newest change of this session, then say what was undone (or why not)."""
    if isinstance(app.screen, ModalScreen) or app.undo_busy:
        return
    if not app.undo_steps:
        app.notify("Nothing to undo", severity="warning")
        return
    step = app.undo_steps.pop()
    store, screen = app.store, app.screen
    app.undo_busy = True

    def job():
        from rolodex.core.errors import RolodexError
        from rolodex.core.records.undo import undo

        try:
            undo(store, step)
        except RolodexError as exc:
            return exc
        return None

    def done(error) -> None:
        app.undo_busy = False
        if error is not None:
            app.notify(str(error), severity="error")
            return
        app.notify(f"undid: {step.what}")
        show = getattr(screen, "show_undone", None)
        if show is not None:
            show(step)

    in_thread(screen, job, group="undo", done=done, exclusive=False)
