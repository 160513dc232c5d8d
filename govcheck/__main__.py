"""``python -m govcheck``: the same as the ``govcheck`` command."""

from govcheck.cli import entry_point

if __name__ == "__main__":
    entry_point()
