"""dutyboard: a duty board for volunteer-run residential communities."""

from dutyboard import startup

__version__ = "0.1.0"

startup.defer_dateutil()  # before anything imports pendulum
