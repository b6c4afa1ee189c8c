"""What the Buildings tab and ``dutyboard building list`` show: each building's status,
since when, its latest case, the earliest day it may be lifted and the days left,
and its open work of the day by kind. Plain frozen data; no Textual here. The
``*_text`` helpers put a row's parts in a language, for the tab and the CLI alike."""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.building_rules import CONFINED, days_left
from dutyboard.core.model import Task
from dutyboard.groups import building_status as bs
from dutyboard.i18n import t
from dutyboard.storage.clock import parse_moment

# The kinds of work counted per building, in the order they are shown; the grid shows
# the first three.
KINDS = ("delivery", "parcel", "disinfection", "testing", "care", "medicine")
GRID_KINDS = ("delivery", "parcel", "disinfection")
# The next step down from each state.
LIFT_TO = {"sealed": "controlled", "positive": "controlled", "controlled": "normal"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True)
class BuildingRow:
    number: int
    state: str
    since: str  # YYYY-MM-DD the state began ("" if not known)
    case_date: str  # the latest case ("" for none)
    earliest: str  # YYYY-MM-DD of the next step down ("" for none or not known)
    lift_to: str  # that step: controlled or normal ("" for a normal building)
    days_left: int | None  # to ``earliest`` (0 once it has come)
    may_control: str  # YYYY-MM-DD it may be controlled without a reason ("" any time)
    may_normal: str  # YYYY-MM-DD it may be normal without a reason
    known: bool  # the history explains the state (False: set before it was kept)
    open: tuple[tuple[str, int], ...]  # (kind, open tasks today), only kinds with some

    @property
    def confined(self) -> bool:
        return self.state in CONFINED

    def open_count(self, kind: str) -> int:
        return dict(self.open).get(kind, 0)


@dataclass(frozen=True)
class BuildingsView:
    day: pendulum.Date
    rows: tuple[BuildingRow, ...]

    def row(self, number: int) -> BuildingRow | None:
        return next((r for r in self.rows if r.number == number), None)

    def count(self, state: str) -> int:
        return sum(r.state == state for r in self.rows)


def _building_of(board: Board, task: Task) -> int | None:
    if task.building is not None:
        return task.building
    household = board.household(task.household) if task.household else None
    if household is not None:
        return household.building
    head = task.address.split("-", 1)[0]
    return int(head) if head.isdigit() else None


def open_work(board: Board, day: pendulum.Date) -> dict[int, dict[str, int]]:
    """Open tasks of the day per building and kind."""
    out: dict[int, dict[str, int]] = {}
    for task in board.tasks(day, status="open"):
        number = _building_of(board, task)
        if number is not None:
            kinds = out.setdefault(number, {})
            kinds[task.kind] = kinds.get(task.kind, 0) + 1
    return out


def _iso(day: pendulum.Date | None) -> str:
    return day.isoformat() if day else ""


def build_buildings(board: Board) -> BuildingsView:
    today = board.today
    work = open_work(board, today)
    by_building: dict[int, list[bs.Event]] = {}
    for e in bs.events(board):
        by_building.setdefault(e.building, []).append(e)
    rows = []
    for b in board.buildings():
        items = by_building.get(b.number, [])
        s = bs.standing_of(board, b.number, items)
        nxt = s.next_lift()
        counts = work.get(b.number, {})
        rows.append(
            BuildingRow(
                number=b.number,
                state=s.state,
                since=_iso(s.since),
                case_date=_iso(s.last_case),
                earliest=_iso(nxt),
                lift_to=LIFT_TO.get(s.state, ""),
                days_left=days_left(nxt, today),
                may_control=_iso(s.earliest("controlled")),
                may_normal=_iso(s.earliest("normal")),
                known=s.state == "normal" or s.since is not None,
                open=tuple((k, counts[k]) for k in KINDS if counts.get(k)),
            )
        )
    return BuildingsView(today, tuple(rows))


# ---------------------------------------------------------------- in a language


def short_date(iso: str, lang: str) -> str:
    """4月30日 / 30 Apr ("" for none)."""
    if not iso:
        return ""
    d = pendulum.Date.fromisoformat(iso)
    return f"{d.month}月{d.day}日" if lang == "zh" else f"{d.day} {_MONTHS[d.month - 1]}"


def state_name(state: str, lang: str) -> str:
    return t(f"building.{state}", lang)


def since_text(row: BuildingRow, lang: str) -> str:
    """自4月24日 · 病例4月24日 / since 24 Apr · case 24 Apr ("" for nothing known)."""
    parts = []
    if row.since and row.state != "normal":
        parts.append(t("buildings.since", lang, date=short_date(row.since, lang)))
    if row.case_date:
        parts.append(t("buildings.case", lang, date=short_date(row.case_date, lang)))
    return t("buildings.sep", lang).join(parts)


def lift_text(row: BuildingRow, lang: str) -> str:
    """How far the next step down is: 还剩4天 · 4月30日起可转管控 / 4 days · controlled
    from 30 Apr; "" for a normal building."""
    if row.state == "normal":
        return ""
    to = state_name(row.lift_to, lang)
    if not row.earliest:
        return t("buildings.lift_unknown", lang, to=to)
    when = short_date(row.earliest, lang)
    if not row.days_left:
        return t("buildings.lift_now", lang, to=to, date=when)
    return t("buildings.lift_in", lang, n=row.days_left, to=to, date=when)


def work_text(
    row: BuildingRow, lang: str, kinds: tuple[str, ...] = KINDS, *, short: bool = False
) -> str:
    """配送 3 · 快递 1 · 消杀 6 / deliveries 3 · parcels 1 · disinfection 6 (``short``:
    the names a grid cell has room for)."""
    names = "buildings.kind_short" if short else "buildings.kind"
    parts = [
        t("buildings.work", lang, kind=t(f"{names}.{k}", lang), n=n)
        for k, n in row.open
        if k in kinds
    ]
    return t("buildings.sep", lang).join(parts) or t("buildings.no_work", lang)


def event_moment(e: bs.Event, tz: str) -> str:
    """YYYY-MM-DD HH:MM of a change on the board's clock (its duty day if unreadable)."""
    at = parse_moment(e.at)
    return at.in_timezone(tz).format("YYYY-MM-DD HH:mm") if at else e.day


def history_lines(e: bs.Event, tz: str, lang: str) -> list[str]:
    """A change as lines of text: when, from → to, the case, who; the note and the
    reason below (as typed, on one line each)."""
    change = t(
        "buildings.history.change",
        lang,
        before=state_name(e.previous, lang),
        after=state_name(e.state, lang),
    )
    head = [event_moment(e, tz), change]
    if e.case_date:
        head.append(t("buildings.case", lang, date=e.case_date))
    if e.by_name:
        head.append(t("buildings.history.by", lang, name=bs.clean(e.by_name)))
    lines = ["  " + "  ".join(head)]
    if e.note:
        lines.append("      " + t("buildings.history.note", lang, text=bs.clean(e.note)))
    if e.reason:
        key = "buildings.history.reason" if e.early else "buildings.history.reason_plain"
        lines.append("      " + t(key, lang, text=bs.clean(e.reason)))
    return lines
