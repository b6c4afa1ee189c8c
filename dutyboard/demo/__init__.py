"""The demo board: a made-up community of the real one's size, for trying things."""
