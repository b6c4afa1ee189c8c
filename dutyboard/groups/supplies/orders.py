"""Orders taken in for an offer: a pasted 群接龙 post or a 快团团 export, reviewed
against the batch as it stands, then written on confirmation.

An order is a record of its own per household and offer (``orders``), with an id made
from the board, the offer and the household: importing the same post on two laptops
makes the same records, and importing it again changes nothing. Nothing is guessed
and nothing is written before ``apply_review``: the review lists what is new,
changed, cancelled and unchanged, and every problem with its line and raw text.
Households the batch has and this list lacks are kept (a post for one building does
not cancel the others); only 取消 cancels.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from dutyboard.core.board import Board
from dutyboard.core.carry import made_id
from dutyboard.core.model import Volunteer
from dutyboard.groups.supplies import offers as offers_mod
from dutyboard.groups.supplies.offers import Offer
from dutyboard.i18n import t
from dutyboard.intake import parse_text
from dutyboard.intake.address import AddressBook
from dutyboard.intake.records import HouseholdRef, OrderEntry, ParsedOrders, Problem
from dutyboard.storage.errors import refused
from dutyboard.storage.records import Doc
from dutyboard.storage.transaction import Transaction

TABLE = "orders"
CHANGE_KINDS = ("added", "changed", "cancelled", "unchanged")


class Order(NamedTuple):
    """One household's order in an offer, as last taken in."""

    id: str
    offer: str
    household: str
    address: str
    building: int
    name: str
    items: tuple[tuple[str, int], ...]
    quantity_text: str
    note: str
    raw: str
    line: int
    cancelled: bool
    seq: int  # the order people joined in (first come, first served when goods are short)
    phone: str = ""

    @property
    def units(self) -> int:
        return sum(q for _, q in self.items)


class OrderChange(NamedTuple):
    kind: str  # added | changed | cancelled | unchanged
    entry: OrderEntry
    before: Order | None


class Review(NamedTuple):
    """What confirming an import would do; nothing is written yet."""

    offer: Offer | None  # None: a new draft offer named ``offer_name`` is made
    offer_name: str
    parsed: ParsedOrders
    changes: tuple[OrderChange, ...]
    kept: int  # orders of the batch this list does not mention (kept as they are)

    def of_kind(self, kind: str) -> list[OrderChange]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def problems(self) -> tuple[Problem, ...]:
        return self.parsed.problems

    @property
    def ordering(self) -> list[OrderEntry]:
        """The list's orders that stand (not cancelled)."""
        return [c.entry for c in self.changes if not c.entry.cancelled]

    @property
    def households(self) -> int:
        return len(self.ordering)

    @property
    def units(self) -> int:
        return sum(e.units for e in self.ordering)

    @property
    def writes(self) -> int:
        return sum(1 for c in self.changes if c.kind != "unchanged")

    def by_building(self) -> dict[int, list[OrderChange]]:
        out: dict[int, list[OrderChange]] = {}
        for c in sorted(self.changes, key=lambda c: (c.entry.building, c.entry.address)):
            out.setdefault(c.entry.building, []).append(c)
        return out


class ImportResult(NamedTuple):
    offer: Offer
    review: Review
    created_offer: bool


# ---------------------------------------------------------------- reading

_BOOKS: weakref.WeakKeyDictionary[Board, tuple[int, AddressBook]] = weakref.WeakKeyDictionary()


def address_book(board: Board) -> AddressBook:
    """The households of the board as an address book (built once per revision)."""
    cached = _BOOKS.get(board)
    if cached is not None and cached[0] == board.store.revision:
        return cached[1]
    book = AddressBook(HouseholdRef(h.id, h.building, h.unit, h.room) for h in board.households())
    _BOOKS[board] = (board.store.revision, book)
    return book


def _order(doc: Doc) -> Order:
    items = doc.get("items") or {}
    return Order(
        id=doc["id"],
        offer=str(doc.get("offer", "")),
        household=str(doc.get("household", "")),
        address=str(doc.get("address", "")),
        building=int(doc.get("building") or 0),
        name=str(doc.get("name", "")),
        items=tuple((str(k), int(v)) for k, v in items.items()) if isinstance(items, dict) else (),
        quantity_text=str(doc.get("quantity_text", "")),
        note=str(doc.get("note", "")),
        raw=str(doc.get("raw", "")),
        line=int(doc.get("line") or 0),
        cancelled=bool(doc.get("cancelled", False)),
        seq=int(doc.get("seq") or 0),
        phone=str(doc.get("phone", "")),
    )


