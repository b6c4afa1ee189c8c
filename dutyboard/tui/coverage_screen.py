"""The coverage grid (leaders, from the Care tab or the command palette): households ×
groups, last served → next due; late cells stand out. Enter opens a household's page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label

from dutyboard.groups.coverage import GROUPS, coverage
from dutyboard.i18n import t
from dutyboard.tui.household_page import open_household
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.safe_text import SafeTable
from dutyboard.tui.tables import cursor_key
from dutyboard.views.household import cell_text

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp


class CoverageScreen(ModalScreen[None]):
    """Households × groups for leaders: last served → next due; late cells stand out."""

    BINDINGS = [
        Binding("escape,q", "close", "Close", id="hh.key.close"),
        Binding("e", "elderly", "Elderly/all", id="cov.key.elderly"),
        Binding("enter", "household", "Household", id="care.key.household"),
    ]

    COMPONENT_CLASSES = {"cov--late"}  # a cell past its due time (care.tcss)

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self.elderly = True
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with Vertical(id="cov-dialog", classes="care-dialog"):
            yield Label(id="cov-title", classes="dialog-title")
            yield SafeTable(id="cov-table", cursor_type="row", zebra_stripes=True)
            yield Label(t("cov.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self._draw()
        self.query_one(DataTable).focus()

    def _draw(self) -> None:
        app: DutyboardApp = self.app  # type: ignore[assignment]
        board, lang, now = app.board, self.lang, app.clock.now()
        rows = coverage(board, now, elderly_only=self.elderly)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column(t("cov.col.household", lang), key="household")
        for g in GROUPS:
            table.add_column(board.group(g).name(lang), key=g)
        late = self.get_component_rich_style("cov--late", partial=True)
        for r in rows:
            cells = [
                Text(cell_text(c, board.tz, now, lang), late if c.late else "") for c in r.cells
            ]
            mark = " ★" if r.household.elderly_alone else ""
            table.add_row(Text(r.household.address + mark), *cells, key=r.household.id)
        self.query_one("#cov-title", Label).update(t("cov.title", lang, n=len(rows)))

    def action_elderly(self) -> None:
        self.elderly = not self.elderly
        self._draw()

    def action_household(self) -> None:
        key = cursor_key(self.query_one(DataTable))
        if key is not None:
            open_household(self.app, key)  # type: ignore[arg-type]

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        open_household(self.app, str(event.row_key.value))  # type: ignore[arg-type]

    def action_close(self) -> None:
        self.dismiss(None)


def open_coverage(app: DutyboardApp) -> None:
    if app.leader() is None:
        return
    app.push_screen(CoverageScreen(app.lang))
