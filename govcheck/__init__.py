"""govcheck: a governance and compliance checker for Swedish regions and municipalities."""

__version__ = "0.1.0"
