"""The functions a rule's expressions may call: the whole vocabulary, each side-effect free.

Each takes the evaluation environment first (the graph is read through it) and the
expression's arguments after. A node argument may be an entity or its id; node-valued
functions give entities (an entity in a message parameter or in evidence is shown by its
id). None goes through: a function of nothing is nothing (or empty, or false).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from govcheck.i18n import Msg
from govcheck.rules.lang.expr import Env, EvalError

FUNCTIONS: dict[str, Callable[..., Any]] = {}
DOCS: dict[str, str] = {}


RETURNED_KEYS: set[str] = set()
"""The keys of the records functions give (``fn(name, keys=…)``): attribute names the
load-time check accepts."""


def fn(name: str, keys: tuple[str, ...] = ()) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a function of the language; ``keys`` are the keys of the records it gives."""
    def register(f: Callable[..., Any]) -> Callable[..., Any]:
        FUNCTIONS[name] = f
        DOCS[name] = " ".join((f.__doc__ or "").split())
        RETURNED_KEYS.update(keys)
        return f
    return register


def node_id(value: Any) -> str | None:
    """The graph node of a value: an id, or an entity's id."""
    if value is None or isinstance(value, str):
        return value
    ident = getattr(value, "id", None)
    if isinstance(ident, str):
        return ident
    raise EvalError("lang.not_a_node", value=type(value).__name__)


def graph_node(env: Env, value: Any) -> str | None:
    """The graph node of a value: an id, an entity's id, or a table row's own node
    (``TABLE/ROW``: a row's id is only unique in its table)."""
    from govcheck.model.plan import Row

    if isinstance(value, Row):
        def rows() -> dict[int, str]:
            g = _graph(env)
            return {id(g.entity(n)): n for n in g.nodes_of("row")}
        return memo(env, "rows", rows).get(id(value))
    return node_id(value)


def memo(env: Env, name: str, make: Callable[[], Any]) -> Any:
    """A value made once per run of a rule on a plan and kept on its context (the graph
    does not change while the rule runs)."""
    key = f"_lang_{name}"
    value = getattr(env.ctx, key, None)
    if value is None:
        value = make()
        setattr(env.ctx, key, value)
    return value


def _graph(env: Env) -> Any:
    return env.ctx.graph


def _entities(env: Env, ids: list[str]) -> list[Any]:
    g = _graph(env)
    return [g.entity(n) for n in ids]


def _has(env: Env, node: str | None) -> bool:
    return node is not None and node in _graph(env).graph


# --- the graph --------------------------------------------------------------------------

@fn("nodes")
def nodes(env: Env, *kinds: str) -> list[Any]:
    """nodes(kind, …): the nodes of these kinds, in the order the plan lists them."""
    from govcheck.rules.lang.model import expand_kinds

    return _entities(env, _graph(env).nodes_of(*expand_kinds(list(kinds))))


@fn("entity")
def entity(env: Env, node: Any) -> Any:
    """entity(id): the node with this id (None when the plan has none)."""
    ident = graph_node(env, node)
    return _graph(env).entity(ident) if _has(env, ident) else None


@fn("targets")
def targets(env: Env, node: Any, edge: str) -> list[Any]:
    """targets(node, edge): the nodes this node's edges of kind ``edge`` lead to."""
    ident = graph_node(env, node)
    return _entities(env, _graph(env).targets(ident, edge)) if _has(env, ident) else []


@fn("sources")
def sources(env: Env, node: Any, edge: str) -> list[Any]:
    """sources(node, edge): the nodes whose edges of kind ``edge`` lead to this node."""
    ident = graph_node(env, node)
    return _entities(env, _graph(env).sources(ident, edge)) if _has(env, ident) else []


@fn("kind")
def kind(env: Env, node: Any) -> str | None:
    """kind(node): the node's kind in the graph (board, council_goal, assignment, …)."""
    ident = graph_node(env, node)
    return _graph(env).kind(ident) if _has(env, ident) else None


@fn("label")
def label(env: Env, node: Any) -> str | None:
    """label(node): the node's name as the plan prints it."""
    ident = graph_node(env, node)
    return _graph(env).label(ident) if _has(env, ident) else ident


