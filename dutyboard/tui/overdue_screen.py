"""The overdue list (O): every group's overdue work, the longest overdue first; Enter
goes to it (its tab, the cursor on its row).

It shows an ``OverdueView`` (dutyboard.views.overdue) as it is; addresses, names and
medicines typed by people are shown as text, never read as markup.
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
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from dutyboard.i18n import pad, t
from dutyboard.tui.commands import select_row
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.safe_text import safe
from dutyboard.views.overdue import OverdueRow, OverdueView, build_overdue

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp


class OverdueScreen(ModalScreen[OverdueRow | None]):
    """One line per overdue thing: kind, since when, what."""

    BINDINGS = [Binding("escape", "cancel", "关闭", id="key.close")]
    COMPONENT_CLASSES = {"overdue--kind", "overdue--since"}

    def __init__(self, view: OverdueView) -> None:
        super().__init__()
        self.view = view
        localise_bindings(self, view.lang)

    def compose(self) -> ComposeResult:
        view = self.view
        with Vertical(id="overdue-dialog", classes="dialog"):
            yield Label(safe(view.title), classes="dialog-title")
            if view.rows:
                yield OptionList(id="overdue-list")
            else:
                yield Label(t("overdue.none", view.lang))
            yield Label(t("overdue.hint", view.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        rows = self.view.rows
        if not rows:
            return
        kind_style = self.get_component_rich_style("overdue--kind")
        since_style = self.get_component_rich_style("overdue--since")
        kinds = max(cell_len(r.kind_label) for r in rows)
        since = max(cell_len(r.since) for r in rows)
        options = self.query_one("#overdue-list", OptionList)
        options.add_options(
            Option(
                Text.assemble(
                    (pad(r.kind_label, kinds), kind_style),
                    "  ",
                    (pad(r.since, since), since_style),
                    "  ",
                    r.what,  # typed text: a plain string part, never markup
                ),
                id=str(i),
            )
            for i, r in enumerate(rows)
        )
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected, "#overdue-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.view.rows[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)


def go_to(app: DutyboardApp, row: OverdueRow) -> None:
    """The thing's tab, the cursor on its row (and column)."""
    if row.tab == "deliveries":
        app.building = None  # a parcel: shown whatever building was chosen
    app.show_tab(row.tab)
    select_row(app, row.tab, row.record, row.column or None)


def overdue_flow(app: DutyboardApp) -> None:
    """O: the list as it is now; Enter goes there."""
    view = build_overdue(app.board, app.lang, app.clock.now())

    def chosen(row: OverdueRow | None) -> None:
        if row is not None:
            go_to(app, row)

    app.push_screen(OverdueScreen(view), chosen)
