"""The plan model: what a plan folder says, in pydantic, keys in Swedish.

English field names follow ../shared/glossary.md; each field's alias is the
Swedish key a plan file uses.  Cross references are plain id strings here;
``govcheck.model.resolve`` checks that each of them names something real.
"""

import datetime as dt
import typing
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, model_validator

from govcheck.model.base import (
    Entity,
    Integer,
    Located,
    NonNegativeNumber,
    Number,
    Ordinal,
    Percentage,
    Source,
    WHOLE,
    Year,
    YearRange,
    f,
    new_list,
    period_in_order,
)

BodyKind = Literal[
    "fullmäktige", "presidium", "beredning", "revision", "styrelse", "nämnd",
    "krisledningsnämnd", "gemensam_nämnd", "utskott",
]
BOARD_KINDS: frozenset[str] = frozenset(
    {"styrelse", "nämnd", "krisledningsnämnd", "gemensam_nämnd"})

Unit = Literal[
    "kr", "tkr", "mnkr", "mdkr", "öre", "procent", "procentenheter", "kr_per_invånare",
    "kr_per_skattekrona", "antal", "år",
]
"""The closed vocabulary of units (docs/plan-format.md 2.9); amounts convert into each
other by ``govcheck.model.units``, an unknown unit is a load error with a suggestion."""

PlanPart = Literal[
    "organisation", "mål", "finansiella_mål", "uppdrag", "styrdokument", "nämndplaner",
    "uppföljning", "internkontroll", "ramar", "resultatbudget", "balansbudget",
    "kassaflödesanalys", "investeringar", "balanskrav", "bolag", "skattesats",
]
"""The parts of a plan a rule may need; ``plan.saknas`` names those the document lacks."""

Scope = Literal["kommun", "region", "koncern"]
"""Whom a figure or a financial goal is about: the organisation itself (kommun or region,
the default) or the koncern (the sammanställda räkenskaper)."""


# --- plan and sources ---------------------------------------------------------

class PlanInfo(Located):
    id: str = f("id")
    name: str = f("namn")
    organisation: str = f("organisation")
    organisation_kind: Literal["region", "kommun"] = f("organisationstyp")
    budget_year: Year = f("budgetår")
    plan_period: YearRange = f("planperiod")
    goal_period: YearRange | None = f("målperiod", None)
    mandate_period: YearRange | None = f("mandatperiod", None)
    decided_by: str | None = f("beslutad_av", None)
    decided_on: dt.date | None = f("beslutsdatum", None)
    budget_years: list[Year] = f("beslutade_budgetår", default_factory=new_list)
    styrmodell: list[str] = f("styrmodell", default_factory=new_list)
    excerpt: bool = f("utdrag", False)
    lacks: list[PlanPart] = f("saknas", default_factory=new_list)
    source: Source | None = f("källa", None)
    comment: str | None = f("kommentar", None)

    def decided_years(self) -> list[int]:
        """The budget years decided by this plan: the budget year, and any others decided
        with it (``beslutade_budgetår``: a budget for two years at once)."""
        return sorted({self.budget_year, *self.budget_years})


class SourceDocument(Entity):
    title: str = f("titel")
    kind: str | None = f("typ", None)
    publisher: str | None = f("utgivare", None)
    file: str | None = f("fil", None)


# --- organisation ---------------------------------------------------------------

OversightScope = Literal["nämnder", "bolag", "stiftelser", "kommunalförbund", "gemensamma_nämnder"]
PolicyScope = Literal["fullmäktige", "nämnder", "helägda_bolag", "majoritetsägda_bolag",
                      "stiftelser"]


class Body(Entity):
    """A political body: fullmäktige, a beredning, the revision, a styrelse or nämnd."""

    name: str = f("namn")
    kind: BodyKind = f("typ")
    short_name: str | None = f("kortnamn", None)
    parent: str | None = f("under", None)
    partners: list[str] = f("parter", default_factory=new_list)
    oversight: list[OversightScope] = f("uppsikt_över", default_factory=new_list)
    description: str | None = f("beskrivning", None)


class Administration(Entity):
    """A förvaltning: the civil service serving one nämnd."""

    name: str = f("namn")
    board: str = f("nämnd")
    head: str | None = f("chef", None)


