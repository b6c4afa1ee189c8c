"""Commands of the supplies group: ``dutyboard offer|orders|batch|parcel`` (and the
``batch`` kind of ``dutyboard export``, in swap_cli.py).

cli.py adds these parsers and dispatches to ``COMMANDS``; the work is in
dutyboard/groups/supplies/ (offers, orders, the gate, parcels, batch sheets) and
dutyboard/intake/ (reading 接龙 posts and 快团团 exports). This module holds the
parsers and the offer commands; supplies_cli_batch.py the orders import, the gate
and the parcels. Like every command: one clear line on error (exit 1 refused or problems
found, 2 usage or an unreadable file), never a traceback. What people typed (titles,
names, raw lines) is printed as it is, without its control characters.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any

from dutyboard.cli.care import Factory, _sub, pad
from dutyboard.groups.supplies import gate, offers, orders
from dutyboard.groups.supplies.orders import address_book
from dutyboard.i18n import t
from dutyboard.storage.clock import parse_moment
from dutyboard.storage.errors import Refused, UsageError
from dutyboard.storage.text import print_line

FORMATS = ("text", "json")


def add_commands(cmd: Factory, common: Callable[..., None], lang: str = "zh") -> None:
    """The parsers of these commands, made by ``cmd(name, help)``; their help in ``lang``."""

    def h(key: str) -> str:
        return t(f"cli_help.{key}", lang)

    def who(p: argparse.ArgumentParser, key: str = "who") -> None:
        p.add_argument("--as", dest="who", required=True, metavar="NAME", help=h(key))

    def fmt(p: argparse.ArgumentParser) -> None:
        p.add_argument("--format", choices=FORMATS, default="text")

    def offer_arg(p: argparse.ArgumentParser, name: str = "offer", meta: str = "OFFER") -> None:
        p.add_argument(name, metavar=meta, help=h("supplies.offer_ref"))

    p = cmd("offer", h("cmd.offer"))
    act = _sub(p, "offer_cmd", common)
    q = act("add", h("offer.add"))
    q.add_argument("title", metavar="TITLE", help=h("offer.title"))
    q.add_argument("--supplier", default="", metavar="S", help=h("offer.supplier"))
    q.add_argument("--leader", default="", metavar="NAME", help=h("offer.leader"))
    q.add_argument("--leader-address", default="", metavar="ROOM", help=h("offer.leader_address"))
    q.add_argument("--leader-phone", default="", metavar="P", help=h("offer.leader_phone"))
    q.add_argument(
        "--item", action="append", default=[], metavar="NAME/UNIT/PRICE", help=h("offer.item")
    )
    q.add_argument("--minimum", type=int, default=0, metavar="N", help=h("offer.minimum"))
    q.add_argument("--cutoff", default="", metavar="HH:MM", help=h("offer.cutoff"))
    q.add_argument(
        "--paper", action="append", default=[], metavar="KEY[:YYYY-MM-DD]", help=h("offer.paper")
    )
    who(q)
    q = act("list", h("offer.list"))
    q.add_argument("--all", action="store_true", help=h("offer.all"))
    fmt(q)
    q = act("show", h("offer.show"))
    offer_arg(q)
    fmt(q)
    q = act("paper", h("offer.paper_cmd"))
    offer_arg(q)
    q.add_argument("key", metavar="KEY", help=h("offer.paper_key"))
    one = q.add_mutually_exclusive_group()
    one.add_argument("--date", help=h("offer.paper_date"))
    one.add_argument("--remove", action="store_true", help=h("offer.paper_remove"))
    who(q)
    q = act("approve", h("offer.approve"))
    offer_arg(q)
    who(q, "leader")
    for name in ("reject", "cancel"):
        q = act(name, h(f"offer.{name}"))
        offer_arg(q)
        q.add_argument("--reason", required=True, help=h("offer.reason"))
        who(q, "leader")

    p = cmd("orders", h("cmd.orders"))
    act = _sub(p, "orders_cmd", common)
    q = act("import", h("orders.import"))
    q.add_argument("file", metavar="FILE", help=h("orders.file"))
    q.add_argument("--batch", required=True, metavar="NAME_OR_ID", help=h("orders.batch"))
    q.add_argument("--dry-run", action="store_true", help=h("orders.dry_run"))
    fmt(q)
    who(q)

    p = cmd("batch", h("cmd.batch"))
    act = _sub(p, "batch_cmd", common)
    q = act("list", h("batch.list"))
    q.add_argument("--all", action="store_true", help=h("offer.all"))
    fmt(q)
    q = act("show", h("batch.show"))
    offer_arg(q, "batch", "BATCH")
    for name in ("arrive", "spray"):
        q = act(name, h(f"batch.{name}"))
        offer_arg(q, "batch", "BATCH")
        who(q)
    q = act("count", h("batch.count"))
    offer_arg(q, "batch", "BATCH")
    q.add_argument("counts", nargs="*", metavar="ITEM=N", help=h("batch.counts"))
    q.add_argument("--received", type=int, metavar="N", help=h("batch.received"))
    who(q)
    q = act("release", h("batch.release"))
    offer_arg(q, "batch", "BATCH")
    q.add_argument(
        "--carrier",
        action="append",
        default=[],
        metavar="BUILDING=PERSON",
        help=h("batch.carrier"),
    )
    who(q, "leader")
    q = act("assign", h("batch.assign"))
    q.add_argument("batch", metavar="BATCH", help=h("batch.assign_ref"))
    q.add_argument("--building", type=int, required=True, metavar="N", help=h("batch.building"))
    q.add_argument("--to", required=True, metavar="PERSON", help=h("batch.to"))
    who(q, "leader")

    p = cmd("parcel", h("cmd.parcel"))
    act = _sub(p, "parcel_cmd", common)
    q = act("add", h("parcel.add"))
    q.add_argument("rooms", nargs="+", metavar="ROOM", help=h("parcel.rooms"))
    q.add_argument("--courier", default="", metavar="C", help=h("parcel.courier"))
    q.add_argument("--count", type=int, default=1, metavar="N", help=h("parcel.count"))
    who(q)
    q = act("list", h("parcel.list"))
    fmt(q)
    q = act("done", h("parcel.done"))
    q.add_argument("codes", nargs="+", metavar="CODE", help=h("task_id"))
    q.add_argument("--picked-up", action="store_true", help=h("parcel.picked_up"))
    who(q)


# ---------------------------------------------------------------- shared helpers


def shown(text: object) -> str:
    """Typed text as it is, but on one line: no control characters (a newline in a
    title must not forge a line of the output)."""
    return "".join(
        ch if ch.isprintable() else " " if ch.isspace() else "" for ch in str(text)
    ).strip()


def usage(key: str, **fields: object) -> UsageError:
    """A usage error from the catalogue (dutyboard/i18n/catalogues/supplies_cli.py)."""

    return UsageError(t(key, "en", **fields), key=key, fields=fields)


def ctx(args: argparse.Namespace, writing: bool = False) -> tuple[Any, str]:
    from dutyboard.cli.main import language, open_board

    return open_board(args, writing=writing), language(args)


out = print_line  # stdout, control characters escaped (dutyboard/storage/text.py)


def dump(value: Any) -> None:

    out(json.dumps(value, ensure_ascii=False, indent=2))


def moment(value: str, tz: str) -> str:
    """A stored ISO moment as YYYY-MM-DD HH:MM on the board's clock ("" for none)."""

    at = parse_moment(value)
    return at.in_timezone(tz).format("YYYY-MM-DD HH:mm") if at else ""


