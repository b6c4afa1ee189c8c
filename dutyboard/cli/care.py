"""Commands of the care, medicine and testing groups (``dutyboard care|medicine|testing``)
and the household page and coverage grid (``dutyboard household|coverage``).

The work is in dutyboard/groups/ (care, medicine, testing_rounds, coverage) and
dutyboard/views/ (the household page); ``household add|edit`` is people.py's. Like
every command: one clear line on error (exit 1 refused, 2 usage), never a traceback.
"""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable
from typing import Any

from dutyboard.cli.common import Commands, dump, language, open_board, out
from dutyboard.cli.parsing import Factory, actions
from dutyboard.cli.people import cmd_household_change, household_parser
from dutyboard.core import roles
from dutyboard.groups import care, care_needs, care_settings, household_ref, medicine
from dutyboard.groups import testing_rounds as tr
from dutyboard.groups.coverage import GROUPS, coverage
from dutyboard.groups.privacy import page_phones
from dutyboard.groups.task_titles import task_title
from dutyboard.i18n import pad, t
from dutyboard.storage.errors import UsageError
from dutyboard.views.care import build_care, short_moment
from dutyboard.views.household import cell_text, page_lines
from dutyboard.views.household_page import household_page
from dutyboard.views.medicine import build_medicine
from dutyboard.views.testing import build_testing


def add_commands(cmd: Factory, lang: str) -> Commands:
    """The parsers of these commands, made by ``cmd(name, help)``; their help in ``lang``."""

    def who(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--as", dest="who", required=True, metavar="NAME", help=t("cli_help.who", lang)
        )

    p = cmd("care", t("cli_help.cmd.care", lang))
    p.add_argument("--overdue", action="store_true", help=t("cli_help.care.overdue", lang))
    p.add_argument("--off", action="store_true", help=t("cli_help.care.off", lang))
    p.add_argument("--format", choices=("text", "json"), default="text")
    act = actions(p, "care_cmd")
    q = act("log", t("cli_help.care.log", lang))
    q.add_argument("household", metavar="ADDRESS", help=t("cli_help.address", lang))
    q.add_argument("--notes", default="")
    q.add_argument(
        "--need",
        action="append",
        default=[],
        metavar="TYPE[:TEXT]",
        help=t("cli_help.care.need", lang),
    )
    q.add_argument("--urgent", action="store_true", help=t("cli_help.care.urgent", lang))
    q.add_argument("--not-reached", action="store_true", help=t("cli_help.care.not_reached", lang))
    who(q)
    q = act("every", t("cli_help.care.every", lang))
    q.add_argument("household", metavar="ADDRESS")
    q.add_argument("days", type=int)
    who(q)
    q = act("set", t("cli_help.care.set", lang))
    q.add_argument("household", metavar="ADDRESS")
    q.add_argument("--people", help=t("cli_help.care.people", lang))
    q.add_argument("--help-needed", dest="help_needed", help=t("cli_help.care.help_needed", lang))
    who(q)
    q = act("remove", t("cli_help.care.remove", lang))
    q.add_argument("household", metavar="ADDRESS")
    q.add_argument("--reason", required=True, help=t("cli_help.care.reason", lang))
    who(q)
    q = act("restore", t("cli_help.care.restore", lang))
    q.add_argument("household", metavar="ADDRESS")
    who(q)

    p = cmd("medicine", t("cli_help.cmd.medicine", lang))
    p.add_argument("--format", choices=("text", "json"), default="text")
    act = actions(p, "med_cmd")
    q = act("request", t("cli_help.medicine.request", lang))
    q.add_argument("household", metavar="ADDRESS")
    q.add_argument("medicine")
    q.add_argument("--quantity", default="")
    q.add_argument(
        "--prescription", action="store_true", help=t("cli_help.medicine.prescription", lang)
    )
    q.add_argument("--urgent", action="store_true")
    who(q)
    q = act("advance", t("cli_help.medicine.advance", lang))
    q.add_argument("task", metavar="TASK_ID")
    q.add_argument("--to", choices=("requested", "sourcing", "bought", "delivered"))
    who(q)

    p = cmd("testing", t("cli_help.cmd.testing", lang))
    p.add_argument("--format", choices=("text", "json"), default="text")
    act = actions(p, "test_cmd")
    who(act("start", t("cli_help.testing.start", lang)))
    for name in ("call", "done"):
        q = act(name, t(f"cli_help.testing.{name}", lang))
        q.add_argument("building", type=int)
        who(q)
    q = act("end", t("cli_help.testing.end", lang))
    q.add_argument("--force", action="store_true", help=t("cli_help.testing.force", lang))
    who(q)

    household_parser(cmd("household", t("cli_help.cmd.household", lang)), lang)

    p = cmd("coverage", t("cli_help.cmd.coverage", lang))
    p.add_argument("--elderly", action="store_true", help=t("cli_help.coverage.elderly", lang))
    p.add_argument("--format", choices=("text", "json"), default="text")
    # SUPPRESS, not None: ``dutyboard --as NAME coverage`` names the leader too.
    p.add_argument("--as", dest="who", metavar="NAME", default=argparse.SUPPRESS,
                   help=t("cli_help.leader", lang))  # fmt: skip
    return {
        "care": cmd_care,
        "medicine": cmd_medicine,
        "testing": cmd_testing,
        "household": cmd_household,
        "coverage": cmd_coverage,
    }


