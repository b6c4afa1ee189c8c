"""What the Tomorrow tab, the swap dialog and the fair-share dialog show: plain data,
every text in the UI language, no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.fairshare import fair_share
from dutyboard.core.model import Volunteer
from dutyboard.core.plan import day_warnings
from dutyboard.core.swap import day_changed, day_diff, undoable_swap
from dutyboard.groups.privacy import PhoneView
from dutyboard.i18n import long_date, t
from dutyboard.views.today import slot_time


@dataclass(frozen=True)
class PlanPerson:
    assignment_id: str
    name: str
    phone: str
    leader: bool
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class PlanSlot:
    slot_id: str
    group: str
    group_name: str
    name: str
    time: str
    needed: int
    filled: int
    short_label: str
    people: tuple[PlanPerson, ...]


@dataclass(frozen=True)
class TomorrowView:
    day: pendulum.Date
    lang: str
    title: str  # 明日排班 4月27日 星期三
    summary: str  # warnings and gaps in one line
    slots: tuple[PlanSlot, ...]
    warnings: int
    day_changed: bool
    can_undo_swap: bool

    def slot(self, slot_id: str) -> PlanSlot | None:
        return next((s for s in self.slots if s.slot_id == slot_id), None)


def build_tomorrow(
    board: Board,
    lang: str,
    now: pendulum.DateTime | None = None,
    viewer: Volunteer | None = None,
) -> TomorrowView:
    """Tomorrow's roster; phones as ``viewer`` may see them (dutyboard/groups/privacy.py: a
    slot-mate's number opens up on the day, not the day before)."""
    day = board.tomorrow
    phones = PhoneView(board, viewer)
    warns = day_warnings(board, day)
    slots = []
    short_total = 0
    for gr in board.roster(day).groups:
        for sr in gr.slots:
            people = tuple(
                PlanPerson(
                    a.id,
                    v.name,
                    phones.of(v),
                    v.is_leader,
                    tuple(w.text(lang) for w in warns.people.get(a.id, ())),
                )
                for a, v in sorted(sr.people, key=lambda p: (not p[1].is_leader, p[1].name))
            )
            short_total += sr.short
            slots.append(
                PlanSlot(
                    sr.slot.id,
                    gr.group.key,
                    gr.group.name(lang),
                    sr.slot.name(lang),
                    slot_time(sr.slot, lang),
                    sr.slot.needed,
                    sr.filled,
                    t("roster.short", lang, n=sr.short) if sr.short else "",
                    people,
                )
            )
    summary = t(
        "tomorrow.summary",
        lang,
        people=sum(len(s.people) for s in slots),
        short=short_total,
        warnings=warns.people_count,
    )
    if board.store.archive_problem:  # days in a row counted over the live file only
        summary += t("tomorrow.archive_unreadable", lang)
    return TomorrowView(
        day=day,
        lang=lang,
        title=t("tomorrow.title", lang, date=long_date(day, lang)),
        summary=summary,
        slots=tuple(slots),
        warnings=warns.count,
        day_changed=day_changed(board, now),
        can_undo_swap=undoable_swap(board) is not None,
    )


# ---------------------------------------------------------------- the swap dialog


@dataclass(frozen=True)
class DiffLine:
    group: str
    text: str
    warn: bool  # a gap: the slot is short tomorrow


def build_diff(board: Board, lang: str) -> tuple[str, tuple[DiffLine, ...], str]:
    """Title, one line per group, and the carry-over line."""
    d = day_diff(board)
    sep = t("today.list_sep", lang)
    lines = []
    for g in d.groups:
        name = board.group(g.group).name(lang)
        parts = []
        if g.added:
            parts.append(t("swap.added", lang, names=sep.join(c.name for c in g.added)))
        if g.removed:
            parts.append(t("swap.removed", lang, names=sep.join(c.name for c in g.removed)))
        if g.moved:
            parts.append(t("swap.moved", lang, names=sep.join(c.name for c in g.moved)))
        for sid, n in g.gaps:
            slot = board.slot(sid)
            parts.append(t("swap.gap", lang, slot=slot.name(lang) if slot else sid, n=n))
        lines.append(
            DiffLine(
                g.group, f"{name}: " + ("; ".join(parts) or t("swap.same", lang)), bool(g.gaps)
            )
        )
    kinds = d.carried_by_kind()
    carried = sep.join(f"{t('kind.' + k, lang)} {n}" for k, n in sorted(kinds.items()))
    title = t(
        "swap.diff_title",
        lang,
        today=long_date(d.today, lang),
        tomorrow=long_date(d.tomorrow, lang),
    )
    carry = t("swap.carried", lang, n=len(d.carried), kinds=carried or "-")
    if d.old_calls:  # each household keeps its last two calls live (care_archive.py)
        carry += t("swap.old_calls", lang, n=d.old_calls)
    return title, tuple(lines), carry


# ---------------------------------------------------------------- fair share


@dataclass(frozen=True)
class ShareLine:
    volunteer_id: str
    name: str
    groups: str
    week_hours: str
    week_days: int
    in_a_row: int
    tomorrow: str
    run_tomorrow: int
    over_limit: bool


def build_fair_share(board: Board, lang: str) -> tuple[ShareLine, ...]:
    names = {g.key: g.name(lang) for g in board.groups()}
    sep = t("today.list_sep", lang)
    return tuple(
        ShareLine(
            s.volunteer.id,
            s.volunteer.name,
            sep.join(names.get(g, g) for g in s.volunteer.groups),
            f"{s.week_hours:g}",
            s.week_days,
            s.in_a_row,
            f"{s.tomorrow_hours:g}",
            s.in_a_row_tomorrow,
            s.over_limit,
        )
        for s in fair_share(board)
    )
