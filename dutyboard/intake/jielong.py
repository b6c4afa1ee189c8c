"""A pasted WeChat 群接龙 post: the list of who ordered what, as copied from the chat.

The shape (see /work/shared/INTAKE.md): a first line with ``#接龙`` (``#Group Note``),
topic lines, maybe an example line starting ``例``, then numbered entries ``N. 昵称
text`` whose continuation lines carry no number. A chat holds many copies of the list
(every join re-posts it) and replies quote it above a ``- - - - - -`` separator, so a
paste is read as several copies: the same household's last entry wins, ``取消`` cancels,
and quoted copies count only when the paste holds nothing else.

Which numbered lines are entries: in a copy that starts with a header, those after the
last ``例`` line, else those from the last line numbered 1 (so a numbered topic, ``1.
青菜 2. 土豆``, is not read as orders); without a header, every numbered line.
"""

import re
from collections.abc import Iterable
from types import MappingProxyType
from typing import NamedTuple

from dutyboard.intake.address import AddressBook, address_problem
from dutyboard.intake.cell_text import cell_str
from dutyboard.intake.cell_values import normalise_phone
from dutyboard.intake.fold import Folded, fold
from dutyboard.intake.quantity import UNITS, parse_quantity
from dutyboard.intake.records import OrderEntry, ParsedOrders, Problem

NO_ENTRIES = "intake.no_entries"
BAD_QUANTITY = "intake.bad_quantity"
NOTE_OTHER_ADDRESS = "intake.note_other_address"

_LINE_BREAK_RE = re.compile(r"\r\n|[\r\n\u2028\u2029]")
_HEADER_RE = re.compile(r"#\s*接龙|#\s*group\s*note", re.IGNORECASE)
_SEPARATOR_RE = re.compile(r"\s*(?:-\s*){4,}")
_EXAMPLE_RE = re.compile(r"\s*「?\s*(?:例|example\b|e\.g\.)", re.IGNORECASE)
_ENTRY_RE = re.compile(r"\s*(?P<number>\d{1,4})\s*(?P<mark>[.、,。)])\s*")
# "2.5斤" or "2022.4.26" at the start of a line is not entry 2 or 2022.
_DECIMAL_RE = re.compile(rf"\d+(?:\.\d|\s*(?:{UNITS})|$)")
_MOBILE_RE = re.compile(r"(?<!\d)(?:(?:\+|00)?86[\s-]?)?1\d{2}[\s-]?\d{4}[\s-]?\d{4}(?!\d)")
_NAME_EDGE = " \t,，、;；:：.。!！~～-|/"

_BLANK, _HEADER, _SEPARATOR, _EXAMPLE, _ENTRY, _TEXT = range(6)


class _Line(NamedTuple):
    kind: int
    number: int  # of an entry line
    body_start: int  # in the source line: where the entry's text starts


class _Entry(NamedTuple):
    at: int  # 0-based line of the numbered line
    lines: tuple[str, ...]  # source lines: the numbered one, then continuations
    body: str  # the numbered line without its number
    more: tuple[str, ...]  # the continuation lines
    quoted: bool


class _Outcome(NamedTuple):
    household: str | None
    order: OrderEntry | None
    problems: tuple[Problem, ...]
    key: str  # the entry's text without its number, to drop repeats of a copy


def split_lines(text: str) -> list[str]:
    """The lines of a paste as an editor numbers them (a final newline ends a line)."""
    lines = _LINE_BREAK_RE.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def _classify(line: str) -> _Line:
    folded = fold(line)
    if not folded.strip():
        return _Line(_BLANK, 0, 0)
    if _HEADER_RE.search(folded):
        return _Line(_HEADER, 0, 0)
    if _SEPARATOR_RE.fullmatch(folded):
        return _Line(_SEPARATOR, 0, 0)
    if _EXAMPLE_RE.match(folded):
        return _Line(_EXAMPLE, 0, 0)
    match = _ENTRY_RE.match(folded)
    if match is None:
        return _Line(_TEXT, 0, 0)
    glued = match.group("mark") == "." and match.end() == match.end("mark")
    if glued and _DECIMAL_RE.match(folded, match.end()):
        return _Line(_TEXT, 0, 0)
    body_start = Folded(line).span(0, match.end())[1] if match.end() else 0
    return _Line(_ENTRY, int(match.group("number")), body_start)


def _quoted(lines: list[str], kinds: list[_Line]) -> set[int]:
    """Lines inside a quoted copy: from 「 to 」, or above a ``- - -`` separator back to
    the 「 or header that starts the quote."""
    quoted: set[int] = set()
    open_at: int | None = None
    boundary = 0  # first line after the previous separator
    for index, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        stripped = fold(line).strip()
        if kind.kind == _SEPARATOR:
            start = open_at
            if start is None:
                headers = [i for i in range(boundary, index) if kinds[i].kind == _HEADER]
                start = headers[-1] if headers else None
            if start is not None:
                quoted.update(range(start, index))
            open_at, boundary = None, index + 1
            continue
        if stripped.startswith("「") and open_at is None:
            open_at = index
        if open_at is not None and stripped.endswith("」"):
            quoted.update(range(open_at, index + 1))
            open_at = None
    return quoted