def resolve_address(board: Any, text: str, lang: str) -> str:
    """The canonical address of the one household ``text`` names; refuses anything
    else with the reason and the candidates (an address is never guessed)."""

    r = address_book(board).resolve(text)
    if r.household is not None:
        return str(r.address)
    # the reason goes in as a field already in ``lang``: it is this screen's line
    fields: dict[str, object] = {"text": shown(text), "reason": room_reason(r, text, lang)}
    raise Refused(
        t("refused.supplies_address", "en", **fields),
        [sep(lang).join(r.candidates)] if r.candidates else [],
        key="refused.supplies_address",
        fields=fields,
    )


def room_reason(r: Any, text: str, lang: str) -> str:
    """Why an address typed as ``text`` names no one household (``r``: its Resolved);
    every field the intake catalogue's reasons may name is given."""

    written = shown(r.written or text)
    return t(str(r.reason), lang, text=shown(text), address=written, room=written,
             building=r.building, candidates=sep(lang).join(r.candidates))  # fmt: skip


def sep(lang: str) -> str:

    return t("today.list_sep", lang)


# ---------------------------------------------------------------- offer


def offer_json(board: Any, offer: Any, lang: str) -> dict[str, Any]:
    """An offer with its papers, stage and orders, as ``offer show --format json``."""

    taken = orders.orders_of(board, offer.id)
    units = sum(o.units for o in taken)
    return {
        "id": offer.id,
        "code": offer.code,
        "title": offer.title,
        "supplier": offer.supplier,
        "leader": offer.leader,
        "leader_address": offer.leader_address,
        "leader_phone": offer.leader_phone,
        "items": [{"name": i.name, "unit": i.unit, "price": i.price} for i in offer.items],
        "minimum": offer.minimum,
        "minimum_reached": units >= offer.minimum,
        "cutoff": offer.cutoff or None,
        "state": offer.state,
        "stage": gate.stage(board, offer),
        "reason": offer.reason or None,
        "orders": len(taken),
        "units": units,
        "papers": [
            {
                "key": p.spec.key,
                "name": p.spec.name(lang),
                "required": p.spec.required,
                "state": p.state,
                "date": p.date or None,
                "until": p.until.isoformat() if p.until else None,
            }
            for p in offers.paper_states(board, offer)
        ],
        "batch": offer.batch or None,
        "created_at": offer.created_at or None,
    }


