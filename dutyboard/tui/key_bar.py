"""The key bar at the bottom: the keys that work here, greyed where this person may not.

Textual's Footer fills itself in only after the first frame (one widget per key, built
when the screen's bindings are first announced), so the first screen had an empty
bottom line; and its twenty-odd widgets cost start-up time. This draws the same keys
as one line, from the screen's active bindings, in the first frame and again whenever
the bindings change (focus moved, a role or a state changed, the language switched).
A click on a key presses it; a greyed key rings the bell.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events

from dutyboard.tui.one_line import OneLine

PALETTE_KEY = "ctrl+p"


class KeyBar(OneLine, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description", "key-bar--disabled"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._spans: list[tuple[int, int, str, bool]] = []  # cells, key, enabled
        # The entries to draw, kept between bindings updates: working them out asks
        # every widget in the focus chain which of its keys apply.
        self._current: list[tuple[str, str, bool, str]] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        entries = self._entries()
        if entries != self._current:  # Textual announces more often than they change
            self._current = entries
            self.refresh()

    def shown_keys(self) -> list[tuple[str, str, bool]]:
        """(key as shown, description, enabled) in the order drawn, palette last."""
        if self._current is None:
            self._current = self._entries()
        return [(key, desc, enabled) for key, desc, enabled, _ in self._current]

    def _entries(self) -> list[tuple[str, str, bool, str]]:
        app = self.app
        seen: set[str] = set()
        out: list[tuple[str, str, bool, str]] = []
        palette = None
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if key == PALETTE_KEY and app.ENABLE_COMMAND_PALETTE:
                palette = (app.get_key_display(binding), binding.description, active.enabled, key)
                continue
            if not binding.show or binding.action in seen:
                continue  # one entry per action, as Textual's Footer does
            seen.add(binding.action)
            out.append((app.get_key_display(binding), binding.description, active.enabled, key))
        if palette is not None:
            out.append(palette)
        return out

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        desc_style = self.get_component_rich_style("key-bar--description")
        off = self.get_component_rich_style("key-bar--disabled")
        if self._current is None:
            self._current = self._entries()
        entries = list(self._current)
        palette = entries.pop() if entries and entries[-1][3] == PALETTE_KEY else None
        text = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, str, bool]] = []
        x = 0

        def cells(shown: str, desc: str) -> int:
            return cell_len(f" {shown} ") + (cell_len(desc) + 1 if desc else 0)

        def add(shown: str, desc: str, enabled: bool, key: str) -> None:
            nonlocal x
            dim = Style.null() if enabled else off
            start = x
            text.append(f" {shown} ", key_style + dim)
            text.append(f"{desc} " if desc else "", desc_style + dim)
            x += cells(shown, desc)
            spans.append((start, x, key, enabled))

        # Too narrow (80 columns in English): the last keys lose their words first,
        # then keys that still do not fit are left out; the palette key stays right.
        room = self.size.width - (cells(palette[0], palette[1]) if palette else 0)
        words = [True] * len(entries)  # whether each key keeps its description

        def width(upto: int) -> int:
            return sum(
                cells(e[0], e[1] if w else "") for e, w in zip(entries[:upto], words, strict=False)
            )

        for i in reversed(range(len(entries))):
            if width(len(entries)) <= room:
                break
            words[i] = False
        keep = len(entries)
        while keep and width(keep) > room:
            keep -= 1
        for (shown, desc, enabled, key), with_words in zip(entries[:keep], words, strict=False):
            add(shown, desc if with_words else "", enabled, key)
        if palette is not None:  # on the right, as Textual's Footer puts it
            gap = room - x
            if gap > 0:
                text.append(" " * gap)
                x += gap
            add(*palette)
        self._spans = spans
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                event.stop()
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return
