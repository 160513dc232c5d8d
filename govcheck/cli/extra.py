"""``govcheck schema`` and ``govcheck graph``: the plan format and the steering graph for tools."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from govcheck import __version__
from govcheck.output import write_output

SCHEMA_ID = "https://govcheck.invalid/schema/plan.json"


def _drop_internal(node: Any) -> Any:
    """The schema without the loader's location keys, which no plan file may write."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "properties" and isinstance(value, dict):
                value = {k: v for k, v in value.items() if not k.startswith("__")}
            if key == "required" and isinstance(value, list):
                value = [k for k in value if not k.startswith("__")]
            out[key] = _drop_internal(value)
        return out
    if isinstance(node, list):
        return [_drop_internal(v) for v in node]
    return node


def _goal_synonyms(node: dict[str, Any]) -> None:
    """Every word for fullmäktige's goals where the loader reads one (the top of a file, a
    delmål, a målbedömning: govcheck.model.synonyms), at most one of them per mapping."""
    from govcheck.model.synonyms import GOAL_KEY, GOAL_KEYS

    props = node.get("properties", {})
    if GOAL_KEY not in props:
        return
    for word in GOAL_KEYS[1:]:
        props[word] = props[GOAL_KEY]
    pairs = [{"required": [a, b]} for i, a in enumerate(GOAL_KEYS) for b in GOAL_KEYS[i + 1:]]
    node.setdefault("allOf", []).append({"not": {"anyOf": pairs}})


