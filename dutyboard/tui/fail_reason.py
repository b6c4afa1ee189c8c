"""Why a delivery failed: pick one of a short list, or type another reason.

Dismisses with the chosen reason's key (``"nobody_home"``), the words typed in, or
None when cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from dutyboard.i18n import t
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.safe_text import plain, typed
from dutyboard.views.deliveries import Reason


class FailReason(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="tasks.key.cancel"),
        *(Binding(str(n), f"pick({n})", show=False) for n in range(1, 10)),
    ]

    def __init__(self, reasons: Sequence[Reason], lang: str, address: str = "") -> None:
        super().__init__()
        self.reasons = tuple(reasons)
        self.lang = lang
        self.address = address
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with Vertical(id="fail-dialog"):
            yield Label(
                plain(t("tasks.fail.title", self.lang, address=self.address)), id="fail-title"
            )
            yield OptionList(
                *(
                    Option(plain(f"{i}  {r.label}"), id=r.key)
                    for i, r in enumerate(self.reasons, 1)
                ),
                id="fail-reasons",
            )
            yield Input(placeholder=t("tasks.fail.other", self.lang), id="fail-other")
            yield Label(t("tasks.fail.hint", self.lang), id="fail-hint")

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        text = typed(event.value)
        if text:
            self.dismiss(text)
        else:
            self.app.bell()

    def action_pick(self, n: int) -> None:
        """A number key picks that reason (the list shows the numbers)."""
        if 1 <= n <= len(self.reasons):
            self.dismiss(self.reasons[n - 1].key)

    def action_cancel(self) -> None:
        self.dismiss(None)
