"""Who sees whose phone number: the one rule every screen, list and command uses.

A phone is shown in full or masked (``138****5678``: enough to tell people apart,
not enough to call them). ``PhoneView(board, viewer)`` decides for one viewer on the
board's day; ``viewer`` is who is at the keyboard (the app's user, the command line's
``--as``), or None when nobody is named.

Volunteers' phones:

* nobody named (the command line without ``--as``, the app before someone picks
  themselves): every number masked, as a volunteer sees it;
* a leader: every number in full;
* a volunteer: their own in full, and in full for each person on a slot with them on
  the board's day (the same slot, whatever either's status: arrived, late, no-show or
  left; a no-show is exactly whom a slot-mate calls); everyone else masked. A slot
  tomorrow does not count: numbers open up on the day.

Households' phones (the issue is silent; decided here, for the README):

* a leader: in full;
* a member of the care group: in full for households on the care register (the
  elderly-alone ones and those put on it): calling them is that group's work;
* the carrier of an open task for the household on the board's day (a delivery, a
  parcel): in full, to ring at the door or when nobody opens;
* everyone else, and nobody named: masked.

Exports keep their own switch (``--show-phones``, leaders only): they leave the board.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dutyboard.core.model import mask_phone  # noqa: F401 - the one masking rule, named here too

if TYPE_CHECKING:
    import pendulum

    from dutyboard.core.board import Board
    from dutyboard.core.model import Household, Volunteer
    from dutyboard.views.household_page import HouseholdPage

CARE_GROUP = "care"  # the group that calls the households on the care register


def shown_digits(shown: str) -> list[str]:
    """The runs of digits a shown phone holds ("138****5678" -> ["138", "5678"]): what
    typed digits may match, so a search never finds what the screen hides."""
    runs, run = [], ""
    for ch in shown:
        if ch.isdigit():
            run += ch
        elif run:
            runs.append(run)
            run = ""
    return [*runs, run] if run else runs


def digits_match(typed: str, shown: str) -> bool:
    """Typed digits (three or more) found in one run of the shown phone's digits."""
    digits = "".join(ch for ch in typed if ch.isdigit())
    return len(digits) >= 3 and any(digits in run for run in shown_digits(shown))


class PhoneView:
    """Phones as ``viewer`` may see them on ``day`` (default: the board's day)."""

    def __init__(
        self, board: Board, viewer: Volunteer | None, day: pendulum.Date | None = None
    ) -> None:
        self.board = board
        # The record as the board holds it now: a role changed since the app started
        # (or a copy merged in) counts at once.
        self.viewer = (board.volunteer(viewer.id) or viewer) if viewer is not None else None
        self.day = day or board.today
        self._mates: frozenset[str] | None = None
        self._households: frozenset[str] | None = None

    @property
    def leader(self) -> bool:
        return self.viewer is not None and self.viewer.is_leader

    # ------------------------------------------------------------ volunteers

    def slot_mates(self) -> frozenset[str]:
        """The viewer and everyone on a slot with them on the day (volunteer ids)."""
        if self._mates is None:
            mates: set[str] = set()
            viewer = self.viewer
            if viewer is not None:
                for slot in self.board.slots(self.day):
                    people = {a.volunteer for a in self.board.assignments(slot.id)}
                    if viewer.id in people:
                        mates |= people
                mates.add(viewer.id)
            self._mates = frozenset(mates)
        return self._mates

    def sees_person(self, volunteer_id: str) -> bool:
        if self.viewer is None:
            return False
        return self.viewer.is_leader or volunteer_id in self.slot_mates()

    def person(self, volunteer_id: str, phone: str) -> str:
        """A volunteer's phone as the viewer may see it."""
        return phone if self.sees_person(volunteer_id) else mask_phone(phone)

    def of(self, volunteer: Volunteer) -> str:
        return self.person(volunteer.id, volunteer.phone)

    # ------------------------------------------------------------ households

    def households_in_full(self) -> frozenset[str]:
        """Household ids whose phone a volunteer viewer sees in full (see above)."""
        if self._households is None:
            viewer = self.viewer
            ids: set[str] = set()
            if viewer is not None and not viewer.is_leader:
                for task in self.board.tasks(self.day, status="open"):
                    if task.household and task.carrier == viewer.id:
                        ids.add(task.household)
                if CARE_GROUP in viewer.groups:
                    from dutyboard.groups import care

                    ids |= {e.household.id for e in care.register(self.board)}
            self._households = frozenset(ids)
        return self._households

    def sees_household(self, household_id: str) -> bool:
        if self.viewer is None:
            return False
        return self.viewer.is_leader or household_id in self.households_in_full()

    def household(self, household: Household) -> str:
        """A household's phone as the viewer may see it."""
        if not household.phone or self.sees_household(household.id):
            return household.phone
        return mask_phone(household.phone)

    def household_record(self, household: Household) -> Household:
        """The household with its phone as the viewer may see it."""
        return household._replace(phone=self.household(household))


def page_phones(page: HouseholdPage, board: Board, viewer: Volunteer | None) -> HouseholdPage:
    """The household page (dutyboard/views/household_page.py) with the household's phone as
    ``viewer`` may see it, wherever the page holds the household."""
    import dataclasses

    phones = PhoneView(board, viewer)
    register = page.register
    if register is not None:
        register = dataclasses.replace(
            register, household=phones.household_record(register.household)
        )
    return dataclasses.replace(
        page, household=phones.household_record(page.household), register=register
    )
