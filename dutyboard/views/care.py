"""What the Care pane shows: the register (overdue calls first) and every need raised
on a call, followed to the group it was routed to until its task is done. Plain frozen
data; no Textual here."""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from dutyboard.core.board import Board
from dutyboard.groups import care
from dutyboard.groups.care_needs import needs, neighbours
from dutyboard.groups.medicine import stage
from dutyboard.i18n import t
from dutyboard.storage.clock import parse_moment


def short_moment(value: str | pendulum.DateTime | None, tz: str) -> str:
    """'04-25 14:18' in the board's zone ('' for nothing)."""
    at = parse_moment(value) if isinstance(value, str) else value
    if at is None:
        return ""
    local = at.in_timezone(tz)
    return f"{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}"


@dataclass(frozen=True)
class CareRow:
    household_id: str
    address: str
    people: str
    help: str
    every_days: int
    last: str  # "04-25 14:18" or ""
    last_by: str
    due: str  # "04-27" or ""
    state: str  # overdue | today | ok
    days_since: int | None
    open_needs: int


@dataclass(frozen=True)
class NeedRow:
    task_id: str
    code: str
    household_id: str
    address: str
    need: str  # the need type's name
    text: str
    group_key: str
    group: str  # the group it was routed to
    route: str
    status: str  # open | done
    raised: str
    done: str  # "04-26 09:10 张三" or ""
    helpers: str  # neighbours in the building (help at home)
    stage: str = ""  # a medicine request's stage

    def what(self, lang: str) -> str:
        """'买菜：鸡蛋' / 'Food: eggs': the need's type and what exactly, if said."""
        return t("care.need.what", lang, need=self.need, text=self.text) if self.text else self.need


@dataclass(frozen=True)
class CareView:
    day: pendulum.Date
    rows: tuple[CareRow, ...]
    needs: tuple[NeedRow, ...]

    @property
    def overdue(self) -> int:
        return sum(r.state == "overdue" for r in self.rows)

    @property
    def due_today(self) -> int:
        return sum(r.state == "today" for r in self.rows)

    @property
    def open_needs(self) -> int:
        return sum(n.status == "open" for n in self.needs)

    def row(self, household_id: str) -> CareRow | None:
        return next((r for r in self.rows if r.household_id == household_id), None)

    def need(self, task_id: str) -> NeedRow | None:
        return next((n for n in self.needs if n.task_id == task_id), None)


def need_rows(
    board: Board, lang: str, *, household: str | None = None, since_days: int = 3
) -> list[NeedRow]:
    """Open needs (oldest first), then those met in the last ``since_days`` days."""
    tz = board.tz
    groups = {g.key: g for g in board.groups()}
    cutoff = board.today.subtract(days=since_days).isoformat()
    rows = []
    for n in reversed(needs(board, household=household)):
        task = n.task
        if task.status != "open" and (task.done_at or "")[:10] < cutoff and household is None:
            continue
        who = board.volunteer(task.done_by) if task.done_by else None
        done = ""
        if task.status != "open":
            done = f"{short_moment(task.done_at, tz)} {who.name if who else ''}".strip()
        helpers = ""
        if n.route == "help" and task.building is not None:
            near = board.household(n.household)
            names = [v.name for v in neighbours(board, task.building, near)]
            helpers = t("today.list_sep", lang).join(names[:3])
        g = groups.get(task.group)
        rows.append(
            NeedRow(
                task.id,
                task.code,
                n.household,
                task.address,
                care.need_name(board, n.key, lang) if n.key else t("kind.medicine", lang),
                n.text or str(task.extra.get("medicine", "")),
                task.group,
                g.name(lang) if g else task.group,
                n.route,
                "open" if task.status == "open" else "done",
                short_moment(str(task.extra.get("raised_at", "")), tz),
                done,
                helpers,
                stage(task) if task.kind == "medicine" else "",
            )
        )
    rows.sort(key=lambda r: (r.status != "open", r.raised if r.status == "open" else ""))
    return rows


def build_care(board: Board, lang: str, now: pendulum.DateTime) -> CareView:
    tz = board.tz
    rows = []
    for s in care.care_status(board, now):
        e = s.entry
        state = "overdue" if s.due.overdue else "today" if s.due.due_today else "ok"
        rows.append(
            CareRow(
                e.household.id,
                e.household.address,
                e.people,
                e.help,
                e.every_days,
                short_moment(s.last.at, tz) if s.last else "",
                s.last.by_name if s.last else "",
                s.due.due.in_timezone(tz).format("MM-DD") if s.due.due else "",
                state,
                s.due.days_since,
                len(s.open_needs),
            )
        )
    order = {"overdue": 0, "today": 1, "ok": 2}
    rows.sort(key=lambda r: (order[r.state], r.due or "", r.address))
    return CareView(board.today, tuple(rows), tuple(need_rows(board, lang)))
