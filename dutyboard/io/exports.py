"""Exports: the roster and the undelivered households as text to paste into a group
chat, CSV for spreadsheets, JSON for programs, Markdown to print, and a handover sheet
per group with checkboxes and task codes to type in later.

Phone numbers are masked (138****5678) unless asked for. A handover sheet carries the
board's revision (a hash of the live file's content) and the time it was made, so an
outdated printout can be recognised: same revision, same board.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.closed_day import board_for_day
from dutyboard.core.model import Task
from dutyboard.groups.privacy import mask_phone  # the one masking rule (also tests' import)
from dutyboard.groups.supplies.export import batch_text
from dutyboard.groups.supplies.offers import offers
from dutyboard.groups.supplies.orders import orders_of
from dutyboard.groups.task_titles import task_title
from dutyboard.i18n import long_date, t
from dutyboard.storage import records
from dutyboard.storage.errors import UsageError
from dutyboard.storage.outfiles import private_dir, write_private
from dutyboard.storage.text import csv_cell, one_line

KINDS = ("roster", "deliveries", "disinfection", "handover")
SUPPLIES_GROUP = "supplies"  # its handover sheet lists the group buys not yet released
FORMATS = ("text", "csv", "json", "md")
EXTENSIONS = {"text": "txt", "csv": "csv", "json": "json", "md": "md"}


def revision(board: Board) -> str:
    """A short fingerprint of the live file's content: equal fingerprints, equal boards."""
    return hashlib.sha1(board.store.serialise()).hexdigest()[:8]


def last_change(board: Board) -> pendulum.DateTime | None:
    """When the board last changed (the latest change stamp of any record)."""
    latest = ""
    for name in board.store._data:
        for doc in board.store.table(name).values():
            s = records.last_stamp(doc)
            if s > latest:
                latest = s
    if not latest:
        return None
    return pendulum.from_timestamp(int(latest[:15]) / 1000, tz=board.tz)


