"""The help screen (?): the keys of the tab in front, in the UI language
(tui/key_words.py has the words)."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from dutyboard.i18n import t
from dutyboard.tui.key_words import binding_key, describe
from dutyboard.tui.safe_text import SafeTable, plain


def key_rows(app: App[Any], lang: str) -> list[tuple[str, str]]:
    """(key, what it does) for the keys active where the focus is now: ours, and those
    the panes show in the Footer; Textual's own cursor keys are summed up in one line."""
    rows: list[tuple[str, str]] = [("↑ ↓ ← →  PgUp PgDn", t("help.move", lang))]
    seen: set[tuple[str, str]] = set()
    for active in app.screen.active_bindings.values():
        binding = active.binding
        if binding.system or not (binding_key(binding) or (binding.show and binding.description)):
            continue
        text = describe(binding, lang)
        shown = app.get_key_display(binding)
        if (shown, text) in seen:
            continue
        seen.add((shown, text))
        rows.append((shown, text + ("" if active.enabled else t("help.not_now", lang))))
    rows.append(("Tab", t("help.focus", lang)))
    return rows


class HelpScreen(ModalScreen[None]):
    """The keys of the tab in front, in the UI language. Any of ? / Esc / q closes it."""

    BINDINGS = [Binding("escape,question_mark,q", "close", "关闭", id="key.close")]

    def __init__(self, title: str, rows: list[tuple[str, str]], lang: str) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows
        self.lang = lang

    def compose(self) -> ComposeResult:

        with Vertical(id="help-dialog", classes="dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield SafeTable(id="help-keys", cursor_type="none", show_cursor=False)
            yield Label(t("help.hint", self.lang), classes="dialog-hint")

    def on_mount(self) -> None:
        from textual.widgets import DataTable

        table = self.query_one(DataTable)
        table.add_column(t("help.key", self.lang))
        table.add_column(t("help.does", self.lang))
        for key, text in self.rows:
            table.add_row(key, text)

    def action_close(self) -> None:
        self.dismiss(None)
