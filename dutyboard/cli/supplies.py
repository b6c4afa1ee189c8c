"""The supplies group's offers on the command line: ``dutyboard offer`` (add, list, show,
paper, approve, reject, cancel), and what the supplies commands share (supplies_batch.py:
``orders`` and ``batch``; parcels.py: ``parcel``).

The work is in dutyboard/groups/supplies/ (offers, orders, the gate, parcels, batch
sheets) and dutyboard/intake/ (reading 接龙 posts and 快团团 exports). Like every
command: one clear line on error (exit 1 refused or problems found, 2 usage or an
unreadable file), never a traceback. What people typed (titles, names, raw lines) is
printed as it is, without its control characters.
"""

from __future__ import annotations

import argparse
from typing import Any

from dutyboard.cli.common import Commands, dump, out
from dutyboard.cli.parsing import Factory, actions
from dutyboard.cli.supplies_args import (
    arg_help,
    ctx,
    format_arg,
    moment,
    ref_arg,
    resolve_address,
    sep,
    shown,
    who_arg,
)
from dutyboard.groups.supplies import gate, offers, orders
from dutyboard.i18n import pad, t


def add_commands(cmd: Factory, lang: str) -> Commands:
    """The parser of ``offer``, made by ``cmd(name, help)``; its help in ``lang``."""

    def h(key: str) -> str:
        return arg_help(key, lang)

    def who(p: argparse.ArgumentParser, key: str = "who") -> None:
        who_arg(p, lang, key)

    def offer_arg(p: argparse.ArgumentParser) -> None:
        ref_arg(p, lang)

    p = cmd("offer", h("cmd.offer"))
    act = actions(p, "offer_cmd")
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
    format_arg(q)
    q = act("show", h("offer.show"))
    offer_arg(q)
    format_arg(q)
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
    return {"offer": cmd_offer}


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
