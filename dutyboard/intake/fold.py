"""Fold chat text into one spelling while remembering where each character came from.

Pasted 接龙 text mixes full-width digits and dashes (``５－２－３０２``), ideographic
spaces, zero-width characters and direction marks copied from chat apps. The parsers
match their patterns on the folded text and report spans in the text as pasted, so a
screen can highlight the address the user wrote.
"""

import unicodedata

from dutyboard.intake.cell_text import DASHES

# Characters whose folded form is not exactly one character (dropped or expanded):
# only texts holding one of these need a position map.
_UNEVEN: set[str] = set()
_INVISIBLE = frozenset({"Cf", "Cc"})


class _FoldTable(dict[int, str]):
    """str.translate table filled on first sight of each character: NFKC, one kind of
    dash, invisible characters dropped (tab and newlines kept)."""

    def __missing__(self, codepoint: int) -> str:
        char = chr(codepoint)
        if char in "\t\n\r":
            folded = char
        elif unicodedata.category(char) in _INVISIBLE:
            folded = ""
        else:
            folded = unicodedata.normalize("NFKC", char).translate(DASHES)
        if len(folded) != 1:
            _UNEVEN.add(char)
        self[codepoint] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """``text`` with full-width forms made half-width (NFKC), dashes unified and
    invisible characters dropped."""
    return text.translate(_TABLE)


class Folded:
    """A folded text and the way back to positions in the source text."""

    __slots__ = ("source", "text", "_starts", "_ends")

    def __init__(self, source: str) -> None:
        self.source = source
        self.text = source.translate(_TABLE)
        self._starts: list[int] | None = None
        self._ends: list[int] | None = None
        if len(self.text) != len(source) or not _UNEVEN.isdisjoint(source):
            starts: list[int] = []
            ends: list[int] = []
            for index, char in enumerate(source):
                for _ in _TABLE[ord(char)]:
                    starts.append(index)
                    ends.append(index + 1)
            self._starts, self._ends = starts, ends

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of the folded span ``[start, end)``."""
        if self._starts is None or self._ends is None:
            return start, end
        if end <= start:
            at = self._starts[start] if start < len(self._starts) else len(self.source)
            return at, at
        return self._starts[start], self._ends[end - 1]