class Role(Entity):
    name: str = f("namn")
    kind: Literal["regiondirektör", "förvaltningschef", "ledningsgrupp", "annan"] = f("typ")
    administration: str | None = f("förvaltning", None)
    heads: list[str] = f("chef_över", default_factory=new_list)
    reports_to: str | None = f("rapporterar_till", None)
    description: str | None = f("beskrivning", None)


class Federation(Entity):
    name: str = f("namn")
    kind: Literal["kommunalförbund", "samordningsförbund"] = f("typ")


class CompanyBudget(Located):
    year: Year = f("år")
    result: Number = f("resultat")
    unit: Unit = f("enhet", "mnkr")
    source: Source | None = f("källa", None)
    quote: str | None = f("citat", None)


class Company(Entity):
    name: str = f("namn")
    ownership_share: Percentage = f("ägarandel")
    parent_company: str | None = f("moderbolag", None)
    in_consolidated_accounts: bool | None = f("i_sammanställda_räkenskaper", None)
    budgets: list[CompanyBudget] = f("budget", default_factory=new_list)


class Organisation(Located):
    name: str = f("namn")
    policies_cover: list[PolicyScope] = f("policyer_omfattar", default_factory=new_list)
    bodies: list[Body] = f("organ", default_factory=new_list)
    administrations: list[Administration] = f("förvaltningar", default_factory=new_list)
    roles: list[Role] = f("roller", default_factory=new_list)
    federations: list[Federation] = f("förbund", default_factory=new_list)
    companies: list[Company] = f("bolag", default_factory=new_list)
    source: Source | None = f("källa", None)


# --- goals ---------------------------------------------------------------------

class Vision(Located):
    text: str = f("text")
    description: str | None = f("beskrivning", None)
    source: Source | None = f("källa", None)
    comment: str | None = f("kommentar", None)


SdgGoal = Annotated[int, Field(ge=1, le=17), WHOLE]
"""One of the 17 goals of Agenda 2030."""


class CouncilGoal(Entity):
    number: Ordinal | None = f("nummer", None)
    name: str = f("namn")
    targets: list[str] = f("riktas_till", default_factory=new_list)
    description: str | None = f("beskrivning", None)
    documents: list[str] = f("styrande_dokument", default_factory=new_list)
    expected_outcomes: list[str] = f("förväntat_utfall", default_factory=new_list)
    sdgs: list[SdgGoal] = f("agenda2030", default_factory=new_list)


FinancialMeasure = Literal[
    "verksamhetens_resultat_andel", "resultat_andel", "soliditet",
    "soliditet_inkl_ansvarsförbindelse", "låneskuld_andel",
    "årets_resultat", "resultat_efter_reserv_andel", "balanskravsresultat", "likviditet",
    "självfinansieringsgrad", "nettoinvesteringar_andel",
]


class FinancialTarget(Located):
    """One year's threshold of a financial goal."""

    year: Year = f("år")
    minimum: Number | None = f("lägst", None)
    maximum: Number | None = f("högst", None)
    unit: Unit = f("enhet", "procent")
    strength: Literal["ska", "bör"] = f("styrka", "ska")
    wording: str | None = f("formulering", None)
    source: Source | None = f("källa", None)


class FinancialGoal(Entity):
    kind: Literal["resultatmål", "soliditetsmål", "skuldsättningsmål", "likviditetsmål",
                  "självfinansieringsmål", "investeringsmål", "annat"] = f("typ")
    name: str = f("namn")
    direction: str | None = f("inriktning", None)
    measure: FinancialMeasure | None = f("nyckeltal", None)
    """None: the goal is measured by a key ratio the format does not name (FIN001 cannot
    test it, and says so)."""
    scope: Scope | None = f("avser", None)
    targets: list[FinancialTarget] = f("mål", default_factory=new_list)
    every_year: bool = f("gäller_varje_år", False)
    """The plan says the goal holds for every year of the plan period (FIN002 then asks for
    a level for each of them)."""


# --- assignments and documents -------------------------------------------------

