"""What the Care, Medicine and Testing panes share: the view they show, leader-only
keys greyed out for volunteers (the core refuses them too), Enter on a row."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable

from dutyboard.tui.task_pane import TaskPane


class CarePaneBase(TaskPane):
    """What the three panes share: the app, who is here, leader-only keys."""

    LEADER_ONLY: frozenset[str] = frozenset()

    def __init__(self, lang: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(lang, id=id, classes=classes)
        self.leader = False
        self.view: Any = None

    def show(self, view: Any) -> None:
        if view == self.view and self.is_mounted:
            return
        self.view = view
        if self.is_mounted:
            self._draw()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.LEADER_ONLY and not self.leader:
            return None  # greyed out: leaders only
        return True

    def on_mount(self) -> None:
        super().on_mount()
        self._table().focus()  # the pane's first table (Care: the register)

    def _keep_cursor(self, table: DataTable[Any], keys: list[str], keep: str | None) -> None:
        if keys and keep in keys:
            table.move_cursor(row=keys.index(keep), animate=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a row (the table takes the key before the pane's binding)."""
        event.stop()
        action = getattr(self, "action_household", None)
        if action is not None:
            action()
