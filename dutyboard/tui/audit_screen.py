"""The leaders' log (L): today's changes, newest first: when, who, what, on which
laptop; typing a name keeps that person's. What ``dutyboard log`` prints
(dutyboard/core/roles.py builds both).

Names, labels and reasons people typed are shown as text, never read as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from dutyboard.core.roles import LogLine, log_lines
from dutyboard.i18n import pad, t
from dutyboard.storage.text import squeezed
from dutyboard.tui.key_words import localise_bindings

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp


class AuditScreen(ModalScreen[None]):
    """One line per change; the Input filters by the name of who made it."""

    DEFAULT_CSS = """
    #audit-dialog { width: 110; }
    #audit-list { height: auto; max-height: 24; }
    #audit-empty { margin: 1 0; }
    AuditScreen > .audit--time { color: $text-muted; }
    AuditScreen > .audit--who { text-style: bold; }
    """
    BINDINGS = [Binding("escape", "close", "关闭", id="key.close")]
    COMPONENT_CLASSES = {"audit--time", "audit--who"}

    def __init__(self, lines: list[LogLine], title: str, lang: str) -> None:
        super().__init__()
        self.lines, self.title_text, self.lang = lines, title, lang
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with Vertical(id="audit-dialog", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Input(placeholder=t("audit.filter", self.lang), id="audit-filter")
            yield OptionList(id="audit-list")
            yield Label("", id="audit-empty", markup=False)
            yield Label(t("audit.hint", self.lang), classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.show_lines("")
        self.query_one("#audit-filter", Input).focus()

    def shown_lines(self, name: str) -> list[LogLine]:
        """The lines of whoever's name holds ``name`` (case aside), all if it is empty."""
        wanted = name.strip().casefold()
        if not wanted:
            return list(self.lines)
        return [x for x in self.lines if wanted in x.who_name.casefold()]

    def show_lines(self, name: str) -> None:
        lines = self.shown_lines(name)
        options = self.query_one("#audit-list", OptionList)
        options.clear_options()
        empty = self.query_one("#audit-empty", Label)
        if not lines:
            key = "audit.no_match" if name.strip() else "audit.none"
            empty.update(t(key, self.lang, name=squeezed(name)))
            empty.display = True
            options.display = False
            return
        empty.display, options.display = False, True
        time_style = self.get_component_rich_style("audit--time")
        who_style = self.get_component_rich_style("audit--who")
        nobody = t("roles.log.no_one", self.lang)
        width = max(cell_len(squeezed(x.who_name) or nobody) for x in lines)
        options.add_options(
            Option(
                Text.assemble(
                    (x.time, time_style),
                    "  ",
                    (pad(squeezed(x.who_name) or nobody, width), who_style),
                    "  ",
                    # Typed text (names, addresses, reasons): plain string parts, never markup.
                    " ".join(p for p in (x.action_name, squeezed(x.label)) if p),
                    f"  ({squeezed(x.reason)})" if x.reason else "",
                    "  ",
                    (self._laptop(x), time_style),
                ),
                id=x.id,
            )
            for x in lines
        )
        options.highlighted = 0

    def _laptop(self, x: LogLine) -> str:
        key = "roles.log.this_laptop" if x.this_laptop else "roles.log.laptop"
        return t(key, self.lang, device=x.device or "?")

    @on(Input.Changed, "#audit-filter")
    def _filter(self, event: Input.Changed) -> None:
        self.show_lines(event.value)

    def action_close(self) -> None:
        self.dismiss(None)


def audit_flow(app: DutyboardApp) -> None:
    """L (leaders): today's log as it is now."""
    board = app.board
    lines, _problem = log_lines(board, board.today, app.lang)  # today's: no archive read
    title = t("audit.title", app.lang, date=board.today.isoformat(), n=len(lines))
    app.push_screen(AuditScreen(lines, title, app.lang))
