"""Group-buy offers (团购) and their vetting by the supplies group.

An offer is a record of the live file (``offers``) with no day while it is open: a
chat often collects orders for two days before the goods come. The papers a supplier
shows (config/supplies.toml) are fields ``paper.KEY`` holding the paper's date, one
field each, so two laptops ticking two papers both keep theirs. A leader approves it
only while every required paper is there and in date; a draft made by an orders
import (a name no offer had yet) must be approved like any other before release.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.core.supplies_config import PaperSpec, SuppliesSpec, supplies_spec
from dutyboard.storage.errors import Refused, refused
from dutyboard.storage.records import Doc
from dutyboard.storage.vocab import CLOSED_STATES

TABLE = "offers"
PAPER_PREFIX = "paper."
OFFER_LETTER = "B"  # short codes: B + five hex digits, like a task's


class Item(NamedTuple):
    """One product of an offer: its name, the unit it is sold by, the price per unit."""

    name: str
    unit: str = ""
    price: float | None = None

    def label(self) -> str:
        price = f" ¥{self.price:g}" if self.price is not None else ""
        unit = f"/{self.unit}" if self.unit else ""
        return f"{self.name}{unit}{price}"


class PaperState(NamedTuple):
    """One paper of the checklist on one offer: shown (its date), missing or expired."""

    spec: PaperSpec
    date: str  # YYYY-MM-DD, "" when not shown
    state: str  # ok | missing | expired
    until: pendulum.Date | None = None  # last day it is good (papers that run out)

    @property
    def blocks(self) -> bool:
        """Does it stop an approval?"""
        return self.spec.required and self.state != "ok"


class Offer(NamedTuple):
    """A group buy as the screens and commands see it."""

    id: str
    code: str
    title: str
    supplier: str
    leader: str  # 团长, a resident
    leader_address: str
    leader_phone: str
    items: tuple[Item, ...]
    minimum: int  # units the supplier needs, 0 = none
    cutoff: str  # ISO moment orders close, "" = none
    state: str
    reason: str  # why rejected or cancelled
    papers: Mapping[str, str]  # paper key -> date shown
    arrived_at: str = ""
    counted_at: str = ""
    received: Mapping[str, int] = {}
    sprayed_at: str = ""
    released_at: str = ""
    batch: str = ""  # the delivery batch made at release
    note: str = ""
    created_at: str = ""

    @property
    def closed(self) -> bool:
        return self.state in CLOSED_STATES

    def item_names(self) -> tuple[str, ...]:
        return tuple(i.name for i in self.items)


def offer_code(record_id: str) -> str:
    return OFFER_LETTER + record_id.replace("-", "")[:5].upper()


def spec(board: Board) -> SuppliesSpec:
    return supplies_spec(board.meta.get("config"))


def _offer(doc: Doc) -> Offer:
    items = tuple(
        Item(str(i.get("name", "")), str(i.get("unit", "")), _price(i.get("price")))
        for i in doc.get("items") or ()
        if isinstance(i, dict)
    )
    received = doc.get("received") or {}
    return Offer(
        id=doc["id"],
        code=offer_code(doc["id"]),
        title=str(doc.get("title", "")),
        supplier=str(doc.get("supplier", "")),
        leader=str(doc.get("leader", "")),
        leader_address=str(doc.get("leader_address", "")),
        leader_phone=str(doc.get("leader_phone", "")),
        items=items,
        minimum=int(doc.get("minimum") or 0),
        cutoff=str(doc.get("cutoff") or ""),
        state=str(doc.get("state", "draft")),
        reason=str(doc.get("reason") or ""),
        papers={
            k[len(PAPER_PREFIX) :]: str(v)
            for k, v in doc.items()
            if k.startswith(PAPER_PREFIX) and v
        },
        arrived_at=str(doc.get("arrived_at") or ""),
        counted_at=str(doc.get("counted_at") or ""),
        received={str(k): int(v) for k, v in received.items()}
        if isinstance(received, dict)
        else {},
        sprayed_at=str(doc.get("sprayed_at") or ""),
        released_at=str(doc.get("released_at") or ""),
        batch=str(doc.get("batch") or ""),
        note=str(doc.get("note") or ""),
        created_at=str(doc.get("created_at") or ""),
    )


def _price(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def offers(board: Board, *, include_closed: bool = True) -> list[Offer]:
    """Every offer of the live file, open ones first, newest first within each."""
    found = [_offer(d) for d in board.store.rows(TABLE)]
    if not include_closed:
        found = [o for o in found if not o.closed]
    found.sort(key=lambda o: o.created_at, reverse=True)
    found.sort(key=lambda o: o.closed)
    return found


def get_offer(board: Board, offer_id: str) -> Offer | None:
    doc = board.store.get(TABLE, offer_id)
    return _offer(doc) if doc is not None else None


def match_offers(board: Board, ref: str, *, closed_titles: bool = True) -> list[Offer]:
    """Offers an id, id prefix (6+), short code or exact title names. Without
    ``closed_titles``, a title names open offers only (next week's "蔬菜包" is a new
    group buy, not last week's released one)."""
    r = ref.strip()
    every = offers(board)
    titled = every if closed_titles else [o for o in every if not o.closed]
    for pool, test in (
        (every, lambda o: o.id == r),
        (every, lambda o: o.code == r.upper()),
        (every, lambda o: len(r) >= 6 and o.id.startswith(r.lower())),
        (titled, lambda o: o.title == r),
        (titled, lambda o: o.title.casefold() == r.casefold()),
    ):
        found = [o for o in pool if test(o)]
        if found:
            return found
    return []


def find_offer(board: Board, ref: str) -> Offer:
    """The one offer ``ref`` names; refuses an unknown or ambiguous one."""
    found = match_offers(board, ref)
    if len(found) == 1:
        return found[0]
    if not found:
        raise refused("refused.offer_unknown", ref=ref)
    raise refused(
        "refused.offer_ambiguous",
        [f"{o.code}  {o.title}  {o.state}  id {o.id}" for o in found],
        ref=ref,
        n=len(found),
    )


# ---------------------------------------------------------------- papers


def paper_states(board: Board, offer: Offer, day: pendulum.Date | None = None) -> list[PaperState]:
    """The checklist of ``offer`` as of ``day`` (default: the board's today)."""
    day = day or board.today
    out = []
    for p in spec(board).papers:
        shown = offer.papers.get(p.key, "")
        if not shown:
            out.append(PaperState(p, "", "missing"))
            continue
        until = None
        state = "ok"
        if p.valid_days is not None:
            try:
                until = pendulum.Date.fromisoformat(shown).add(days=p.valid_days)
            except ValueError:
                state = "missing"
            else:
                if until < day:
                    state = "expired"
        out.append(PaperState(p, shown, state, until))
    return out


def blocking_papers(board: Board, offer: Offer) -> list[PaperState]:
    return [p for p in paper_states(board, offer) if p.blocks]


def parse_paper_date(board: Board, text: str) -> str:
    """A paper's date: YYYY-MM-DD, today, yesterday (what a gate volunteer types)."""
    t = text.strip()
    if t in ("", "today", "今天"):
        return board.today.isoformat()
    if t in ("yesterday", "昨天"):
        return board.today.subtract(days=1).isoformat()
    try:
        d = pendulum.Date.fromisoformat(t)
    except ValueError:
        raise refused("refused.paper_date", text=text) from None
    if d > board.today:
        raise refused("refused.paper_future", text=text)
    return d.isoformat()


def _paper_key(board: Board, key: str) -> str:
    k = key.strip()
    for p in spec(board).papers:
        if k in (p.key, p.zh, p.en):
            return p.key
    raise refused("refused.paper_unknown", [", ".join(p.key for p in spec(board).papers)], key=key)


# ---------------------------------------------------------------- input checks

_CUTOFF_RE = re.compile(r"^(?:(\d{4}-\d{2}-\d{2})[ T])?(\d{1,2}):(\d{2})$")


def parse_cutoff(board: Board, text: str) -> str:
    """``HH:MM`` (today) or ``YYYY-MM-DD HH:MM`` as an ISO moment; "" for none."""
    t = text.strip()
    if not t:
        return ""
    m = _CUTOFF_RE.match(t)
    if m is None or int(m[2]) > 23 or int(m[3]) > 59:
        raise refused("refused.offer_cutoff", text=text)
    try:
        day = pendulum.Date.fromisoformat(m[1]) if m[1] else board.today
    except ValueError:
        raise refused("refused.offer_cutoff", text=text) from None
    at = pendulum.datetime(day.year, day.month, day.day, int(m[2]), int(m[3]), tz=board.tz)
    return at.isoformat()


def parse_item(text: str) -> Item:
    """``名称/单位/价格`` (unit and price optional): ``青菜套餐/份/39``."""
    parts = [p.strip() for p in re.split(r"[/／]", text)]
    name = parts[0] if parts else ""
    if not name or len(parts) > 3:
        raise refused("refused.offer_item", text=text)
    unit = parts[1] if len(parts) > 1 else ""
    price = None
    if len(parts) > 2 and parts[2]:
        try:
            price = float(parts[2].lstrip("¥￥"))
        except ValueError:
            raise refused("refused.offer_item", text=text) from None
        if price < 0:
            raise refused("refused.offer_item", text=text)
    return Item(name, unit, price)


def _clean(text: str) -> str:
    """One line of typed text: no control characters, spaces collapsed."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


# ---------------------------------------------------------------- changes


def new_offer_values(
    board: Board,
    title: str,
    *,
    supplier: str = "",
    leader: str = "",
    leader_address: str = "",
    leader_phone: str = "",
    items: Sequence[Item] = (),
    minimum: int = 0,
    cutoff: str = "",
    note: str = "",
) -> dict[str, Any]:
    """The fields of a new draft offer, checked (refuses a bad value, naming it)."""
    title = _clean(title)
    if not title:
        raise refused("refused.offer_title")
    if minimum < 0:
        raise refused("refused.offer_minimum", n=minimum)
    names = [i.name for i in items]
    if len(set(names)) != len(names):
        raise refused("refused.offer_item_twice")
    return {
        "title": title,
        "supplier": _clean(supplier),
        "leader": _clean(leader),
        "leader_address": _clean(leader_address),
        "leader_phone": _clean(leader_phone),
        "items": [{"name": i.name, "unit": i.unit, "price": i.price} for i in items],
        "minimum": minimum,
        "cutoff": cutoff,
        "state": "draft",
        "note": _clean(note),
        "created_at": board.now().isoformat(),
    }


def add_offer(
    board: Board,
    who: Volunteer,
    title: str,
    *,
    papers: Mapping[str, str] | None = None,
    **fields: Any,
) -> Offer:
    """A new draft offer (anyone may enter one; a leader approves it)."""
    values = new_offer_values(board, title, **fields)
    for key, day in (papers or {}).items():
        values[PAPER_PREFIX + _paper_key(board, key)] = parse_paper_date(board, day)
    with board.transaction() as tx:
        doc = tx.insert(TABLE, values)
        board.log(tx, who, "offer_add", TABLE, doc["id"], {}, {"created": [[TABLE, doc["id"]]]})
    return _offer(doc)


def set_papers(
    board: Board, offer: Offer, who: Volunteer, papers: Mapping[str, str | None]
) -> Offer:
    """Record papers shown (key -> date) or take them off (key -> None)."""
    _refuse_closed(offer)
    changes: dict[str, Any] = {}
    for key, day in papers.items():
        field = PAPER_PREFIX + _paper_key(board, key)
        changes[field] = "" if day is None else parse_paper_date(board, day)
    return change_offer(board, offer, who, "offer_papers", changes)


def approve(board: Board, offer: Offer, who: Volunteer) -> Offer:
    """Leaders: approve a draft whose required papers are all shown and in date."""
    board.require_leader(who, "approve a group buy")
    if offer.state != "draft":
        raise (
            closed_refusal(offer)
            if offer.closed
            else refused("refused.offer_approved", code=offer.code)
        )
    missing = blocking_papers(board, offer)
    if missing:
        raise refused(
            "refused.offer_papers",
            [f"{p.spec.zh} / {p.spec.en}: {p.state}" for p in missing],
            code=offer.code,
            n=len(missing),
        )
    changes = {"state": "approved", "approved_by": who.id, "approved_at": board.now().isoformat()}
    return change_offer(board, offer, who, "offer_approve", changes)


def reject(board: Board, offer: Offer, who: Volunteer, reason: str) -> Offer:
    """Leaders: turn an offer down, with a reason (its orders are kept, closed)."""
    return _close(board, offer, who, "rejected", reason, "offer_reject")


def cancel(board: Board, offer: Offer, who: Volunteer, reason: str) -> Offer:
    """Leaders: call an offer off (the minimum not reached, the supplier gave up)."""
    return _close(board, offer, who, "cancelled", reason, "offer_cancel")


def _close(
    board: Board, offer: Offer, who: Volunteer, state: str, reason: str, action: str
) -> Offer:
    board.require_leader(who, "reject or cancel a group buy")
    _refuse_closed(offer)
    if offer.arrived_at and state == "rejected":
        raise refused("refused.offer_arrived", code=offer.code)
    reason = _clean(reason)
    if not reason:
        raise refused("refused.offer_reason")
    day = board.today.isoformat()
    with board.transaction() as tx:
        before = tx.update(TABLE, offer.id, {"state": state, "reason": reason, "closed_day": day})
        restore: dict[str, dict[str, Any]] = {}
        for doc in list(board.store.rows("orders")):
            if doc.get("offer") == offer.id and not doc.get("closed_day"):
                restore[doc["id"]] = tx.update("orders", doc["id"], {"closed_day": day})
        board.log(
            tx,
            who,
            action,
            TABLE,
            offer.id,
            {"restore": {TABLE: {offer.id: before}, "orders": restore}},
            {"state": state},
            reason,
        )
    return _reload(board, offer)


def _refuse_closed(offer: Offer) -> None:
    if offer.closed:
        raise closed_refusal(offer)


def closed_refusal(offer: Offer) -> Refused:
    """The refusal for a change to a released, rejected or cancelled offer, its state
    named in the reader's language (one catalogue key per state)."""
    return refused(f"refused.offer_closed.{offer.state}", code=offer.code)


def change_offer(
    board: Board, offer: Offer, who: Volunteer, action: str, changes: dict[str, Any]
) -> Offer:
    with board.transaction() as tx:
        if board.store.get(TABLE, offer.id) is None:
            raise refused("refused.offer_unknown", ref=offer.code)
        before = tx.update(TABLE, offer.id, changes)
        if before:
            after = {k: changes[k] for k in before}
            board.log(tx, who, action, TABLE, offer.id, before, after)
    return _reload(board, offer)


def _reload(board: Board, offer: Offer) -> Offer:
    found = get_offer(board, offer.id)
    if found is None:
        raise refused("refused.offer_unknown", ref=offer.code)
    return found