# ---------------------------------------------------------------- running them


def _ctx(args: argparse.Namespace, writing: bool = False) -> tuple[Any, str, Callable[..., None]]:
    return open_board(args, writing=writing), language(args), out


def cmd_care(args: argparse.Namespace) -> int:
    action = getattr(args, "care_cmd", None)
    board, lang, out = _ctx(args, writing=action is not None)
    if action == "log":
        who = board.resolve_person(args.who)
        h = household_ref.household_of(board, args.household)
        given = []
        for raw in args.need:
            key, _, text = raw.partition(":")
            nt = care_settings.settings(board).need(key.strip())
            is_med = nt is not None and nt.route == "medicine"
            given.append(
                care_needs.NeedInput(
                    key.strip(),
                    text.strip(),
                    medicine=text.strip() if is_med else "",
                    urgent=args.urgent and is_med,
                )
            )
        _, ids = care.log_contact(board, who, h.id, args.notes, given, reached=not args.not_reached)
        out(t("care.cli.logged", lang, address=h.address, who=who.name, n=len(ids)))
        for tid in ids:
            task = board.task(tid)
            group = board.group(task.group).name(lang)
            out(f"  {task.code}  → {group}  {task_title(board, task, lang)}")
        return 0
    if action == "set":
        who = board.resolve_person(args.who)
        h = household_ref.household_of(board, args.household)
        if args.people is None and args.help_needed is None:
            raise UsageError("care set: give --people and/or --help-needed")
        care.set_register(board, who, h.id, people=args.people, help=args.help_needed)
        out(t("care.cli.set", lang, address=h.address))
        if care.is_off(board, h.id):
            out(t("care.cli.still_off", lang, address=h.address))
        return 0
    if action == "remove":
        who = board.resolve_person(args.who)
        off = care.remove_from_register(board, args.household, who, args.reason)
        out(t("care.cli.off", lang, address=off.household.address, reason=off.reason))
        return 0
    if action == "restore":
        who = board.resolve_person(args.who)
        h = care.restore_to_register(board, args.household, who)
        out(t("care.cli.restored", lang, address=h.address))
        return 0
    if action == "every":
        who = board.resolve_person(args.who)
        h = household_ref.household_of(board, args.household)
        care.set_register(board, who, h.id, every_days=args.days)
        out(t("care.cli.every", lang, address=h.address, n=args.days))
        if care.is_off(board, h.id):
            out(t("care.cli.still_off", lang, address=h.address))
        return 0
    if args.off:
        return _list_off(board, lang, args.format, out)
    view = build_care(board, lang, board.now())
    rows = [r for r in view.rows if not args.overdue or r.state != "ok"]
    if args.format == "json":
        dump(
            {
                "households": [r.__dict__ for r in rows],
                "needs": [n.__dict__ for n in view.needs],
            }
        )
        return 0
    out(t("care.summary", lang, n=len(view.rows), late=view.overdue, today=view.due_today,
          needs=view.open_needs))  # fmt: skip
    for r in rows:
        state = t(f"care.state.{r.state}", lang)
        last = f"{r.last} {r.last_by}".strip() or t("care.never", lang)
        out(f"  {pad(r.address, 10)} {pad(state, 8)} {pad(last, 20)} {r.people}  {r.help}".rstrip())
    if view.needs:
        out(t("care.needs.title", lang))
        for n in view.needs:
            out(
                f"  {n.code}  {t('care.need.' + n.status, lang)}  {n.address}  "
                f"{n.what(lang)}  → {n.group}  {n.done}".rstrip()
            )
    return 0


