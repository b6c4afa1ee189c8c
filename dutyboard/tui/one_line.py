"""A widget that draws one line of Rich text straight to a strip (Textual's line API).

The header, the tab bar and the key bar each draw one line of styled text. Going
through Textual's general content pipeline cost about a millisecond apiece before the
first frame; ``render`` stays the widgets' one description of what they show (tests
read it), and this turns it into the line.
"""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget


class OneLine(Widget):
    def render(self) -> Text:  # overridden: what the line shows
        return Text()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y or width <= 0:
            return Strip.blank(width, base)
        text = self.render()
        text.truncate(width, overflow="ellipsis")
        console = self.app.console
        style = base + console.get_style(text.style) if text.style else base
        segments = Segment.apply_style(list(text.render(console)), style)
        return Strip(segments).crop_extend(0, width, base)