class Group(Entity):
    """A named group of bodies, such as "Alla nämnder"."""

    name: str = f("namn")
    members: list[str] = f("medlemmar", default_factory=new_list)


class Assignment(Entity):
    """A riktat uppdrag from fullmäktige."""

    text: str = f("text")
    owners: list[str] = f("riktas_till", default_factory=new_list)
    points: list[str] = f("delpunkter", default_factory=new_list)
    period: YearRange | None = f("tidsram", None)
    requires: list[Literal["nettokostnadsmål"]] = f("kräver", default_factory=new_list)


DocumentKind = Literal[
    "policy", "strategi", "plan", "program", "riktlinje", "avsiktsförklaring", "färdplan",
    "målbild", "agenda", "handlingsplan", "annat",
]


class Validity(Located):
    """Years a document is valid; a title like "målbild 2030" gives only the last year."""

    start: Year | None = f("från", None)
    end: Year = f("till")

    @model_validator(mode="after")
    def _in_order(self) -> "Validity":
        period_in_order(self.start, self.end)
        return self


class GoverningDocument(Entity):
    title: str = f("titel")
    kind: DocumentKind = f("typ")
    decided_by: str | None = f("beslutad_av", None)
    owner: str | None = f("ägare", None)
    validity: Validity | None = f("giltighet", None)


# --- economy -------------------------------------------------------------------

# The closed vocabularies of a table row's ``roll`` and an uppgift's ``nyckeltal``: the
# names the built-in checks look rows and figures up by (their options' defaults in
# govcheck/rules/checks/), and the names that only describe a row for the reader. A name
# outside the list is a load error with a suggestion, never a row a rule silently misses.
# docs/plan-format.md, section 4.7, explains every name; a test keeps the two in step.

RowRole = Literal[
    # read by the built-in rules (docs/plan-format.md 4.2)
    "ram", "summa_nettokostnad",
    "nettokostnad", "nettokostnadsutveckling", "skatter_och_statsbidrag",
    "utveckling_skatter_och_statsbidrag", "verksamhetens_resultat", "årets_resultat",
    FinancialMeasure,
    "summa_eget_kapital", "summa_tillgångar",
    "ingående_balans", "balanskravsresultat", "synnerliga_skäl", "utgående_balans",
    "varav_underskott",
    # descriptive: no rule reads them yet
    "rubrik",
    "beredningar", "beställare_primärvård", "beställare_tandvård", "avskrivningar",
    "pensionskostnader",
    "skatteintäkter", "generella_statsbidrag", "finansiella_intäkter",
    "finansiella_kostnader", "finansnetto",
    "anläggningstillgångar", "omsättningstillgångar", "ingående_eget_kapital",
    "periodens_resultat", "avsättningar_pensioner", "ingående_avsättning_pensioner",
    "summa_avsättningar",
    "långfristiga_skulder", "kortfristiga_skulder", "summa_skulder",
    "summa_eget_kapital_avsättningar_skulder",
    "justering_ej_likvidpåverkande_poster", "medel_före_förändring_rörelsekapital",
    "förändring_förråd", "förändring_kortfristiga_fordringar",
    "förändring_kortfristiga_placeringar", "förändring_korta_skulder",
    "kassaflöde_löpande_verksamhet", "investeringar", "försäljning_anläggningstillgångar",
    "kassaflöde_investeringsverksamhet", "förändring_långfristiga_skulder",
    "kassaflöde_finansieringsverksamhet", "årets_kassaflöde", "likvida_medel_början",
    "likvida_medel_slut",
    "investeringsram", "investeringsutgifter_totalt", "avskrivningsbudget",
    # the resultatutjämningsreserv / resultatreserv, kommunalekonomisk utjämning
    "reservering_resultatreserv", "disposition_resultatreserv",
    "resultat_efter_balanskravsjusteringar", "kommunalekonomisk_utjämning",
    "generella_statsbidrag_och_utjämning", "likvida_medel", "soliditet_koncern",
]
ROW_ROLES: tuple[str, ...] = typing.get_args(RowRole)

StatementMeasure = Literal[FinancialMeasure, "balanskrav_tillskott"]
STATEMENT_MEASURES: tuple[str, ...] = typing.get_args(StatementMeasure)

