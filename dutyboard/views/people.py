"""What the People tab (0) and ``dutyboard volunteer list`` show: every volunteer with
their phone (as dutyboard/groups/privacy.py lets the viewer see it: in full for leaders,
masked for volunteers but their own and their slot-mates': 138****5678), home, groups,
role, availability and whether they are off duty and why; and the households. Plain
frozen records, every text already in the UI language; no Textual."""

from __future__ import annotations

from dataclasses import dataclass

import pendulum

from dutyboard.core.board import Board
from dutyboard.core.model import Volunteer
from dutyboard.groups import care
from dutyboard.groups.privacy import PhoneView
from dutyboard.i18n import t

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_day(iso: str, lang: str) -> str:
    """4月28日 / 28 Apr."""
    day = pendulum.Date.fromisoformat(iso)
    return f"{day.month}月{day.day}日" if lang == "zh" else f"{day.day} {_MONTHS[day.month - 1]}"


def off_text(person: Volunteer, lang: str) -> str:
    """生病 · 到 4月28日 / sick · back 28 Apr (empty when on duty)."""
    if not person.off_reason:
        return ""
    if not person.off_until:
        return person.off_reason
    back = t("people.back_on", lang, day=short_day(person.off_until, lang))
    return f"{person.off_reason} · {back}"


@dataclass(frozen=True)
class PersonRow:
    id: str
    name: str
    phone: str  # in full, or masked as dutyboard/groups/privacy.py says for the viewer
    home: str
    groups: str  # 快递组、关爱组
    group_keys: tuple[str, ...]
    leader: bool
    role: str  # 组长 / leader, or "" for a volunteer
    availability: str
    off: bool  # off duty today
    off_text: str  # why, and until when
    mine: bool  # the person looking at the list


@dataclass(frozen=True)
class PeopleView:
    lang: str
    rows: tuple[PersonRow, ...]
    group: str | None  # the filter: a group key, or None for everyone
    group_name: str  # 全部小组 / all groups, or the group's name
    total: int  # people on the board
    off_count: int  # of them off duty today

    def row(self, person_id: str) -> PersonRow | None:
        return next((r for r in self.rows if r.id == person_id), None)


def build_people(
    board: Board,
    lang: str,
    viewer: Volunteer | None = None,
    *,
    group: str | None = None,
    off_only: bool = False,
) -> PeopleView:
    """Leaders first, then by name; ``group`` keeps those in that group. Phones as
    ``viewer`` may see them (dutyboard/groups/privacy.py; nobody named: all masked)."""
    today = board.today
    names = {g.key: g.name(lang) for g in board.groups()}
    phones = PhoneView(board, viewer)
    sep = t("today.list_sep", lang)
    everyone = board.volunteers()
    rows = []
    for v in sorted(everyone, key=lambda p: (not p.is_leader, p.name, p.id)):
        off = v.off_on(today)
        if (group is not None and group not in v.groups) or (off_only and not off):
            continue
        mine = viewer is not None and viewer.id == v.id
        rows.append(
            PersonRow(
                id=v.id,
                name=v.name,
                phone=phones.of(v),
                home=v.home,
                groups=sep.join(names.get(g, g) for g in v.groups),
                group_keys=v.groups,
                leader=v.is_leader,
                role=t("role.leader", lang) if v.is_leader else "",
                availability=v.availability,
                off=off,
                off_text=off_text(v, lang) if off else "",
                mine=mine,
            )
        )
    return PeopleView(
        lang=lang,
        rows=tuple(rows),
        group=group,
        group_name=names.get(group, group) if group else t("people.all_groups", lang),
        total=len(everyone),
        off_count=sum(1 for v in everyone if v.off_on(today)),
    )


@dataclass(frozen=True)
class HouseholdRow:
    id: str
    address: str
    residents: int
    phone: str
    elderly_alone: bool
    on_register: bool  # on the care register (elderly-alone, or put on it by care)
    note: str


def build_households(
    board: Board, text: str = "", viewer: Volunteer | None = None
) -> tuple[HouseholdRow, ...]:
    """Households in address order; ``text`` keeps those whose address starts with it
    (5, 5-2, 5-2-301). Phones as ``viewer`` may see them (dutyboard/groups/privacy.py)."""
    phones = PhoneView(board, viewer)
    registered = {e.household.id for e in care.register(board)}
    wanted = text.strip()
    return tuple(
        HouseholdRow(
            h.id,
            h.address,
            h.residents,
            phones.household(h),
            h.elderly_alone,
            h.id in registered,
            h.note,
        )
        for h in sorted(board.households(), key=care.address_key)
        if not wanted or h.address == wanted or h.address.startswith(wanted + "-")
    )
