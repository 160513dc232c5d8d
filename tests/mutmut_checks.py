"""Run mutmut 3 so that it also mutates the bodies of ``@check(...)`` functions.

mutmut 3 never mutates a decorated function: it copies the whole function, decorators
included, for the original and for every mutant, and a registering decorator would then
register each copy. Every built-in check of govcheck is registered by ``@check(name,
Options, variants)``, so plain ``mutmut run`` leaves the body of every check unmeasured
and only mutates the helpers around them.

This wrapper changes two things in mutmut, only for functions whose decorators are all
``@check(...)`` calls:

* such a function is mutated like an undecorated one (its decorator is still never
  mutated);
* ``@check(...)`` stays on the trampoline only, so ``CHECKS`` holds the trampoline that
  dispatches to the original or the active mutant, and the copies are plain functions.

Usage, from the repository root (any mutmut command and option works)::

    python tests/mutmut_checks.py run --max-children 2
    python tests/mutmut_checks.py results
    python tests/mutmut_checks.py show NAME

Written against mutmut 3.8; it fails loudly if mutmut's internals have moved.
"""

from __future__ import annotations

import sys

import libcst as cst
from libcst.metadata import PositionProvider
from mutmut.mutation import file_mutation as fm

REGISTERING_DECORATORS = {"check"}


def _is_check_decorator(decorator: cst.Decorator) -> bool:
    call = decorator.decorator
    return (isinstance(call, cst.Call) and isinstance(call.func, cst.Name)
            and call.func.value in REGISTERING_DECORATORS)


def _is_check_function(node: cst.CSTNode) -> bool:
    return (isinstance(node, cst.FunctionDef) and bool(node.decorators)
            and all(_is_check_decorator(d) for d in node.decorators))


_skip = fm.MutationVisitor._skip_node_and_children
_arrange = fm.function_trampoline_arrangement


def _skip_node_and_children(self: fm.MutationVisitor, node: cst.CSTNode) -> bool:
    if _is_check_function(node):
        position = self.get_metadata(PositionProvider, node, None)
        if position and position.start.line in self._ignored_node_lines:
            return _skip(self, node)  # '# pragma: no mutate block' still applies
        return False
    return _skip(self, node)


def _function_trampoline_arrangement(function, mutants, class_name):  # type: ignore[no-untyped-def]
    if not _is_check_function(function):
        return _arrange(function, mutants, class_name)
    plain = function.with_changes(decorators=[])
    declarations, nodes, assignments, names = _arrange(plain, mutants, class_name)
    nodes = list(nodes)
    trampoline = nodes[0]
    assert isinstance(trampoline, cst.FunctionDef) and trampoline.name.value == function.name.value
    nodes[0] = trampoline.with_changes(decorators=[*function.decorators, *trampoline.decorators])
    return declarations, nodes, assignments, names


fm.MutationVisitor._skip_node_and_children = _skip_node_and_children  # type: ignore[method-assign]
fm.function_trampoline_arrangement = _function_trampoline_arrangement

if __name__ == "__main__":
    from mutmut.__main__ import cli

    sys.path.pop(0)  # this folder: the tests must import their copy under mutants/
    sys.argv[0] = "mutmut"
    cli()
