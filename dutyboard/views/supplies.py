"""What the Supplies tab (8) shows: the group buys (offers) with their stage at the
gate, their papers, their orders against the minimum and the cut-off; for each, the
items ordered and counted, the papers checklist, the gate timeline with the households
left short, and the buildings its orders go to. Also what the order review lists.

Plain frozen data built from the supplies core; no Textual here. The names of papers
come from the board's configuration in the language asked for; stages, states and the
words around them are catalogue keys that the widget translates. Text people typed
(titles, names, notes, raw lines) is carried as it is: the widget shows it as text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import pendulum

from dutyboard.core.board import Board
from dutyboard.groups.supplies import gate, offers, orders, parcels
from dutyboard.groups.supplies.offers import Offer
from dutyboard.i18n import t
from dutyboard.storage.clock import parse_moment

# Stages that are over: nothing more happens at the gate.
CLOSED_STAGES = ("released", "rejected", "cancelled")


def moment_text(value: str | pendulum.DateTime | None, board: Board) -> str:
    """'10:05' for a moment of the board's today, '04-25 18:00' otherwise ('' for none)."""
    at = parse_moment(value) if isinstance(value, str) else value
    if at is None:
        return ""
    local = at.in_timezone(board.tz)
    if local.date() == board.today:
        return f"{local.hour:02d}:{local.minute:02d}"
    return f"{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}"


def default_item(offer: Offer) -> str:
    """What a product left unnamed in a 接龙 is called: the offer's one item, else its
    title (as the release and the batch sheet call it)."""
    return offer.items[0].name if len(offer.items) == 1 else offer.title


@dataclass(frozen=True)
class PaperRow:
    """One paper of the checklist."""

    key: str
    name: str  # in the language asked for (config/supplies.toml)
    required: bool
    date: str  # the date shown, YYYY-MM-DD; "" when not shown
    state: str  # ok | missing | expired
    until: str  # last good day (YYYY-MM-DD) of a paper that runs out; ""

    @property
    def blocks(self) -> bool:
        return self.required and self.state != "ok"


@dataclass(frozen=True)
class ItemRow:
    """One product: as offered, how many were ordered and (once counted) received."""

    key: str  # the name orders use ("" = the offer's one product)
    name: str  # shown
    label: str  # name/unit ¥price, as offered ("" for a product only orders name)
    ordered: int
    received: int | None  # None: not counted yet

    @property
    def short(self) -> int:
        return max(0, self.ordered - self.received) if self.received is not None else 0


@dataclass(frozen=True)
class ShortRow:
    """A household left short by the count (the last to join go short first)."""

    address: str
    name: str
    item: str
    missing: int


@dataclass(frozen=True)
class Step:
    """One step of the gate timeline."""

    key: str  # approved | arrived | counted | sprayed | rested | released | closed
    at: str  # "10:05" / "04-25 18:00"; "" when not yet (or not known)
    done: bool


@dataclass(frozen=True)
class OfferRow:
    id: str
    code: str
    title: str
    supplier: str
    leader: str  # 团长
    leader_address: str
    leader_phone: str
    note: str
    reason: str  # why rejected or cancelled
    state: str  # draft | approved | rejected | cancelled | released
    stage: str  # gate.stage
    rest_left: int  # minutes the sprayed goods must still sit
    papers: tuple[PaperRow, ...]
    households: int
    units: int
    minimum: int  # 0 = none
    cutoff: str  # "18:00" / "04-27 18:00" / ""
    cutoff_passed: bool
    items: tuple[ItemRow, ...]
    steps: tuple[Step, ...]
    short: tuple[ShortRow, ...]
    buildings: tuple[tuple[int, int], ...]  # (building, households), by number
    from_import: bool = False

    @property
    def closed(self) -> bool:
        return self.stage in CLOSED_STAGES

    @property
    def unapproved(self) -> bool:
        """At the gate but never approved (gate.stage does not say so; release needs it)."""
        return self.state == "draft" and self.stage != "draft"

    @property
    def arrived(self) -> bool:
        return any(s.key == "arrived" and s.done for s in self.steps)

    @property
    def sprayed(self) -> bool:
        return any(s.key == "sprayed" and s.done for s in self.steps)

    @property
    def papers_ok(self) -> int:
        return sum(p.state == "ok" for p in self.papers)

    @property
    def papers_blocking(self) -> int:
        return sum(p.blocks for p in self.papers)

    @property
    def minimum_reached(self) -> bool:
        return self.minimum == 0 or self.units >= self.minimum

    @property
    def households_short(self) -> int:
        return len({s.address for s in self.short})


