"""Orders and the gate on the command line: ``dutyboard orders import`` and ``dutyboard
batch`` (arrive, count, spray, release, assign, show, list), and the ``batch`` kind of
``dutyboard export``. The work is in dutyboard/groups/supplies/ and dutyboard/intake/.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from dutyboard import intake
from dutyboard.cli.common import Commands, dump, out
from dutyboard.cli.parsing import Factory, actions
from dutyboard.cli.supplies_args import (
    arg_help,
    ctx,
    format_arg,
    moment,
    ref_arg,
    sep,
    shown,
    usage,
    who_arg,
)
from dutyboard.groups.supplies import gate, offers, orders
from dutyboard.groups.supplies.export import batch_text
from dutyboard.groups.supplies.orders import address_book, item_text, orders_of, totals
from dutyboard.i18n import pad, t
from dutyboard.storage.errors import refused
from dutyboard.storage.outfiles import LIST_CAP, more_line, read_stream  # capped lists, stdin


def add_commands(cmd: Factory, lang: str) -> Commands:
    """The parsers of ``orders`` and ``batch``, made by ``cmd(name, help)``; help in ``lang``."""
    p = cmd("orders", arg_help("cmd.orders", lang))
    act = actions(p, "orders_cmd")
    q = act("import", arg_help("orders.import", lang))
    q.add_argument("file", metavar="FILE", help=arg_help("orders.file", lang))
    q.add_argument(
        "--batch", required=True, metavar="NAME_OR_ID", help=arg_help("orders.batch", lang)
    )
    q.add_argument("--dry-run", action="store_true", help=arg_help("orders.dry_run", lang))
    format_arg(q)
    who_arg(q, lang)

    p = cmd("batch", arg_help("cmd.batch", lang))
    act = actions(p, "batch_cmd")
    q = act("list", arg_help("batch.list", lang))
    q.add_argument("--all", action="store_true", help=arg_help("offer.all", lang))
    format_arg(q)
    q = act("show", arg_help("batch.show", lang))
    ref_arg(q, lang, "batch", "BATCH")
    for name in ("arrive", "spray"):
        q = act(name, arg_help(f"batch.{name}", lang))
        ref_arg(q, lang, "batch", "BATCH")
        who_arg(q, lang)
    q = act("count", arg_help("batch.count", lang))
    ref_arg(q, lang, "batch", "BATCH")
    q.add_argument("counts", nargs="*", metavar="ITEM=N", help=arg_help("batch.counts", lang))
    q.add_argument("--received", type=int, metavar="N", help=arg_help("batch.received", lang))
    who_arg(q, lang)
    q = act("release", arg_help("batch.release", lang))
    ref_arg(q, lang, "batch", "BATCH")
    q.add_argument(
        "--carrier",
        action="append",
        default=[],
        metavar="BUILDING=PERSON",
        help=arg_help("batch.carrier", lang),
    )
    who_arg(q, lang, "leader")
    q = act("assign", arg_help("batch.assign", lang))
    q.add_argument("batch", metavar="BATCH", help=arg_help("batch.assign_ref", lang))
    q.add_argument(
        "--building", type=int, required=True, metavar="N", help=arg_help("batch.building", lang)
    )
    q.add_argument("--to", required=True, metavar="PERSON", help=arg_help("batch.to", lang))
    who_arg(q, lang, "leader")
    return {"orders": cmd_orders, "batch": cmd_batch}


# ---------------------------------------------------------------- orders import


def read_orders(board: Any, source: str) -> Any:
    """The parsed post or file (``-``: a post pasted on stdin); an unreadable file is a
    usage error (exit 2)."""

    book = address_book(board)
    if source == "-":
        return intake.parse_text(read_stream(sys.stdin), book)
    path = Path(source)
    try:
        return intake.parse_file(path, book)
    except OSError as exc:
        raise usage("usage.orders_unreadable", path=source, error=exc.strerror or exc) from None


def review_lines(rev: Any, lang: str) -> list[str]:
    """Per building the orders (+ new, ~ changed, × cancelled), then every problem."""
    offer = rev.offer
    default = offer.items[0].name if offer and len(offer.items) == 1 else rev.offer_name
    if offer is None:
        head = t("orders.cli.new_batch", lang, title=shown(rev.offer_name))
    else:
        state = t(f"offer.state.{offer.state}", lang)
        head = t("orders.cli.batch", lang, code=offer.code, title=shown(offer.title), state=state)
    lines = [head]
    marks = {"added": "+", "changed": "~", "cancelled": "×", "unchanged": " "}
    for building, changes in rev.by_building().items():
        lines.append(t("building.name", lang, n=building))
        for c in changes:
            e = c.entry
            what = (
                t("orders.cli.cancelled", lang)
                if e.cancelled
                else item_text(e.items, default, lang)
            )
            note = f"  ({shown(e.note)})" if e.note else ""
            lines.append(
                f"  {marks[c.kind]} {pad(e.address, 10)} {shown(e.name)}  {shown(what)}{note}"
            )
    if rev.problems:
        lines.append(t("orders.cli.problems", lang, n=len(rev.problems)))
    for p in rev.problems[:LIST_CAP]:  # a 100,000-line bad file must not flood the screen
        reason = shown(t(p.reason, lang, **dict(p.fields)))
        lines.append(
            "  " + t("orders.cli.problem", lang, line=p.line, text=shown(p.text), reason=reason)
        )
        if p.candidates:
            lines.append(
                "    " + t("orders.cli.candidates", lang, list=sep(lang).join(p.candidates))
            )
    if len(rev.problems) > LIST_CAP:
        lines.append("  " + more_line(len(rev.problems) - LIST_CAP, lang))
    return lines


def cmd_orders(args: argparse.Namespace) -> int:
    if getattr(args, "orders_cmd", None) != "import":
        raise usage("usage.orders_action")
    board, lang = ctx(args, writing=not args.dry_run)
    who = board.resolve_person(args.who)
    parsed = read_orders(board, args.file)
    rev = orders.review(board, parsed, args.batch)
    # nothing new for an existing batch, or no order at all for a new one: write nothing
    write = not args.dry_run and (rev.writes > 0 if rev.offer else bool(rev.ordering))
    result = orders.apply_review(board, rev, who) if write else None
    if args.format == "json":
        made = {"batch": result.offer.id, "batch_code": result.offer.code} if result else {}
        dump(orders.review_json(rev, lang) | made | {"written": write})
    else:
        for line in review_lines(rev, lang):
            out(line)
        out(
            t(
                "orders.cli.summary",
                lang,
                households=rev.households,
                units=rev.units,
                added=len(rev.of_kind("added")),
                changed=len(rev.of_kind("changed")),
                cancelled=len(rev.of_kind("cancelled")),
                unchanged=len(rev.of_kind("unchanged")),
                kept=rev.kept,
                problems=len(rev.problems),
            )
        )
        if args.dry_run:
            out(t("orders.cli.dry_run", lang))
        elif result is not None:
            out(t("orders.cli.written", lang, code=result.offer.code))
        else:
            out(t("orders.cli.nothing", lang))
    return 1 if rev.problems else 0


# ---------------------------------------------------------------- finding a batch


def delivery_batch(board: Any, ref: str) -> tuple[Any, str]:
    """The offer and the released delivery batch ``ref`` names: an offer (code, id,
    title) or the id (6+ characters) of the delivery batch made at its release."""

    r = ref.strip().lower()
    if len(r) >= 6:
        for o in offers.offers(board):
            if o.batch and (o.batch == r or o.batch.startswith(r)):
                return o, o.batch
    offer = offers.find_offer(board, ref)
    if not offer.batch:
        raise refused("refused.batch_unreleased", code=offer.code)
    return offer, offer.batch


def _counts(args: argparse.Namespace, offer: Any, ordered: dict[str, int]) -> dict[str, int]:
    """``ITEM=N`` words and ``--received N`` as {product: count}; a product named as
    the offer names its one product stands for the orders' unnamed one ("")."""
    got: dict[str, int] = {}
    for word in args.counts:
        item, eq, n = word.replace("＝", "=").rpartition("=")
        if not eq or not item.strip() or not n.strip().lstrip("-").isdigit():
            raise usage("usage.batch_count_word", word=word)
        name = item.strip()
        if name not in ordered and set(ordered) == {""} and name in offer.item_names():
            name = ""
        got[name] = int(n)
    if args.received is not None:
        if len(ordered) != 1:
            names = ", ".join(name or "-" for name in ordered) or "-"
            raise usage("usage.batch_received_one", n=len(ordered), items=names)
        got[next(iter(ordered))] = args.received
    return got


