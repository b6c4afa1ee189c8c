"""Who is acting, and who may do what, on the command line; and the log of who did what.

There are no passwords: ``--as NAME`` says who is at the keyboard, as the app's first
screen does. It guards against mistakes (a volunteer running a leader's command by
accident, a script acting as whoever used the app last), not against people. The core
refuses a volunteer's leader-only change wherever it comes from; this module is the
command line's one place for the commands that only read (``coverage``, a dry run, the
log) or that are leader-only as a whole (``merge``, an import that makes leaders).

Without ``--as`` nobody is named: the command line shows what a volunteer sees, and a
leader-only command refuses with one line that says to add ``--as``. Nothing falls back
to the last person who used the app on this laptop.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dutyboard.core.model import Volunteer
from dutyboard.storage.errors import BoardFileError, Refused, refused

if TYPE_CHECKING:
    import pendulum

    from dutyboard.core.board import Board
    from dutyboard.views.household_page import HouseholdPage

# Leader-only on the command line: the action's key -> its name in a refusal (a
# catalogue key, dutyboard/i18n/catalogues/roles.py). Changes the core already guards (slots,
# building status, offers, volunteers, conflicts...) are refused there, for the app too.
LEADER_ONLY = {
    "coverage": "roles.what.coverage",
    "merge": "roles.what.merge",
    "import_roles": "roles.what.import_roles",
    "show_phones": "roles.what.show_phones",
    "plan": "roles.what.plan",
    "swap": "roles.what.swap",
    "log_all": "roles.what.log_all",
}

CARE_GROUP = "care"  # the group whose calls the notes are about (dutyboard/groups/care.py)


class LeaderOnly(Refused):
    """A leader-only action refused: its name (``what``) is translated with the rest."""

    def __init__(self, key: str, action_key: str, fields: dict[str, object]) -> None:
        from dutyboard.i18n import t

        what_key = LEADER_ONLY[action_key]
        self.what_key, self.what_fields = what_key, dict(fields)
        person = {"name": fields["name"]} if "name" in fields else {}
        what = t(what_key, "en", **fields)
        super().__init__(t(key, "en", what=what, **person), key=key, fields=person)

    def text(self, lang: str) -> str:
        from dutyboard.i18n import t

        what = t(self.what_key, lang, **self.what_fields)
        return t(str(self.key), lang, what=what, **self.fields)


def acting(board: Board, who: str | None) -> Volunteer | None:
    """The person ``--as`` names (by name, phone or id), or None if nobody is named:
    then the command shows what a volunteer sees. An unknown or ambiguous name is
    refused (exit 1), never taken as nobody."""
    if who is None:
        return None
    return board.resolve_person(who)


def require_leader(
    board: Board, who: str | Volunteer | None, action_key: str, **fields: object
) -> Volunteer:
    """The leader acting, or a refusal (exit 1) that says the action is for leaders and
    to pass ``--as`` a leader's name. ``fields``: placeholders of the action's name."""
    person = who if isinstance(who, Volunteer) or who is None else acting(board, who)
    if person is None:
        raise LeaderOnly("roles.need_as", action_key, fields)
    if not person.is_leader:
        raise LeaderOnly("roles.not_leader", action_key, {**fields, "name": person.name})
    return person


def is_leader(who: Volunteer | None) -> bool:
    return who is not None and who.is_leader


def has_leaders(board: Board) -> bool:
    """Any leader on the board? A new board has none until its first import names
    them: that import may make leaders without ``--as`` (nobody could give one)."""
    return any(v.is_leader for v in board.volunteers())


def sees_care_notes(who: Volunteer | None) -> bool:
    """Care notes (what was said on a call) are for the care group and leaders."""
    return who is not None and (who.is_leader or CARE_GROUP in who.groups)


def page_for(page: HouseholdPage, who: Volunteer | None, hidden: str) -> HouseholdPage:
    """The household page as ``who`` may see it: without the care group's call notes
    (on its calls and in its history) unless they are of the care group or a leader;
    ``hidden`` stands where a note was."""
    if sees_care_notes(who):
        return page
    contacts = tuple(dataclasses.replace(c, notes=hidden if c.notes else "") for c in page.contacts)
    history = tuple(
        dataclasses.replace(x, what=hidden if x.what else "") if x.kind == "call" else x
        for x in page.history
    )
    return dataclasses.replace(page, contacts=contacts, history=history)


# ---------------------------------------------------------------- the log


@dataclass(frozen=True)
class LogLine:
    """One change someone made, for the log: who, when, what, on which laptop."""

    id: str
    at: str  # ISO 8601, as saved
    time: str  # "09:31:05" in the board's timezone
    day: str  # the board's day it belongs to
    who_id: str | None  # None: nobody named (an import or merge without --as)
    who_name: str
    action: str  # as saved: done, swap, volunteer_edit...
    action_name: str  # the same in the UI language
    table: str
    record: str
    label: str  # the record in words: a task's code, a person's name, an address
    device: str  # the laptop's id (dutyboard/storage/device.py), from the entry's stamp
    this_laptop: bool
    reason: str
    before: dict[str, Any]
    after: dict[str, Any]


# Entries kept for the machinery, not changes anyone made (the swap's undo snapshot).
_INTERNAL = frozenset({"swap_snapshot"})


def log_lines(
    board: Board, day: pendulum.Date, lang: str, *, who_id: str | None = None
) -> tuple[list[LogLine], str]:
    """The changes of the board's ``day`` (its earlier days are in the archive), newest
    first, only ``who_id``'s if given; and why the archive could not be read ("" if it
    could or was not needed)."""
    rows: list[dict[str, Any]] = list(board.store.rows("audit"))
    problem = ""
    if day != board.today and board.store.has_archive():
        try:  # the day's part of the archive, read whole
            part = board.store.archive().part(day.isoformat())
        except BoardFileError as exc:
            problem = exc.message
        else:
            if part is not None:
                rows.extend(part.rows("audit"))
    wanted = day.isoformat()
    seen: set[str] = set()
    out: list[tuple[str, str, LogLine]] = []
    for d in rows:
        if d.get("day") != wanted or d.get("action") in _INTERNAL or d.get("id") in seen:
            continue
        if who_id is not None and d.get("who") != who_id:
            continue
        seen.add(str(d.get("id")))
        # The same moment (a fixed clock, one command's entries): the later stamp first.
        out.append((str(d.get("at", "")), str(d.get("_c", "")), _line(board, d, lang)))
    out.sort(key=lambda x: (x[0], x[1]), reverse=True)
    return [x for _at, _stamp, x in out], problem


def _line(board: Board, d: dict[str, Any], lang: str) -> LogLine:
    from dutyboard.i18n import CATALOG, t
    from dutyboard.storage.clock import parse_moment
    from dutyboard.storage.records import device_of

    at = str(d.get("at", ""))
    moment = parse_moment(at)
    time = moment.in_timezone(board.tz).format("HH:mm:ss") if moment is not None else at
    action = str(d.get("action", ""))
    key = f"undo.action.{action}"
    device = device_of(str(d.get("_c", "")))
    return LogLine(
        id=str(d.get("id", "")),
        at=at,
        time=time,
        day=str(d.get("day", "")),
        who_id=d.get("who") if isinstance(d.get("who"), str) else None,
        who_name=str(d.get("who_name") or ""),
        action=action,
        action_name=t(key, lang) if key in CATALOG else action,
        table=str(d.get("table", "")),
        record=str(d.get("record", "")),
        label=_label(board, str(d.get("table", "")), str(d.get("record", ""))),
        device=device,
        this_laptop=device == board.store.clock.device,
        reason=str(d.get("reason") or ""),
        before=_fields(d.get("before")),
        after=_fields(d.get("after")),
    )


def _fields(value: object) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


def _label(board: Board, table: str, record: str) -> str:
    """The record in words, as far as the live board still knows it."""
    if table == "tasks":
        task = board.task(record)
        if task is not None:
            return task.code
    elif table == "volunteers":
        v = board.volunteer(record)
        if v is not None:
            return v.name
    elif table == "households":
        h = board.household(record)
        if h is not None:
            return h.address
    elif table == "assignments":
        a = board.assignment(record)
        v = board.volunteer(a.volunteer) if a is not None else None
        if v is not None:
            return v.name
    elif table == "meta":
        return ""
    return record[:8]


def log_scope(board: Board, viewer: Volunteer | None, wanted: str | None) -> Volunteer | None:
    """Whose changes ``viewer`` may list: a leader anyone's (``wanted``, or everyone's:
    None); a volunteer only their own; nobody named, nothing (refused)."""
    if viewer is None:
        raise refused("roles.log_need_as")
    person = acting(board, wanted)
    if viewer.is_leader:
        return person
    if person is not None and person.id != viewer.id:
        require_leader(board, viewer, "log_all")
    return viewer


def names(people: Iterable[str], limit: int = 3) -> str:
    """'张三, 李四, 王五 +2': a few names for one line."""
    listed = list(people)
    head = ", ".join(listed[:limit])
    return head + (f" +{len(listed) - limit}" if len(listed) > limit else "")
