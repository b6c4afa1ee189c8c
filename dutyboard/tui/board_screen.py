"""The app's main screen: Textual's own, less a redundant relayout and restyle at start.

At start Textual hands the screen the terminal's size up to three times (from the
driver, on the app's first idle, and its first layout). When the first frame takes a
while to build, as ours does and a one-line app's does not, those arrive after it is
drawn and each lays out and repaints the whole screen again at the same size: two
wasted frames before the board takes keys. A resize to the size the screen already
was last laid out at is dropped here (``prevent_default`` keeps Screen's handler from
running). The screen's own ``size`` follows the app's at once, so the size it was laid
out at is the compositor's (textual is pinned in pyproject.toml; a test covers this).
This screen is the bottom of the stack, so no screen behind it waits on the event.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen


class BoardScreen(Screen[None]):
    def on_resize(self, event: events.Resize) -> None:
        laid_out = self._compositor.size
        if event.size == laid_out and laid_out.area:
            event.prevent_default()

    _resumed = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Shown for the first time: every widget was styled as it was mounted, a
        # moment ago, and each change since restyled what it touched. Textual would
        # restyle them all again before the first frame (about 4 ms at seed scale,
        # component classes and all); later resumes still do.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False
