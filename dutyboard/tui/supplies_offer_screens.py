"""Dialogs of the Supplies tab for an offer itself: a new offer, its papers, reject
or cancel with a reason. Everything people typed is shown as text, never markup."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, Static, TextArea

from dutyboard.groups.supplies import offers
from dutyboard.groups.supplies.offers import parse_cutoff, parse_item, parse_paper_date
from dutyboard.i18n import t
from dutyboard.storage.errors import Refused
from dutyboard.tui.safe_text import safe, typed
from dutyboard.tui.supplies_screens import (
    SuppliesDialog,
    fresh_offer,
    heading,
    show_problem,
    submit,
)
from dutyboard.views.supplies import OfferRow, PaperRow

if TYPE_CHECKING:
    from dutyboard.core.board import Board
    from dutyboard.groups.supplies.offers import Item, Offer
    from dutyboard.tui.app import DutyboardApp
    from dutyboard.tui.supplies import SuppliesPane


@dataclass(frozen=True)
class OfferForm:
    title: str
    supplier: str
    leader: str
    leader_address: str
    items: tuple[Item, ...]
    minimum: int
    cutoff: str  # ISO moment or ""


class NewOfferScreen(SuppliesDialog):
    """n: a new draft offer. Items one per line, 名称/单位/价格."""

    def __init__(self, board: Board, lang: str) -> None:
        super().__init__(lang)
        self.board = board

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="offer-dialog", classes="supplies-dialog"):
            yield Label(t("supplies.new.title", lang), classes="dialog-title")
            with Horizontal(classes="form-row"):
                yield Label(t("supplies.new.name", lang), classes="form-label")
                yield Input(id="offer-title", placeholder=t("supplies.new.name_hint", lang))
                yield Label(t("supplies.new.supplier", lang), classes="form-label")
                yield Input(id="offer-supplier")
            with Horizontal(classes="form-row"):
                yield Label(t("supplies.new.leader", lang), classes="form-label")
                yield Input(id="offer-leader")
                yield Label(t("supplies.new.room", lang), classes="form-label")
                yield Input(id="offer-room", placeholder="5-2-302")
            yield Label(t("supplies.new.items", lang), classes="dialog-label")
            yield TextArea(id="offer-items", placeholder=t("supplies.new.items_hint", lang))
            with Horizontal(classes="form-row"):
                yield Label(t("supplies.new.minimum", lang), classes="form-label")
                yield Input(id="offer-minimum", type="integer", placeholder="0")
                yield Label(t("supplies.new.cutoff", lang), classes="form-label")
                yield Input(id="offer-cutoff", placeholder=t("supplies.new.cutoff_hint", lang))
            yield Static(id="offer-problem", classes="dialog-problem")
            yield self.buttons("supplies.dlg.save", "offer-save")

    def on_mount(self) -> None:
        self.query_one("#offer-title", Input).focus()

    def _value(self, name: str) -> str:
        return typed(self.query_one(f"#offer-{name}", Input).value)

    def _refuse(self, message: str, focus: str) -> None:
        show_problem(self.query_one("#offer-problem", Static), message)
        self.query_one(f"#offer-{focus}").focus()

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        """Enter goes on to the next field; on the last one it saves."""
        if event.input.id == "offer-cutoff":
            self.save()
        else:
            self.focus_next()

    @on(Button.Pressed, "#offer-save")
    def save(self) -> None:
        lang = self.lang
        title = self._value("title")
        if not title:
            self._refuse(t("refused.offer_title", lang), "title")
            return
        items: list[Item] = []
        for line in typed(
            self.query_one("#offer-items", TextArea).text, multiline=True
        ).splitlines():
            if not line.strip():
                continue
            try:
                items.append(parse_item(line))
            except Refused as exc:
                self._refuse(exc.text(lang), "items")
                return
        if len({i.name for i in items}) != len(items):
            self._refuse(t("refused.offer_item_twice", lang), "items")
            return
        raw = self._value("minimum") or "0"
        if not raw.isdigit():
            self._refuse(t("refused.offer_minimum", lang, n=raw), "minimum")
            return
        try:
            cutoff = parse_cutoff(self.board, self._value("cutoff"))
        except Refused as exc:
            self._refuse(exc.text(lang), "cutoff")
            return
        self.dismiss(
            OfferForm(
                title,
                self._value("supplier"),
                self._value("leader"),
                self._value("room"),
                tuple(items),
                int(raw),
                cutoff,
            )
        )


def new_offer_flow(app: DutyboardApp, pane: SuppliesPane) -> None:
    """Anyone may enter an offer; it is a draft until a leader approves it."""
    who = app.who
    if who is None:
        app.bell()
        return
    board = app.board

    def made(offer: Offer) -> None:
        pane.select(offer.id)
        app.notify(
            t("supplies.done.new", app.lang, code=offer.code, title=offer.title), markup=False
        )

    def entered(form: OfferForm | None) -> None:
        if form is None:
            return
        submit(
            app,
            lambda: offers.add_offer(
                board,
                who,
                form.title,
                supplier=form.supplier,
                leader=form.leader,
                leader_address=form.leader_address,
                items=form.items,
                minimum=form.minimum,
                cutoff=form.cutoff,
            ),  # fmt: skip
            made,
        )

    app.push_screen(NewOfferScreen(board, app.lang), entered)


# ---------------------------------------------------------------- papers


class PapersScreen(SuppliesDialog):
    """p: tick the papers seen (dated today unless another date is typed, e.g. the
    day the crew's test was taken); untick one shown by mistake. Dismisses with the
    changes (paper key -> date, or None to take it off)."""

    def __init__(self, board: Board, row: OfferRow, lang: str) -> None:
        super().__init__(lang)
        self.board, self.row = board, row

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="papers-dialog", classes="supplies-dialog"):
            yield Label(
                safe(heading("supplies.papers.title", lang, self.row)), classes="dialog-title"
            )
            yield Static(t("supplies.papers.explain", lang), classes="dialog-label")
            for p in self.row.papers:
                with Horizontal(classes="paper-row"):
                    yield Checkbox(safe(Text(p.name)), bool(p.date), id=f"paper-{p.key}")
                    yield Input(
                        p.date,
                        placeholder=t("supplies.papers.today", lang),
                        id=f"paper-date-{p.key}",
                        classes="paper-date",
                    )
                    yield Static(self._state(p), classes="paper-state")
            yield Static(id="papers-problem", classes="dialog-problem")
            yield self.buttons("supplies.dlg.save", "papers-save")

    def _state(self, p: PaperRow) -> Text:
        lang = self.lang
        text = Text(t("paper.required" if p.required else "paper.optional", lang), "dim")
        if p.state != "ok":
            text.append(" · " + t(f"paper.state.{p.state}", lang), "bold" if p.required else "")
        if p.until:
            text.append(" · " + t("paper.until", lang, date=p.until), "dim")
        return text

    def on_mount(self) -> None:
        first = self.row.papers[0].key if self.row.papers else None
        if first:
            self.query_one(f"#paper-{first}", Checkbox).focus()

    @on(Checkbox.Changed)
    def _ticked(self, event: Checkbox.Changed) -> None:
        key = (event.checkbox.id or "").removeprefix("paper-")
        box = self.query_one(f"#paper-date-{key}", Input)
        if event.value and not box.value.strip():
            box.value = self.board.today.isoformat()

    @on(Input.Changed, ".paper-date")
    def _dated(self, event: Input.Changed) -> None:
        """A date typed for a paper ticks it."""
        key = (event.input.id or "").removeprefix("paper-date-")
        box = self.query_one(f"#paper-{key}", Checkbox)
        if event.value.strip() and not box.value:
            box.value = True

    @on(Button.Pressed, "#papers-save")
    @on(Input.Submitted)
    def save(self) -> None:
        changes: dict[str, str | None] = {}
        for p in self.row.papers:
            ticked = self.query_one(f"#paper-{p.key}", Checkbox).value
            typed = self.query_one(f"#paper-date-{p.key}", Input).value.strip()
            if not ticked:
                if p.date:
                    changes[p.key] = None
                continue
            try:
                day = parse_paper_date(self.board, typed)
            except Refused as exc:
                show_problem(
                    self.query_one("#papers-problem", Static), f"{p.name}: {exc.text(self.lang)}"
                )
                self.query_one(f"#paper-date-{p.key}", Input).focus()
                return
            if day != p.date:
                changes[p.key] = day
        self.dismiss(changes)


def papers_flow(app: DutyboardApp, row: OfferRow) -> None:
    who = app.who
    if who is None:
        app.bell()
        return
    board = app.board

    def saved(offer: Offer) -> None:
        app.notify(
            t("supplies.done.papers", app.lang, code=offer.code, title=offer.title), markup=False
        )

    def chosen(changes: dict[str, str | None] | None) -> None:
        if not changes:
            return
        submit(
            app,
            lambda: offers.set_papers(board, fresh_offer(board, row.id), who, changes),
            saved,
        )

    app.push_screen(PapersScreen(board, row, app.lang), chosen)


# ---------------------------------------------------------------- reject or cancel


class CloseOfferScreen(SuppliesDialog):
    """x (leaders): reject (before the goods are here) or cancel, with a reason.
    Dismisses with ("reject" | "cancel", reason)."""

    def __init__(self, row: OfferRow, lang: str) -> None:
        super().__init__(lang)
        self.row = row

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="close-dialog", classes="supplies-dialog"):
            yield Label(
                safe(heading("supplies.close.title", lang, self.row)), classes="dialog-title"
            )
            yield Static(t("supplies.close.explain", lang), classes="dialog-label")
            yield Input(placeholder=t("supplies.close.reason", lang), id="close-reason")
            yield Static(id="close-problem", classes="dialog-problem")
            with Horizontal(classes="dialog-buttons"):
                reject = Button(
                    t("supplies.close.reject", lang), variant="error", id="close-reject"
                )
                reject.disabled = self.row.arrived  # the core refuses it once they are here
                yield reject
                yield Button(t("supplies.close.cancel", lang), variant="warning", id="close-cancel")
                yield Button(t("supplies.dlg.back", lang), classes="dlg-cancel")

    def on_mount(self) -> None:
        self.query_one("#close-reason", Input).focus()

    @on(Button.Pressed, "#close-reject")
    def _reject(self) -> None:
        self._close("reject")

    @on(Button.Pressed, "#close-cancel")
    def _cancel_offer(self) -> None:
        self._close("cancel")

    @on(Input.Submitted)
    def _which(self) -> None:
        show_problem(self.query_one("#close-problem", Static), t("supplies.close.which", self.lang))

    def _close(self, kind: str) -> None:
        reason = typed(self.query_one("#close-reason", Input).value)
        if not reason:
            show_problem(
                self.query_one("#close-problem", Static), t("refused.offer_reason", self.lang)
            )
            self.query_one("#close-reason", Input).focus()
            return
        self.dismiss((kind, reason))


def close_offer_flow(app: DutyboardApp, row: OfferRow) -> None:
    who = app.leader()
    if who is None:
        return
    board = app.board

    def closed(offer: Offer) -> None:
        key = f"supplies.done.{offer.state}"
        app.notify(t(key, app.lang, code=offer.code, title=offer.title), markup=False)

    def chosen(result: tuple[str, str] | None) -> None:
        if result is None:
            return
        kind, reason = result
        close = offers.reject if kind == "reject" else offers.cancel
        submit(app, lambda: close(board, fresh_offer(board, row.id), who, reason), closed)

    app.push_screen(CloseOfferScreen(row, app.lang), chosen)


# ---------------------------------------------------------------- the count
