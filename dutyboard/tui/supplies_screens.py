"""The dialogs of the Supplies tab: a new offer, its papers, reject or cancel with a
reason, the count at the gate, the release with a carrier per building, taking in
orders (a pasted 接龙 post or an order export) and the per-building lists.

Dialogs only collect input and check what they can say at once (an item written
wrong, a cut-off that is not a time); the change runs in the app's saver through
dutyboard.groups.supplies, which checks it again and writes its audit entry. Everything
people typed is shown as text (rich ``Text``), never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from dutyboard.groups.supplies import gate, offers
from dutyboard.groups.supplies.offers import get_offer
from dutyboard.i18n import t
from dutyboard.storage.errors import Refused, refused
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.safe_text import safe
from dutyboard.views.supplies import OfferRow

if TYPE_CHECKING:
    from dutyboard.core.board import Board
    from dutyboard.core.model import Volunteer
    from dutyboard.groups.supplies.offers import Offer
    from dutyboard.tui.app import DutyboardApp

R = TypeVar("R")
CANCEL = Binding("escape", "cancel", "Cancel", id="supplies.dlg.cancel")


# ---------------------------------------------------------------- running a change


def fresh_offer(board: Board, offer_id: str) -> Offer:
    """The offer as the file holds it now (in the saver, under the board's lock)."""
    offer = get_offer(board, offer_id)
    if offer is None:
        raise refused("refused.offer_unknown", ref=offer_id)
    return offer


def submit(
    app: DutyboardApp,
    run: Callable[[], R],
    done: Callable[[R], None] | None = None,
) -> None:
    """``app.submit`` for the supplies keys: a refusal comes back as one toast in the
    UI language, shown as text (it may quote a title someone typed); a failing save
    stays the saver's business (shown in the header and retried)."""

    def guarded() -> R | Refused:
        try:
            return run()
        except Refused as exc:
            return exc

    def finished(result: R | Refused) -> None:
        if isinstance(result, Refused):
            app.notify(
                result.text(app.lang),
                title=t("err.refused", app.lang),
                severity="warning",
                markup=False,
            )
        elif done is not None:
            done(result)

    app.submit(guarded, finished)


def _offer_step(
    app: DutyboardApp,
    row: OfferRow,
    who: Volunteer | None,
    step: Callable[[Board, Offer, Volunteer], Offer],
    done_key: str,
    **extra: Callable[[Board, Offer], object],
) -> None:
    """Run one step of an offer (approve, arrived, sprayed) on the offer as the board
    holds it when the saver gets to it; a toast says what was done."""
    if who is None:
        return
    board = app.board

    def done(offer: Offer) -> None:
        fields = {name: value(board, offer) for name, value in extra.items()}
        app.notify(
            t(done_key, app.lang, code=offer.code, title=offer.title, **fields), markup=False
        )

    submit(app, lambda: step(board, fresh_offer(board, row.id), who), done)


def _at_the_gate(app: DutyboardApp) -> Volunteer | None:
    """Whoever is at the keyboard (anyone at the gate may record it)."""
    if app.who is None:
        app.bell()
    return app.who


def approve_flow(app: DutyboardApp, row: OfferRow) -> None:
    """a (leaders): approve a draft; the core refuses it while a required paper is
    missing or out of date, and says how many."""
    _offer_step(app, row, app.leader(), offers.approve, "supplies.done.approved")


def arrive_flow(app: DutyboardApp, row: OfferRow) -> None:
    """g: the goods are at the gate."""
    _offer_step(app, row, _at_the_gate(app), gate.arrive, "supplies.done.arrived")


def spray_flow(app: DutyboardApp, row: OfferRow) -> None:
    """s: sprayed; the rest starts now (the toast says for how long)."""
    _offer_step(app, row, _at_the_gate(app), gate.spray, "supplies.done.sprayed", n=gate.rest_left)


def offer_now(app: DutyboardApp, row: OfferRow) -> Offer | None:
    """The offer as the board holds it now, for a dialog about to open; None (and a
    toast) if it is gone (undone, or removed on another laptop)."""
    with app.board.lock:
        offer = get_offer(app.board, row.id)
    if offer is None:
        app.notify(
            t("refused.offer_unknown", app.lang, ref=row.code),
            title=t("err.refused", app.lang),
            severity="warning",
            markup=False,
        )
    return offer


def heading(key: str, lang: str, row: OfferRow | None = None, **fields: object) -> Text:
    """A dialog title naming the offer: the words in bold, its code, its title as text."""
    text = Text(t(key, lang, **fields), "bold")
    if row is not None:
        text.append(f"  {row.code} ", "dim")
        text.append(row.title, "bold")
    return text


def show_problem(static: Static, message: str | Text) -> None:
    static.update(safe(message))
    static.set_class(bool(str(message)), "-shown")


class SuppliesDialog(ModalScreen[Any]):
    """What the dialogs share: Esc closes without doing anything; marks styled in
    supplies.tcss."""

    BINDINGS = [CANCEL]
    COMPONENT_CLASSES = {"supplies-dlg--warn", "supplies-dlg--ok", "supplies-dlg--muted"}

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        localise_bindings(self, lang)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, ".dlg-cancel")
    def _cancel_pressed(self) -> None:
        self.dismiss(None)

    def mark(self, name: str) -> Style:
        """A style of supplies.tcss (``SuppliesDialog > .supplies-dlg--NAME``)."""
        return self.get_component_rich_style(f"supplies-dlg--{name}", partial=True)

    def buttons(self, ok_key: str, ok_id: str) -> Horizontal:
        return Horizontal(
            Button(t(ok_key, self.lang), variant="primary", id=ok_id),
            Button(t("supplies.dlg.back", self.lang), classes="dlg-cancel"),
            classes="dialog-buttons",
        )


# ---------------------------------------------------------------- a new offer
