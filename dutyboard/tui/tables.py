"""Small helpers for Textual's DataTable, shared by the panes and dialogs."""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable


def cursor_key(table: DataTable[Any]) -> str | None:
    """The key of the row under the cursor; None when the table has no rows."""
    if not table.row_count:
        return None
    return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
