"""Keys in the UI language: the help screen (?) and the Footer's labels.

Bindings are declared once, in BINDINGS, with an ``id`` that is their catalogue key
(``key.reassign``) or, for Textual's own, found by action (``key.command_palette``).
``localise_bindings`` rewrites a node's binding descriptions in the UI language, so
the Footer, this help screen and the command palette all read the same words.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Label

from dutyboard.i18n import CATALOG, t


def binding_key(binding: Binding) -> str | None:
    """The catalogue key of a binding's description, if it has one."""
    for key in (binding.id, f"key.{binding.action}"):
        if key and key in CATALOG:
            return key
    return None


def describe(binding: Binding, lang: str) -> str:
    key = binding_key(binding)
    return t(key, lang) if key else binding.description


def localise_bindings(node: DOMNode, lang: str) -> None:
    """Put this node's binding descriptions in ``lang`` (Textual reads them from here)."""
    bindings = node._bindings  # noqa: SLF001 - the one place descriptions live
    for key, items in list(bindings.key_to_bindings.items()):
        bindings.key_to_bindings[key] = [
            replace(b, description=describe(b, lang)) if binding_key(b) else b for b in items
        ]


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
        from textual.widgets import DataTable  # not needed before help is asked for

        with Vertical(id="help-dialog", classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield DataTable(id="help-keys", cursor_type="none", show_cursor=False)
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
