"""The app's main screen: Textual's own, less a redundant relayout at start.

At start Textual hands the screen the terminal's size up to three times (from the
driver, on the app's first idle, and its first layout). When the first frame takes a
while to build, as ours does and a one-line app's does not, those arrive after it is
drawn and each lays out and repaints the whole screen again at the same size: two
wasted frames before the board takes keys. A resize to the size the screen already
was last laid out at is dropped here (``prevent_default`` keeps Screen's handler from
running). The screen's own ``size`` follows the app's at once, so the size it was laid
out at is the compositor's (tui/_compat.py; a test covers this).
This screen is the bottom of the stack, so no screen behind it waits on the event.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen

from dutyboard.tui._compat import laid_out_size


class BoardScreen(Screen[None]):
    def on_resize(self, event: events.Resize) -> None:
        laid_out = laid_out_size(self)
        if event.size == laid_out and laid_out.area:
            event.prevent_default()
