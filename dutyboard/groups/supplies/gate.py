"""A batch at the gate: arrived, counted against the orders, sprayed and left to sit,
then released to the delivery group as one delivery task per household.

Counting names the households left short: goods go to orders in the order people
joined (first come, first served), so the last to join are the ones short. Release
makes the day's batch record and its tasks with ids made from the board and the
orders, so the same release on two laptops makes the same records. Carriers are
suggested per building among the delivery group's people on duty now (else those
on today's delivery roster), the buildings with most households first, each to the
carrier with the least to carry so far; nobody living in a sealed or positive
building is suggested (they cannot go out). A leader changes them per building.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.carry import made_id
from dutyboard.core.model import Task, Volunteer, task_code
from dutyboard.core.rules import CONFINED_STATUSES
from dutyboard.groups.supplies import offers as offers_mod
from dutyboard.groups.supplies.offers import Offer
from dutyboard.groups.supplies.orders import TABLE as ORDERS
from dutyboard.groups.supplies.orders import Order, insert_fresh, item_text, orders_of, totals
from dutyboard.storage.clock import parse_moment
from dutyboard.storage.errors import refused

DELIVERY_GROUP = "delivery"


class Shortfall(NamedTuple):
    """One household left short of one product by the count."""

    order: Order
    item: str
    missing: int


class Count(NamedTuple):
    ordered: Mapping[str, int]
    received: Mapping[str, int]
    short: tuple[Shortfall, ...]

    def short_of(self, item: str) -> int:
        return max(0, self.ordered.get(item, 0) - self.received.get(item, 0))

    @property
    def households_short(self) -> list[Order]:
        seen: dict[str, Order] = {}
        for s in self.short:
            seen.setdefault(s.order.id, s.order)
        return list(seen.values())


class Release(NamedTuple):
    batch: str
    tasks: int
    carriers: Mapping[int, str | None]  # building -> volunteer id


# ---------------------------------------------------------------- stages


def stage(board: Board, offer: Offer, now: pendulum.DateTime | None = None) -> str:
    """Where a batch is in its day: draft, approved, arrived, counted, resting, ready,
    released, rejected or cancelled."""
    if offer.closed or not offer.arrived_at:
        return offer.state
    if offer.sprayed_at:
        return "ready" if rest_left(board, offer, now) == 0 else "resting"
    return "counted" if offer.counted_at else "arrived"


def rest_left(board: Board, offer: Offer, now: pendulum.DateTime | None = None) -> int:
    """Minutes the sprayed goods must still sit (0 when they may go)."""
    sprayed = parse_moment(offer.sprayed_at)
    if sprayed is None:
        return offers_mod.spec(board).rest_minutes
    ready = sprayed.add(minutes=offers_mod.spec(board).rest_minutes)
    left = (ready - (now or board.now())).total_seconds()
    return max(0, int(-(-left // 60)))


def _open_for_gate(offer: Offer) -> None:
    if offer.closed:
        raise offers_mod.closed_refusal(offer)


def arrive(board: Board, offer: Offer, who: Volunteer) -> Offer:
    """The goods are at the gate (anyone at the gate may say so)."""
    _open_for_gate(offer)
    if offer.arrived_at:
        raise refused("refused.batch_arrived_already", code=offer.code)
    return offers_mod.change_offer(
        board, offer, who, "batch_arrive", {"arrived_at": board.now().isoformat()}
    )


def spray(board: Board, offer: Offer, who: Volunteer) -> Offer:
    """Sprayed (消杀); the rest time starts now."""
    _open_for_gate(offer)
    if not offer.arrived_at:
        raise refused("refused.batch_not_arrived", code=offer.code)
    return offers_mod.change_offer(
        board, offer, who, "batch_spray", {"sprayed_at": board.now().isoformat()}
    )


def count_of(board: Board, offer: Offer, received: Mapping[str, int] | None = None) -> Count:
    """What was ordered and what came, and who is left short (``received`` default:
    the count recorded on the offer; nothing recorded = as ordered)."""
    orders = orders_of(board, offer.id)
    ordered = totals(orders)
    got = dict(received if received is not None else (offer.received or ordered))
    left = dict(got)
    short: list[Shortfall] = []
    for order in orders:  # first come, first served
        for item, qty in order.items:
            have = left.get(item, 0)
            give = min(have, qty)
            left[item] = have - give
            if give < qty:
                short.append(Shortfall(order, item, qty - give))
    return Count(ordered, got, tuple(short))


def count(board: Board, offer: Offer, received: Mapping[str, int], who: Volunteer) -> Count:
    """Record what arrived per product (a product not named arrived in full)."""
    _open_for_gate(offer)
    if not offer.arrived_at:
        raise refused("refused.batch_not_arrived", code=offer.code)
    ordered = totals(orders_of(board, offer.id))
    full = dict(ordered)
    for named, n in received.items():
        # A 接龙 names no product: its orders are of the offer's one product ("").
        one = len(offer.items) == 1 and named == offer.items[0].name and "" in ordered
        item = "" if one and named not in ordered else named
        if item not in ordered:
            raise refused(
                "refused.batch_item_unknown",
                [", ".join(name or "—" for name in ordered)],
                item=item,
            )
        if n < 0:
            raise refused("refused.batch_count_negative", item=item, n=n)
        full[item] = n
    offers_mod.change_offer(
        board,
        offer,
        who,
        "batch_count",
        {"received": full, "counted_at": board.now().isoformat()},
    )
    return count_of(board, offer, full)


# ---------------------------------------------------------------- carriers


def delivery_people(board: Board, now: pendulum.DateTime | None = None) -> list[Volunteer]:
    """The delivery group's people who can carry now: on duty now, else on today's
    roster; never someone off duty (dutyboard/groups/people.py) or living in a sealed or
    positive building."""
    now = now or board.now()
    day = board.today

    def free(v: Volunteer) -> bool:
        if v.off_on(day):
            return False
        return v.building is None or board.building_status(v.building, day) not in CONFINED_STATUSES

    on_duty = [v for s, _a, v in board.on_duty(day, now) if s.group == DELIVERY_GROUP]
    people = [v for v in on_duty if free(v)]
    if not people:
        people = [
            v
            for s in board.slots(day, DELIVERY_GROUP)
            for a in board.assignments(s.id)
            if a.active and (v := board.volunteer(a.volunteer)) is not None and free(v)
        ]
    unique = {v.id: v for v in people}
    return sorted(unique.values(), key=lambda v: (v.name, v.id))


def suggest_carriers(
    loads: Mapping[int, int], people: Sequence[Volunteer]
) -> dict[int, str | None]:
    """Each building to the carrier with the least to carry so far, the buildings with
    most households first (ties: lower number; carriers in name order)."""
    if not people:
        return {b: None for b in loads}
    carried: Counter[str] = Counter({v.id: 0 for v in people})
    order = {v.id: i for i, v in enumerate(people)}
    out: dict[int, str | None] = {}
    for building, n in sorted(loads.items(), key=lambda kv: (-kv[1], kv[0])):
        vid = min(carried, key=lambda k: (carried[k], order[k]))
        out[building] = vid
        carried[vid] += n
    return out


# ---------------------------------------------------------------- release


def release_plan(board: Board, offer: Offer) -> tuple[list[Order], dict[int, str | None]]:
    """The orders that become tasks and the carriers suggested per building."""
    orders = orders_of(board, offer.id)
    loads = Counter(o.building for o in orders)
    return orders, suggest_carriers(loads, delivery_people(board))


def release(
    board: Board,
    offer: Offer,
    who: Volunteer,
    carriers: Mapping[int, str | None] | None = None,
    lang: str = "zh",
) -> Release:
    """Leaders: hand an approved, sprayed and rested batch to the delivery group."""
    board.require_leader(who, "release a batch")
    _open_for_gate(offer)
    if offer.state != "approved":
        raise refused("refused.batch_not_approved", code=offer.code)
    if not offer.arrived_at:
        raise refused("refused.batch_not_arrived", code=offer.code)
    if not offer.sprayed_at:
        raise refused("refused.batch_not_sprayed", code=offer.code)
    left = rest_left(board, offer)
    if left:
        raise refused("refused.batch_resting", code=offer.code, n=left)
    orders, suggested = release_plan(board, offer)
    if not orders:
        raise refused("refused.batch_no_orders", code=offer.code)
    for building in carriers or {}:
        if building not in suggested:
            raise refused("refused.batch_building_none", building=building)
    chosen = {b: (carriers or {}).get(b, vid) for b, vid in suggested.items()}
    short = {(s.order.id, s.item): s.missing for s in count_of(board, offer).short}
    default = offer.items[0].name if len(offer.items) == 1 else offer.title
    bid = board.store.board_id
    day = board.today.isoformat()
    with board.transaction() as tx:
        if board.store.get(offers_mod.TABLE, offer.id) is None:
            raise refused("refused.offer_unknown", ref=offer.code)
        batch_id = made_id(bid, "release", offer.id)
        arrived = parse_moment(offer.arrived_at)
        insert_fresh(
            tx,
            "batches",
            batch_id,
            {
                "date": day,
                "name": offer.title,
                "supplier": offer.supplier,
                "items": "、".join(offer.item_names()) or offer.title,
                "arrives": arrived.in_timezone(board.tz).format("HH:mm") if arrived else "",
                "offer": offer.id,
            },
        )
        created: list[list[str]] = [["batches", batch_id]]
        restore_orders: dict[str, dict[str, Any]] = {}
        for order in orders:
            got = [(n, q - short.get((order.id, n), 0)) for n, q in order.items]
            missing = [(n, short[(order.id, n)]) for n, _ in order.items if (order.id, n) in short]
            tid = made_id(bid, "delivery", order.id)
            values: dict[str, Any] = {
                "kind": "delivery",
                "group": DELIVERY_GROUP,
                "date": day,
                "status": "open",
                "batch": batch_id,
                "household": order.household,
                "address": order.address,
                "building": order.building,
                "items": item_text(got, default, lang),
                "carrier": chosen.get(order.building),
                "order": order.id,
                "code": task_code("delivery", tid),
            }
            if missing:
                values["short"] = item_text(missing, default, lang)
            if order.note:
                values["note"] = order.note
            insert_fresh(tx, "tasks", tid, values)
            created.append(["tasks", tid])
            restore_orders[order.id] = tx.update(ORDERS, order.id, {"closed_day": day})
        for doc in list(board.store.rows(ORDERS)):  # cancelled ones close too
            if (
                doc.get("offer") == offer.id
                and doc["id"] not in restore_orders
                and not doc.get("closed_day")
            ):
                restore_orders[doc["id"]] = tx.update(ORDERS, doc["id"], {"closed_day": day})
        before = tx.update(
            offers_mod.TABLE,
            offer.id,
            {
                "state": "released",
                "released_at": board.now().isoformat(),
                "batch": batch_id,
                "closed_day": day,
            },
        )
        board.log(
            tx,
            who,
            "batch_release",
            offers_mod.TABLE,
            offer.id,
            {"restore": {offers_mod.TABLE: {offer.id: before}, ORDERS: restore_orders}},
            {"created": created, "tasks": len(orders)},
        )
    return Release(batch_id, len(orders), chosen)


def assign(
    board: Board, batch_id: str, building: int, person: Volunteer | None, who: Volunteer
) -> list[Task]:
    """Leaders: ``person`` carries the open deliveries of ``batch_id`` in ``building``
    (None: nobody yet). One audit entry; ``u`` puts the carriers back."""
    board.require_leader(who, "change who carries a building")
    tasks = [
        t
        for t in board.tasks(board.today, kind="delivery", status="open")
        if t.batch == batch_id and t.building == building
    ]
    if not tasks:
        raise refused("refused.batch_building_none", building=building)
    restore: dict[str, dict[str, Any]] = {}
    with board.transaction() as tx:
        for task in tasks:
            before = tx.update("tasks", task.id, {"carrier": person.id if person else None})
            if before:
                restore[task.id] = before
        if restore:
            board.log(
                tx,
                who,
                "batch_assign",
                "batches",
                batch_id,
                {"restore": {"tasks": restore}},
                {"building": building, "carrier": person.id if person else None},
            )
    return tasks
