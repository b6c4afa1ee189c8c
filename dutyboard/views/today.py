"""Today's duty roster as the screens show it: plain immutable records, no Textual.

``build_today`` turns the board into rows a table can show as they are (every text
already in the UI language). The leaders' dialogs (move someone, fill a short slot)
are fed by views/placement.py, which the first screen does not need to load.
"""

# No ``from __future__ import annotations`` here: NamedTuple turns string annotations
# into ForwardRefs, compiling each one, which doubled the cost of defining these
# classes at every start.

from typing import NamedTuple

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.model import Slot, Volunteer
from dutyboard.groups.lateness import late_ids
from dutyboard.groups.privacy import PhoneView
from dutyboard.i18n import long_date, status_name, t


def slot_time(slot: Slot, lang: str) -> str:
    """07:00–11:00, or 22:00–06:00 (次日) for a slot that runs past midnight."""
    text = f"{slot.start}–{slot.end}"
    return text + t("today.next_day", lang) if slot.crosses_midnight else text


def hours_text(hours: float, lang: str) -> str:
    return t("today.hours", lang, h=f"{round(hours, 1):g}")


class PersonLine(NamedTuple):
    """One person in one slot (an assignment)."""

    assignment_id: str
    volunteer_id: str
    name: str
    phone: str
    home: str
    leader: bool
    status: str  # scheduled, arrived, no_show, left
    status_label: str  # "未到岗 / late" for someone late
    on_now: bool  # in a slot running now and not absent
    late: bool = False  # scheduled, not here, the slot began a while ago (lateness.py)
    off_duty: bool = False  # taken off duty (people.py): "· 停岗 / · off duty" in status


class SlotLine(NamedTuple):
    """A slot as the roster shows it, with its people."""

    slot_id: str
    group: str
    group_name: str
    name: str
    time: str
    needed: int
    filled: int
    short: int
    short_label: str  # "缺 2 人" / "2 short", or "" when the slot is full
    running: bool  # the slot spans the current moment
    people: tuple[PersonLine, ...]


class GroupLine(NamedTuple):
    """A group's slots, as the roster shows them."""

    key: str
    name: str
    slots: tuple[SlotLine, ...]


class OnDuty(NamedTuple):
    """Who is on duty right now in one group."""

    group_name: str
    names: tuple[str, ...]


class TodayView(NamedTuple):
    """Everything the Today tab shows, every text in the UI language."""

    day: pendulum.Date
    lang: str
    date_label: str
    groups: tuple[GroupLine, ...]
    on_now: tuple[OnDuty, ...]
    on_now_label: str  # the whole "on duty now" line
    short_label: str  # "" when every slot is full

    def slot(self, slot_id: str) -> SlotLine | None:
        for g in self.groups:
            for s in g.slots:
                if s.slot_id == slot_id:
                    return s
        return None

    def person(self, assignment_id: str) -> tuple[SlotLine, PersonLine] | None:
        for g in self.groups:
            for s in g.slots:
                for p in s.people:
                    if p.assignment_id == assignment_id:
                        return s, p
        return None


def _running(board: Board, slot: Slot, now: pendulum.DateTime) -> bool:
    start, end = slot.span(board.tz)
    return start <= now < end


def build_today(
    board: Board,
    day: pendulum.Date | None = None,
    lang: str = "zh",
    now: pendulum.DateTime | None = None,
    viewer: Volunteer | None = None,
) -> TodayView:
    """The day's roster per group and slot, and who is on duty at ``now``; phones as
    ``viewer`` may see them (dutyboard/groups/privacy.py; nobody named: all masked)."""
    day = day or board.today
    phones = PhoneView(board, viewer)
    now = (now or board.now()).in_timezone(board.tz)
    roster = board.roster(day)
    late = late_ids(board, now) if day == board.today else frozenset()
    groups: list[GroupLine] = []
    short_slots = 0
    short_people = 0
    for gr in roster.groups:
        gname = gr.group.name(lang)
        slots: list[SlotLine] = []
        for sr in gr.slots:
            running = _running(board, sr.slot, now)
            people = tuple(
                PersonLine(
                    assignment_id=a.id,
                    volunteer_id=v.id,
                    name=v.name,
                    phone=phones.of(v),
                    home=v.home,
                    leader=v.is_leader,
                    status=a.status,
                    status_label=(
                        t("today.late", lang)
                        if a.id in late
                        else status_name("assignment", a.status, lang)
                    ),
                    on_now=running and a.active,
                    late=a.id in late,
                    off_duty=v.off_on(day),
                )
                for a, v in sorted(sr.people, key=lambda p: (not p[1].is_leader, p[1].name))
            )
            people = tuple(_off_marked(p, lang) for p in people)
            if sr.short:
                short_slots += 1
                short_people += sr.short
            slots.append(
                SlotLine(
                    slot_id=sr.slot.id,
                    group=gr.group.key,
                    group_name=gname,
                    name=sr.slot.name(lang),
                    time=slot_time(sr.slot, lang),
                    needed=sr.slot.needed,
                    filled=sr.filled,
                    short=sr.short,
                    short_label=t("roster.short", lang, n=sr.short) if sr.short else "",
                    running=running,
                    people=people,
                )
            )
        groups.append(GroupLine(gr.group.key, gname, tuple(slots)))
    on_now = _on_duty(board, day, lang, now)
    if on_now:
        sep = t("today.list_sep", lang)
        parts = [f"{o.group_name} {sep.join(o.names)}" for o in on_now]
        count = sum(len(o.names) for o in on_now)
        on_now_label = t("today.on_now", lang, n=count, who=t("today.group_sep", lang).join(parts))
    else:
        on_now_label = t("today.on_now_nobody", lang)
    short_label = (
        t("today.short_summary", lang, slots=short_slots, people=short_people)
        if short_slots
        else ""
    )
    return TodayView(
        day=day,
        lang=lang,
        date_label=long_date(day, lang),
        groups=tuple(groups),
        on_now=on_now,
        on_now_label=on_now_label,
        short_label=short_label,
    )


def _off_marked(person: PersonLine, lang: str) -> PersonLine:
    """Someone taken off duty but still in a slot: the status says so."""
    if not person.off_duty:
        return person
    label = f"{person.status_label} · {t('people.off_mark', lang)}"
    return person._replace(status_label=label)


def _on_duty(
    board: Board, day: pendulum.Date, lang: str, now: pendulum.DateTime
) -> tuple[OnDuty, ...]:
    """Active people in slots spanning ``now`` (yesterday's night slot included)."""
    by_group: dict[str, list[str]] = {}
    for slot, _a, person in board.on_duty(day, now):
        by_group.setdefault(slot.group, []).append(person.name)
    return tuple(
        OnDuty(g.name(lang), tuple(by_group[g.key])) for g in board.groups() if g.key in by_group
    )