def orders_of(board: Board, offer_id: str, *, with_cancelled: bool = False) -> list[Order]:
    """An offer's orders in the order people joined."""
    found = [
        _order(d)
        for d in board.store.rows(TABLE)
        if d.get("offer") == offer_id and (with_cancelled or not d.get("cancelled"))
    ]
    found.sort(key=lambda o: (o.seq, o.address))
    return found


def order_id(board: Board, offer_id: str, household_id: str) -> str:
    return made_id(board.store.board_id, "order", offer_id, household_id)


# ---------------------------------------------------------------- the review


def _values(entry: OrderEntry) -> dict[str, Any]:
    """The fields an entry gives an order (what a re-import compares)."""
    items: dict[str, int] = {}
    for name, qty in entry.items:
        items[name] = items.get(name, 0) + qty
    return {
        "household": entry.household,
        "address": entry.address,
        "building": entry.building,
        "name": entry.name,
        "items": items,
        "quantity_text": entry.quantity_text,
        "note": entry.note,
        "cancelled": entry.cancelled,
        "phone": entry.phone,
    }


def _compared(order: Order) -> dict[str, Any]:
    return {
        "household": order.household,
        "address": order.address,
        "building": order.building,
        "name": order.name,
        "items": dict(order.items),
        "quantity_text": order.quantity_text,
        "note": order.note,
        "cancelled": order.cancelled,
        "phone": order.phone,
    }


def review(board: Board, parsed: ParsedOrders, batch: str) -> Review:
    """Compare ``parsed`` with the batch ``batch`` names (an offer's code, id or
    title; a name no offer has yet will start a new draft offer). Writes nothing."""
    found = offers_mod.match_offers(board, batch, closed_titles=False)
    if len(found) > 1:
        raise refused(
            "refused.offer_ambiguous",
            [f"{o.code}  {o.title}  {o.state}  id {o.id}" for o in found],
            ref=batch,
            n=len(found),
        )
    offer = found[0] if found else None
    if offer is not None and offer.closed:
        raise offers_mod.closed_refusal(offer)
    if offer is None and not batch.strip():
        raise refused("refused.offer_title")
    existing = (
        {o.household: o for o in orders_of(board, offer.id, with_cancelled=True)} if offer else {}
    )
    changes: list[OrderChange] = []
    for entry in parsed.orders:
        before = existing.get(entry.household)
        if before is None:
            if entry.cancelled:
                continue  # a cancel of an order this batch never had: nothing to do
            kind = "added"
        elif _values(entry) == _compared(before):
            kind = "unchanged"
        elif entry.cancelled and not before.cancelled:
            kind = "cancelled"
        else:
            kind = "changed"
        changes.append(OrderChange(kind, entry, before))
    mentioned = {e.household for e in parsed.orders}
    kept = sum(1 for h, o in existing.items() if h not in mentioned and not o.cancelled)
    name = offer.title if offer else " ".join(batch.split())
    return Review(offer, name, parsed, tuple(changes), kept)


def review_text(board: Board, text: str, batch: str) -> Review:
    return review(board, parse_text(text, address_book(board)), batch)


# ---------------------------------------------------------------- confirming


def insert_fresh(tx: Transaction, table: str, record_id: str, values: dict[str, Any]) -> Doc:
    """Insert a record whose id is made from what it is; one an undo deleted earlier
    is taken out first and made again (as the swap does)."""
    if tx.store.raw(table, record_id) is not None:
        tx.remove(table, record_id)
    return tx.insert(table, values, record_id)


