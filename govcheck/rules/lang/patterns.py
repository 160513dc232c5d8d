"""Regular expressions a rule may use, and why they cannot backtrack catastrophically.

A pattern is checked once, when its rule is loaded, and refused when it could take
exponential time on some text: a repetition inside a repetition (``(a+)+``, ``(\\w*)*``),
an alternation inside a repetition (``(a|aa)*``) or a back-reference (``(a)\\1``), the
forms behind catastrophic backtracking. A pattern is at most ``MAX_PATTERN`` characters.
Without these forms Python's matcher backtracks at most polynomially, and the texts of a
plan are short, so a match is fast on any plan.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

try:  # Python 3.11+
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

MAX_PATTERN = 200

_REPEATS = {sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT}
if hasattr(sre_constants, "POSSESSIVE_REPEAT"):
    _REPEATS.add(sre_constants.POSSESSIVE_REPEAT)


def unsafe_reason(pattern: str) -> str | None:
    """Why the pattern is refused ('nested', 'alternation', 'backreference', 'length',
    'syntax'), or None when it is safe."""
    if len(pattern) > MAX_PATTERN:
        return "length"
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return "syntax"
    return _walk(list(parsed), inside_repeat=False)


def _walk(items: list[Any], inside_repeat: bool) -> str | None:
    for op, arg in items:
        if op in (sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS):
            return "backreference"
        if op in _REPEATS:
            low, high, body = arg
            repeats = high is sre_constants.MAXREPEAT or high > 1
            if repeats and inside_repeat:
                return "nested"
            found = _walk(list(body), inside_repeat or repeats)
            if found:
                return found
        elif op == sre_constants.BRANCH:
            if inside_repeat:
                return "alternation"
            for branch in arg[1]:
                found = _walk(list(branch), inside_repeat)
                if found:
                    return found
        elif op == sre_constants.SUBPATTERN:
            found = _walk(list(arg[-1]), inside_repeat)
            if found:
                return found
        elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            found = _walk(list(arg[1]), inside_repeat)
            if found:
                return found
    return None


@lru_cache(maxsize=None)
def compiled(pattern: str) -> re.Pattern[str]:
    reason = unsafe_reason(pattern)
    if reason is not None:  # the loader refuses these; a pattern built at run time too
        from govcheck.rules.lang.expr import EvalError

        raise EvalError("lang.unsafe_pattern", pattern=pattern, reason=reason)
    return re.compile(pattern)