def _list_off(board: Any, lang: str, fmt: str, out: Callable[..., None]) -> int:
    """``dutyboard care --off``: who was taken off the register, why, when, by whom."""
    gone = care.off_register(board)
    if fmt == "json":
        dump(
            [
                {
                    "household": e.household.address,
                    "household_id": e.household.id,
                    "reason": e.reason,
                    "off_at": e.at or None,
                    "off_by": e.by_name or None,
                    "people": e.people,
                }
                for e in gone
            ]
        )
        return 0
    if not gone:
        out(t("care.cli.off_none", lang))
        return 0
    out(t("care.cli.off_title", lang, n=len(gone)))
    for e in gone:
        when = short_moment(e.at, board.tz) if e.at else ""
        out(f"  {pad(e.household.address, 10)} {pad(e.reason, 24)} {when}  {e.by_name}".rstrip())
    return 0


def cmd_medicine(args: argparse.Namespace) -> int:
    action = getattr(args, "med_cmd", None)
    board, lang, out = _ctx(args, writing=action is not None)
    if action == "request":
        who = board.resolve_person(args.who)
        task = medicine.request(
            board,
            who,
            args.household,
            args.medicine,
            args.quantity,
            prescription=args.prescription,
            urgent=args.urgent,
        )
        out(f"{task.code}  {task_title(board, task, lang)}")
        return 0
    if action == "advance":
        who = board.resolve_person(args.who)
        (task,) = board.resolve_tasks([args.task])
        stage = medicine.set_stage(board, who, task, args.to)
        out(f"{task.code}  → {t('care.med.stage.' + stage, lang)}")
        return 0
    view = build_medicine(board, lang, board.now())
    if args.format == "json":
        dump([r.__dict__ for r in view.rows])
        return 0
    out(t("care.med.summary", lang, open=view.open, late=view.overdue, urgent=view.urgent))
    for r in view.rows:
        marks = " ".join(
            m
            for m, on in (
                (t("care.med.urgent", lang), r.urgent),
                (t("care.med.rx", lang), r.prescription),
                (t("care.med.late", lang), r.overdue),
            )
            if on
        )
        out(
            f"  {r.code}  {pad(t('care.med.stage.' + r.stage, lang), 12)} {pad(r.address, 10)} "
            f"{r.medicine} {r.quantity}  {marks}  {r.raised} → {r.due}".rstrip()
        )
    return 0


