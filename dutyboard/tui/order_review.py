"""The order review: what taking in a 接龙 post or an order export would write, before
anything is written.

It names the batch (or says a new draft offer will be made), counts households and
units, new, changed, cancelled, unchanged and kept orders, lists the orders building
by building with what changes marked, and lists every problem with its line, the text
as written and the reason (with the addresses it could mean). Confirm writes the good
orders (the caller runs ``supplies.orders.apply_review`` in the app's saver); Cancel,
which has the focus, goes back to the intake dialog and writes nothing.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Label, Static

from dutyboard.i18n import cells, t
from dutyboard.tui.key_words import localise_bindings
from dutyboard.tui.safe_text import SafeTable, safe
from dutyboard.views.supplies import ReviewLine, ReviewView, joined, one_line

COLUMNS = ("building", "change", "address", "name", "items", "written", "line", "note")
CAPS = {"name": 12, "items": 40, "written": 8}  # longer text is cut (the raw line is kept)
NOTE_MIN = 8
ITEMS_MIN = 12


class OrderReviewScreen(ModalScreen[bool]):
    """Dismisses with True (Confirm: write the good orders) or False (Cancel)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="supplies.review.cancel")]
    COMPONENT_CLASSES = {
        "review--added",
        "review--changed",
        "review--cancelled",
        "review--unchanged",
        "review--building",
        "review--problem",
        "review--muted",
    }

    def __init__(self, view: ReviewView, lang: str) -> None:
        super().__init__()
        self.view, self.lang = view, lang
        localise_bindings(self, lang)

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="review-dialog"):
            yield Static(id="review-title", classes="dialog-title")
            yield Static(id="review-counts")
            yield SafeTable(id="review-orders", cursor_type="row", zebra_stripes=True)
            yield Static(id="review-problems-title")
            with VerticalScroll(id="review-problems-box"):
                yield Static(id="review-problems")
            with Horizontal(classes="dialog-buttons"):
                ok = Button(t("supplies.review.ok", lang), variant="primary", id="review-ok")
                ok.disabled = not self.view.can_confirm
                yield ok
                yield Button(t("supplies.review.back", lang), id="review-cancel")
            yield Label(t("supplies.review.hint", lang), classes="dialog-hint", id="review-hint")

    def style(self, name: str) -> Style:
        return self.get_component_rich_style(f"review--{name}", partial=True)

    def on_mount(self) -> None:
        view, lang = self.view, self.lang
        title = Text(t("supplies.review.title", lang) + "  ", "bold")
        if view.new_offer:
            title.append(t("supplies.review.new_offer", lang) + " ", self.style("changed"))
        else:
            title.append(view.code + " ", self.style("muted"))
        title.append(view.batch, "bold")
        title.append("  " + t(f"supplies.review.source.{view.source}", lang), self.style("muted"))
        self.query_one("#review-title", Static).update(safe(title))
        self.query_one("#review-counts", Static).update(safe(self.counts_text()))
        self._fill_table()
        self.query_one("#review-problems-title", Static).update(safe(self.problems_title()))
        self.query_one("#review-problems", Static).update(safe(self.problems_text()))
        self.set_class(not view.problems, "-no-problems")
        self.query_one("#review-cancel", Button).focus()

    def counts_text(self) -> Text:
        view, lang = self.view, self.lang
        text = Text(t("supplies.review.total", lang, households=view.households, units=view.units))
        for kind, n in (
            ("added", view.added),
            ("changed", view.changed),
            ("cancelled", view.cancelled),
            ("unchanged", view.unchanged),
        ):
            text.append(" · ")
            text.append(t(f"supplies.review.n.{kind}", lang, n=n), self.style(kind) if n else "")
        text.append(" · " + t("supplies.review.n.kept", lang, n=view.kept))
        if view.problems:
            text.append(" · ")
            text.append(
                t("supplies.review.n.problems", lang, n=len(view.problems)), self.style("problem")
            )
        if not view.can_confirm:
            text.append("\n" + t("supplies.review.nothing", lang), self.style("muted"))
        return text

    def _fill_table(self) -> None:
        lang = self.lang
        table = self.query_one("#review-orders", DataTable)
        rows: list[tuple[str, list[Text]]] = []
        for building, lines in self.view.buildings:
            name = t("supplies.review.building", lang, n=building)
            for n, line in enumerate(lines):
                head = Text(name if n == 0 else "", self.style("building"))
                rows.append((f"b{building}-{n}", [head, *self.cells(line)]))
        for key, width in self._widths([row for _, row in rows]):
            table.add_column(t(f"supplies.review.col.{key}", lang), key=key, width=width)
        for key, row in rows:
            table.add_row(*row, key=key)
        table.display = bool(rows)

    def _widths(self, rows: list[list[Text]]) -> list[tuple[str, int]]:
        """Each column as wide as its heading and cells (some capped); the note gets
        what is left of the screen."""
        need = {k: cells(t(f"supplies.review.col.{k}", self.lang)) for k in COLUMNS}
        for row in rows:
            for key, cell in zip(COLUMNS, row, strict=True):
                need[key] = max(need[key], cell.cell_len)
        for key, cap in CAPS.items():
            need[key] = min(need[key], cap)
        # The dialog's border and padding, the scroll bar, two cells of padding a column.
        room = self.app.size.width - 6 - 2 * len(COLUMNS)
        rest = room - sum(w for k, w in need.items() if k != "note")
        keep = min(need["note"], NOTE_MIN)  # the note's room, if there are notes
        if rest < keep:  # a narrow screen: the items give way first (cut, not wrapped)
            need["items"] = max(ITEMS_MIN, need["items"] - (keep - rest))
            rest = room - sum(w for k, w in need.items() if k != "note")
        need["note"] = max(keep, min(need["note"], rest))
        return [(k, need[k]) for k in COLUMNS]

    def cells(self, line: ReviewLine) -> list[Text]:
        lang = self.lang
        style = self.style(line.kind)
        items = Text(line.items)
        if line.before:  # changed or cancelled: what the batch had
            items.append(
                " " + t("supplies.review.before", lang, items=line.before), self.style("muted")
            )
        return [
            Text(t(f"supplies.review.kind.{line.kind}", lang), style),
            Text(line.address, style if line.kind == "cancelled" else ""),
            Text(line.name),
            items,
            Text(line.quantity_text, self.style("muted")),
            Text(str(line.line), self.style("muted")),
            Text(line.note),
        ]

    def problems_title(self) -> Text:
        view, lang = self.view, self.lang
        if not view.problems:
            return Text(t("supplies.review.no_problems", lang), self.style("added"))
        return Text(
            t("supplies.review.problems", lang, n=len(view.problems)), self.style("problem")
        )

    def problems_text(self) -> Text:
        lang = self.lang
        text = Text()
        for n, p in enumerate(self.view.problems):
            if n:
                text.append("\n")
            text.append(t("supplies.review.line", lang, n=p.line) + "  ", self.style("problem"))
            text.append(one_line(p.text))
            text.append("\n    → " + p.reason)
            if p.candidates:
                text.append(
                    "\n    " + t("supplies.review.candidates", lang) + " ", self.style("muted")
                )
                text.append(joined(p.candidates, lang))
        return text

    @on(Button.Pressed, "#review-ok")
    def confirm(self) -> None:
        if self.view.can_confirm:
            self.dismiss(True)
        else:
            self.app.bell()

    @on(Button.Pressed, "#review-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
