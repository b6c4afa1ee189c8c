"""Dialogs of the Supplies tab at the gate: the count, the release with a carrier per
building, and the per-building lists for the building chats."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from dutyboard.core.rules import CONFINED_STATUSES
from dutyboard.groups.supplies import gate
from dutyboard.groups.supplies.export import batch_text
from dutyboard.groups.supplies.offers import get_offer
from dutyboard.i18n import t
from dutyboard.io.exports import write_file
from dutyboard.tui.safe_text import safe
from dutyboard.tui.supplies_screens import (
    SuppliesDialog,
    fresh_offer,
    heading,
    offer_now,
    submit,
)
from dutyboard.views.supplies import OfferRow, joined

if TYPE_CHECKING:
    from dutyboard.core.board import Board
    from dutyboard.groups.supplies.offers import Offer
    from dutyboard.tui.app import DutyboardApp


class CountScreen(SuppliesDialog):
    """c: what came, per product (prefilled with what was ordered, or the last count).
    Below, before anything is saved: who would be left short (first come, first
    served: the last to join go short first). Dismisses with product -> count."""

    def __init__(self, board: Board, row: OfferRow, lang: str) -> None:
        super().__init__(lang)
        self.board, self.row = board, row
        self.items = [i for i in row.items if i.ordered]

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="count-dialog", classes="supplies-dialog"):
            yield Label(
                safe(heading("supplies.count.title", lang, self.row)), classes="dialog-title"
            )
            yield Static(t("supplies.count.explain", lang), classes="dialog-label")
            for n, item in enumerate(self.items):
                with Horizontal(classes="count-row"):
                    label = Text(item.name)
                    label.append("  " + t("supplies.detail.ordered", lang, n=item.ordered), "dim")
                    yield Label(safe(label), classes="count-label")
                    got = item.ordered if item.received is None else item.received
                    yield Input(str(got), type="integer", id=f"count-{n}", classes="count-input")
            with VerticalScroll(id="count-short-box"):
                yield Static(id="count-short")
            yield self.buttons("supplies.dlg.save", "count-save")

    def on_mount(self) -> None:
        self._preview()
        if self.items:
            self.query_one("#count-0", Input).focus()

    def received(self) -> dict[str, int] | None:
        out: dict[str, int] = {}
        for n, item in enumerate(self.items):
            raw = self.query_one(f"#count-{n}", Input).value.strip()
            if not raw.isdigit():
                return None
            out[item.key] = int(raw)
        return out

    @on(Input.Changed)
    def _preview(self) -> None:
        lang = self.lang
        box = self.query_one("#count-short", Static)
        got = self.received()
        if got is None:
            box.update(Text(t("supplies.count.number", lang), "bold"))
            return
        with self.board.lock:
            offer = self.board_offer()
            count = gate.count_of(self.board, offer, got) if offer is not None else None
        if count is None:
            box.update(Text(t("refused.offer_unknown", lang, ref=self.row.code)))
            return
        short = count.short
        if not short:
            box.update(Text(t("supplies.count.enough", lang), self.mark("ok")))
            return
        households = len({s.order.id for s in short})
        text = Text(t("supplies.count.short", lang, n=households), self.mark("warn"))
        default = self.row.items[0].name if len(self.row.items) == 1 else self.row.title
        for s in short:
            text.append("\n  ")
            text.append(" ".join(x for x in (s.order.address, s.order.name) if x))
            text.append(
                " " + t("supplies.step.short_item", lang, item=s.item or default, n=s.missing)
            )
        box.update(safe(text))

    def board_offer(self) -> Offer | None:
        return get_offer(self.board, self.row.id)

    @on(Button.Pressed, "#count-save")
    @on(Input.Submitted)
    def save(self) -> None:
        got = self.received()
        if got is None:
            self.app.bell()
            return
        self.dismiss(got)


def count_flow(app: DutyboardApp, row: OfferRow) -> None:
    who = app.who
    if who is None:
        app.bell()
        return
    board = app.board

    def counted(count: gate.Count) -> None:
        n = len(count.households_short)
        key = "supplies.done.counted_short" if n else "supplies.done.counted"
        app.notify(t(key, app.lang, code=row.code, n=n), markup=False)

    def chosen(received: dict[str, int] | None) -> None:
        if received is None:
            return
        submit(app, lambda: gate.count(board, fresh_offer(board, row.id), received, who), counted)

    app.push_screen(CountScreen(board, row, app.lang), chosen)


# ---------------------------------------------------------------- release


@dataclass(frozen=True)
class BuildingLoad:
    building: int
    households: int
    door_only: bool
    suggested: str | None  # volunteer id


class ReleaseScreen(SuppliesDialog):
    """r (leaders): who carries each building, suggested among the delivery group's
    people on duty (fewest to carry so far), changeable per building. Dismisses with
    building -> volunteer id (None: nobody yet)."""

    def __init__(
        self,
        row: OfferRow,
        loads: list[BuildingLoad],
        people: list[tuple[str, str]],
        lang: str,
    ) -> None:
        super().__init__(lang)
        self.row, self.loads, self.people = row, loads, people

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="release-dialog", classes="supplies-dialog"):
            title = heading("supplies.release.title", lang, self.row)
            yield Label(safe(title), classes="dialog-title")
            explain = "supplies.release.explain" if self.people else "supplies.release.nobody"
            yield Static(t(explain, lang), classes="dialog-label")
            options = [(safe(Text(name)), vid) for name, vid in self.people]
            with VerticalScroll(id="release-rows"):
                for load in self.loads:
                    with Horizontal(classes="release-row"):
                        label = t(
                            "supplies.detail.building",
                            lang,
                            building=load.building,
                            n=load.households,
                        )
                        yield Label(safe(label), classes="release-label")
                        if load.door_only:
                            yield Label(t("batch.door_only", lang), classes="release-door")
                        yield Select(
                            options,
                            prompt=t("supplies.release.none", lang),
                            value=load.suggested if load.suggested else Select.NULL,
                            id=f"carrier-{load.building}",
                        )
            yield self.buttons("supplies.release.ok", "release-ok")

    def on_mount(self) -> None:
        self.query_one("#release-ok", Button).focus()

    @on(Button.Pressed, "#release-ok")
    def save(self) -> None:
        chosen: dict[int, str | None] = {}
        for load in self.loads:
            value = self.query_one(f"#carrier-{load.building}", Select).value
            chosen[load.building] = value if isinstance(value, str) else None
        self.dismiss(chosen)


def release_flow(app: DutyboardApp, row: OfferRow) -> None:
    """Says at once why a batch cannot go yet (resting: the minutes left); otherwise
    the carriers per building, then the release in the saver."""
    who = app.leader()
    if who is None:
        return
    board, lang = app.board, app.lang
    offer = offer_now(app, row)
    if offer is None:
        return
    with board.lock:
        left = gate.rest_left(board, offer) if offer.sprayed_at else 0
        if left:
            app.notify(
                t("refused.batch_resting", lang, code=offer.code, n=left),
                title=t("err.refused", lang),
                severity="warning",
                markup=False,
            )
            return
        placed, suggested = gate.release_plan(board, offer)
        people = [(v.name, v.id) for v in gate.delivery_people(board)]
        counts: dict[int, int] = {}
        for o in placed:
            counts[o.building] = counts.get(o.building, 0) + 1
        loads = [
            BuildingLoad(
                b,
                n,
                board.building_status(b) in CONFINED_STATUSES,
                suggested.get(b),
            )
            for b, n in sorted(counts.items())
        ]

    def released(result: gate.Release) -> None:
        app.notify(
            t("supplies.done.released", app.lang, code=row.code, title=row.title, n=result.tasks),
            markup=False,
        )
        unassigned = [b for b, vid in result.carriers.items() if not vid]
        if unassigned:
            app.notify(
                t(
                    "supplies.done.no_carrier",
                    app.lang,
                    list=joined(
                        (t("building.name", app.lang, n=b) for b in sorted(unassigned)), app.lang
                    ),
                ),
                severity="warning",
                markup=False,
            )

    def chosen(carriers: dict[int, str | None] | None) -> None:
        if carriers is None:
            return
        submit(
            app,
            lambda: gate.release(board, fresh_offer(board, row.id), who, carriers, app.lang),
            released,
        )

    if not loads:
        submit(app, lambda: gate.release(board, fresh_offer(board, row.id), who, {}, lang))
        return
    app.push_screen(ReleaseScreen(row, loads, people, lang), chosen)


# ---------------------------------------------------------------- the building lists


class ListsScreen(SuppliesDialog):
    """e: the batch per building, as text to paste into the building chats; also
    written to the exports folder beside the board (the path is shown)."""

    BINDINGS = [Binding("escape", "cancel", "Close", id="key.close")]

    def __init__(self, row: OfferRow, text: str, path: Path, lang: str) -> None:
        super().__init__(lang)
        self.row, self.text, self.path = row, text, path

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="lists-dialog", classes="supplies-dialog"):
            yield Label(
                safe(heading("supplies.lists.title", lang, self.row)), classes="dialog-title"
            )
            yield TextArea(self.text, read_only=True, id="lists-text")
            yield Static(Text(t("supplies.lists.writing", lang)), id="lists-result")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("key.close", lang), classes="dlg-cancel", id="lists-close")

    def on_mount(self) -> None:
        self.query_one("#lists-text", TextArea).focus()
        self._write()

    @work(thread=True, group="export")
    def _write(self) -> None:
        try:
            self.path.parent.mkdir(mode=0o700, exist_ok=True)  # exports hold phones
            write_file(self.path, self.text, "text")
        except OSError as exc:
            shown = t("export.failed", self.lang, why=str(exc))
            self.app.call_from_thread(self._result, shown, True)
            return
        self.app.call_from_thread(
            self._result, t("export.written", self.lang, path=str(self.path)), False
        )

    def _result(self, text: str, warn: bool) -> None:
        box = self.query_one("#lists-result", Static)
        box.update(safe(text))
        box.set_class(warn, "-warn")


def lists_name(board: Board, row: OfferRow) -> str:
    """dutyboard-batch-B1A2B3-2022-04-26.txt"""
    return f"dutyboard-batch-{row.code}-{board.today.isoformat()}.txt"


def lists_flow(app: DutyboardApp, row: OfferRow) -> None:
    board = app.board
    offer = offer_now(app, row)
    if offer is None:
        return
    with board.lock:
        text = batch_text(board, offer, app.lang)
    path = board.store.path.parent / "exports" / lists_name(board, row)
    app.push_screen(ListsScreen(row, text, path, app.lang))


# ---------------------------------------------------------------- taking in orders