@fn("members")
def members(env: Env, node: Any) -> list[Any]:
    """members(node): a group's members (its ``includes`` edges); any other node alone."""
    ident = graph_node(env, node)
    if not _has(env, ident):
        return []
    g = _graph(env)
    return _entities(env, g.targets(ident, "includes") if g.kind(ident) == "group"
                     else [ident])


@fn("owners_of")
def owners_of(env: Env, assignment: Any) -> list[Any]:
    """owners_of(assignment): the bodies an assignment is directed at, each group replaced
    by its members, each body once, in the order the plan names them."""
    if assignment is None:
        return []
    return _entities(env, _graph(env).expand_owners(getattr(assignment, "owners", [])))


@fn("owner_bodies")
def owner_bodies(env: Env, owners: list[Any]) -> list[dict[str, Any]]:
    """owner_bodies(ids): each body the ids name, directly or through a group, once, as a
    record {body, owner, index}: the owner entry that reaches it (its own, else the group
    with the smallest id) and that entry's place in the list."""
    g = _graph(env)
    return [{"body": g.entity(body), "owner": g.entity(owner), "index": i}
            for body, i, owner in g.owner_bodies([node_id(o) for o in owners or ()])]


@fn("directed_at")
def directed_at(env: Env, node: Any, edge: str) -> list[Any]:
    """directed_at(node, edge): the nodes whose ``edge`` leads to this node, directly or
    to a group that includes it, in the order the plan lists them."""
    ident = graph_node(env, node)
    if not _has(env, ident):
        return []
    g = _graph(env)
    found = set(g.sources(ident, edge))
    for group in g.sources(ident, "includes"):
        found.update(g.sources(group, edge))
    order = _order(env)
    return _entities(env, sorted(found, key=order.__getitem__))


def _order(env: Env) -> dict[str, int]:
    return memo(env, "order", lambda: {n: i for i, n in enumerate(_graph(env).graph.nodes)})


@fn("board_plans")
def board_plans(env: Env, body: Any, year: int | None = None) -> list[Any]:
    """board_plans(body, year): the body's nämndplaner (for that year when given)."""
    ident = graph_node(env, body)
    return _graph(env).board_plans(ident, year) if _has(env, ident) else []


@fn("path")
def path(env: Env, start: Any, end: Any, along: list[str]) -> list[str] | None:
    """path(from, to, along=[edge kinds]): the shortest path of node ids following edges of
    those kinds, or None when there is none."""
    a, b = graph_node(env, start), graph_node(env, end)
    if not (_has(env, a) and _has(env, b)):
        return None
    return shortest_path(env, a, b, along)  # type: ignore[arg-type]


def _first_path(env: Env, start: str, along: list[str],
                goal: Callable[[str], bool]) -> list[str] | None:
    """Breadth first from ``start`` along the edge kinds, neighbours in the graph's own
    order, to the first node (other than ``start``) that ``goal`` accepts: its path."""
    g = _graph(env)
    before: dict[str, str] = {start: start}
    frontier = [start]
    while frontier:
        nxt: list[str] = []
        for n in frontier:
            env.budget.left -= 1
            for kind_ in along:
                for m in g.targets(n, kind_):
                    if m in before:
                        continue
                    before[m] = n
                    if goal(m):
                        out = [m]
                        while out[-1] != start:
                            out.append(before[out[-1]])
                        return out[::-1]
                    nxt.append(m)
        frontier = nxt
    return None


def shortest_path(env: Env, start: str, end: str, along: list[str]) -> list[str] | None:
    """The shortest path from ``start`` to ``end`` along the edge kinds."""
    if start == end:
        return [start]
    return _first_path(env, start, along, lambda m: m == end)


def reachable_of_kind(env: Env, start: str, along: list[str], kinds: set[str]) -> list[str] | None:
    """The shortest path from ``start`` along the edge kinds to a node of one of ``kinds``."""
    g = _graph(env)
    return _first_path(env, start, along, lambda m: g.kind(m) in kinds)


# --- places and sources -----------------------------------------------------------------

