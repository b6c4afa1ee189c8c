"""The states of a group-buy offer, apart so that ``check`` can name them without
loading the rest of the supplies group."""

# draft: collecting orders, papers not approved yet; approved: may be taken in and
# released; released: its orders became delivery tasks. Rejected and cancelled close
# it without deliveries.
OFFER_STATES = ("draft", "approved", "rejected", "cancelled", "released")
CLOSED_STATES = ("rejected", "cancelled", "released")
