"""dutyboard: a duty board for volunteer-run residential communities."""

from dutyboard import lazy_dateutil

__version__ = "0.1.0"

lazy_dateutil.defer()