class _Export:
    def __init__(
        self, board: Board, lang: str, day: pendulum.Date, show_phones: bool, group: str | None
    ) -> None:
        self.board, self.lang, self.day = board, lang, day
        self.show_phones, self.group = show_phones, group

    def phone(self, phone: str) -> str:
        return phone if self.show_phones else mask_phone(phone)

    def tr(self, key: str, **fields: object) -> str:
        return t(key, self.lang, **fields)

    def title(self, key: str) -> str:
        return self.tr(
            key, community=self.board.community(self.lang), date=long_date(self.day, self.lang)
        )

    def groups(self) -> list[Any]:
        gs = self.board.groups()
        return [g for g in gs if self.group is None or g.key == self.group]

    def slot_time(self, slot: Any) -> str:
        night = self.tr("export.next_day") if slot.crosses_midnight else ""
        return f"{slot.start}–{slot.end}{night}"

    # ------------------------------------------------------------ roster

    def roster_rows(self) -> list[dict[str, Any]]:
        out = []
        roster = self.board.roster(self.day)
        for gr in roster.groups:
            if self.group is not None and gr.group.key != self.group:
                continue
            for sr in gr.slots:
                people = sorted(sr.people, key=lambda p: (not p[1].is_leader, p[1].name))
                base = {
                    "date": self.day.isoformat(),
                    "group": gr.group.name(self.lang),
                    "slot": sr.slot.name(self.lang),
                    "start": sr.slot.start,
                    "end": sr.slot.end,
                    "needed": sr.slot.needed,
                    "filled": sr.filled,
                }
                if not people:
                    out.append({**base, "name": "", "phone": "", "leader": "", "status": ""})
                for a, v in people:
                    out.append(
                        {
                            **base,
                            "name": v.name,
                            "phone": self.phone(v.phone),
                            "leader": self.tr("export.yes") if v.is_leader else "",
                            "status": self.tr(f"assignment.{a.status}"),
                        }
                    )
        return out

    def roster_text(self) -> str:
        lines = [self.title("export.roster_title")]
        sep = self.tr("today.list_sep")
        roster = self.board.roster(self.day)
        for gr in roster.groups:
            if self.group is not None and gr.group.key != self.group:
                continue
            lines.append(f"【{gr.group.name(self.lang)}】")
            for sr in gr.slots:
                people = sorted(sr.people, key=lambda p: (not p[1].is_leader, p[1].name))
                names = sep.join(
                    v.name
                    + (self.tr("export.leader_mark") if v.is_leader else "")
                    + (f" {self.phone(v.phone)}" if v.phone else "")
                    for a, v in people
                    if a.active
                )
                short = f"  {self.tr('roster.short', n=sr.short)}" if sr.short else ""
                lines.append(
                    f"{sr.slot.name(self.lang)} {self.slot_time(sr.slot)}"
                    f"（{sr.filled}/{sr.slot.needed}）{names or self.tr('roster.nobody')}{short}"
                    if self.lang == "zh"
                    else f"{sr.slot.name(self.lang)} {self.slot_time(sr.slot)} "
                    f"({sr.filled}/{sr.slot.needed}): {names or self.tr('roster.nobody')}{short}"
                )
        return _lines(lines)

    # ------------------------------------------------------------ deliveries

    def delivery_tasks(self, undelivered_only: bool = True) -> list[Task]:
        tasks = self.board.tasks(self.day, kind="delivery")
        if undelivered_only:
            tasks = [x for x in tasks if x.status != "done"]
        return sorted(tasks, key=lambda x: (x.building or 0, _address_key(x.address), x.code))

    def reason(self, task: Task) -> str:
        cfg = (self.board.meta.get("config") or {}).get("fail_reasons", [])
        for r in cfg:
            if isinstance(r, dict) and r.get("key") == task.fail_reason:
                return str(r["zh" if self.lang == "zh" else "en"])
        return task.fail_reason

    def deliveries_rows(self) -> list[dict[str, Any]]:
        out = []
        for x in self.delivery_tasks():
            batch = self.board.views().batches.get(x.batch or "")
            household = self.board.household(x.household) if x.household else None
            carrier = self.board.volunteer(x.carrier) if x.carrier else None
            out.append(
                {
                    "date": self.day.isoformat(),
                    "code": x.code,
                    "batch": batch.name if batch else "",
                    "building": x.building or "",
                    "address": x.address,
                    "items": x.items,
                    "status": self.tr(f"task.{x.status}"),
                    "reason": self.reason(x) if x.status == "failed" else "",
                    "carried_from": str(x.extra.get("carried_from_date", "")),
                    "carrier": carrier.name if carrier else "",
                    "phone": self.phone(household.phone) if household else "",
                }
            )
        return out

    def deliveries_text(self) -> str:
        tasks = self.delivery_tasks()
        all_tasks = self.board.tasks(self.day, kind="delivery")
        lines = [self.title("export.deliveries_title")]
        lines.append(self.tr("export.deliveries_count", open=len(tasks), total=len(all_tasks)))
        by_building: dict[int, list[Task]] = defaultdict(list)
        for x in tasks:
            by_building[x.building or 0].append(x)
        sep = self.tr("today.list_sep")
        for number in sorted(by_building):
            items = []
            for x in by_building[number]:
                note = f"({self.reason(x)})" if x.status == "failed" else ""
                items.append(f"{x.address}{note}")
            name = self.tr("building.name", n=number) if number else self.tr("export.no_building")
            lines.append(
                self.tr("export.building_line", building=name, n=len(items), list=sep.join(items))
            )
        if not tasks:
            lines.append(self.tr("export.all_delivered"))
        return _lines(lines)

    # ------------------------------------------------------------ disinfection

    def place(self, x: Task) -> str:
        if x.building is not None:
            return self.tr("building.name", n=x.building)
        return self.board.area_name(x.area or "", self.lang)

    def disinfection_rows(self) -> list[dict[str, Any]]:
        out = []
        tasks = self.board.tasks(self.day, kind="disinfection")
        tasks.sort(key=lambda x: (x.building is None, x.building or 0, x.area or "", x.round))
        for x in tasks:
            who = self.board.volunteer(x.done_by) if x.done_by else None
            out.append(
                {
                    "date": self.day.isoformat(),
                    "code": x.code,
                    "place": self.place(x),
                    "item": self.board.item_name(x.item or "", self.lang),
                    "round": x.round,
                    "due": (x.due or "")[11:16],
                    "status": self.tr(f"task.{x.status}"),
                    "done_by": who.name if who else "",
                    "done_at": (x.done_at or "")[11:16],
                    "carried_from": str(x.extra.get("carried_from_date", "")),
                }
            )
        return out

    def disinfection_text(self) -> str:
        rows = self.disinfection_rows()
        lines = [self.title("export.disinfection_title")]
        done = sum(1 for r in rows if r["status"] == self.tr("task.done"))
        lines.append(self.tr("export.progress", done=done, total=len(rows)))
        by_place: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            by_place[r["place"]].append(r)
        sep = self.tr("today.list_sep")
        for place, items in by_place.items():
            open_items = [
                r["item"] + (f"×{r['round']}" if r["round"] > 1 else "")
                for r in items
                if r["status"] != self.tr("task.done")
            ]
            if open_items:
                lines.append(f"{place}: {sep.join(open_items)}")
        return _lines(lines)

    # ------------------------------------------------------------ handover

    def stamp(self) -> str:
        now = self.board.now()
        changed = last_change(self.board)
        return self.tr(
            "export.stamp",
            rev=revision(self.board),
            printed=now.format("YYYY-MM-DD HH:mm"),
            changed=changed.format("YYYY-MM-DD HH:mm") if changed else "-",
        )

    def handover_tasks(self, group: str) -> list[Task]:
        tasks = [x for x in self.board.tasks(self.day, group=group) if x.is_open]
        return sorted(
            tasks, key=lambda x: (x.kind, x.building or 0, _address_key(x.address), x.round)
        )

    def handover(self, md: bool) -> str:
        out: list[str] = []
        box = "- [ ]" if md else "☐"
        for g in self.groups():
            head = self.tr(
                "export.handover_title",
                community=self.board.community(self.lang),
                group=g.name(self.lang),
                date=long_date(self.day, self.lang),
            )
            out.append(f"# {head}" if md else head)
            out.append(self.stamp())
            out.append("")
            out.append(
                f"## {self.tr('export.handover_people')}"
                if md
                else self.tr("export.handover_people")
            )
            for s in self.board.slots(self.day, g.key):
                head = f"{s.name(self.lang)} {self.slot_time(s)}"
                out.append(f"### {head}" if md else head)
                for a in self.board.assignments(s.id):
                    v = self.board.volunteer(a.volunteer)
                    if v is None:
                        continue
                    phone = f" {self.phone(v.phone)}" if v.phone else ""
                    out.append(f"{box} {v.name}{phone}  {self.tr('export.arrived_box')}")
            tasks = self.handover_tasks(g.key)
            out.append("")
            out.append(
                f"## {self.tr('export.handover_tasks', n=len(tasks))}"
                if md
                else self.tr("export.handover_tasks", n=len(tasks))
            )
            for x in tasks:
                carried = x.extra.get("carried_from_date")
                since = f"  {self.tr('export.carried_since', date=carried)}" if carried else ""
                out.append(f"{box} {x.code}  {task_title(self.board, x, self.lang)}{since}")
            if g.key == SUPPLIES_GROUP:
                out.extend(self.open_batches(md))
            out.append("")
            out.append(self.tr("export.handover_hint"))
            out.append(PAGE_BREAK if not md else MD_BREAK)
        return _lines(out).rstrip("\f\n-") + "\n"

    def open_batches(self, md: bool) -> list[str]:
        """The supplies group's sheet: each group buy not yet released that has orders,
        per building, as ``export batch`` writes it (nothing when there is none)."""
        waiting = offers(self.board, include_closed=False)
        if not waiting:
            return []
        out: list[str] = []
        for offer in waiting:
            if orders_of(self.board, offer.id):
                lines = batch_text(self.board, offer, self.lang).splitlines()
                out += ["", "```text", *lines, "```"] if md else ["", *lines]
        return out

    def handover_rows(self) -> list[dict[str, Any]]:
        rows = []
        for g in self.groups():
            for x in self.handover_tasks(g.key):
                rows.append(
                    {
                        "date": self.day.isoformat(),
                        "group": g.name(self.lang),
                        "code": x.code,
                        "task": task_title(self.board, x, self.lang),
                        "carried_from": str(x.extra.get("carried_from_date", "")),
                        "done": "",
                        "by": "",
                    }
                )
        return rows