def _entries(lines: list[str], kinds: list[_Line]) -> list[_Entry]:
    """Entries of every copy: a copy runs from a header, or from a separator, to the next
    header or separator."""
    quoted = _quoted(lines, kinds)
    bounds: list[tuple[int, int]] = []
    start = 0
    for index, kind in enumerate(kinds):
        if kind.kind in (_HEADER, _SEPARATOR):
            if index > start:
                bounds.append((start, index))
            start = index if kind.kind == _HEADER else index + 1
    if start < len(lines):
        bounds.append((start, len(lines)))
    entries: list[_Entry] = []
    for first, end in bounds:
        entries.extend(_segment_entries(lines, kinds, quoted, first, end))
    return entries


def _segment_entries(
    lines: list[str], kinds: list[_Line], quoted: set[int], start: int, end: int
) -> Iterable[_Entry]:
    examples = [i for i in range(start, end) if kinds[i].kind == _EXAMPLE]
    if examples:
        start = examples[-1] + 1
    elif kinds[start].kind == _HEADER:
        firsts = [i for i in range(start, end) if kinds[i].kind == _ENTRY and kinds[i].number == 1]
        if firsts:
            start = firsts[-1]
    index = start
    while index < end:
        kind = kinds[index]
        if kind.kind != _ENTRY:
            index += 1
            continue
        following = index + 1
        while following < end and kinds[following].kind == _TEXT:
            following += 1
        is_quoted = index in quoted
        body = lines[index][kind.body_start :]
        more = list(lines[index + 1 : following])
        if is_quoted:  # the closing 」 of the quote is not part of the entry
            if more:
                more[-1] = more[-1].rstrip().removesuffix("」")
            else:
                body = body.rstrip().removesuffix("」")
        yield _Entry(index, tuple(lines[index:following]), body, tuple(more), is_quoted)
        index = following


def _name(before: str, rest: str) -> str:
    name = cell_str(before).strip(_NAME_EDGE)
    if name:
        return name
    words = cell_str(rest).strip(_NAME_EDGE).split()
    return words[0].strip(_NAME_EDGE) if words else ""


def _phone(text: str) -> str:
    match = _MOBILE_RE.search(fold(text))
    if match is None:
        return ""
    try:
        return normalise_phone(match.group())
    except ValueError:
        return ""


def _parse_entry(entry: _Entry, book: AddressBook) -> _Outcome:
    line = entry.at + 1
    raw = "\n".join(entry.lines)
    notes = [note for note in map(cell_str, entry.more) if note]
    key = " ".join(fold(" ".join((entry.body, *entry.more))).split())
    search = entry.body
    resolved, elsewhere = book.find_with_other(search)
    if resolved.reason == "intake.no_address" and notes:
        search = "\n".join((entry.body, *entry.more))
        resolved, elsewhere = book.find_with_other(search)
    if resolved.household is None or resolved.span is None:
        return _Outcome(None, None, (address_problem(line, raw, resolved),), key)
    start, end = resolved.span
    before = search[:start].rsplit("\n", 1)[-1]
    after = search[end:].split("\n", 1)[0]
    quantity = parse_quantity(fold(after))
    if not quantity.written and quantity.bad is None:
        earlier = parse_quantity(fold(before), lone_number=False)
        if earlier.written or earlier.bad is not None:
            quantity = earlier._replace(rest=quantity.rest)
    cancelled = "取消" in fold(raw)
    problems: list[Problem] = []
    if quantity.bad is not None and not cancelled:
        fields = MappingProxyType({"text": quantity.bad})
        problems.append(Problem(line, raw, BAD_QUANTITY, fields))
        return _Outcome(resolved.household, None, tuple(problems), key)
    if elsewhere is None and search == entry.body and notes:
        elsewhere = book.other_address("\n".join(entry.more), resolved)
    if elsewhere is not None:
        fields = MappingProxyType({"address": elsewhere})
        problems.append(Problem(line, raw, NOTE_OTHER_ADDRESS, fields))
    order = OrderEntry(
        line=line,
        raw=raw,
        name=_name(before, quantity.rest),
        household=resolved.household,
        address=resolved.address,
        building=resolved.building or 0,
        items=() if cancelled else quantity.items,
        quantity_text=quantity.text,
        note="\n".join(notes),
        cancelled=cancelled,
        phone=_phone(raw),
    )
    return _Outcome(resolved.household, order, tuple(problems), key)


def parse_jielong(text: str, book: AddressBook, encoding: str = "") -> ParsedOrders:
    """The orders of a pasted 群接龙 post: one per household (its last entry), and a
    problem for every entry that could not be taken (with its line and raw text)."""
    lines = split_lines(text)
    kinds = [_classify(line) for line in lines]
    entries = _entries(lines, kinds)
    if any(not e.quoted for e in entries):
        entries = [e for e in entries if not e.quoted]
    if not entries:
        nothing = Problem(1, lines[0], NO_ENTRIES)
        return ParsedOrders("jielong", (), (nothing,), encoding, len(lines))
    last: dict[str, _Outcome] = {}  # by household, in order of first appearance
    loose: dict[tuple[str, str], Problem] = {}  # problems with no household, repeats dropped
    for entry in entries:
        outcome = _parse_entry(entry, book)
        if outcome.household is not None:
            last[outcome.household] = outcome
            continue
        for problem in outcome.problems:
            loose.pop((problem.reason, outcome.key), None)
            loose[(problem.reason, outcome.key)] = problem
    orders = tuple(o.order for o in last.values() if o.order is not None)
    problems = [p for o in last.values() for p in o.problems] + list(loose.values())
    problems.sort(key=lambda p: p.line)
    return ParsedOrders("jielong", orders, tuple(problems), encoding, len(lines))
