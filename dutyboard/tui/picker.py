"""Pick one person from a list: type to filter (name or phone), arrows, Enter.

Used to ask who is at the keyboard (leaders first, last user pre-selected) and for
the free-now bench when a leader fills a short slot (fewest hours today first).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from dutyboard.groups.privacy import PhoneView, digits_match
from dutyboard.i18n import t
from dutyboard.storage import device
from dutyboard.tui.safe_text import plain, safe_rich

if TYPE_CHECKING:
    from dutyboard.core.board import Board
    from dutyboard.tui.board_app import BoardApp


@dataclass(frozen=True)
class PickChoice:
    id: str
    name: str
    phone: str = ""
    detail: str = ""  # e.g. 组长 · 快递组, or 今日 4 小时

    def matches(self, text: str) -> bool:
        q = text.strip().lower()
        if not q:
            return True
        # ``phone`` is the number as shown (masked or not): typed digits match only
        # what the screen shows, so typing guesses never finds a hidden number.
        return q in self.name.lower() or digits_match(q, self.phone)


class PickerList(OptionList):
    """The people; name and detail styles come from app.tcss."""

    COMPONENT_CLASSES = {"picker--name", "picker--detail"}


class PickerScreen(ModalScreen[str | None]):
    """Returns the chosen id, or None if cancelled (when ``cancellable``)."""

    BINDINGS = [
        Binding("escape", "cancel", "取消", id="key.cancel"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
    ]

    def __init__(
        self,
        title: str,
        choices: list[PickChoice],
        lang: str,
        *,
        preselect: str | None = None,
        cancellable: bool = True,
        empty_text: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.lang = lang
        self.preselect = preselect
        self.cancellable = cancellable
        self.empty_text = empty_text or t("picker.nobody", lang)
        self.shown: list[PickChoice] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-dialog", classes="dialog"):
            yield Label(plain(self.title_text), id="picker-title", classes="dialog-title")
            yield Input(placeholder=t("picker.filter", self.lang), id="picker-filter")
            yield PickerList(id="picker-list")
            hint = "picker.hint_cancel" if self.cancellable else "picker.hint"
            yield Label(t(hint, self.lang), id="picker-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one(Input).focus()

    def _fill(self, text: str) -> None:
        options = self.query_one(PickerList)
        options.clear_options()
        self.shown = [c for c in self.choices if c.matches(text)]
        if not self.shown:
            options.add_option(Option(plain(self.empty_text), disabled=True))
            return
        width = max(cell_len(c.name) for c in self.shown)
        options.add_options(Option(self._prompt(options, c, width), id=c.id) for c in self.shown)
        index = 0
        if not text and self.preselect:
            index = next((i for i, c in enumerate(self.shown) if c.id == self.preselect), 0)
        options.highlighted = index

    @staticmethod
    def _prompt(options: PickerList, choice: PickChoice, width: int) -> Text:
        """Name, phone and detail in columns (a Chinese character is two cells wide)."""
        name = options.get_component_rich_style("picker--name", partial=True)
        detail = options.get_component_rich_style("picker--detail", partial=True)
        line = Text(choice.name + " " * (width - cell_len(choice.name)), style=name)
        line.append(f"  {choice.phone:<11}")
        if choice.detail:
            line.append(f"  {choice.detail}", style=detail)
        return safe_rich(line)  # names are typed text: an ESC is shown, not sent

    @on(Input.Changed, "#picker-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#picker-filter")
    def _submit(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and self.shown:
            self.dismiss(self.shown[options.highlighted].id)

    @on(OptionList.OptionSelected, "#picker-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_cancel(self) -> None:
        if self.cancellable:
            self.dismiss(None)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self.cancellable
        return True


def who_picker(board: Board, lang: str, last: str | None = None) -> PickerScreen:
    """Who is at the keyboard: leaders first, the last user on this laptop pre-selected."""
    groups = {g.key: g.name(lang) for g in board.groups()}
    phones = PhoneView(board, None)  # nobody is known yet: every number masked
    choices = []
    for v in sorted(board.volunteers(), key=lambda v: (not v.is_leader, v.name)):
        detail = t("today.list_sep", lang).join(groups.get(g, g) for g in v.groups)
        if v.is_leader:
            detail = f"{t('role.leader', lang)} · {detail}"
        choices.append(PickChoice(v.id, v.name, phones.of(v), detail))
    return PickerScreen(t("picker.who", lang), choices, lang, preselect=last, cancellable=False)


def ask_who(app: BoardApp) -> None:
    """Ask who is at the keyboard (not skippable); an empty board says what to do."""
    board, lang = app.board, app.lang
    if not board.volunteers():
        app.notify(t("picker.no_people", lang), timeout=30)
        return
    last = device.load_settings().get(f"last_user:{board.store.board_id}")

    def chosen(volunteer_id: str | None) -> None:
        who = board.volunteer(volunteer_id) if volunteer_id else None
        if who is not None:
            app.set_who(who)

    app.push_screen(who_picker(board, lang, last), chosen)