ColumnKind = Literal[
    "budget", "plan", "utfall", "prognos", "bokslut", "förändring", "omfördelning",
    "index", "period",
]


class Column(Located):
    id: str = f("id")
    heading: str = f("rubrik")
    year: Year | None = f("år", None)
    kind: ColumnKind = f("slag")
    period: YearRange | None = f("period", None)


class ShareOf(Located):
    """The row is ``täljare`` in per cent of ``nämnare``: a row, or a list of rows whose sum
    is the base (skatteintäkter + generella statsbidrag when no total is printed)."""

    numerator: str = f("täljare")
    denominator: str | list[str] = f("nämnare")

    def denominators(self) -> list[str]:
        return [self.denominator] if isinstance(self.denominator, str) else list(self.denominator)


class SameAs(Located):
    """This row prints the same figures as a row of another table (for shared years)."""

    table: str = f("tabell")
    row: str = f("rad")
    sign: Literal[1, -1] = f("tecken", 1)


class OpeningFrom(Located):
    """This row opens each year with the figure the named row closed the year before with
    (ingående balans = föregående års utgående balans); ``tabell`` defaults to this table."""

    table: str | None = f("tabell", None)
    row: str = f("rad")


DASHES = frozenset({"–", "-", "—"})
"""A cell printed as a dash: zero, as printed (docs/plan-format.md 3.11)."""


def _dashes_to_zero(data: typing.Any) -> typing.Any:
    """A row's ``värden`` with each printed dash read as a zero (``Row.dash_cells`` keeps
    which cells were dashes)."""
    if isinstance(data, dict):
        values = data.get("värden")
        if isinstance(values, list) and any(isinstance(v, str) and v in DASHES for v in values):
            data = dict(data)
            data["värden"] = [Decimal(0) if isinstance(v, str) and v in DASHES else v
                             for v in values]
            data["__dashes__"] = [i for i, v in enumerate(values)
                                  if isinstance(v, str) and v in DASHES]
    return data


class Row(Located):
    id: str = f("id")
    heading: str = f("rubrik")
    values: list[Number | None] = f("värden")
    dash_cells: list[int] = Field(default_factory=new_list, alias="__dashes__", exclude=True)
    unit: Unit | None = f("enhet", None)
    sum_of: list[str] = f("summa_av", default_factory=new_list)
    part_of: str | None = f("varav_av", None)
    body: str | None = f("organ", None)
    role: RowRole | None = f("roll", None)
    origin_year: Year | None = f("ursprungsår", None)
    restore_by: Year | None = f("återställs_senast", None)
    growth_of: str | None = f("utveckling_av", None)
    share_of: ShareOf | None = f("andel_av", None)
    same_as: list[SameAs] = f("samma_som", default_factory=new_list)
    opening_from: OpeningFrom | None = f("ingående_från", None)
    comment: str | None = f("kommentar", None)

    @model_validator(mode="before")
    @classmethod
    def _dashes(cls, data: typing.Any) -> typing.Any:
        return _dashes_to_zero(data)


class RowSum(Located):
    """A column that is the sum of other columns, row by row."""

    total: str = f("summa")
    parts: list[str] = f("av")


class Table(Entity):
    kind: Literal[
        "ramar", "resultatbudget", "balansbudget", "kassaflödesanalys", "investering",
        "balanskrav", "investeringsplan", "annan",
    ] = f("typ")
    title: str = f("titel")
    unit: Unit = f("enhet")
    scope: Scope | None = f("avser", None)
    blank_cells: Literal["ej_angivet", "noll"] = f("tomma_celler", "ej_angivet")
    exact: bool = f("exakt", False)
    columns: list[Column] = f("kolumner")
    rows: list[Row] = f("rader")
    row_sums: list[RowSum] = f("radsummor", default_factory=new_list)
    restoration_order: Literal["äldst_först", "yngst_först"] | None = f(
        "återställningsordning", None)

    @model_validator(mode="after")
    def _blank_means_zero(self) -> "Table":
        # "tomma_celler: noll": a blank cell is printed as nothing but means zero
        if self.blank_cells == "noll":
            for row in self.rows:
                if any(v is None for v in row.values):
                    row.dash_cells = sorted({*row.dash_cells,
                                             *(i for i, v in enumerate(row.values) if v is None)})
                    row.values = [Decimal(0) if v is None else v for v in row.values]
        return self

    def column(self, column_id: str) -> int | None:
        for i, col in enumerate(self.columns):
            if col.id == column_id:
                return i
        return None

    def row(self, row_id: str) -> Row | None:
        return next((r for r in self.rows if r.id == row_id), None)

    def rows_with_role(self, role: str) -> list[Row]:
        return [r for r in self.rows if r.role == role]


CompareMeasure = Literal["värde", "förändring", "förändring_procent", "summa", "medel"]
CHANGE_MEASURES: tuple[str, ...] = ("förändring", "förändring_procent")
"""The comparison measures that compare ``kolumn`` with ``från_kolumn``."""

_COMPARE_KEYS_SCHEMA: dict[str, typing.Any] = {
    # Which column keys a measure needs (checked on loading by
    # govcheck.model.resolve.compare_key_errors); here for editors.
    "allOf": [
        {"if": {"required": ["mått"], "properties": {"mått": {"enum": ["summa", "medel"]}}},
         "then": {"anyOf": [
             {"required": ["kolumner"], "properties": {"kolumner": {"minItems": 1}}},
             {"required": ["kolumn"], "properties": {"kolumn": {"type": "string"}}}]},
         "else": {"required": ["kolumn"], "properties": {"kolumn": {"type": "string"}}}},
        {"if": {"required": ["mått"], "properties": {"mått": {"enum": list(CHANGE_MEASURES)}}},
         "then": {"required": ["från_kolumn"],
                  "properties": {"från_kolumn": {"type": "string"}}}},
    ],
}


class Compare(Located):
    """Which table figure a stated figure describes, and how.

    ``mått``: ``värde`` (the cell in ``kolumn``), ``summa`` (the sum of the cells in
    ``kolumner``, or the cell in ``kolumn`` when ``kolumner`` is empty), ``förändring``
    (the cell in ``kolumn`` minus the cell in ``från_kolumn``) or ``förändring_procent``
    (that change in per cent of the base). ``kolumn`` is optional in the model because
    ``summa`` with ``kolumner`` does not use it; which keys each measure needs is
    checked on loading (``govcheck.model.resolve.compare_key_errors``).
    """

    model_config = ConfigDict(json_schema_extra=_COMPARE_KEYS_SCHEMA)

    table: str = f("tabell")
    row: str | list[str] = f("rad")
    column: str | None = f("kolumn", None)
    measure: CompareMeasure = f("mått", "värde")
    base_column: str | None = f("från_kolumn", None)
    columns: list[str] = f("kolumner", default_factory=new_list)
    sign: Literal[1, -1] = f("tecken", 1)

    def rows(self) -> list[str]:
        """The row, or the rows whose sum the stated figure describes."""
        return [self.row] if isinstance(self.row, str) else list(self.row)


class Statement(Entity):
    """A figure stated in running text, with its short quote."""

    description: str = f("beskrivning")
    value: Number | None = f("värde", None)
    claim: Literal["positiv", "negativ"] | None = f("påstående", None)
    """A sign the text states without a figure ("ett samlat överskott för perioden":
    ``positiv``), compared by EKO105 with the figure ``jämför`` names."""
    unit: Unit = f("enhet")
    year: Year | None = f("år", None)
    period: YearRange | None = f("period", None)
    body: str | None = f("organ", None)
    measure: StatementMeasure | None = f("nyckeltal", None)
    approximate: bool = f("ungefärlig", False)
    compare: Compare | None = f("jämför", None)
    quote: str | None = f("citat", None)


class Decision(Entity):
    """A recorded decision the plan relies on (e.g. synnerliga skäl, a restoration plan)."""

    body: str = f("organ")
    subject: Literal["synnerliga_skäl", "återställande", "resultatreserv", "budget", "annat"] = \
        f("avser")
    year: Year | None = f("år", None)
    amount: Number | None = f("belopp", None)
    date: dt.date | None = f("datum", None)
    reference: str | None = f("paragraf", None)
    reasons: str | None = f("motivering", None)


class YearValue(Located):
    year: Year = f("år")
    value: Number = f("värde")
    unit: Unit = f("enhet")
    previous: Number | None = f("föregående", None)
    source: Source | None = f("källa", None)
    quote: str | None = f("citat", None)


class NonNegativeYearValue(YearValue):
    """A yearly value that cannot be negative: a tax rate, a borrowing limit."""

    value: NonNegativeNumber = f("värde")
    previous: NonNegativeNumber | None = f("föregående", None)


class Economy(Located):
    tax_rates: list[NonNegativeYearValue] = f("skattesats", default_factory=new_list)
    borrowing_limits: list[NonNegativeYearValue] = f("låneram", default_factory=new_list)
    price_index: list[YearValue] = f("lpik", default_factory=new_list)
    result_reserve: list[YearValue] = f("resultatreserv", default_factory=new_list)
    reserve_balance: list[YearValue] = f("resultatreserv_saldo", default_factory=new_list)
    statements: list[Statement] = f("uppgifter", default_factory=new_list)


# --- board plans ---------------------------------------------------------------

class GoalLink(Located):
    """A sub-goal's link to a council goal, with the words that support it."""

    goal: str = f("mål")
    support: str = f("stöd")
    source: Source | None = f("källa", None)


class Indicator(Entity):
    name: str = f("namn")
    individual_based: bool = f("individbaserad", False)
    by_sex: bool = f("könsuppdelad", False)
    kolada: str | None = f("kolada", None)
    target_value: str | None = f("målvärde", None)


class SubGoal(Entity):
    name: str = f("namn")
    kind: Literal["delmål", "fokusområde"] = f("typ", "delmål")
    aim: str | None = f("målsättning", None)
    text: str | None = f("text", None)
    year: Year | None = f("år", None)
    goal_links: list[GoalLink] = f("regionmål", default_factory=new_list)
    assignment_links: list[str] = f("uppdrag", default_factory=new_list)
    indicators: list[Indicator] = f("indikatorer", default_factory=new_list)


class NetCostGoal(Located):
    year: Year = f("år")
    amount: Number | None = f("belopp", None)
    growth_percent: Number | None = f("utveckling_procent", None)
    unit: Unit = f("enhet", "mnkr")
    decided_on: dt.date | None = f("beslutsdatum", None)
    source: Source | None = f("källa", None)


class AssignmentResponse(Located):
    assignment: str = f("uppdrag")
    response: str = f("svar")
    source: Source | None = f("källa", None)


class BoardPlan(Entity):
    board: str = f("organ")
    year: Year = f("år")
    title: str | None = f("titel", None)
    status: Literal["beslutad", "förslag", "planeringsunderlag"] = f("status", "beslutad")
    decided_on: dt.date | None = f("beslutsdatum", None)
    sub_goals: list[SubGoal] = f("delmål", default_factory=new_list)
    net_cost_goal: NetCostGoal | None = f("nettokostnadsmål", None)
    responses: list[AssignmentResponse] = f("uppdragssvar", default_factory=new_list)
    changes: list[str] = f("planerade_förändringar", default_factory=new_list)
    needs: list[Statement] = f("ekonomiska_behov", default_factory=new_list)
    tables: list[Table] = f("tabeller", default_factory=new_list)


# --- follow-up and internal control ------------------------------------------

Assessment = Literal["uppfyllt", "delvis_uppfyllt", "ej_uppfyllt"]


class GoalAssessment(Located):
    sub_goal: str | None = f("delmål", None)
    goal: str | None = f("regionmål", None)
    assessment: Assessment = f("bedömning")
    forecast: bool = f("prognos", False)
    comment: str | None = f("kommentar", None)


class BoardOutcome(Located):
    body: str = f("organ")
    net_cost: Number = f("nettokostnad")
    forecast: bool = f("prognos", False)
    unit: Unit = f("enhet", "mnkr")
    source: Source | None = f("källa", None)


class AssignmentStatus(Located):
    assignment: str = f("uppdrag")
    body: str | None = f("organ", None)
    status: Literal["ej_påbörjat", "pågår", "genomfört", "avslutat"] = f("status")
    comment: str | None = f("kommentar", None)


class FollowUp(Entity):
    kind: Literal["delårsrapport", "årsredovisning"] = f("typ")
    year: Year = f("år")
    period: str | None = f("period", None)
    body: str | None = f("organ", None)
    assessments: list[GoalAssessment] = f("målbedömningar", default_factory=new_list)
    outcomes: list[BoardOutcome] = f("utfall", default_factory=new_list)
    assignment_status: list[AssignmentStatus] = f("uppdragsstatus", default_factory=new_list)
    statements: list[Statement] = f("uppgifter", default_factory=new_list)


class ControlItem(Entity):
    description: str = f("beskrivning")


RiskScore = Annotated[int, Field(ge=1, le=5), WHOLE]
"""A risk analysis's likelihood or consequence score: the usual scales run 1–4 or 1–5."""


class Risk(Entity):
    description: str = f("beskrivning")
    likelihood: RiskScore | None = f("sannolikhet", None)
    consequence: RiskScore | None = f("konsekvens", None)
    controls: list[ControlItem] = f("kontroller", default_factory=new_list)
    actions: list[ControlItem] = f("åtgärder", default_factory=new_list)


class InternalControlPlan(Entity):
    body: str = f("organ")
    year: Year = f("år")
    risks: list[Risk] = f("risker", default_factory=new_list)


# --- waivers ---------------------------------------------------------------------

class Waiver(Located):
    """An undantag: a finding an auditor or the kansli accepts, for a reason, until a date.

    It matches the findings of rule ``regel`` whose subject (the ids, table rows and columns
    and years in the finding's evidence) contains every term of ``avser``, in file ``fil``
    and on line ``rad`` when those are given. Lines move; prefer ``avser``."""

    rule: str = f("regel")
    subject: str | list[str | Integer] = f("avser", default_factory=new_list)
    file: str | None = f("fil", None)
    line: Ordinal | None = f("rad", None)
    reason: str = f("orsak")
    decision: str = f("beslut")
    by: str = f("av")
    valid_until: dt.date = f("giltig_till")
    comment: str | None = f("kommentar", None)

    def terms(self) -> list[str]:
        """``avser`` as a list of text terms (a year is written as a number)."""
        items = [self.subject] if isinstance(self.subject, str) else list(self.subject)
        return [str(item) for item in items]


# --- one file, and the whole plan --------------------------------------------

class PlanFile(Located):
    """What one YAML file of a plan folder may hold: any of the sections."""

    plan: PlanInfo | None = f("plan", None)
    sources: list[SourceDocument] = f("källor", default_factory=new_list)
    organisation: Organisation | None = f("organisation", None)
    vision: Vision | None = f("vision", None)
    council_goals: list[CouncilGoal] = f("regionmål", default_factory=new_list)
    financial_goals: list[FinancialGoal] = f("finansiella_mål", default_factory=new_list)
    groups: list[Group] = f("grupper", default_factory=new_list)
    assignments: list[Assignment] = f("uppdrag", default_factory=new_list)
    documents: list[GoverningDocument] = f("styrdokument", default_factory=new_list)
    economy: Economy | None = f("ekonomi", None)
    tables: list[Table] = f("tabeller", default_factory=new_list)
    board_plans: list[BoardPlan] = f("nämndplaner", default_factory=new_list)
    follow_ups: list[FollowUp] = f("uppföljningar", default_factory=new_list)
    control_plans: list[InternalControlPlan] = f("internkontrollplaner", default_factory=new_list)
    decisions: list[Decision] = f("beslut", default_factory=new_list)
    waivers: list[Waiver] = f("undantag", default_factory=new_list)


SINGLE_SECTIONS = ("plan", "organisation", "vision", "economy")
LIST_SECTIONS = ("sources", "council_goals", "financial_goals", "groups", "assignments",
                 "documents", "tables", "board_plans", "follow_ups", "control_plans", "decisions",
                 "waivers")


class Plan(PlanFile):
    """All files of a plan folder merged; ``plan`` is required."""

    name: str = ""
    root: str = ""
    files: list[str] = []
    goal_word: str = "regionmål"
    """What the plan calls fullmäktige's goals (govcheck.model.synonyms.goal_word)."""