def _short_lines(count: Any, default: str, lang: str) -> list[str]:
    lines = []
    for s in count.short:
        o = s.order
        what = shown(f"{s.item or default}×{s.missing}")
        lines.append(
            f"  {pad(o.address, 10)} {shown(o.name)}  {t('batch.cli.short_of', lang, what=what)}"
        )
    return lines


def _default_item(offer: Any) -> str:
    return str(offer.items[0].name if len(offer.items) == 1 else offer.title)


# ---------------------------------------------------------------- batch


def batch_row(board: Any, offer: Any) -> dict[str, Any]:
    taken = orders_of(board, offer.id)
    stage = gate.stage(board, offer)
    return {
        "id": offer.id,
        "code": offer.code,
        "name": offer.title,
        "state": offer.state,
        "stage": stage,
        "rest_left": gate.rest_left(board, offer) if stage == "resting" else None,
        "orders": len(taken),
        "units": sum(o.units for o in taken),
        "arrived_at": offer.arrived_at or None,
        "counted_at": offer.counted_at or None,
        "sprayed_at": offer.sprayed_at or None,
        "released_at": offer.released_at or None,
        "batch": offer.batch or None,
    }


def _carriers(board: Any, loads: Counter[int], chosen: dict[int, str | None], lang: str) -> None:
    nobody = []
    for building in sorted(loads):
        vid = chosen.get(building)
        v = board.volunteer(vid) if vid else None
        name = shown(v.name) if v else t("batch.cli.nobody", lang)
        head = t("batch.sheet.building", lang, building=building, n=loads[building])
        out(f"  {pad(head, 20)} → {name}")
        if v is None:
            nobody.append(str(building))
    if nobody:
        out(t("batch.cli.no_carrier", lang, buildings=sep(lang).join(nobody)))


