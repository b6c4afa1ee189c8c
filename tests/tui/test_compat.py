"""Each private name of Textual that dutyboard/tui/_compat.py uses still exists in the
installed Textual, and means what _compat takes it to mean: an upgrade that renames
or drops one fails here, by name, not as a crash in the field."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from textual._compositor import Compositor
from textual.app import App
from textual.binding import BindingsMap
from textual.geometry import Size
from textual.notifications import Notifications
from textual.screen import Screen
from textual.widgets import Input, Static

from dutyboard.tui import _compat


def test_a_node_keeps_its_bindings_in_a_bindings_map() -> None:
    assert isinstance(_compat.bindings_map(Static()), BindingsMap)


def test_a_screen_keeps_the_size_it_was_laid_out_at_in_its_compositor() -> None:
    screen: Screen[None] = Screen()
    assert _compat.laid_out_size(screen) == Size(0, 0)  # not laid out yet
    assert "self.size = size" in inspect.getsource(Compositor.reflow)  # set by the layout
    assert "self._compositor.reflow(" in inspect.getsource(Screen._refresh_layout)


def test_an_app_crash_goes_through_fatal_error_with_the_exception_kept() -> None:
    assert callable(App._fatal_error)
    handler = inspect.getsource(App._handle_exception)
    assert "self._exception = error" in handler
    assert "self._fatal_error()" in handler
    app: App[None] = App()
    assert app._exception is None


def test_an_app_prints_its_exit_renderables_and_can_close_at_once() -> None:
    app: App[None] = App()
    assert app._exit_renderables == []
    _compat.print_on_exit(app, "bye")
    assert app._exit_renderables == ["bye"]
    assert callable(app._close_messages_no_wait)
    assert "_exit_renderables" in inspect.getsource(App._print_error_renderables)


def test_an_app_keeps_its_notifications() -> None:
    app: App[None] = App()
    assert isinstance(app._notifications, Notifications)
    assert _compat.notifications(app) == []


def test_the_input_cursor_blinks_through_the_stubbed_method() -> None:
    assert callable(getattr(Input, _compat.INPUT_BLINK))
    assert f"self.{_compat.INPUT_BLINK}," in inspect.getsource(Input)  # the blink timer


def test_a_screen_lays_out_in_refresh_layout() -> None:
    assert callable(getattr(Screen, _compat.REFRESH_LAYOUT))


def test_nothing_else_reaches_into_textual() -> None:
    """The app's modules and their tests use Textual's private API only through _compat."""
    here = Path(__file__).parent
    files = [*Path(_compat.__file__).parent.glob("*.py"), *here.glob("*.py")]
    private = re.compile(
        r"from textual\.\w*\._|\._(bindings|fatal_error|exception|exit_renderables"
        r"|close_messages_no_wait|notifications|compositor|toggle_cursor|refresh_layout"
        r"|component_styles)\b"
    )
    found = [
        f"{path.name}:{n}"
        for path in sorted(files)
        if path.name not in ("_compat.py", "test_compat.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if private.search(line)
    ]
    assert found == []
