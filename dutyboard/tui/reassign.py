"""Leaders' dialogs: move a person to another slot, and accept warnings with a reason.

The screens only show what they are given: the targets (views.today.build_targets)
and a function that returns the rules' warnings for a slot. The app applies the
result through dutyboard.core.staffing, which checks everything again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from dutyboard.core import staffing
from dutyboard.core.model import Volunteer
from dutyboard.i18n import status_name, t
from dutyboard.tui.picker import PickChoice, PickerScreen
from dutyboard.tui.safe_text import plain, plain_lines, safe_rich, typed
from dutyboard.views.placement import (
    TargetGroup,
    build_bench,
    build_targets,
    placement_texts,
    slot_title,
)

if TYPE_CHECKING:
    from dutyboard.tui.app import DutyboardApp


@dataclass(frozen=True)
class Placement:
    """Where to and, when the rules warned, the leader's reason to go ahead."""

    slot_id: str
    reason: str = ""


def _warning_text(warnings: tuple[str, ...], lang: str) -> str:
    if not warnings:
        return t("reassign.no_warnings", lang)
    return "\n".join(["⚠ " + t("reassign.warnings", lang)] + [f"  • {w}" for w in warnings])


class ReassignScreen(ModalScreen[Placement | None]):
    """Choose a group (left) and a slot today or tomorrow (right); warnings show as
    you move; with warnings, confirming needs a reason."""

    BINDINGS = [Binding("escape", "cancel", "取消", id="key.cancel")]

    def __init__(
        self,
        title: str,
        targets: tuple[TargetGroup, ...],
        warnings_for: Callable[[str], tuple[str, ...]],
        lang: str,
        *,
        current_slot: str | None = None,
        current_group: str | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.targets = targets
        self.warnings_for = warnings_for
        self.lang = lang
        self.current_slot = current_slot
        self.current_group = current_group
        self.slot_id: str | None = None
        self.warnings: tuple[str, ...] = ()

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="reassign-dialog", classes="dialog"):
            yield Label(plain(self.title_text), id="reassign-title", classes="dialog-title")
            with Horizontal(id="reassign-lists"):
                with Vertical(id="reassign-groups-box"):
                    yield Label(t("reassign.group", lang), classes="dialog-label")
                    yield OptionList(
                        *(Option(plain(g.name), id=g.key) for g in self.targets),
                        id="reassign-groups",
                    )
                with Vertical(id="reassign-slots-box"):
                    yield Label(t("reassign.slot", lang), classes="dialog-label")
                    yield OptionList(id="reassign-slots")
            yield Static(id="reassign-warnings")
            yield Input(placeholder=t("reassign.reason", lang), id="reassign-reason")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("reassign.confirm", lang), variant="primary", id="reassign-ok")
                yield Button(t("dialog.cancel", lang), id="reassign-cancel")
            yield Label(t("reassign.hint", lang), classes="dialog-hint")

    def on_mount(self) -> None:
        groups = self.query_one("#reassign-groups", OptionList)
        keys = [g.key for g in self.targets]
        index = keys.index(self.current_group) if self.current_group in keys else 0
        if keys:
            groups.highlighted = index
            self._show_slots(keys[index])
        self._show_warnings()
        groups.focus()

    def _show_slots(self, group_key: str) -> None:
        slots = self.query_one("#reassign-slots", OptionList)
        slots.clear_options()
        group = next((g for g in self.targets if g.key == group_key), None)
        if group is None:
            return

        def pad(text: str, texts: list[str]) -> str:
            return text + " " * (max(map(cell_len, texts)) - cell_len(text))

        days = [s.day_label for s in group.slots]
        names = [s.name for s in group.slots]
        times = [s.time for s in group.slots]
        for s in group.slots:
            here = s.slot_id == self.current_slot
            label = Text.assemble(
                pad(s.day_label, days),
                "  " + pad(s.name, names),
                "  " + pad(s.time, times),
                f"  {t('today.filled', self.lang, filled=s.filled, needed=s.needed)}",
                t("reassign.here", self.lang) if here else "",
            )
            slots.add_option(Option(safe_rich(label), id=s.slot_id, disabled=here))
        self.slot_id = None
        self.warnings = ()

    def _show_warnings(self) -> None:
        box = self.query_one("#reassign-warnings", Static)
        if self.slot_id is None:
            box.update(t("reassign.pick_slot", self.lang))
        else:
            box.update(plain_lines(_warning_text(self.warnings, self.lang)))
        box.set_class(bool(self.warnings), "-warn")
        self.set_class(bool(self.warnings), "-needs-reason")

    @on(OptionList.OptionHighlighted, "#reassign-groups")
    def _group_moved(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self._show_slots(event.option.id)
            self._show_warnings()

    @on(OptionList.OptionSelected, "#reassign-groups")
    def _group_chosen(self) -> None:
        """Enter on a group: on to its slots, the first one you can move to lit up."""
        slots = self.query_one("#reassign-slots", OptionList)
        slots.focus()
        if slots.highlighted is None:
            for index in range(slots.option_count):
                if not slots.get_option_at_index(index).disabled:
                    slots.highlighted = index
                    break

    @on(OptionList.OptionHighlighted, "#reassign-slots")
    def _slot_moved(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is None or event.option.disabled:
            return
        self.slot_id = event.option.id
        self.warnings = self.warnings_for(self.slot_id)
        self._show_warnings()

    @on(OptionList.OptionSelected, "#reassign-slots")
    def _slot_chosen(self) -> None:
        if self.warnings:
            self.query_one("#reassign-reason", Input).focus()
        else:
            self._confirm()

    @on(Input.Submitted, "#reassign-reason")
    @on(Button.Pressed, "#reassign-ok")
    def _confirm(self) -> None:
        box = self.query_one("#reassign-warnings", Static)
        if self.slot_id is None:
            box.update(t("reassign.pick_slot", self.lang))
            self.query_one("#reassign-slots", OptionList).focus()
            return
        reason = typed(self.query_one("#reassign-reason", Input).value)
        if self.warnings and not reason:
            box.update(
                plain_lines(
                    _warning_text(self.warnings, self.lang)
                    + "\n"
                    + t("reassign.need_reason", self.lang)
                )
            )
            self.query_one("#reassign-reason", Input).focus()
            return
        self.dismiss(Placement(self.slot_id, reason if self.warnings else ""))

    @on(Button.Pressed, "#reassign-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class OverrideScreen(ModalScreen[str | None]):
    """The rules warned: show why, and go ahead only with a reason (for the audit log)."""

    BINDINGS = [Binding("escape", "cancel", "取消", id="key.cancel")]

    def __init__(self, title: str, warnings: tuple[str, ...], lang: str) -> None:
        super().__init__()
        self.title_text = title
        self.warnings = warnings
        self.lang = lang

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="override-dialog", classes="dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield Static(
                plain_lines(_warning_text(self.warnings, lang)),
                id="override-warnings",
                classes="-warn",
            )
            yield Input(placeholder=t("reassign.reason", lang), id="override-reason")
            with Horizontal(classes="dialog-buttons"):
                yield Button(t("override.confirm", lang), variant="warning", id="override-ok")
                yield Button(t("dialog.cancel", lang), id="override-cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#override-reason")
    @on(Button.Pressed, "#override-ok")
    def _confirm(self) -> None:
        reason = typed(self.query_one(Input).value)
        if not reason:
            self.query_one("#override-warnings", Static).update(
                plain_lines(
                    _warning_text(self.warnings, self.lang)
                    + "\n"
                    + t("reassign.need_reason", self.lang)
                )
            )
            return
        self.dismiss(reason)

    @on(Button.Pressed, "#override-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


# ---------------------------------------------------------------------- the flows


def reassign_flow(app: DutyboardApp, who: Volunteer, assignment_id: str) -> None:
    """r: the move dialog, then staffing.reassign (with the reason, if warned)."""
    board, lang = app.board, app.lang
    a = board.assignment(assignment_id)
    person = board.volunteer(a.volunteer) if a else None
    if a is None or person is None:
        return
    title = t("reassign.title", lang, name=person.name, slot=slot_title(board, a.slot, lang))

    def warnings(slot_id: str) -> tuple[str, ...]:
        return placement_texts(board, person.id, slot_id, lang, moving=a.id)

    def chosen(p: Placement | None) -> None:
        if p is not None:
            app.submit(
                lambda: staffing.reassign(board, a.id, p.slot_id, who, override_reason=p.reason),
                lambda _: app.notify(t("reassign.done", lang, name=person.name)),
            )

    targets = build_targets(board, lang)
    screen = ReassignScreen(
        title, targets, warnings, lang, current_slot=a.slot, current_group=a.group
    )
    app.push_screen(screen, chosen)


def fill_flow(app: DutyboardApp, who: Volunteer, slot_id: str) -> None:
    """s: the free-now bench, then the warnings (a reason), then staffing.assign."""
    board, lang = app.board, app.lang
    where = slot_title(board, slot_id, lang)
    bench = build_bench(board, slot_id, lang, app.clock.now(), who)
    choices = [PickChoice(b.volunteer_id, b.name, b.phone, b.detail) for b in bench]

    def picked(volunteer_id: str | None) -> None:
        if volunteer_id is not None:
            place_with_override(app, who, volunteer_id, slot_id)

    app.push_screen(PickerScreen(t("fill.title", lang, where=where), choices, lang), picked)


def place_with_override(app: DutyboardApp, who: Volunteer, volunteer_id: str, slot_id: str) -> None:
    """Put someone into a slot (staffing.assign): at once when the rules have nothing to
    say, else after the warnings are shown and a reason is given (it goes to the log)."""
    board, lang = app.board, app.lang
    where = slot_title(board, slot_id, lang)

    def assign(reason: str) -> None:
        app.submit(
            lambda: staffing.assign(board, volunteer_id, slot_id, who, override_reason=reason),
            lambda _: app.notify(t("fill.done", lang, where=where)),
        )

    warnings = placement_texts(board, volunteer_id, slot_id, lang)
    if not warnings:
        assign("")
        return

    def reason_given(reason: str | None) -> None:
        if reason:
            assign(reason)

    title = t("override.title", lang, where=where)
    app.push_screen(OverrideScreen(title, warnings, lang), reason_given)


def mark_flow(app: DutyboardApp, who: Volunteer, assignment_id: str, status: str) -> None:
    """a / n: mark the person arrived or absent (staffing.mark; leaders only)."""
    board, lang = app.board, app.lang
    name = status_name("assignment", status, lang)
    app.submit(
        lambda: staffing.mark(board, assignment_id, status, who),
        lambda _: app.notify(t("mark.done", lang, status=name)),
    )
