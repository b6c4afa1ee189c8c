"""What the overdue list shows (the header's count, the ``O`` dialog, ``dutyboard
overdue``): one row per overdue thing, every text in the UI language, and where it is
(a tab and the key of its row there). Plain immutable records; no Textual here.
"""

# No ``from __future__ import annotations``: NamedTuple would compile string
# annotations into ForwardRefs (see views/today.py).

from typing import Any, NamedTuple

import pendulum

from dutyboard.core.board import Board
from dutyboard.groups.care import register
from dutyboard.groups.lateness import Overdue, overdue
from dutyboard.groups.task_titles import task_title
from dutyboard.i18n import t


class OverdueRow(NamedTuple):
    """One overdue thing as the list shows it."""

    kind: str  # disinfection | medicine | care | parcel
    kind_label: str
    what: str  # typed text in it (addresses, names, medicines): shown as text
    since: str  # "09:00", "04-25 09:00" or "从未回访 / never called"
    since_at: str  # ISO 8601, "" for a household never called
    tab: str  # where it is: a tab of the app ...
    record: str  # ... and the key of its row there
    column: str = ""  # the column (a disinfection item), "" for none


class OverdueView(NamedTuple):
    lang: str
    title: str  # 超期事项（3 项） / Overdue (3)
    rows: tuple[OverdueRow, ...]

    def as_json(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": r.kind,
                "what": r.what,
                "since": r.since_at or None,
                "tab": r.tab,
                "record": r.record,
                **({"column": r.column} if r.column else {}),
            }
            for r in self.rows
        ]


def _when(at: pendulum.DateTime, now: pendulum.DateTime, tz: str) -> str:
    """09:00 today, 04-25 09:00 on another day (the same in both languages)."""
    local = at.in_timezone(tz)
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if local.date() == now.in_timezone(tz).date():
        return clock
    return f"{local.month:02d}-{local.day:02d} {clock}"


def _what(board: Board, item: Overdue, lang: str, people: dict[str, str]) -> str:
    if item.kind == "care":
        h = board.household(item.household)
        address = h.address if h else item.household
        return f"{address} {people.get(item.household, '')}".strip()
    tasks = [x for x in (board.task(tid) for tid in item.tasks) if x is not None]
    if not tasks:
        return item.record
    first = tasks[0]
    if item.kind == "disinfection":
        where = (
            t("building.name", lang, n=first.building)
            if first.building is not None
            else board.area_name(first.area or "", lang)
        )
        if first.round > 1:
            where += " " + t("round", lang, n=first.round)
        items = t("today.list_sep", lang).join(board.item_name(x.item or "", lang) for x in tasks)
        return f"{where}: {items}"
    return task_title(board, first, lang)


def build_overdue(board: Board, lang: str, now: pendulum.DateTime) -> OverdueView:
    """Everything overdue at ``now``, the longest overdue first."""
    found = overdue(board, now)
    people: dict[str, str] = {}
    if any(item.kind == "care" for item in found):
        people = {e.household.id: e.people for e in register(board)}
    rows = tuple(
        OverdueRow(
            kind=item.kind,
            kind_label=t(f"overdue.kind.{item.kind}", lang),
            what=_what(board, item, lang, people),
            since=(_when(item.since, now, board.tz) if item.since else t("overdue.never", lang)),
            since_at=item.since.isoformat() if item.since else "",
            tab=item.tab,
            record=item.record,
            column=item.column,
        )
        for item in found
    )
    return OverdueView(lang, t("overdue.title", lang, n=len(rows)), rows)
