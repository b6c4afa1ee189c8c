"""Plain data for each screen, built from the board (no Textual here)."""
