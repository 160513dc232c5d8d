"""'Did you mean …' suggestions for misspelt keys and ids."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without diacritics, so 'malet' finds 'målet' and 'Mål-1' finds 'mal-1'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def did_you_mean(name: str, options: list[str] | set[str]) -> str | None:
    """The closest option to ``name``, or None when nothing is close enough."""
    ordered = sorted(options)
    if not ordered:
        return None
    folded = {}
    for option in ordered:
        folded.setdefault(fold(option), option)
    key = fold(name)
    if key in folded and folded[key] != name:
        return folded[key]
    import difflib  # only when something is misspelt

    match = difflib.get_close_matches(key, list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None
