"""The core: the domain model, the board over the store, the rules of who may go
where, staffing, plans for tomorrow, the day swap, merging copies, and the
configuration. No Textual, no command line."""
