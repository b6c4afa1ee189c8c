"""The Tomorrow tab's dialogs: a yes/no question that says what would happen (copy
today over people planned, the swap), and the leaders' fair-share table."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label, Static

from dutyboard.i18n import t
from dutyboard.tui.safe_text import SafeTable, plain, safe
from dutyboard.views.tomorrow import build_fair_share

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp


class ConfirmScreen(ModalScreen[bool]):
    """A question with a yes and a no; lines below the title say what would happen."""

    BINDINGS = [Binding("escape", "cancel", "取消", id="key.cancel")]

    def __init__(
        self,
        title: str,
        lines: list[tuple[str, bool]],
        yes: str,
        lang: str,
        *,
        dialog_id: str = "confirm-dialog",
    ) -> None:
        super().__init__()
        self.title_text, self.lines, self.yes, self.lang = title, lines, yes, lang
        self.dialog_id = dialog_id

    def compose(self) -> ComposeResult:
        with Vertical(id=self.dialog_id, classes="dialog"):
            yield Label(safe(self.title_text), classes="dialog-title")
            for text, warn in self.lines:
                yield Static(safe(text), classes="confirm-line" + (" -warn" if warn else ""))
            with Horizontal(classes="dialog-buttons"):
                yield Button(plain(self.yes), variant="warning", id="confirm-yes")
                yield Button(t("dialog.cancel", self.lang), id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed, "#confirm-yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#confirm-no")
    def action_cancel(self) -> None:
        self.dismiss(False)


class FairShareScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape", "close", "关闭", id="key.close")]
    COMPONENT_CLASSES = {"fair--over"}  # over the days-in-a-row limit (tomorrow.tcss)

    def __init__(self, app: DutyboardApp) -> None:
        super().__init__()
        self.lines = build_fair_share(app.board, app.lang)
        self.lang = app.lang
        self.day = app.board.today

    def compose(self) -> ComposeResult:
        with Vertical(id="fair-dialog", classes="dialog"):
            yield Label(t("fair.title", self.lang, day=self.day), classes="dialog-title")
            yield SafeTable(id="fair-table", cursor_type="row", zebra_stripes=True)
            yield Label(t("fair.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one("#fair-table", DataTable)
        for key in ("name", "groups", "hours", "days", "row", "tomorrow", "run"):
            table.add_column(t(f"fair.col.{key}", self.lang), key=key)
        for s in self.lines:
            run = Text(str(s.run_tomorrow) + (" ⚠" if s.over_limit else ""))
            if s.over_limit:
                run.stylize(self.get_component_rich_style("fair--over", partial=True))
            table.add_row(
                s.name, s.groups, s.week_hours, str(s.week_days), str(s.in_a_row), s.tomorrow, run
            )
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)