def paper_lines(board: Any, offer: Any, lang: str) -> list[str]:
    """The checklist, one paper a line; ✗ marks those that stop an approval."""

    lines = []
    for p in offers.paper_states(board, offer):
        need = t("paper.required" if p.spec.required else "paper.optional", lang)
        parts = ["✗" if p.blocks else " ", pad(p.spec.name(lang), 30), pad(need, 8)]
        parts.append(t(f"paper.state.{p.state}", lang) + (f" {p.date}" if p.date else ""))
        if p.until:
            parts.append(t("paper.until", lang, date=p.until.isoformat()))
        lines.append("  " + " ".join(parts).rstrip())
    return lines


def offer_text(board: Any, offer: Any, lang: str) -> list[str]:

    d = offer_json(board, offer, lang)
    stage = t(f"batch.stage.{d['stage']}", lang)
    lines = [f"{offer.code}  {shown(offer.title)}  {stage}"]
    if offer.reason:
        lines.append(t("offer.cli.reason", lang, reason=shown(offer.reason)))
    if offer.supplier:
        lines.append(t("offer.cli.supplier", lang, supplier=shown(offer.supplier)))
    leader = " ".join(shown(x) for x in (offer.leader, offer.leader_address, offer.leader_phone))
    if leader.strip():
        lines.append(t("offer.cli.leader", lang, leader=" ".join(leader.split())))
    items = sep(lang).join(shown(i.label()) for i in offer.items) or "-"
    lines.append(t("offer.cli.items", lang, items=items))
    if offer.cutoff:
        lines.append(t("offer.cli.cutoff", lang, at=moment(offer.cutoff, board.tz)))
    lines.append(t("offer.cli.orders", lang, n=d["orders"], units=d["units"]))
    if offer.minimum:
        key = "offer.cli.minimum_reached" if d["minimum_reached"] else "offer.cli.minimum_short"
        lines.append(t(key, lang, n=offer.minimum, left=max(0, offer.minimum - d["units"])))
    lines.append(t("offer.cli.papers", lang))
    lines.extend(paper_lines(board, offer, lang))
    return lines


def _paper_args(raw: list[str]) -> dict[str, str]:
    papers: dict[str, str] = {}
    for text in raw:
        key, _, day = text.replace("：", ":").partition(":")
        papers[key.strip()] = day.strip() or "today"
    return papers


def cmd_offer(args: argparse.Namespace) -> int:

    action = getattr(args, "offer_cmd", None) or "list"
    board, lang = ctx(args, writing=action not in ("list", "show"))
    if action == "list":
        found = offers.offers(board, include_closed=getattr(args, "all", False))
        rows = [offer_json(board, o, lang) for o in found]
        if getattr(args, "format", "text") == "json":
            dump(rows)
            return 0
        for o, d in zip(found, rows, strict=True):
            stage = t(f"batch.stage.{d['stage']}", lang)
            taken = t("offer.cli.orders", lang, n=d["orders"], units=d["units"])
            out(f"{o.code}  {pad(stage, 16)} {shown(o.title)}  {taken}")
        out(t("offer.cli.count", lang, n=len(found)))
        return 0
    if action == "show":
        offer = offers.find_offer(board, args.offer)
        if args.format == "json":
            dump(offer_json(board, offer, lang))
        else:
            for line in offer_text(board, offer, lang):
                out(line)
        return 0
    who = board.resolve_person(args.who)
    if action == "add":
        leader_address = args.leader_address
        if leader_address.strip():
            leader_address = resolve_address(board, leader_address, lang)
        offer = offers.add_offer(
            board,
            who,
            args.title,
            papers=_paper_args(args.paper),
            supplier=args.supplier,
            leader=args.leader,
            leader_address=leader_address,
            leader_phone=args.leader_phone,
            items=[offers.parse_item(i) for i in args.item],
            minimum=args.minimum,
            cutoff=offers.parse_cutoff(board, args.cutoff),
        )
        out(t("offer.cli.added", lang, code=offer.code, title=shown(offer.title)))
        for line in paper_lines(board, offer, lang):
            out(line)
        return 0
    offer = offers.find_offer(board, args.offer)
    if action == "paper":
        day = None if args.remove else (args.date or "today")
        offer = offers.set_papers(board, offer, who, {args.key: day})
        out(t("offer.cli.papers_of", lang, code=offer.code, title=shown(offer.title)))
        for line in paper_lines(board, offer, lang):
            out(line)
        return 0
    if action == "approve":
        offer = offers.approve(board, offer, who)
    elif action == "reject":
        offer = offers.reject(board, offer, who, args.reason)
    else:
        offer = offers.cancel(board, offer, who, args.reason)
    state = t(f"offer.state.{offer.state}", lang)
    out(t("offer.cli.state", lang, code=offer.code, title=shown(offer.title), state=state))
    return 0


# The orders, batch and parcel commands are in supplies_cli_batch (its own COMMANDS).
COMMANDS = {"offer": cmd_offer}
