"""What reading a sign-up sheet or a household list returns: the rows it understood,
each problem with its line, and the file's encoding."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class VolunteerRow:
    lines: tuple[int, ...]
    name: str
    phone: str
    building: int | None
    room: str
    party_member: bool
    groups: tuple[str, ...]
    availability: str
    role: str
    note: str
    # The fields the sheet gave a value (a re-import changes only these: imports.py).
    given: frozenset[str] = field(default=frozenset(), compare=False)


@dataclass(frozen=True)
class HouseholdRow:
    line: int
    building: int
    unit: int
    room: str
    residents: int
    elderly_alone: bool
    phone: str
    note: str
    given: frozenset[str] = field(default=frozenset(), compare=False)  # as VolunteerRow's

    @property
    def address(self) -> str:
        return f"{self.building}-{self.unit}-{self.room}"


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


@dataclass
class ParseResult(Generic[T]):
    rows: list[T]
    problems: list[RowProblem]
    encoding: str
    ignored_columns: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems
