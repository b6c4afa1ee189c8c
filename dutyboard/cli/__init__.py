"""The command line: one module per command family, each adding its own parser."""