def cmd_testing(args: argparse.Namespace) -> int:
    action = getattr(args, "test_cmd", None)
    board, lang, out = _ctx(args, writing=action is not None)
    if action is not None:
        who = board.resolve_person(args.who)
        if action == "start":
            r = tr.start_round(board, who)
            out(t("care.cli.round_started", lang, n=r.number))
        elif action == "end":
            r = tr.end_round(board, who, force=args.force)
            out(t("care.cli.round_ended", lang, n=r.number, time=tr.hours_minutes(r.minutes or 0)))
        else:
            running = tr.current(board)
            if running is None:
                raise UsageError("no testing round is under way; start one first.")
            r = running
            stop = next((s for s in tr.stops(board, r.id) if s.building == args.building), None)
            if stop is None:
                raise UsageError(f"building {args.building} is not in round {r.number}.")
            (tr.call_building if action == "call" else tr.building_done)(board, who, stop)
            out(
                task_title(board, board.task(stop.id), lang)
                + " · "
                + t(f"care.stop.{action}", lang)
            )
        return 0
    view = build_testing(board, lang, board.now())
    if args.format == "json":
        dump(
            {
                "running": view.running,
                "number": view.number,
                "started": view.started,
                "stops": [s.__dict__ | {"state": s.state} for s in view.stops],
                # The walk: planned from today's building statuses before a round
                # starts, the round's own once it runs (door-to-door ones after it).
                "route": list(view.route)
                if not view.running
                else [s.building for s in view.stops if not s.door_to_door],
                "door_to_door": list(view.door_to_door)
                if not view.running
                else [s.building for s in view.stops if s.door_to_door],
                "history": [p.__dict__ for p in view.history],
            }
        )
        return 0
    if view.running:
        out(t("care.test.running", lang, n=view.number, start=view.started, min=view.elapsed,
              done=view.done, total=len(view.stops)))  # fmt: skip
        for s in view.stops:
            mode = t("care.testing.door", lang) if s.door_to_door else ""
            out(
                f"  {s.order:>2}. {t('building.name', lang, n=s.building)} "
                f"{t('care.stop.' + s.state, lang)} {s.called} {s.done} {mode}".rstrip()
            )
    else:
        out(t("care.test.next", lang, n=view.number))
        sep = " → "
        out("  " + t("care.test.route", lang) + sep.join(str(n) for n in view.route))
        if view.door_to_door:
            out(
                "  "
                + t("care.test.door_list", lang)
                + t("today.list_sep", lang).join(str(n) for n in view.door_to_door)
            )
    out(t("care.test.history", lang))
    bars = tr.chart([(p.number, p.date, p.minutes) for p in view.history], 40)
    for p, bar in zip(view.history, bars, strict=True):
        label = t("round", lang, n=p.number)
        out(f"  {pad(label, 9)} {p.date[5:]} {bar} {tr.hours_minutes(p.minutes)}")
    return 0


def cmd_household(args: argparse.Namespace) -> int:
    if getattr(args, "household_cmd", "show") != "show":  # add, edit
        board, lang, _ = _ctx(args, writing=True)
        return cmd_household_change(args, board, lang)

    board, lang, out = _ctx(args)
    viewer = roles.acting(board, getattr(args, "who", None))
    h = household_ref.household_of(board, args.household)
    page = household_page(board, h.id, lang, board.now())
    assert page is not None

    page = page_phones(page, board, viewer)  # the phone as they may see it
    if args.format == "json":
        # Call notes are the care group's and leaders': for others empty, and said so.
        page = roles.page_for(page, viewer, "")
        # The household is a NamedTuple, which asdict would leave as a list.
        dump(
            dataclasses.asdict(page)
            | {"household": page.household._asdict(), "due": None, "register": None}
            | {"notes_hidden": not roles.sees_care_notes(viewer)}
        )
        return 0
    page = roles.page_for(page, viewer, t("roles.hidden", lang))
    for line in page_lines(page, lang):
        out(line)
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    board, lang, out = _ctx(args)
    roles.require_leader(board, getattr(args, "who", None), "coverage")  # as in the app (g)
    now = board.now()
    rows = coverage(board, now, elderly_only=args.elderly)
    if args.format == "json":
        dump(
            [
                {
                    "household": r.household.address,
                    **{
                        g: {
                            "last": c.last.isoformat() if c.last else None,
                            "due": c.due.isoformat() if c.due else None,
                            "waiting": c.waiting,
                            "late": c.late,
                        }
                        for g, c in zip(GROUPS, r.cells, strict=True)
                    },
                }
                for r in rows
            ]
        )
        return 0
    names = [board.group(g).name(lang) for g in GROUPS]
    out(f"{'':<10} " + " | ".join(pad(n, 14) for n in names))
    for r in rows:
        cells = [cell_text(c, board.tz, now, lang) for c in r.cells]
        out(f"{r.household.address:<10} " + " | ".join(pad(c, 14) for c in cells))
    return 0