def _with_loader_rules(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema pydantic makes, with what the loader reads before the model sees it:
    the goal words (govcheck.model.synonyms) and a table cell printed as a dash
    (govcheck.model.plan.DASHES)."""
    from govcheck.model.plan import DASHES

    defs = schema.get("$defs", {})
    for node in (schema, defs.get("SubGoal", {}), defs.get("GoalAssessment", {})):
        _goal_synonyms(node)
    cells = defs.get("Row", {}).get("properties", {}).get("värden", {}).get("items")
    if isinstance(cells, dict) and "anyOf" in cells:
        cells["anyOf"].append({"enum": sorted(DASHES)})
    return schema


def plan_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of one plan file, keys as users write them; it accepts
    what the loader accepts, file by file (tests/test_schema_agrees.py)."""
    from govcheck.model.plan import PlanFile

    schema = _drop_internal(PlanFile.model_json_schema(by_alias=True, mode="validation"))
    schema = _with_loader_rules(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "govcheck plan file"
    schema["description"] = (f"En fil i en govcheck-plankatalog (govcheck {__version__}). "
                             "Alla sektioner är valfria i en enskild fil.")
    return schema


def _emit(text: str, output: Path | None, inputs: tuple[Path, ...] = ()) -> None:
    """To standard output, or to ``output`` as govcheck.output writes it (never an input)."""
    if output is None:
        sys.stdout.write(text)
    else:
        write_output(output, text, inputs)


@click.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the schema to this file instead of standard output.")
@click.option("--rules", "rules", is_flag=True,
              help="The schema of rule files instead (docs/writing-rules.md).")
def schema(output: Path | None, rules: bool) -> None:
    """Write the JSON Schema of the plan format, for completion and validation in YAML editors.

    With --rules, the schema of the rule files. See docs/editor.md for wiring it into VS Code
    (redhat.vscode-yaml) and other editors.
    """
    import json

    if rules:
        from govcheck.rules.lang.scaffold import rules_schema

        document = rules_schema()
    else:
        document = plan_schema()
    _emit(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n", output)


def _dot_escaped(text: str) -> str:
    """Text inside a DOT double-quoted string: backslashes and quotes escaped, and a line
    break in the text as DOT's own ``\\n``."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _dot_id(node: str) -> str:
    return '"' + _dot_escaped(node) + '"'


def _wrapped(text: str, width: int | None) -> str:
    """``text`` broken into lines of at most ``width`` characters at spaces (a longer word
    stays whole); unchanged without a width."""
    if not width:
        return text
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_long_words=False,
                                    break_on_hyphens=False)) or text


def graph_dot(sg: Any, wrap: int | None = None) -> str:
    """The graph in Graphviz's DOT; a view (``wrap``: names broken into lines of that many
    characters) runs left to right, so that its chains read as rows, not as one wide row."""
    g = sg.graph
    lines = ["digraph steering {", f"  rankdir={'LR' if wrap else 'TB'};",
             "  node [shape=box, fontname=\"sans-serif\"];"]
    for node in sorted(g.nodes):
        data = g.nodes[node]
        # the name and the kind on separate lines: each line break escaped once, as DOT
        # reads it
        name = _wrapped(str(data.get("label", node)), wrap)
        label = f'"{_dot_escaped(name)}\\n({_dot_escaped(data["kind"])})"'
        lines.append(f"  {_dot_id(node)} [label={label}, kind={_dot_id(data['kind'])}];")
    for u, v, k in sorted(g.edges(keys=True)):
        lines.append(f"  {_dot_id(u)} -> {_dot_id(v)} [label={_dot_id(k)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _mermaid_id(node: str, ids: dict[str, str]) -> str:
    return ids.setdefault(node, f"n{len(ids)}")


def graph_mermaid(sg: Any, wrap: int | None = None) -> str:
    """The graph as a Mermaid flowchart; a view (``wrap``) runs left to right with names
    broken into lines, as in DOT."""
    g = sg.graph
    ids: dict[str, str] = {}
    lines = ["flowchart LR" if wrap else "flowchart TD"]
    for node in sorted(g.nodes):
        data = g.nodes[node]
        label = _wrapped(str(data.get("label", node)).replace('"', "'"), wrap)
        if wrap:
            label = label.replace("\n", "<br/>") + f"<br/>({data['kind']})"
        else:
            label = f"{label} ({data['kind']})"
        lines.append(f'  {_mermaid_id(node, ids)}["{label}"]')
    for u, v, k in sorted(g.edges(keys=True)):
        lines.append(f"  {_mermaid_id(u, ids)} -->|{k}| {_mermaid_id(v, ids)}")
    return "\n".join(lines) + "\n"


def graph_json(sg: Any, wrap: int | None = None) -> str:
    import json

    g = sg.graph
    doc = {
        "govcheck": __version__,
        "plan": sg.plan.name,
        "nodes": [{"id": n, "kind": g.nodes[n]["kind"], "label": str(g.nodes[n].get("label", n))}
                  for n in sorted(g.nodes)],
        "edges": [{"source": u, "target": v, "kind": k} for u, v, k in sorted(g.edges(keys=True))],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


GRAPH_FORMATS = {"dot": graph_dot, "mermaid": graph_mermaid, "json": graph_json}


VIEW_WRAP = 28
"""Characters per line of a node's name in a view."""

UNKNOWN_BODY = {
    "sv": "govcheck graph: --body {body}: planen har inget organ med det id:t; "
          "organen är: {known}",
    "en": "govcheck graph: --body {body}: the plan has no body with that id; "
          "its bodies are: {known}",
}


@click.command()
@click.argument("plan_dir", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(sorted(GRAPH_FORMATS)), default="dot",
              show_default=True, help="Graphviz dot, Mermaid flowchart or JSON.")
@click.option("--view", "view_name", type=click.Choice(["all", "org", "goals"]), default="all",
              show_default=True,
              help="all: the whole graph; org: bodies, förvaltningar and roles; goals: "
                   "fullmäktige's goals, the nämnder they are directed at, their nämndplaner "
                   "and sub-goals.")
@click.option("--body", metavar="ID",
              help="Only this body's chain: the bodies above it, the goals and uppdrag "
                   "directed at it, its nämndplan, förvaltning, frame rows and follow-ups.")
@click.option("--depth", type=click.IntRange(min=0), metavar="N",
              help="Only nodes at most N edges from --body (else from fullmäktige).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the graph to this file instead of standard output.")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
              help="Language of error messages.")
def graph(plan_dir: Path, fmt: str, view_name: str, body: str | None, depth: int | None,
          output: Path | None, lang: str) -> None:
    """Export the steering graph of the plan in PLAN_DIR (nodes and typed edges), whole or
    in a view a person can read (--view, --body, --depth)."""
    from govcheck.api import load_plan
    from govcheck.graph.build import build_graph
    from govcheck.graph.views import bodies, view
    from govcheck.load.errors import PlanLoadError

    try:
        plan, index = load_plan(plan_dir)
    except PlanLoadError as exc:
        from govcheck.cli.main import EXIT_INPUT, _report_input_errors

        _report_input_errors(exc, lang)
        sys.exit(EXIT_INPUT)
    sg = build_graph(plan, index)
    if body is not None and body not in bodies(sg):
        from govcheck.cli.main import EXIT_INPUT

        click.echo(UNKNOWN_BODY[lang].format(body=body, known=", ".join(bodies(sg))), err=True)
        sys.exit(EXIT_INPUT)
    shown = view(sg, view_name, body, depth)
    # a view is drawn to be read: names wrapped, running left to right
    wrap = VIEW_WRAP if shown is not sg else None
    _emit(GRAPH_FORMATS[fmt](shown, wrap), output, (plan_dir,))