def _show(board: Any, offer: Any, lang: str) -> None:
    d = batch_row(board, offer)
    stage = t(f"batch.stage.{d['stage']}", lang)
    out(f"{offer.code}  {shown(offer.title)}  {stage}")
    out(t("offer.cli.orders", lang, n=d["orders"], units=d["units"]))
    for key in ("arrived_at", "counted_at", "sprayed_at", "released_at"):
        if d[key]:
            out(t(f"batch.cli.{key}", lang, at=moment(d[key], board.tz)))
    if d["rest_left"]:
        out(t("batch.cli.resting", lang, n=d["rest_left"]))
    if offer.counted_at:
        count = gate.count_of(board, offer)
        for item, n in count.ordered.items():
            got = count.received.get(item, 0)
            name = shown(item or _default_item(offer))
            out(t("batch.cli.counted", lang, item=name, ordered=n, received=got))
        for line in _short_lines(count, _default_item(offer), lang):
            out(line)
    if offer.batch:
        tasks = [x for x in board.tasks(kind="delivery") if x.batch == offer.batch]
        per: dict[int, list[Any]] = {}
        for x in tasks:
            per.setdefault(x.building or 0, []).append(x)
        for building, xs in sorted(per.items()):
            v = next((board.volunteer(x.carrier) for x in xs if x.carrier), None)
            name = shown(v.name) if v else t("batch.cli.nobody", lang)
            done = sum(1 for x in xs if not x.is_open)
            head = t("batch.sheet.building", lang, building=building, n=len(xs))
            out(f"  {pad(head, 20)} → {name}  {done}/{len(xs)}")
    else:
        loads = Counter(o.building for o in orders_of(board, offer.id))
        for building, n in sorted(loads.items()):
            out("  " + t("batch.sheet.building", lang, building=building, n=n))


