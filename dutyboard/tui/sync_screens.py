"""Leaders' sync dialogs: merge another copy of the board from a file, and the conflicts.

Merging: the leader types a path, sees a preview (a dry run of merge.merge_copies:
per table what would be added, changed, deleted, and how many conflicts), and
confirms. Conflicts: the open ones, each with its current and lost values; ``r``
restores the lost version, ``d`` keeps the current one. Both change the board only
through ``app.submit``; the screens show what they are handed.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pendulum
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, Static

from dutyboard.core.merge import MergeSummary, conflicts, merge_copies, resolve_conflict
from dutyboard.groups.task_titles import task_title
from dutyboard.i18n import status_name, t
from dutyboard.storage.errors import BoardFileError, Refused
from dutyboard.storage.validate import InvalidFile
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.safe_text import SafeTable, safe

if TYPE_CHECKING:
    from dutyboard.core.board import Board
    from dutyboard.core.model import Volunteer
    from dutyboard.tui.app import DutyboardApp

MAX_VALUE = 40


def table_name(table: str, lang: str) -> str:
    key = f"sync.table.{table}"
    text = t(key, lang)
    return table if text == key else text


# ---------------------------------------------------------------------- merge


@dataclass(frozen=True)
class MergeOutcome:
    """A merge (or its preview): the summary, or one translated line saying why not."""

    summary: MergeSummary | None
    error: str = ""


def try_merge(
    board: Board, text: str, lang: str, *, dry_run: bool, who: Volunteer | None = None
) -> MergeOutcome:
    """merge_copies with the reasons a file cannot be merged as one translated line.
    A failing save (SaveError, BoardBusy) is not caught: the saver retries it."""
    if not text.strip():
        return MergeOutcome(None, t("merge.err.empty", lang))
    path = Path(text.strip()).expanduser()
    if path.is_dir():
        return MergeOutcome(None, t("merge.err.folder", lang))
    if not path.exists():
        return MergeOutcome(None, t("merge.err.missing", lang, path=path))
    if path.resolve() == board.store.path.resolve():
        return MergeOutcome(None, t("merge.err.same", lang))
    if not os.access(path, os.R_OK):
        return MergeOutcome(None, t("merge.err.unreadable", lang, path=path))
    try:
        return MergeOutcome(merge_copies(board, [path], dry_run=dry_run, who=who))
    except InvalidFile as exc:  # a value, a repeated key, a FIFO, too big: named
        return MergeOutcome(None, exc.text(lang))
    except BoardFileError:
        return MergeOutcome(None, t("merge.err.not_board", lang))
    except Refused:
        return MergeOutcome(None, t("merge.err.other_board", lang))


def conflict_count(summary: MergeSummary) -> int:
    """Losing edits, not fields: one edit of three fields is one conflict to look at."""
    return len({(c.record, c.loser_stamp) for c in summary.conflicts})


def preview_lines(summary: MergeSummary, lang: str) -> list[str]:
    if not summary.changed:
        return [t("merge.nothing", lang)]
    lines = [t("merge.will", lang)]
    for name, ch in summary.tables.items():
        if ch:
            lines.append(
                "  "
                + t(
                    "merge.table_line",
                    lang,
                    table=table_name(name, lang),
                    added=ch.added,
                    changed=ch.changed,
                    deleted=ch.deleted,
                )
            )
    lines.append("  " + t("merge.conflicts_line", lang, n=conflict_count(summary)))
    return lines


class MergeScreen(ModalScreen[str | None]):
    """A path, Enter shows the preview, Enter (or Merge) again dismisses with the path.
    ``preview(path_text)`` asks for the preview; the flow answers with ``show``."""

    BINDINGS = [Binding("escape", "cancel", "取消", id="key.cancel")]

    def __init__(self, start: str, preview: Callable[[str], None], lang: str) -> None:
        super().__init__()
        self.start = start
        self.preview = preview
        self.lang = lang
        self.previewed: str | None = None  # the path text whose preview is shown

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="merge-dialog", classes="dialog"):
            yield Label(t("merge.title", lang), classes="dialog-title")
            yield Label(t("merge.path", lang), classes="dialog-label")
            yield Input(self.start, id="merge-path")
            yield Static(t("merge.ask_preview", lang), id="merge-preview")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("merge.preview", lang), id="merge-preview-btn")
                yield Button(t("merge.confirm", lang), variant="primary", id="merge-ok")
                yield Button(t("dialog.cancel", lang), id="merge-cancel")
            yield Label(t("merge.hint", lang), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#merge-ok", Button).disabled = True
        self.query_one(Input).focus()

    @property
    def path_text(self) -> str:
        return self.query_one(Input).value

    @on(Input.Changed, "#merge-path")
    def _edited(self) -> None:
        if self.previewed is not None and self.path_text != self.previewed:
            self.previewed = None
            self._set_preview(t("merge.ask_preview", self.lang), warn=False)

    @on(Input.Submitted, "#merge-path")
    def _submitted(self) -> None:
        if self.previewed == self.path_text:
            self._confirm()
        else:
            self._ask_preview()

    @on(Button.Pressed, "#merge-preview-btn")
    def _ask_preview(self) -> None:
        self.previewed = None
        self._set_preview(t("merge.previewing", self.lang), warn=False)
        self.preview(self.path_text)

    def show(self, text: str, outcome: MergeOutcome) -> None:
        """The preview of ``text`` (ignored if the path was edited meanwhile)."""
        if not self.is_attached or text != self.path_text:
            return
        if outcome.summary is None:
            self._set_preview(outcome.error, warn=True)
            return
        self.previewed = text
        self._set_preview("\n".join(preview_lines(outcome.summary, self.lang)), warn=False)

    def _set_preview(self, text: str, *, warn: bool) -> None:
        box = self.query_one("#merge-preview", Static)
        box.update(safe(text))
        box.set_class(warn, "-warn")
        self.query_one("#merge-ok", Button).disabled = self.previewed is None

    @on(Button.Pressed, "#merge-ok")
    def _confirm(self) -> None:
        if self.previewed is not None:
            self.dismiss(self.previewed)

    @on(Button.Pressed, "#merge-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def merge_flow(app: DutyboardApp, who: Volunteer) -> None:
    """The merge dialog: a dry run for the preview, then the merge, both in the saver."""
    board, lang = app.board, app.lang
    start = str(board.store.path.parent) + os.sep

    def preview(text: str) -> None:
        app.submit(
            lambda: try_merge(board, text, lang, dry_run=True),
            lambda outcome: screen.show(text, outcome),
        )

    def merged(text: str, outcome: MergeOutcome) -> None:
        if outcome.summary is None:
            app.notify(outcome.error, title=t("err.refused", lang), severity="warning")
            return
        name = Path(text.strip()).name
        n = conflict_count(outcome.summary)
        if n:
            app.notify(t("merge.done_conflicts", lang, name=name, n=n), severity="warning")
        else:
            app.notify(t("merge.done", lang, name=name))

    def chosen(text: str | None) -> None:
        if text is not None:
            app.submit(
                lambda: try_merge(board, text, lang, dry_run=False, who=who),
                lambda outcome: merged(text, outcome),
            )

    screen = MergeScreen(start, preview, lang)
    app.push_screen(screen, chosen)


# ---------------------------------------------------------------------- conflicts


@dataclass(frozen=True)
class ConflictRow:
    """One open conflict as the table shows it, one line per field."""

    id: str
    table: str
    what: str
    fields: tuple[str, ...]
    current: tuple[str, ...]
    lost: tuple[str, ...]
    laptop: str


def field_name(field: str, lang: str) -> str:
    key = f"sync.field.{field}"
    text = t(key, lang)
    return field if text == key else text


def _value(board: Board, table: str, field: str, value: Any, lang: str) -> str:
    if value is None or value == "":
        return "—"
    if field.endswith("_at") and isinstance(value, str):
        with contextlib.suppress(ValueError, TypeError):
            return pendulum.parse(value).in_timezone(board.tz).format("MM-DD HH:mm")  # type: ignore[union-attr]
    if table == "tasks" and field == "status":
        return status_name("task", str(value), lang)
    if field.endswith("_by") or field == "volunteer":
        person = board.volunteer(str(value))
        if person is not None:
            return person.name
    if isinstance(value, list | tuple):
        value = ", ".join(map(str, value))
    text = str(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def conflict_rows(board: Board, lang: str) -> list[ConflictRow]:
    rows = []
    for c in conflicts(board):
        task = board.task(c.record) if c.table == "tasks" else None
        what = f"{task.code} {task_title(board, task, lang)}" if task else c.record
        fields = tuple(sorted(c.fields, key=lambda f: (f != "status", f)))
        rows.append(
            ConflictRow(
                c.id,
                table_name(c.table, lang),
                what,
                tuple(field_name(f, lang) for f in fields),
                tuple(_value(board, c.table, f, c.current.get(f), lang) for f in fields),
                tuple(_value(board, c.table, f, c.lost.get(f), lang) for f in fields),
                c.device,
            )
        )
    return rows


class ConflictsScreen(ModalScreen[None]):
    """The open conflicts; r restores the lost version, d keeps the current one.
    ``resolve(conflict_id, restore)`` does it; the flow calls ``show`` with fresh rows."""

    COLUMNS = ("table", "record", "field", "current", "lost", "laptop")
    BINDINGS = [
        Binding("r", "resolve(True)", "恢复被覆盖的值", id="conflicts.key.restore"),
        Binding("d", "resolve(False)", "保留现在的值", id="conflicts.key.dismiss"),
        Binding("escape", "close", "关闭", id="key.close"),
    ]

    def __init__(
        self, rows: list[ConflictRow], resolve: Callable[[str, bool], None], lang: str
    ) -> None:
        super().__init__()
        self.rows = rows
        self.resolve = resolve
        self.lang = lang

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="conflicts-dialog", classes="dialog"):
            yield Label(t("conflicts.title", lang), classes="dialog-title")
            yield Static(t("conflicts.none", lang), id="conflicts-none")
            table: DataTable[str] = SafeTable(id="conflicts-table", cursor_type="row")
            for col in self.COLUMNS:
                table.add_column(t(f"conflicts.col.{col}", lang), key=col)
            yield table
            yield Label(t("conflicts.hint", lang), classes="dialog-hint")

    def on_mount(self) -> None:
        localise_bindings(self, self.lang)
        self.show(self.rows)
        self.query_one(DataTable).focus()

    def show(self, rows: list[ConflictRow]) -> None:
        self.rows = rows
        table: DataTable[str] = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        for r in rows:
            table.add_row(
                r.table,
                r.what,
                "\n".join(r.fields),
                "\n".join(r.current),
                "\n".join(r.lost),
                r.laptop,
                key=r.id,
                height=max(1, len(r.fields)),
            )
        if rows:
            table.move_cursor(row=min(row, len(rows) - 1), animate=False)
        self.set_class(not rows, "-empty")
        self.refresh_bindings()

    @property
    def current(self) -> ConflictRow | None:
        table: DataTable[str] = self.query_one(DataTable)
        if not self.rows or table.cursor_row >= len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resolve":
            return True if self.rows else None
        return True

    def action_resolve(self, restore: bool) -> None:
        if (row := self.current) is not None:
            self.resolve(row.id, restore)

    def action_close(self) -> None:
        self.dismiss(None)


def conflicts_flow(app: DutyboardApp, who: Volunteer) -> None:
    """c: the conflicts screen; each r / d goes through the saver, then the list renews."""
    board, lang = app.board, app.lang

    def resolve(conflict_id: str, restore: bool) -> None:
        what = next((r.what for r in screen.rows if r.id == conflict_id), conflict_id)
        key = "conflicts.restored" if restore else "conflicts.dismissed"

        def done(_: Any) -> None:
            if screen.is_attached:
                screen.show(conflict_rows(board, lang))
            app.notify(t(key, lang, what=what))

        app.submit(lambda: resolve_conflict(board, conflict_id, who, restore=restore), done)

    screen = ConflictsScreen(conflict_rows(board, lang), resolve, lang)
    app.push_screen(screen)
