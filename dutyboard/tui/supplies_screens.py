"""The dialogs of the Supplies tab: a new offer, its papers, reject or cancel with a
reason, the count at the gate, the release with a carrier per building, taking in
orders (a pasted 接龙 post or an order export) and the per-building lists.

Dialogs only collect input and check what they can say at once (an item written
wrong, a cut-off that is not a time); the change runs in the app's saver through
dutyboard.supplies, which checks it again and writes its audit entry. Everything
people typed is shown as text (rich ``Text``), never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from dutyboard.errors import DutyboardError, Refused, refused
from dutyboard.i18n import t
from dutyboard.tui.key_words import localise_bindings
from dutyboard.views.supplies import OfferRow, PaperRow, joined

if TYPE_CHECKING:
    from dutyboard.board import Board
    from dutyboard.supplies.offers import Item, Offer
    from dutyboard.supplies.orders import ImportResult, Review
    from dutyboard.tui.app import DutyboardApp
    from dutyboard.tui.supplies import SuppliesPane

R = TypeVar("R")
CANCEL = Binding("escape", "cancel", "Cancel", id="supplies.dlg.cancel")


# ---------------------------------------------------------------- running a change


def fresh_offer(board: Board, offer_id: str) -> Offer:
    """The offer as the file holds it now (in the saver, under the board's lock)."""
    from dutyboard.supplies.offers import get_offer

    offer = get_offer(board, offer_id)
    if offer is None:
        raise refused("refused.offer_unknown", ref=offer_id)
    return offer


def submit(
    app: DutyboardApp,
    run: Callable[[], R],
    done: Callable[[R], None] | None = None,
) -> None:
    """``app.submit`` for the supplies keys: a refusal comes back as one toast in the
    UI language, shown as text (it may quote a title someone typed); a failing save
    stays the saver's business (shown in the header and retried)."""

    def guarded() -> R | Refused:
        try:
            return run()
        except Refused as exc:
            return exc

    def finished(result: R | Refused) -> None:
        if isinstance(result, Refused):
            app.notify(
                result.text(app.lang),
                title=t("err.refused", app.lang),
                severity="warning",
                markup=False,
            )
        elif done is not None:
            done(result)

    app.submit(guarded, finished)


def approve_flow(app: DutyboardApp, row: OfferRow) -> None:
    """a (leaders): approve a draft; the core refuses it while a required paper is
    missing or out of date, and says how many."""
    from dutyboard.supplies import offers

    who = app.leader()
    if who is None:
        return
    board = app.board

    def approved(offer: Offer) -> None:
        app.notify(
            t("supplies.done.approved", app.lang, code=offer.code, title=offer.title),
            markup=False,
        )

    submit(app, lambda: offers.approve(board, fresh_offer(board, row.id), who), approved)


def arrive_flow(app: DutyboardApp, row: OfferRow) -> None:
    """g: the goods are at the gate (anyone there may say so)."""
    from dutyboard.supplies import gate

    who = app.who
    if who is None:
        app.bell()
        return
    board = app.board

    def arrived(offer: Offer) -> None:
        app.notify(
            t("supplies.done.arrived", app.lang, code=offer.code, title=offer.title),
            markup=False,
        )

    submit(app, lambda: gate.arrive(board, fresh_offer(board, row.id), who), arrived)


def spray_flow(app: DutyboardApp, row: OfferRow) -> None:
    """s: sprayed; the rest starts now (the toast says for how long)."""
    from dutyboard.supplies import gate

    who = app.who
    if who is None:
        app.bell()
        return
    board = app.board

    def sprayed(offer: Offer) -> None:
        n = gate.rest_left(board, offer)
        app.notify(
            t("supplies.done.sprayed", app.lang, code=offer.code, title=offer.title, n=n),
            markup=False,
        )

    submit(app, lambda: gate.spray(board, fresh_offer(board, row.id), who), sprayed)


def offer_now(app: DutyboardApp, row: OfferRow) -> Offer | None:
    """The offer as the board holds it now, for a dialog about to open; None (and a
    toast) if it is gone (undone, or removed on another laptop)."""
    from dutyboard.supplies.offers import get_offer

    with app.board.lock:
        offer = get_offer(app.board, row.id)
    if offer is None:
        app.notify(
            t("refused.offer_unknown", app.lang, ref=row.code),
            title=t("err.refused", app.lang),
            severity="warning",
            markup=False,
        )
    return offer


def heading(key: str, lang: str, row: OfferRow | None = None, **fields: object) -> Text:
    """A dialog title naming the offer: the words in bold, its code, its title as text."""
    text = Text(t(key, lang, **fields), "bold")
    if row is not None:
        text.append(f"  {row.code} ", "dim")
        text.append(row.title, "bold")
    return text


def _problem(static: Static, message: str | Text) -> None:
    static.update(Text(message) if isinstance(message, str) else message)
    static.set_class(bool(str(message)), "-shown")


class SuppliesDialog(ModalScreen[Any]):
    """What the dialogs share: Esc closes without doing anything; marks styled in
    supplies.tcss."""

    BINDINGS = [CANCEL]
    COMPONENT_CLASSES = {"supplies-dlg--warn", "supplies-dlg--ok", "supplies-dlg--muted"}

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        localise_bindings(self, lang)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, ".dlg-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)

    def mark(self, name: str) -> Style:
        """A style of supplies.tcss (``SuppliesDialog > .supplies-dlg--NAME``)."""
        return self.get_component_rich_style(f"supplies-dlg--{name}", partial=True)

    def buttons(self, ok_key: str, ok_id: str) -> Horizontal:
        return Horizontal(
            Button(t(ok_key, self.lang), variant="primary", id=ok_id),
            Button(t("supplies.dlg.back", self.lang), classes="dlg-cancel"),
            classes="dialog-buttons",
        )


# ---------------------------------------------------------------- a new offer


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
        return self.query_one(f"#offer-{name}", Input).value.strip()

    def _refuse(self, message: str, focus: str) -> None:
        _problem(self.query_one("#offer-problem", Static), message)
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
        from dutyboard.supplies.offers import parse_cutoff, parse_item

        lang = self.lang
        title = self._value("title")
        if not title:
            self._refuse(t("refused.offer_title", lang), "title")
            return
        items: list[Item] = []
        for line in self.query_one("#offer-items", TextArea).text.splitlines():
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
    from dutyboard.supplies import offers

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
            yield Label(heading("supplies.papers.title", lang, self.row), classes="dialog-title")
            yield Static(t("supplies.papers.explain", lang), classes="dialog-label")
            for p in self.row.papers:
                with Horizontal(classes="paper-row"):
                    yield Checkbox(Text(p.name), bool(p.date), id=f"paper-{p.key}")
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
        from dutyboard.supplies.offers import parse_paper_date

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
                _problem(
                    self.query_one("#papers-problem", Static), f"{p.name}: {exc.text(self.lang)}"
                )
                self.query_one(f"#paper-date-{p.key}", Input).focus()
                return
            if day != p.date:
                changes[p.key] = day
        self.dismiss(changes)


def papers_flow(app: DutyboardApp, row: OfferRow) -> None:
    from dutyboard.supplies import offers

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
            yield Label(heading("supplies.close.title", lang, self.row), classes="dialog-title")
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
        _problem(self.query_one("#close-problem", Static), t("supplies.close.which", self.lang))

    def _close(self, kind: str) -> None:
        reason = self.query_one("#close-reason", Input).value.strip()
        if not reason:
            _problem(self.query_one("#close-problem", Static), t("refused.offer_reason", self.lang))
            self.query_one("#close-reason", Input).focus()
            return
        self.dismiss((kind, reason))


def close_offer_flow(app: DutyboardApp, row: OfferRow) -> None:
    from dutyboard.supplies import offers

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
            yield Label(heading("supplies.count.title", lang, self.row), classes="dialog-title")
            yield Static(t("supplies.count.explain", lang), classes="dialog-label")
            for n, item in enumerate(self.items):
                with Horizontal(classes="count-row"):
                    label = Text(item.name)
                    label.append("  " + t("supplies.detail.ordered", lang, n=item.ordered), "dim")
                    yield Label(label, classes="count-label")
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
        from dutyboard.supplies import gate

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
        box.update(text)

    def board_offer(self) -> Offer | None:
        from dutyboard.supplies.offers import get_offer

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
    from dutyboard.supplies import gate

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
            yield Label(title, classes="dialog-title")
            explain = "supplies.release.explain" if self.people else "supplies.release.nobody"
            yield Static(t(explain, lang), classes="dialog-label")
            options = [(Text(name), vid) for name, vid in self.people]
            with VerticalScroll(id="release-rows"):
                for load in self.loads:
                    with Horizontal(classes="release-row"):
                        label = t(
                            "supplies.detail.building",
                            lang,
                            building=load.building,
                            n=load.households,
                        )
                        yield Label(label, classes="release-label")
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
    from dutyboard.rules import CONFINED_STATUSES
    from dutyboard.supplies import gate

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
            yield Label(heading("supplies.lists.title", lang, self.row), classes="dialog-title")
            yield TextArea(self.text, read_only=True, id="lists-text")
            yield Static(Text(t("supplies.lists.writing", lang)), id="lists-result")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("key.close", lang), classes="dlg-cancel", id="lists-close")

    def on_mount(self) -> None:
        self.query_one("#lists-text", TextArea).focus()
        self._write()

    @work(thread=True, group="export")
    def _write(self) -> None:
        from dutyboard.exports import write_file

        try:
            self.path.parent.mkdir(exist_ok=True)
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
        box.update(Text(text))
        box.set_class(warn, "-warn")