PAGE_BREAK, MD_BREAK = "\f", "\n---\n"


def _lines(lines: list[str]) -> str:
    """The sheet's lines joined: each entry is one line by construction, so a line
    break or control character in it came from typed text (a name, a note) and must
    not forge a line of the sheet: it becomes a space (dutyboard/storage/text.py)."""
    return "\n".join(x if x in (PAGE_BREAK, MD_BREAK) else one_line(x) for x in lines) + "\n"


def _address_key(address: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in address.split("-"))


def _csv(rows: list[dict[str, Any]], lang: str) -> str:
    buf = io.StringIO()
    if not rows:
        return ""
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([t(f"export.col.{k}", lang) for k in rows[0]])
    for r in rows:
        # Typed text on one line, and never a formula for Excel or WPS (=, +, -, @).
        writer.writerow([_cell("" if v is None else v) for v in r.values()])
    return buf.getvalue()


def _cell(value: object) -> object:
    return csv_cell(one_line(value)) if isinstance(value, str) else value


def _md_table(rows: list[dict[str, Any]], lang: str, title: str) -> str:
    out = [f"# {title}", ""]
    if not rows:
        return "\n".join(out) + "\n"
    keys = list(rows[0])
    out.append("| " + " | ".join(t(f"export.col.{k}", lang) for k in keys) + " |")
    out.append("|" + "---|" * len(keys))
    for r in rows:
        out.append("| " + " | ".join(one_line(r[k]).replace("|", "/") for k in keys) + " |")
    return "\n".join(out) + "\n"


