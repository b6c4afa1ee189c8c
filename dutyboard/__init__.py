"""dutyboard: a duty board for volunteer-run residential communities."""

__version__ = "0.1.0"
