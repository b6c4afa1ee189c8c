"""Every use of Textual's private API, in one place.

Textual is pinned (pyproject.toml); tests/tui/test_compat.py checks that each name used
here still exists, so an upgrade that renames one fails there, loudly, rather than as a
crash or a silently missing feature. Each use says why no public way does the job.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import RenderableType
    from textual.app import App
    from textual.binding import BindingsMap
    from textual.dom import DOMNode
    from textual.geometry import Size
    from textual.notifications import Notification
    from textual.screen import Screen


def bindings_map(node: DOMNode) -> BindingsMap:
    """The node's own bindings, the ones its key bar, help and command palette read.
    Textual has no public way to change a binding's description after the class is
    made, and ours follow the UI language (dutyboard/tui/key_words.py)."""
    return node._bindings  # noqa: SLF001


def laid_out_size(screen: Screen[Any]) -> Size:
    """The size the screen was last laid out at: its compositor's. ``Screen.size``
    follows the app's at once, before the layout, so it cannot tell a resize to the
    same size from a real one (dutyboard/tui/board_screen.py)."""
    return screen._compositor.size  # noqa: SLF001


class CrashHook:
    """Mixed into an App: ``crashed(error)`` runs instead of Textual printing its
    traceback when a handler raises. ``App._fatal_error`` is the only place an App can
    take over that; ``App._exception`` holds the error."""

    def _fatal_error(self) -> None:
        app: Any = self
        self.crashed(app._exception)

    def crashed(self, error: BaseException | None) -> None:
        raise NotImplementedError


def print_on_exit(app: App[Any], renderable: RenderableType) -> None:
    """Printed once the app has given the terminal back, where Textual's own
    ``_fatal_error`` puts its traceback (the public ``App.exit(message=)`` posts a
    message to a message loop that a crash has stopped)."""
    app._exit_renderables.append(renderable)  # noqa: SLF001


def close_at_once(app: App[Any]) -> None:
    """Close the app without waiting for its message queues, as Textual's own
    ``_fatal_error`` does after a crash."""
    app._close_messages_no_wait()  # noqa: SLF001


def notifications(app: App[Any]) -> list[Notification]:
    """The toasts the app shows (for tests: Textual keeps them in a private list)."""
    return list(app._notifications)  # noqa: SLF001


# The method Input's timer calls to blink its cursor. Tests stub it out, so that a
# screenshot never depends on the moment it was taken (``cursor_blink`` is public but
# per widget, and the dialogs make their own Inputs).
INPUT_BLINK = "_toggle_cursor"


# For tests. The method a screen lays itself out in: a spy on it counts the layouts
# (BoardScreen drops a resize to the same size; no public event says a layout ran).
REFRESH_LAYOUT = "_refresh_layout"
