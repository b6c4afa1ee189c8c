"""The Supplies tab's intake dialog: a pasted 接龙 post or an order export, then the
review screen, then Confirm (nothing is written before it)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static, TextArea

from dutyboard.groups.supplies import orders
from dutyboard.groups.supplies.offers import match_offers
from dutyboard.i18n import t
from dutyboard.intake import parse_file, parse_text
from dutyboard.storage.errors import DutyboardError
from dutyboard.tui.order_review import OrderReviewScreen
from dutyboard.tui.safe_text import safe, typed
from dutyboard.tui.supplies_screens import (
    SuppliesDialog,
    show_problem,
    submit,
)
from dutyboard.views.supplies import build_review

if TYPE_CHECKING:
    from dutyboard.groups.supplies.orders import ImportResult, Review
    from dutyboard.tui.app import DutyboardApp
    from dutyboard.tui.supplies import SuppliesPane


class IntakeScreen(SuppliesDialog):
    """i: paste a whole 接龙 post, or give the path of an export (.txt, .csv, .xlsx);
    Review parses it and opens the review (dutyboard.tui.order_review), which writes
    nothing before Confirm. This dialog stays behind it, so a Cancel there comes back
    here with the text as it was."""

    def __init__(self, app: DutyboardApp, pane: SuppliesPane, batch: str) -> None:
        super().__init__(app.lang)
        self.duty, self.pane, self.batch_name = app, pane, batch

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="intake-dialog", classes="supplies-dialog"):
            yield Label(t("supplies.intake.title", lang), classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label(t("supplies.intake.batch", lang), classes="form-label")
                yield Input(
                    self.batch_name,
                    placeholder=t("supplies.intake.batch_hint", lang),
                    id="intake-batch",
                )
            yield Static(id="intake-target", classes="dialog-label")
            yield Label(t("supplies.intake.paste", lang), classes="dialog-label")
            yield TextArea(id="intake-text", soft_wrap=True)
            with Horizontal(classes="form-row"):
                yield Label(t("supplies.intake.file", lang), classes="form-label")
                yield Input(placeholder=t("supplies.intake.file_hint", lang), id="intake-file")
            yield Static(id="intake-problem", classes="dialog-problem")
            yield self.buttons("supplies.intake.review", "intake-review")

    def on_mount(self) -> None:
        self._target()
        first = "#intake-text" if self.batch_name else "#intake-batch"
        self.query_one(first).focus()

    @on(Input.Changed, "#intake-batch")
    def _target(self) -> None:
        """Which offer the orders go to, as the name typed so far reads."""
        lang = self.lang
        name = typed(self.query_one("#intake-batch", Input).value)
        box = self.query_one("#intake-target", Static)
        if not name:
            box.update(Text(t("supplies.intake.no_batch", lang)))
            return
        with self.duty.board.lock:
            # As the review reads it: a title names open offers only.
            found = match_offers(self.duty.board, name, closed_titles=False)
        text = Text("→ ")
        if not found:
            text.append(t("supplies.intake.new_offer", lang) + " ", "bold")
            text.append(" ".join(name.split()))
        elif len(found) > 1:
            text.append(t("supplies.intake.ambiguous", lang, n=len(found)), self.mark("warn"))
        else:
            offer = found[0]
            text.append(f"{offer.code} ", self.mark("muted"))
            text.append(offer.title, "bold")
            text.append("  " + t(f"offer.state.{offer.state}", lang), self.mark("muted"))
            if offer.closed:
                text.append("  " + t("supplies.intake.closed", lang), self.mark("warn"))
        box.update(safe(text))

    def _path(self, typed: str) -> Path:
        path = Path(typed).expanduser()
        if not path.is_absolute() and not path.exists():
            beside = self.duty.board.store.path.parent / path
            if beside.exists():
                return beside
        return path

    @on(Button.Pressed, "#intake-review")
    @on(Input.Submitted, "#intake-file")
    def review(self) -> None:
        lang = self.lang
        batch = typed(self.query_one("#intake-batch", Input).value)
        text = typed(self.query_one("#intake-text", TextArea).text, multiline=True)
        file_text = self.query_one("#intake-file", Input).value.strip().strip("'\"")
        problem = self.query_one("#intake-problem", Static)
        if not batch:
            show_problem(problem, t("supplies.intake.no_batch", lang))
            self.query_one("#intake-batch", Input).focus()
            return
        if not text.strip() and not file_text:
            show_problem(problem, t("supplies.intake.nothing", lang))
            self.query_one("#intake-text", TextArea).focus()
            return
        show_problem(problem, Text(t("supplies.intake.reading", lang), self.mark("muted")))
        self.query_one("#intake-review", Button).disabled = True
        self._read(batch, text, self._path(file_text) if file_text else None)

    @work(thread=True, exclusive=True, group="intake")
    def _read(self, batch: str, text: str, path: Path | None) -> None:
        """Parse (a file of thousands of rows takes a moment) and compare with the batch,
        away from the screen; the comparison holds the board's lock, as a save does."""
        board, lang = self.duty.board, self.lang
        try:
            with board.lock:
                book = orders.address_book(board)
            parsed = parse_file(path, book) if path is not None else parse_text(text, book)
            with board.lock:
                rev = orders.review(board, parsed, batch)
        except DutyboardError as exc:
            self.app.call_from_thread(self._failed, exc.text(lang))
            return
        except OSError as exc:
            self.app.call_from_thread(
                self._failed,
                t("supplies.intake.unreadable", lang, path=str(path), why=exc.strerror or str(exc)),
            )
            return
        self.app.call_from_thread(self._reviewed, rev)

    def _failed(self, message: str) -> None:
        if not self.is_attached:
            return
        self.query_one("#intake-review", Button).disabled = False
        show_problem(self.query_one("#intake-problem", Static), message)

    def _reviewed(self, rev: Review) -> None:
        if not self.is_attached:
            return
        self.query_one("#intake-review", Button).disabled = False
        show_problem(self.query_one("#intake-problem", Static), "")

        def decided(confirm: bool | None) -> None:
            if confirm:
                self.dismiss(None)
                confirm_review(self.duty, self.pane, rev)

        self.app.push_screen(OrderReviewScreen(build_review(rev, self.lang), self.lang), decided)


def confirm_review(app: DutyboardApp, pane: SuppliesPane, rev: Review) -> None:
    """Write what the review showed (one save, one audit entry: ``u`` undoes it)."""
    who = app.who
    if who is None:
        app.bell()
        return
    board = app.board

    def written(result: ImportResult) -> None:
        r = result.review
        lang = app.lang
        text = t(
            "supplies.done.imported",
            lang,
            code=result.offer.code,
            title=result.offer.title,
            added=len(r.of_kind("added")),
            changed=len(r.of_kind("changed")),
            cancelled=len(r.of_kind("cancelled")),
        )
        if r.problems:
            text += "\n" + t("supplies.done.left_out", lang, n=len(r.problems))
        if result.created_offer:
            text += "\n" + t("supplies.done.new_draft", lang)
        pane.select(result.offer.id)
        app.notify(text, markup=False, timeout=8)

    submit(app, lambda: orders.apply_review(board, rev, who), written)


def intake_flow(app: DutyboardApp, pane: SuppliesPane, batch: str) -> None:
    if app.who is None:
        app.bell()
        return
    app.push_screen(IntakeScreen(app, pane, batch))
