"""Background work for the TUI: every slow call runs in a thread worker owned by the app.

The app owns the workers so that its one ``Worker.StateChanged`` handler turns any failure
into the error dialog. ``done(result)`` runs on the UI thread, and only if the worker was
not cancelled (a newer one of the same group replaces it) and its node is still mounted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.dom import DOMNode
from textual.worker import Worker, get_current_worker


def in_thread(node: DOMNode, fn: Callable[[], Any], *, group: str,
              done: Callable[[Any], None] | None = None, exclusive: bool = True) -> Worker:
    app = node.app

    def job() -> Any:
        result = fn()
        worker = get_current_worker()
        if done is not None and not worker.is_cancelled:
            app.call_from_thread(_deliver, node, done, result)
        return result

    return app.run_worker(job, name=group, group=group, thread=True, exclusive=exclusive,
                          exit_on_error=False)


def _deliver(node: DOMNode, done: Callable[[Any], None], result: Any) -> None:
    if node.is_attached:
        done(result)
