"""The condition language of the rule files: ``given`` + ``then`` instead of a check function.

model.py holds the rule-file form (pydantic), expr.py the expressions, codegen.py their
translation into functions, functions.py the functions expressions may call, patterns.py
the safe regular expressions, validate.py the load-time checks and evaluate.py the run. docs/writing-rules.md teaches it.
"""

from __future__ import annotations

from typing import Any

from govcheck.i18n import CATALOGUE
from govcheck.load.errors import Location
from govcheck.load.located import KEYS_KEY, LOC_KEY

CATALOGUE.update({
    "lang.bad_expression": {
        "sv": "fel i uttrycket '{expression}' (tecken {column}): {detail}",
        "en": "error in expression '{expression}' (character {column}): {detail}"},
    "lang.syntax": {"sv": "syntaxfel: {detail}", "en": "syntax error: {detail}"},
    "lang.too_deep": {
        "sv": "uttrycket är för djupt nästlat (högst {limit} nivåer)",
        "en": "the expression is nested too deeply (at most {limit} levels)"},
    "lang.bad_form": {
        "sv": "formen '{form}' finns inte i regelspråket",
        "en": "the form '{form}' is not part of the rule language"},
    "lang.private": {
        "sv": "attributet '{name}' får inte läsas (börjar med '_')",
        "en": "attribute '{name}' may not be read (it starts with '_')"},
    "lang.method_call": {
        "sv": "bara regelspråkets egna funktioner kan anropas, inga metoder",
        "en": "only the rule language's own functions can be called, no methods"},
    "lang.unknown_function": {
        "sv": "okänd funktion '{name}'{hint}", "en": "unknown function '{name}'{hint}"},
    "lang.unknown_name": {
        "sv": "okänt namn '{name}' i '{expression}'{hint}",
        "en": "unknown name '{name}' in '{expression}'{hint}"},
    "lang.unknown_attribute": {
        "sv": "okänt attribut '{name}' i '{expression}'{hint}",
        "en": "unknown attribute '{name}' in '{expression}'{hint}"},
    "lang.unknown_kind": {
        "sv": "okänt slag av nod '{name}'{hint}", "en": "unknown node kind '{name}'{hint}"},
    "lang.unknown_edge": {
        "sv": "okänt slag av kant '{name}'{hint}", "en": "unknown edge kind '{name}'{hint}"},
    "lang.type_mismatch": {
        "sv": "'{expression}' är {found}, men {form} behöver {wanted}",
        "en": "'{expression}' is {found}, but {form} needs {wanted}"},
    "lang.type.number": {"sv": "ett tal", "en": "a number"},
    "lang.type.text": {"sv": "en text", "en": "a text"},
    "lang.type.date": {"sv": "ett datum", "en": "a date"},
    "lang.type.bool": {"sv": "ett sanningsvärde", "en": "true or false"},
    "lang.type.list": {"sv": "en lista", "en": "a list"},
    "lang.type.record": {"sv": "en post med egna fält", "en": "a record with fields of its own"},
    "lang.no_such_attribute": {
        "sv": "'{name}' i '{expression}' finns inte hos {kind}{hint}",
        "en": "'{name}' in '{expression}' is not an attribute of {kind}{hint}"},
    "lang.unknown_table_kind": {
        "sv": "okänt tabellslag '{name}'{hint}", "en": "unknown table kind '{name}'{hint}"},
    "lang.unknown_column_kind": {
        "sv": "okänt kolumnslag '{name}'{hint}", "en": "unknown column kind '{name}'{hint}"},
    "lang.function_on_cells": {
        "sv": "den inbyggda kontrollen '{check}' tar noder i grafen som subjekt, inte "
              "tabellceller eller planen (given: kind: cell/plan); välj noder eller skriv villkor",
        "en": "the built-in check '{check}' takes nodes of the graph as subjects, not table "
              "cells or the plan (given: kind: cell/plan); select nodes or write conditions"},
    "lang.unknown_role": {
        "sv": "okänd radroll '{name}'{hint}", "en": "unknown row role '{name}'{hint}"},
    "lang.unknown_variant": {
        "sv": "meddelandet '{name}' finns inte under messages{hint}",
        "en": "message '{name}' is not among the rule's messages{hint}"},
    "lang.unused_variant": {
        "sv": "meddelandet '{variant}' ges inte av något villkor i regeln",
        "en": "message '{variant}' is given by none of the rule's conditions"},
    "lang.unbound_field": {
        "sv": "meddelandet '{variant}' använder '{{{name}}}' som inte finns under params{hint}",
        "en": "message '{variant}' uses '{{{name}}}', which is not among its params{hint}"},
    "lang.unknown_reason": {
        "sv": "okänt skäl '{name}'{hint}", "en": "unknown reason '{name}'{hint}"},
    "lang.pattern_not_constant": {
        "sv": "mönstret i '{expression}' måste vara en konstant text",
        "en": "the pattern in '{expression}' must be a constant text"},
    "lang.unsafe_pattern": {
        "sv": "mönstret '{pattern}' kan ta orimligt lång tid: {reason}",
        "en": "pattern '{pattern}' could take unbounded time: {reason}"},
    "lang.unsafe.nested": {
        "sv": "en upprepning inuti en upprepning", "en": "a repetition inside a repetition"},
    "lang.unsafe.alternation": {
        "sv": "ett alternativ (|) inuti en upprepning",
        "en": "an alternation (|) inside a repetition"},
    "lang.unsafe.backreference": {"sv": "en bakåtreferens", "en": "a back-reference"},
    "lang.unsafe.length": {"sv": "längre än 200 tecken", "en": "longer than 200 characters"},
    "lang.unsafe.syntax": {"sv": "inget giltigt reguljärt uttryck",
                           "en": "not a valid regular expression"},
    "lang.too_costly": {
        "sv": "regeln {rule} stoppades: den tog fler än 2 000 000 steg på planen",
        "en": "rule {rule} was stopped: it took more than 2,000,000 steps on the plan"},
    "lang.runtime": {
        "sv": "regeln {rule} kunde inte prövas på {subject}: {detail}",
        "en": "rule {rule} could not be evaluated on {subject}: {detail}"},
    "lang.unbound": {"sv": "namnet '{name}' är inte bundet här",
                     "en": "name '{name}' is not bound here"},
    "lang.let_cycle": {"sv": "ett let-värde beror av sig självt",
                       "en": "a let value depends on itself"},
    "lang.no_attribute": {
        "sv": "{kind} har inget attribut '{attr}' ({known})",
        "en": "{kind} has no attribute '{attr}' ({known})"},
    "lang.bad_index": {"sv": "ogiltigt index {index}", "en": "invalid index {index}"},
    "lang.not_a_node": {"sv": "{value} är ingen nod i grafen",
                        "en": "{value} is not a node of the graph"},
    "lang.not_a_number": {"sv": "{value} är inget tal", "en": "{value} is not a number"},
    "lang.not_a_place": {
        "sv": "'at' ger {value}, inget ställe i planen (använd at(…))",
        "en": "'at' gives {value}, not a place in the plan (use at(…))"},
    "lang.check_and_conditions": {
        "sv": "en regel har antingen check (en inbyggd funktion) eller given + then "
              "(villkor) eller blocks, inte flera",
        "en": "a rule has either check (a built-in function) or given + then (conditions) "
              "or blocks, not several"},
})


