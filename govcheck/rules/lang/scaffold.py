"""A new rule file to start from (``govcheck rules new``) and the JSON Schema of rule files
(``govcheck schema --rules``), both from the rule-file models themselves."""

from __future__ import annotations

from typing import Any

LOADER_FIELDS = frozenset({"pack", "path", "location", "keylocs", "langlocs"})
"""RuleSpec fields the loader sets, not the file."""


def rules_schema() -> dict[str, Any]:
    """The JSON Schema of a rule file, for completion and validation in YAML editors."""
    from pydantic import ConfigDict, create_model

    from govcheck.rules.lang.model import SUBJECT_KINDS
    from govcheck.rules.spec import RuleSpec

    fields: dict[str, Any] = {name: (info.annotation, info)
                              for name, info in RuleSpec.model_fields.items()
                              if name not in LOADER_FIELDS}
    model = create_model("RuleFile", __config__=ConfigDict(extra="forbid", strict=True),
                         **fields)
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "govcheck rule file"
    schema["description"] = ("One rule: its metadata, and either a built-in check function "
                             "(check, options) or conditions (given + then, or blocks); "
                             "docs/writing-rules.md.")
    kinds = sorted(set(SUBJECT_KINDS))
    given = schema.get("$defs", {}).get("Given", {}).get("properties", {})
    if "kind" in given:
        given["kind"] = {"anyOf": [{"enum": kinds}, {"type": "array",
                                                     "items": {"enum": kinds}}]}
    return schema


TEMPLATE = '''\
id: {rule_id}
name: {name}
title:
  sv: "TODO: vad regeln kräver, i en mening"
  en: "TODO: what the rule requires, in one sentence"
severity: warning
basis:
  kind: praxis                  # lag | fullmäktige | praxis (CONTRIBUTING.md)
  practice:
    sv: "TODO: den ordning eller praxis regeln bygger på"
    en: "TODO: the order or practice the rule rests on"
rationale:
  sv: "TODO: varför det spelar roll"
  en: "TODO: why it matters"
reference:
  sv: "TODO: var det står"
  en: "TODO: where it is written"
# the subjects, and what must hold of each (docs/writing-rules.md)
given: {{kind: {kind}, as: {alias}}}
then:
  - message: missing
    assert: {{value: {alias}.id, exists: true}}     # TODO: the condition
    params: {{id: {alias}.id}}
messages:
  missing:
    sv: "{{id}}: TODO"
    en: "{{id}}: TODO"
examples:
  fail:
    description: {{sv: "TODO", en: "TODO"}}
    yaml: |
      # TODO: a few lines of a plan that break the rule
  pass:
    description: {{sv: "TODO", en: "TODO"}}
    yaml: |
      # TODO: the same lines, mended
tests:
  - name: mini-passes
    base: fixtures/mini
    expect: []
  # TODO: a case that plants the defect and expects the finding, e.g.
  # - name: planted-defect
  #   base: fixtures/mini
  #   patch: [{{file: mal.yaml, old: "...", new: "..."}}]
  #   expect: [{{rule: {rule_id}, file: mal.yaml, line: 12}}]
'''


def scaffold(rule_id: str, kind: str = "council_goal", name: str | None = None) -> str:
    """The text of a new rule file: loadable as it is, its TODOs to fill in."""
    alias = kind if kind.isidentifier() and kind not in ("body", "boardish") else "subject"
    return TEMPLATE.format(rule_id=rule_id, name=name or f"{rule_id.lower()}-rule",
                           kind=kind, alias=alias)
