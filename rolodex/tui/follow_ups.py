"""A contact's follow-up done without logging (``F``) or snoozed (``z``), from the main
screen (the selected contact) and Today (the line's person): core/records/follow_ups.py
through ``undoable``, so ``u`` takes either back. What happened is said in a notice; a
person with no open follow-up gets a warning, nothing is written."""

from __future__ import annotations

from rolodex.tui.undo import undoable
from rolodex.tui.workers import in_thread


def mark_done(node, cid: int, name: str) -> None:
    app = node.app

    def job():
        from rolodex.core.errors import RolodexError
        from rolodex.core.records.follow_ups import follow_up_done

        try:
            return undoable(app, f"follow-up done with {name}",
                            lambda: follow_up_done(app.store, cid), contacts=[cid])
        except RolodexError as exc:
            return exc

    def done(result) -> None:
        if isinstance(result, Exception):
            app.notify(str(result), severity="warning")
        else:
            app.notify(f"Follow-up of {result:%a %d %b} with {name} done (nothing logged; "
                       "u undoes)")

    in_thread(node, job, group="follow-up-done", done=done)


async def snooze(node, cid: int, name: str) -> None:
    from rolodex.core.today import follow_ups
    from rolodex.tui.dialogs.snooze import SnoozeDialog

    app = node.app
    due = follow_ups(app.store_or_url()).get(cid)  # one indexed row
    if due is None:
        app.notify(f"{name} has no open follow-up", severity="warning")
        return

    def snoozed(until) -> None:
        if until is not None:
            app.notify(f"Follow-up with {name} snoozed to {until:%a %d %b} (u undoes)")

    await app.push_screen(SnoozeDialog(cid, name, due), snoozed)