@fn("at")
def at(env: Env, thing: Any, key: str | None = None, index: int | None = None) -> Any:
    """at(thing, key, index): where the plan states a thing, or one of its keys (an English
    field name such as 'targets', or the plan's own key such as 'uppdragssvar'), or one
    item of that key."""
    if thing is None:
        return None
    if isinstance(thing, str):
        thing = entity(env, thing)
    if key is None:
        return thing.at()
    fields = type(thing).model_fields
    if key in fields:
        return thing.at_field(key, index)
    return thing.at(f"{key}[{index}]" if index is not None else key)


@fn("cite")
def cite(env: Env, thing: Any) -> str | None:
    """cite(thing): the printed source of a thing ('rp2026, Resultatbudget'), if it names one."""
    from govcheck.rules.checks.figures import cite as cite_

    if isinstance(thing, str):
        thing = entity(env, thing)
    return cite_(thing)


@fn("word")
def word(env: Env, msg_id: str, **params: Any) -> Msg:
    """word(id): a word of govcheck's catalogue, shown in the reader's language
    (word('status.' + plan.status))."""
    return Msg(str(msg_id), **params)


# --- lists and values -------------------------------------------------------------------

@fn("count")
def count(env: Env, items: Any) -> int:
    """count(list): how many items."""
    return len(items) if items is not None else 0


@fn("exists")
def exists(env: Env, value: Any) -> bool:
    """exists(value): not None and not empty."""
    return value is not None and value != [] and value != ""


@fn("first")
def first(env: Env, items: Any) -> Any:
    """first(list): the first item, or None."""
    return items[0] if items else None


@fn("unique")
def unique(env: Env, items: Any) -> list[Any]:
    """unique(list): the items, each once, first occurrence kept."""
    out: list[Any] = []
    for item in items or ():
        if item not in out:
            out.append(item)
    return out


@fn("sorted")
def sorted_(env: Env, items: Any) -> list[Any]:
    """sorted(list): the items in order (entities by id)."""
    return sorted(items or (), key=lambda v: node_id(v) if isinstance(v, BaseModel) else v)


@fn("ids")
def ids(env: Env, items: Any) -> list[Any]:
    """ids(list): each item's id."""
    return [node_id(v) for v in items or ()]


@fn("join")
def join(env: Env, items: Any, sep: str = ", ") -> str:
    """join(list, sep): the items (entities by id) as one text, ', ' between them."""
    return sep.join(str(node_id(v) if isinstance(v, BaseModel) else v) for v in items or ())


@fn("flatten")
def flatten(env: Env, items: Any) -> list[Any]:
    """flatten(list of lists): one list."""
    return [x for sub in items or () for x in (sub or ())]


@fn("any")
def any_(env: Env, items: Any) -> bool:
    """any(list): some item is true."""
    return any(items or ())


@fn("all")
def all_(env: Env, items: Any) -> bool:
    """all(list): every item is true (true for an empty list)."""
    return all(items or ())


@fn("enumerate")
def enumerate_(env: Env, items: Any) -> list[list[Any]]:
    """enumerate(list): [index, item] pairs."""
    return [[i, v] for i, v in enumerate(items or ())]


@fn("matches")
def matches(env: Env, text: Any, pattern: str) -> bool:
    """matches(text, pattern): the text matches the regular expression (a constant,
    checked when the rule is loaded; see lang.safe_pattern)."""
    from govcheck.rules.lang.patterns import compiled

    return text is not None and compiled(pattern).search(str(text)) is not None


# --- numbers ------------------------------------------------------------------------------