def cmd_batch(args: argparse.Namespace) -> int:
    action = getattr(args, "batch_cmd", None) or "list"
    board, lang = ctx(args, writing=action not in ("list", "show"))
    if action == "list":
        rows = [
            batch_row(board, o)
            for o in offers.offers(board, include_closed=getattr(args, "all", False))
        ]
        if getattr(args, "format", "text") == "json":
            dump(rows)
            return 0
        for d in rows:
            stage = t(f"batch.stage.{d['stage']}", lang)
            orders = t("offer.cli.orders", lang, n=d["orders"], units=d["units"])
            batch = f"  → {d['batch'][:8]}" if d["batch"] else ""
            out(f"{d['code']}  {pad(stage, 16)} {shown(d['name'])}  {orders}{batch}")
        out(t("batch.cli.count", lang, n=len(rows)))
        return 0
    if action == "show":
        _show(board, offers.find_offer(board, args.batch), lang)
        return 0
    who = board.resolve_person(args.who)
    if action == "assign":
        offer, batch_id = delivery_batch(board, args.batch)
        person = board.resolve_person(args.to)
        tasks = gate.assign(board, batch_id, args.building, person, who)
        out(t("batch.cli.assigned", lang, code=offer.code, building=args.building,
              name=shown(person.name), n=len(tasks)))  # fmt: skip
        return 0
    offer = offers.find_offer(board, args.batch)
    if action == "arrive":
        offer = gate.arrive(board, offer, who)
        out(t("batch.cli.arrived", lang, code=offer.code, title=shown(offer.title)))
    elif action == "spray":
        offer = gate.spray(board, offer, who)
        out(t("batch.cli.sprayed", lang, code=offer.code, n=gate.rest_left(board, offer)))
    elif action == "count":
        ordered = totals(orders_of(board, offer.id))
        count = gate.count(board, offer, _counts(args, offer, ordered), who)
        short = count.households_short
        out(t("batch.cli.counted_all" if not short else "batch.cli.counted_short", lang,
              code=offer.code, n=len(short)))  # fmt: skip
        for line in _short_lines(count, _default_item(offer), lang):
            out(line)
    else:  # release
        loads = Counter(o.building for o in orders_of(board, offer.id))
        carriers: dict[int, str | None] = {}
        for word in args.carrier:
            building, eq, name = word.replace("＝", "=").partition("=")
            if not eq or not building.strip().isdigit() or not name.strip():
                raise usage("usage.batch_carrier_word", word=word)
            if int(building) not in loads:
                raise refused("refused.batch_building_none", building=int(building))
            carriers[int(building)] = board.resolve_person(name).id
        r = gate.release(board, offer, who, carriers, lang)
        out(t("batch.cli.released", lang, code=offer.code, n=r.tasks, batch=r.batch[:8]))
        _carriers(board, loads, dict(r.carriers), lang)
    return 0


# ---------------------------------------------------------------- export batch


def export_batch(board: Any, args: argparse.Namespace, lang: str) -> str:
    """``dutyboard export batch BATCH [--building N]``: the sheet for the building chats."""
    if not args.batch:
        raise usage("usage.export_batch_ref")
    if args.format != "text":
        raise usage("usage.export_batch_format", format=args.format)
    return str(batch_text(board, offers.find_offer(board, args.batch), lang, args.building))