def locate(data: Any, loc: tuple[Any, ...], fallback: Location) -> Location:
    """Where the key or list item at ``loc`` stands in the loaded rule file."""
    return walk(data, loc, fallback)[0]


def walk(data: Any, loc: tuple[Any, ...], fallback: Location) -> tuple[Location, list[Any]]:
    """The place of ``loc`` in the loaded rule file, and ``loc`` as the file's own path: a
    pydantic error's location names the form of a condition (``all``, ``value``, ``expr``)
    as a step of its own, which the file does not have."""
    current, best = data, fallback
    steps: list[Any] = []
    for i, element in enumerate(loc):
        following = loc[i + 1] if i + 1 < len(loc) else None
        if isinstance(current, dict):
            keys = current.get(KEYS_KEY, {})
            if element not in current:
                if isinstance(following, str) and following in current:
                    continue  # a union's tag before a real key
                best = keys.get(str(element), current.get(LOC_KEY, best))
                steps.append(element)
                break
            if isinstance(following, str) and following != element and following in current:
                continue  # a condition's form (pydantic's union tag), not a step down
            if following == element and isinstance(current[element], (dict, list)) \
                    and element in ("all", "any", "not", "compare", "edges", "path") \
                    and not (isinstance(current[element], dict) and element in current[element]):
                continue  # 'all' (the form) then 'all' (the key)
            best = keys.get(str(element), current.get(LOC_KEY, best))
            steps.append(element)
            nxt = current[element]
            if isinstance(nxt, list) and isinstance(following, int):
                best = keys.get(f"{element}[{following}]", best)
            current = nxt
        elif isinstance(current, list) and isinstance(element, int) and element < len(current):
            steps.append(element)
            current = current[element]
            if isinstance(current, dict) and LOC_KEY in current:
                best = current[LOC_KEY]
        elif isinstance(current, str):
            continue  # an expression's tag ('expr') or a string's own validator
        else:
            steps.append(element)
            break
    return best, steps


def conditions_yaml(rule: Any) -> str:
    """A declarative rule's conditions as YAML (needs, given … then, or blocks): what the
    rule docs and ``govcheck rules explain`` show in place of a check function."""
    import yaml

    keys = ("needs", "blocks") if rule.blocks is not None else (
        "needs", "given", "for_each", "let", "where", "then")
    data = rule.model_dump(include=set(keys), by_alias=True, exclude_none=True,
                           exclude_defaults=True, mode="json")
    ordered = {k: data[k] for k in keys if k in data}
    return yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=92)
