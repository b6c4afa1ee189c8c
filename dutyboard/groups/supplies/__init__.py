"""The supplies group's day: group-buy offers and their vetting, orders taken in from
chat posts and order exports, batches at the gate (arrival, count, spraying, release
to the delivery group), and courier parcels on the shelves. No Textual here."""