@dataclass(frozen=True)
class SuppliesView:
    day: pendulum.Date
    rows: tuple[OfferRow, ...]  # open ones first, newest first (offers.offers)
    shelf: tuple[tuple[int, int], ...]  # parcels waiting per building
    rest_minutes: int

    def row(self, offer_id: str) -> OfferRow | None:
        return next((r for r in self.rows if r.id == offer_id), None)

    @property
    def open(self) -> int:
        return sum(not r.closed for r in self.rows)

    @property
    def ready(self) -> int:
        return sum(r.stage == "ready" and not r.unapproved for r in self.rows)

    @property
    def resting(self) -> int:
        return sum(r.stage == "resting" for r in self.rows)

    @property
    def to_approve(self) -> int:
        return sum(r.state == "draft" for r in self.rows)


def _papers(board: Board, offer: Offer, lang: str) -> tuple[PaperRow, ...]:
    return tuple(
        PaperRow(
            p.spec.key,
            p.spec.name(lang),
            p.spec.required,
            p.date,
            p.state,
            p.until.isoformat() if p.until else "",
        )
        for p in offers.paper_states(board, offer)
    )


def _items(offer: Offer, count: gate.Count | None, ordered: dict[str, int]) -> tuple[ItemRow, ...]:
    """The products ordered and those offered, in the offer's order (a product only
    the orders name comes last)."""
    default = default_item(offer)
    keys = list(ordered)
    for item in offer.items:
        if item.name not in keys and not (item.name == default and "" in keys):
            keys.append(item.name)
    position = {item.name: n for n, item in enumerate(offer.items)}
    keys.sort(key=lambda k: position.get(k or default, len(position)))
    rows = []
    for key in keys:
        name = key or default
        offered = next((i for i in offer.items if i.name == name), None)
        rows.append(
            ItemRow(
                key,
                name,
                offered.label() if offered is not None else "",
                ordered.get(key, 0),
                count.received.get(key, 0) if count is not None else None,
            )
        )
    return tuple(rows)


def _steps(board: Board, offer: Offer, stage: str, approved_at: str) -> tuple[Step, ...]:
    spec = offers.spec(board)
    sprayed = parse_moment(offer.sprayed_at)
    rested = sprayed.add(minutes=spec.rest_minutes) if sprayed is not None else None
    steps = [
        Step("approved", moment_text(approved_at, board), offer.state in ("approved", "released")),
        Step("arrived", moment_text(offer.arrived_at, board), bool(offer.arrived_at)),
        Step("counted", moment_text(offer.counted_at, board), bool(offer.counted_at)),
        Step("sprayed", moment_text(offer.sprayed_at, board), bool(offer.sprayed_at)),
        Step(
            "rested",
            moment_text(rested, board),
            rested is not None and stage in ("ready", "released"),
        ),
        Step("released", moment_text(offer.released_at, board), bool(offer.released_at)),
    ]
    if offer.state in ("rejected", "cancelled"):
        steps.append(Step("closed", "", True))
    return tuple(steps)


def offer_row(
    board: Board, offer: Offer, lang: str, now: pendulum.DateTime, extra: dict[str, object]
) -> OfferRow:
    """One offer as the tab shows it (``extra``: the offer record's fields the core's
    Offer does not carry: approved_at, from_import)."""
    stage = gate.stage(board, offer, now)
    placed = orders.orders_of(board, offer.id)
    ordered = orders.totals(placed)
    count = gate.count_of(board, offer) if offer.counted_at else None
    default = default_item(offer)
    short = tuple(
        ShortRow(s.order.address, s.order.name, s.item or default, s.missing)
        for s in (count.short if count is not None else ())
    )
    cutoff = parse_moment(offer.cutoff)
    per_building = Counter(o.building for o in placed)
    return OfferRow(
        id=offer.id,
        code=offer.code,
        title=offer.title,
        supplier=offer.supplier,
        leader=offer.leader,
        leader_address=offer.leader_address,
        leader_phone=offer.leader_phone,
        note=offer.note,
        reason=offer.reason,
        state=offer.state,
        stage=stage,
        rest_left=gate.rest_left(board, offer, now) if stage == "resting" else 0,
        papers=_papers(board, offer, lang),
        households=len(placed),
        units=sum(o.units for o in placed),
        minimum=offer.minimum,
        cutoff=moment_text(cutoff, board),
        cutoff_passed=cutoff is not None and now >= cutoff,
        items=_items(offer, count, ordered),
        steps=_steps(board, offer, stage, str(extra.get("approved_at") or "")),
        short=short,
        buildings=tuple(sorted(per_building.items())),
        from_import=bool(extra.get("from_import")),
    )


