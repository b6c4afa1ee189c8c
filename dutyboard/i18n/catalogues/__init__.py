"""String catalogues: {key: (zh, en)}."""