def apply_review(board: Board, rev: Review, who: Volunteer) -> ImportResult:
    """Write what the review showed, in one save with one audit entry (``u`` undoes it
    whole). Checks again under the lock that the batch can still take orders."""
    with board.transaction() as tx:
        offer = offers_mod.get_offer(board, rev.offer.id) if rev.offer else None
        if rev.offer is not None and offer is None:
            raise refused("refused.offer_unknown", ref=rev.offer.code)
        if offer is not None and offer.closed:
            raise offers_mod.closed_refusal(offer)
        created: list[list[str]] = []
        restore: dict[str, dict[str, Any]] = {}
        if offer is None and not rev.writes:
            raise refused("refused.orders_none")
        if offer is None:
            values = offers_mod.new_offer_values(board, rev.offer_name, note="")
            values["from_import"] = True
            doc = tx.insert(offers_mod.TABLE, values)
            created.append([offers_mod.TABLE, doc["id"]])
            offer_id = doc["id"]
        else:
            offer_id = offer.id
        have = {
            d["household"]: d
            for d in board.store.rows(TABLE)
            if d.get("offer") == offer_id and "household" in d
        }
        next_seq = max((int(d.get("seq") or 0) for d in have.values()), default=0) + 1
        for change in rev.changes:
            if change.kind == "unchanged":
                continue
            entry = change.entry
            values = _values(entry)
            values.update({"raw": entry.raw, "line": entry.line})
            current = have.get(entry.household)
            if current is None:
                rid = order_id(board, offer_id, entry.household)
                insert_fresh(tx, TABLE, rid, {"offer": offer_id, "seq": next_seq, **values})
                next_seq += 1
                created.append([TABLE, rid])
            else:
                before = tx.update(TABLE, current["id"], values)
                if before:
                    restore[current["id"]] = before
        if created or restore:
            board.log(
                tx,
                who,
                "orders_import",
                offers_mod.TABLE,
                offer_id,
                {"restore": {TABLE: restore}} if restore else {},
                {
                    "created": created,
                    "added": len(rev.of_kind("added")),
                    "changed": len(rev.of_kind("changed")),
                    "cancelled": len(rev.of_kind("cancelled")),
                },
            )
    final = offers_mod.get_offer(board, offer_id)
    assert final is not None
    return ImportResult(final, rev, offer is None)


# ---------------------------------------------------------------- summaries


def totals(orders: Iterable[Order]) -> dict[str, int]:
    """Units ordered per product ("" = the offer's one product)."""
    out: dict[str, int] = {}
    for o in orders:
        for name, qty in o.items:
            out[name] = out.get(name, 0) + qty
    return out


def item_text(items: Iterable[tuple[str, int]], default: str, lang: str) -> str:
    """``青菜套餐×2、土豆×1`` (``default`` names a product left unnamed in a 接龙)."""
    sep = "、" if lang == "zh" else ", "
    return sep.join(f"{name or default}×{qty}" for name, qty in items if qty)


def review_json(rev: Review, lang: str) -> dict[str, Any]:
    """The review as ``orders import --format json`` prints it."""

    def row(c: OrderChange) -> dict[str, Any]:
        e = c.entry
        return {
            "line": e.line,
            "household": e.household,
            "address": e.address,
            "name": e.name,
            "items": [{"item": n, "quantity": q} for n, q in e.items],
            "units": e.units,
            "note": e.note,
        }

    return {
        "batch": rev.offer.id if rev.offer else None,
        "batch_code": rev.offer.code if rev.offer else None,
        "batch_name": rev.offer_name,
        "new_batch": rev.offer is None,
        "source": rev.parsed.kind,
        "households": rev.households,
        "units": rev.units,
        "added": [row(c) for c in rev.of_kind("added")],
        "changed": [row(c) for c in rev.of_kind("changed")],
        "cancelled": [row(c) for c in rev.of_kind("cancelled")],
        "unchanged": len(rev.of_kind("unchanged")),
        "kept": rev.kept,
        "problems": [
            {
                "line": p.line,
                "text": p.text,
                "reason": t(p.reason, lang, **dict(p.fields)),
                "reason_key": p.reason,
                "candidates": list(p.candidates),
            }
            for p in rev.problems
        ],
    }


def problems_by_line(problems: Iterable[Problem]) -> Mapping[int, list[Problem]]:
    out: dict[int, list[Problem]] = {}
    for p in problems:
        out.setdefault(p.line, []).append(p)
    return out
