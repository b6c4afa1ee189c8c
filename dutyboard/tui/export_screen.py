"""The export dialog (x in the Tomorrow tab, or from the app's keys): the roster,
deliveries, disinfection or handover of today or tomorrow, in one of four formats,
written beside the board in an ``exports`` folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from dutyboard.i18n import t
from dutyboard.io.exports import default_name, export, write_file
from dutyboard.storage.errors import DutyboardError
from dutyboard.tui.safe_text import safe

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp

EXPORT_KINDS = ("roster", "deliveries", "disinfection", "handover")
EXPORT_FORMATS = ("text", "csv", "md", "json")


class ExportScreen(ModalScreen[None]):
    """Choose what, which day and which format; the file goes beside the board (in an
    ``exports`` folder) and its path is shown. Phones are masked."""

    BINDINGS = [Binding("escape", "close", "关闭", id="key.close")]

    def __init__(self, app: DutyboardApp) -> None:
        super().__init__()
        self.board, self.lang = app.board, app.lang

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="export-dialog", classes="dialog"):
            yield Label(t("export.dialog_title", lang), classes="dialog-title")
            with Horizontal(id="export-lists"):
                yield OptionList(
                    *(Option(t(f"export.kind.{k}", lang), id=k) for k in EXPORT_KINDS),
                    id="export-kind",
                )
                yield OptionList(
                    Option(t("today.day_today", lang), id="today"),
                    Option(t("today.day_tomorrow", lang), id="tomorrow"),
                    id="export-day",
                )
                yield OptionList(
                    *(Option(t(f"export.format.{f}", lang), id=f) for f in EXPORT_FORMATS),
                    id="export-format",
                )
            yield Static(t("export.masked", lang), id="export-result")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("export.write", lang), variant="primary", id="export-ok")
                yield Button(t("key.close", lang), id="export-close")

    def on_mount(self) -> None:
        for name in ("#export-kind", "#export-day", "#export-format"):
            self.query_one(name, OptionList).highlighted = 0
        self.query_one("#export-kind", OptionList).focus()

    def _chosen(self, name: str) -> str:
        ol = self.query_one(name, OptionList)
        index = ol.highlighted or 0
        return str(ol.get_option_at_index(index).id)

    @on(OptionList.OptionSelected)
    def _next_list(self, event: OptionList.OptionSelected) -> None:
        order = ["export-kind", "export-day", "export-format"]
        current = event.option_list.id or ""
        if current in order[:-1]:
            self.query_one("#" + order[order.index(current) + 1], OptionList).focus()
        else:
            self.query_one("#export-ok", Button).focus()

    @on(Button.Pressed, "#export-ok")
    def write(self) -> None:
        """Build the export (today or tomorrow: the live file, in memory) and write it
        in a worker thread; the result line says where it went or why it failed."""
        kind, fmt = self._chosen("#export-kind"), self._chosen("#export-format")
        day = self.board.resolve_date(self._chosen("#export-day"))
        try:
            text = export(self.board, kind, fmt, lang=self.lang, day=day)
        except DutyboardError as exc:
            self._result(t("export.failed", self.lang, why=str(exc)), warn=True)
            return
        folder = self.board.store.path.parent / "exports"
        self._write(folder / default_name(self.board, kind, fmt, day), text, fmt)

    @work(thread=True, group="export")
    def _write(self, path: Path, text: str, fmt: str) -> None:
        try:
            path.parent.mkdir(mode=0o700, exist_ok=True)  # exports hold phones
            write_file(path, text, fmt)
        except OSError as exc:
            shown = t("export.failed", self.lang, why=str(exc))
            self.app.call_from_thread(self._result, shown, warn=True)
            return
        shown = t("export.written", self.lang, path=str(path))
        self.app.call_from_thread(self._result, shown, warn=False)

    def _result(self, text: str, *, warn: bool) -> None:
        box = self.query_one("#export-result", Static)
        box.update(safe(text))
        box.set_class(warn, "-warn")

    @on(Button.Pressed, "#export-close")
    def action_close(self) -> None:
        self.dismiss(None)


def export_flow(app: DutyboardApp) -> None:
    app.push_screen(ExportScreen(app))