def _num(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    raise EvalError("lang.not_a_number", value=repr(value))


@fn("sum")
def sum_(env: Env, items: Any) -> Decimal | None:
    """sum(list): the sum; None when an item is missing."""
    values = [_num(v) for v in items or ()]
    return None if any(v is None for v in values) else sum(values, Decimal(0))  # type: ignore[arg-type]


@fn("abs")
def abs_(env: Env, value: Any) -> Decimal | None:
    """abs(x): x without its sign."""
    v = _num(value)
    return None if v is None else abs(v)


@fn("min")
def min_(env: Env, *values: Any) -> Any:
    """min(a, b, …) or min(list): the smallest."""
    items = list(values[0]) if len(values) == 1 and isinstance(values[0], list) else list(values)
    items = [v for v in items if v is not None]
    return min(items) if items else None


@fn("max")
def max_(env: Env, *values: Any) -> Any:
    """max(a, b, …) or max(list): the largest."""
    items = list(values[0]) if len(values) == 1 and isinstance(values[0], list) else list(values)
    items = [v for v in items if v is not None]
    return max(items) if items else None


@fn("growth")
def growth(env: Env, values: Any, index: int) -> Decimal | None:
    """growth(values, i): the change in per cent from column i-1 to column i
    (|v[i]| / |v[i-1]| − 1) × 100; None without both figures or from zero."""
    if not values or index is None or index <= 0 or index >= len(values):
        return None
    now, before = _num(values[index]), _num(values[index - 1])
    if now is None or before in (None, 0):
        return None
    return (abs(now) / abs(before) - 1) * 100  # type: ignore[operator,arg-type]


@fn("share")
def share(env: Env, part: Any, whole: Any) -> Decimal | None:
    """share(part, whole): part as per cent of whole; None without both or of zero."""
    a, b = _num(part), _num(whole)
    if a is None or b in (None, 0):
        return None
    return a / b * 100  # type: ignore[operator]


@fn("half_unit")
def half_unit(env: Env, value: Any) -> Decimal:
    """half_unit(x): half a unit of x's last printed digit (the most rounding can hide)."""
    from govcheck.rules.checks.figures import half_unit as half

    v = _num(value)
    return Decimal(0) if v is None else half(v)


@fn("rounded")
def rounded(env: Env, value: Any, decimals: int = 2) -> Decimal | None:
    """rounded(x, n): x with at most n decimals (a figure printed with fewer keeps them)."""
    v = _num(value)
    if v is None:
        return None
    exponent = v.as_tuple().exponent
    places = -exponent if isinstance(exponent, int) else 0
    return v if places <= decimals else v.quantize(Decimal(1).scaleb(-decimals))


# --- tables ---------------------------------------------------------------------------------

@fn("tables")
def tables(env: Env, table_kind: str) -> list[Any]:
    """tables(kind): the tables of a kind ('resultatbudget', 'ramar', …), nämndplaners' too."""
    return list(_graph(env).tables(table_kind))


@fn("rows")
def rows(env: Env, table: Any, role: str) -> list[Any]:
    """rows(table, role): the table's rows with that role."""
    return [] if table is None else table.rows_with_role(role)


@fn("role_values")
def role_values(env: Env, table: Any, role: str) -> dict[str, Any]:
    """role_values(table, role): {values, row, derived}: the figures of the first row with
    the role, or, for skatter_och_statsbidrag where no total is printed, the sums of its
    parts (``derived`` says how)."""
    from govcheck.rules.checks.figures import role_values as values_of

    if table is None:
        return {"values": [], "row": None, "derived": None}
    values, row, derived = values_of(table, role)
    return {"values": values, "row": row, "derived": derived}


@fn("column")
def column(env: Env, table: Any, year: int, kinds: list[str] | None = None) -> int | None:
    """column(table, year, kinds): the index of the table's first column for that year
    (of those column kinds when given), or None."""
    if table is None:
        return None
    for i, col in enumerate(table.columns):
        if col.year == year and (kinds is None or col.kind in kinds):
            return i
    return None


# --- chains ------------------------------------------------------------------------------------

@fn("chain")
def chain(env: Env, node: Any, edge: str, until: list[str] | None = None,
          direction: str = "in") -> list[Any]:
    """chain(node, edge, until, direction): the node, then the node its edge of kind
    ``edge`` comes from (direction 'in', the default: up a tree, such as the body above along
    'sets_up'; 'out' follows the edge forwards), and so on; it ends at a node with no such
    edge, at a node of one of the kinds ``until``, or at a node seen before (shown again,
    so a loop is visible)."""
    ident = graph_node(env, node)
    if not _has(env, ident):
        return []
    g = _graph(env)
    stop = set(until or ())
    out = [ident]
    while True:
        env.budget.left -= 1
        step = g.sources(out[-1], edge) if direction == "in" else g.targets(out[-1], edge)
        if not step:
            break
        out.append(step[0])
        if step[0] in out[:-1] or g.kind(step[0]) in stop:
            break
    return _entities(env, out)


# --- dates -------------------------------------------------------------------------------------

@fn("year_of")
def year_of(env: Env, date: Any) -> int | None:
    """year_of(date): the year of a date (plan.decided_on), or None without one."""
    return getattr(date, "year", None) if date is not None else None


# --- decisions -----------------------------------------------------------------------------------

@fn("decisions")
def decisions(env: Env, about: str | None = None) -> list[Any]:
    """decisions(about): the plan's recorded decisions (beslut), in the order the plan lists
    them; of one subject (avser: 'återställande', 'synnerliga_skäl', …) when given."""
    return [d for d in env.ctx.plan.decisions if about is None or d.subject == about]


@fn("years")
def years(env: Env, start: Any, end: Any) -> list[int]:
    """years(start, end): the years from start to end, both included (a period's years:
    years(plan.plan_period.start, plan.plan_period.end)); empty without both."""
    if start is None or end is None:
        return []
    first, last = int(start), int(end)
    env.budget.left -= max(0, last - first + 1)
    if env.budget.left < 0:
        from govcheck.rules.lang.expr import StepLimit

        raise StepLimit()
    return list(range(first, last + 1))


# --- texts -------------------------------------------------------------------------------------

@fn("lower")
def lower(env: Env, text: Any) -> str | None:
    """lower(text): the text in lower case, so that 'förlust' in lower(row.heading) finds
    'Orealiserade förluster'; None without a text."""
    return None if text is None else str(text).lower()


# --- plan sections -------------------------------------------------------------------------------

SECTIONS = {"organisation": "organisation", "vision": "vision", "economy": "economy",
            "ekonomi": "economy"}
"""The plan's one-of-a-kind sections, by English name and the plan's own key."""


@fn("section")
def section(env: Env, name: str) -> Any:
    """section(name): one of the plan's own sections, 'organisation', 'economy' (or
    'ekonomi') or 'vision', as the plan states it (section('economy').tax_rates); None when
    the plan has none."""
    field = SECTIONS.get(str(name))
    if field is None:
        raise EvalError("lang.no_attribute", kind="plan", attr=str(name),
                        known="organisation, economy, vision")
    return getattr(env.ctx.plan, field)


@fn("statements")
def statements(env: Env, measure: str | None = None) -> list[Any]:
    """statements(measure): the figures the plan states in running text (uppgifter): the
    economy's, then each nämndplan's, then each follow-up's, in the order the plan lists
    them; of one key figure (nyckeltal: 'årets_resultat', 'balanskrav_tillskott', …) when
    given."""
    plan = env.ctx.plan
    found = list(plan.economy.statements) if plan.economy is not None else []
    for bp in plan.board_plans:
        found += bp.needs
    for fu in plan.follow_ups:
        found += fu.statements
    env.budget.left -= len(found)
    return [s for s in found if measure is None or s.measure == measure]


@fn("words")
def words(env: Env, text: Any) -> list[str]:
    """words(text): the text's words, split at white space ('  Varav  revision' gives
    ['Varav', 'revision']); join(words(lower(t)), ' ') compares texts without case and
    extra spaces. Empty without a text."""
    return [] if text is None else str(text).split()


@fn("reversed")
def reversed_(env: Env, items: Any) -> list[Any]:
    """reversed(list): the items in the opposite order (a chain upwards read downwards)."""
    return list(items or ())[::-1]


@fn("record")
def record(env: Env, pairs: Any) -> dict[str, Any]:
    """record([[key, value], …]): the keys and values as one record, for evidence (an
    entity shown by its id); reading an attribute of it in an expression is not allowed
    unless the key is one the language knows."""
    out: dict[str, Any] = {}
    for pair in pairs or ():
        if not isinstance(pair, list) or len(pair) != 2:
            raise EvalError("lang.bad_index", index=repr(pair)[:40])
        out[str(node_id(pair[0]) if isinstance(pair[0], BaseModel) else pair[0])] = pair[1]
    return out


@fn("position")
def position(env: Env, items: Any, item: Any) -> int | None:
    """position(list, item): the place of the item's first occurrence in the list (0 for
    the first), or None when it is not there: position(labels, label) < i says an item
    before place i has the same label."""
    found = list(items or ())
    env.budget.left -= len(found)
    for i, value in enumerate(found):
        if value == item:
            return i
    return None