def export(
    board: Board,
    what: str,
    fmt: str = "text",
    *,
    lang: str = "zh",
    day: pendulum.Date | None = None,
    show_phones: bool = False,
    group: str | None = None,
) -> str:
    """The export as text (CSV with a header row in the UI language, CRLF lines)."""
    if what not in KINDS:
        raise UsageError(f"unknown export '{what}'; choose one of: {', '.join(KINDS)}")
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}'; choose one of: {', '.join(FORMATS)}")
    group_key = board.find_group(group).key if group else None
    day = day or board.today
    board = board_for_day(board, day)  # a closed day is read from the archive
    e = _Export(board, lang, day, show_phones, group_key)
    rows_of = {
        "roster": e.roster_rows,
        "deliveries": e.deliveries_rows,
        "disinfection": e.disinfection_rows,
        "handover": e.handover_rows,
    }
    if fmt == "csv":
        return _csv(rows_of[what](), lang)
    if fmt == "json":
        payload: dict[str, Any] = {
            "export": what,
            "date": e.day.isoformat(),
            "revision": revision(board),
            "rows": rows_of[what](),
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if what == "handover":
        return e.handover(md=fmt == "md")
    if fmt == "md":
        return _md_table(rows_of[what](), lang, e.title(f"export.{what}_title"))
    text_of = {
        "roster": e.roster_text,
        "deliveries": e.deliveries_text,
        "disinfection": e.disinfection_text,
    }
    return text_of[what]()


def default_name(board: Board, what: str, fmt: str, day: pendulum.Date | None = None) -> str:
    """dutyboard-roster-2022-04-26.csv"""
    return f"dutyboard-{what}-{(day or board.today).isoformat()}.{EXTENSIONS[fmt]}"


def write_file(path: Path, text: str, fmt: str) -> None:
    """Write an export; a CSV gets a BOM so that Excel and WPS read it as UTF-8. It
    holds names and phones: 0600, written atomically (dutyboard/storage/outfiles.py)."""
    private_dir(path.parent)
    write_private(path, text.encode("utf-8-sig" if fmt == "csv" else "utf-8"))
