"""The words a board's records may hold in their fixed fields: roles, statuses, task
kinds, offer states. Here, in storage, so that the file's schema (board_schema) and
``check`` can name them without loading the domain (dutyboard.core) or the supplies group."""

ROLES = ("volunteer", "leader")
# controlled (管控): people stay in the compound and collect at set points; not
# confined to their homes (rules.CONFINED_STATUSES), so not door-only.
BUILDING_STATUSES = ("normal", "sealed", "positive", "controlled")
ASSIGNMENT_STATUSES = ("scheduled", "arrived", "no_show", "left")
# "carried": closed in the archive at a day swap, a copy carried on to the next day.
TASK_STATUSES = ("open", "done", "failed", "carried")
TASK_KINDS = ("delivery", "disinfection", "care", "medicine", "testing", "parcel")

# draft: collecting orders, papers not approved yet; approved: may be taken in and
# released; released: its orders became delivery tasks. Rejected and cancelled close
# it without deliveries.
OFFER_STATES = ("draft", "approved", "rejected", "cancelled", "released")
CLOSED_STATES = ("rejected", "cancelled", "released")
