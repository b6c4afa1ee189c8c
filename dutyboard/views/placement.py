"""What the leaders' dialogs show (move someone, fill a short slot): the slots someone
can be put in, who is free now, the rules' warnings and a slot's title. Plain frozen
dataclasses, no Textual; loaded when a dialog first opens, not before the first screen.
"""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.groups.privacy import PhoneView
from dutyboard.i18n import long_date, t
from dutyboard.views.today import hours_text, slot_time


@dataclass(frozen=True)
class TargetSlot:
    slot_id: str
    day_label: str  # 今天 / 明天
    name: str
    time: str
    filled: int
    needed: int
    label: str  # the whole line: "今天 上午 07:00–11:00  3/6"


@dataclass(frozen=True)
class TargetGroup:
    key: str
    name: str
    slots: tuple[TargetSlot, ...]


def build_targets(board: Board, lang: str) -> tuple[TargetGroup, ...]:
    """Where someone can be moved: every group's slots today and tomorrow."""
    days = (
        (board.today, t("today.day_today", lang)),
        (board.tomorrow, t("today.day_tomorrow", lang)),
    )
    out = []
    for g in board.groups():
        slots = []
        for day, day_label in days:
            for s in board.slots(day, g.key):
                filled = sum(1 for a in board.assignments(s.id) if a.active)
                time = slot_time(s, lang)
                count = t("today.filled", lang, filled=filled, needed=s.needed)
                slots.append(
                    TargetSlot(
                        s.id,
                        day_label,
                        s.name(lang),
                        time,
                        filled,
                        s.needed,
                        f"{day_label} {s.name(lang)} {time}  {count}",
                    )
                )
        out.append(TargetGroup(g.key, g.name(lang), tuple(slots)))
    return tuple(out)


@dataclass(frozen=True)
class BenchPerson:
    volunteer_id: str
    name: str
    phone: str
    home: str
    hours: float
    signed_up: bool  # signed up for the slot's group
    detail: str  # "今日 4 小时 · 已报名" / "4 h today · signed up"


def build_bench(
    board: Board,
    slot_id: str,
    lang: str,
    now: pendulum.DateTime | None = None,
    viewer: Volunteer | None = None,
) -> tuple[BenchPerson, ...]:
    """Who is free now to fill ``slot_id``: fewest hours today first (rules.free_now);
    phones as ``viewer`` may see them (dutyboard/groups/privacy.py)."""
    slot = board.slot(slot_id)
    if slot is None:
        return ()
    phones = PhoneView(board, viewer)
    out = []
    from dutyboard.core import rules

    for v, hours in rules.free_now(board, now, group=slot.group):
        signed = slot.group in v.groups
        detail = hours_text(hours, lang)
        if signed:
            detail += " · " + t("today.signed_up", lang)
        out.append(BenchPerson(v.id, v.name, phones.of(v), v.home, hours, signed, detail))
    return tuple(out)


def placement_texts(
    board: Board,
    volunteer_id: str,
    slot_id: str,
    lang: str,
    moving: str | None = None,
) -> tuple[str, ...]:
    """The rules' warnings for putting someone into a slot, as lines to show."""
    from dutyboard.core import rules

    person = board.volunteer(volunteer_id)
    slot = board.slot(slot_id)
    if person is None or slot is None:
        return ()
    assignment = board.assignment(moving) if moving else None
    return tuple(
        w.text(lang) for w in rules.placement_warnings(board, person, slot, moving=assignment)
    )


def slot_title(board: Board, slot_id: str, lang: str) -> str:
    """快递组 上午 07:00–11:00, with 明天 in front for tomorrow's slots."""
    slot = board.slot(slot_id)
    if slot is None:
        return ""
    text = f"{board.group(slot.group).name(lang)} {slot.name(lang)} {slot_time(slot, lang)}"
    if slot.date == board.tomorrow:
        return f"{t('today.day_tomorrow', lang)} {text}"
    if slot.date != board.today:
        return f"{long_date(slot.date, lang)} {text}"
    return text