def lists_name(board: Board, row: OfferRow) -> str:
    """dutyboard-batch-B1A2B3-2022-04-26.txt"""
    return f"dutyboard-batch-{row.code}-{board.today.isoformat()}.txt"


def lists_flow(app: DutyboardApp, row: OfferRow) -> None:
    from dutyboard.supplies.export import batch_text

    board = app.board
    offer = offer_now(app, row)
    if offer is None:
        return
    with board.lock:
        text = batch_text(board, offer, app.lang)
    path = board.store.path.parent / "exports" / lists_name(board, row)
    app.push_screen(ListsScreen(row, text, path, app.lang))


# ---------------------------------------------------------------- taking in orders


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
        from dutyboard.supplies.offers import match_offers

        lang = self.lang
        name = self.query_one("#intake-batch", Input).value.strip()
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
        box.update(text)

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
        batch = self.query_one("#intake-batch", Input).value.strip()
        text = self.query_one("#intake-text", TextArea).text
        typed = self.query_one("#intake-file", Input).value.strip().strip("'\"")
        problem = self.query_one("#intake-problem", Static)
        if not batch:
            _problem(problem, t("supplies.intake.no_batch", lang))
            self.query_one("#intake-batch", Input).focus()
            return
        if not text.strip() and not typed:
            _problem(problem, t("supplies.intake.nothing", lang))
            self.query_one("#intake-text", TextArea).focus()
            return
        _problem(problem, Text(t("supplies.intake.reading", lang), self.mark("muted")))
        self.query_one("#intake-review", Button).disabled = True
        self._read(batch, text, self._path(typed) if typed else None)

    @work(thread=True, exclusive=True, group="intake")
    def _read(self, batch: str, text: str, path: Path | None) -> None:
        """Parse (a file of thousands of rows takes a moment) and compare with the batch,
        away from the screen; the comparison holds the board's lock, as a save does."""
        from dutyboard.intake import parse_file, parse_text
        from dutyboard.supplies import orders

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
        _problem(self.query_one("#intake-problem", Static), message)

    def _reviewed(self, rev: Review) -> None:
        from dutyboard.tui.order_review import OrderReviewScreen
        from dutyboard.views.supplies import build_review

        if not self.is_attached:
            return
        self.query_one("#intake-review", Button).disabled = False
        _problem(self.query_one("#intake-problem", Static), "")

        def decided(confirm: bool | None) -> None:
            if confirm:
                self.dismiss(None)
                confirm_review(self.duty, self.pane, rev)

        self.app.push_screen(OrderReviewScreen(build_review(rev, self.lang), self.lang), decided)


def confirm_review(app: DutyboardApp, pane: SuppliesPane, rev: Review) -> None:
    """Write what the review showed (one save, one audit entry: ``u`` undoes it)."""
    from dutyboard.supplies import orders

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
