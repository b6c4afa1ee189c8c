"""What a task pane tells the app. Kept apart from the panes so the app can handle
these without importing a pane before its tab is first opened.

Plain classes, as Textual's own messages are: a dataclass compiles its methods when
the module is imported, which every start of the app paid for."""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget


class TaskTick(Message):
    """Mark these tasks done (by whoever is at the laptop, now)."""

    def __init__(self, pane: Widget, task_ids: tuple[str, ...]) -> None:
        super().__init__()
        self.pane = pane
        self.task_ids = task_ids

    @property
    def control(self) -> Widget:
        return self.pane


class TaskReopen(Message):
    """Put these tasks back to open."""

    def __init__(self, pane: Widget, task_ids: tuple[str, ...]) -> None:
        super().__init__()
        self.pane = pane
        self.task_ids = task_ids

    @property
    def control(self) -> Widget:
        return self.pane


class TaskFail(Message):
    """This task failed; ``reason`` is a reason key or words typed in."""

    def __init__(self, pane: Widget, task_id: str, reason: str) -> None:
        super().__init__()
        self.pane = pane
        self.task_id = task_id
        self.reason = reason

    @property
    def control(self) -> Widget:
        return self.pane
