"""confrec: keep the record of academic conferences in one local file."""

__version__ = "0.1.0"