def build_supplies(board: Board, lang: str, now: pendulum.DateTime) -> SuppliesView:
    rows = []
    for offer in offers.offers(board):
        # The Offer of the core has no approval time: read it off the record.
        doc = board.store.get(offers.TABLE, offer.id) or {}
        extra = {k: doc.get(k) for k in ("approved_at", "from_import")}
        rows.append(offer_row(board, offer, lang, now, extra))
    shelf = tuple(parcels.shelf_counts(board).items())
    return SuppliesView(board.today, tuple(rows), shelf, offers.spec(board).rest_minutes)


# ---------------------------------------------------------------- the order review


@dataclass(frozen=True)
class ReviewLine:
    """One household of the list, as confirming would write it."""

    kind: str  # added | changed | cancelled | unchanged
    building: int
    address: str
    name: str
    items: str  # 青菜套餐×2
    quantity_text: str
    note: str
    line: int
    raw: str
    before: str  # what the batch had (changed, cancelled): 青菜套餐×1


@dataclass(frozen=True)
class ReviewProblem:
    line: int
    text: str  # the raw entry, as written
    reason: str  # translated
    candidates: tuple[str, ...]


@dataclass(frozen=True)
class ReviewView:
    batch: str  # the offer's title, or the name a new draft offer will have
    code: str  # the offer's code; "" for a new draft offer
    new_offer: bool
    source: str  # jielong | ktt
    households: int
    units: int
    added: int
    changed: int
    cancelled: int
    unchanged: int
    kept: int
    buildings: tuple[tuple[int, tuple[ReviewLine, ...]], ...]
    problems: tuple[ReviewProblem, ...]

    @property
    def writes(self) -> int:
        return self.added + self.changed + self.cancelled

    @property
    def can_confirm(self) -> bool:
        """Confirming would write something (a new offer alone is not worth it)."""
        return self.writes > 0


def build_review(rev: orders.Review, lang: str) -> ReviewView:
    """What the review screen lists (nothing is written before Confirm)."""
    offer = rev.offer
    default = default_item(offer) if offer is not None else rev.offer_name
    buildings = []
    for building, changes in rev.by_building().items():
        lines = []
        for c in changes:
            e = c.entry
            before = ""
            if c.before is not None and c.kind in ("changed", "cancelled"):
                before = orders.item_text(c.before.items, default, lang)
            lines.append(
                ReviewLine(
                    c.kind,
                    building,
                    e.address,
                    e.name,
                    orders.item_text(e.items, default, lang),
                    e.quantity_text,
                    e.note,
                    e.line,
                    e.raw,
                    before,
                )
            )
        buildings.append((building, tuple(lines)))
    problems = tuple(
        ReviewProblem(p.line, p.text, t(p.reason, lang, **dict(p.fields)), tuple(p.candidates))
        for p in rev.problems
    )
    return ReviewView(
        batch=rev.offer_name,
        code=offer.code if offer is not None else "",
        new_offer=offer is None,
        source=rev.parsed.kind,
        households=rev.households,
        units=rev.units,
        added=len(rev.of_kind("added")),
        changed=len(rev.of_kind("changed")),
        cancelled=len(rev.of_kind("cancelled")),
        unchanged=len(rev.of_kind("unchanged")),
        kept=rev.kept,
        buildings=tuple(buildings),
        problems=problems,
    )


def one_line(text: str, sep: str = " ⏎ ") -> str:
    """A raw entry of several lines on one line (the lines joined by ``sep``)."""
    return sep.join(part.strip() for part in text.splitlines() if part.strip())


def joined(parts: Iterable[str], lang: str) -> str:
    return ("、" if lang == "zh" else ", ").join(parts)
