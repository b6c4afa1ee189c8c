"""What a task pane tells the app. Kept apart from the panes so the app can handle
these without importing a pane before its tab is first opened."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widget import Widget


@dataclass
class TaskTick(Message):
    """Mark these tasks done (by whoever is at the laptop, now)."""

    pane: Widget
    task_ids: tuple[str, ...]

    @property
    def control(self) -> Widget:
        return self.pane


@dataclass
class TaskReopen(Message):
    """Put these tasks back to open."""

    pane: Widget
    task_ids: tuple[str, ...]

    @property
    def control(self) -> Widget:
        return self.pane


@dataclass
class TaskFail(Message):
    """This task failed; ``reason`` is a reason key or words typed in."""

    pane: Widget
    task_id: str
    reason: str

    @property
    def control(self) -> Widget:
        return self.pane
