"""Message catalogue: every user-facing sentence in Swedish and English."""

from __future__ import annotations

from typing import Any

LANGS = ("sv", "en")

CATALOGUE: dict[str, dict[str, str]] = {
    "load.syntax": {
        "sv": "YAML-syntaxfel: {problem}",
        "en": "YAML syntax error: {problem}",
    },
    "load.not_utf8": {
        "sv": "filen är inte UTF-8 (byte {byte}); spara den som UTF-8",
        "en": "file is not UTF-8 (byte {byte}); save it as UTF-8",
    },
    "load.nul": {"sv": "filen innehåller en NUL-byte", "en": "file contains a NUL byte"},
    "load.too_large": {
        "sv": "filen är för stor ({size} byte, högst {limit})",
        "en": "file is too large ({size} bytes, at most {limit})",
    },
    "load.unreadable": {"sv": "filen kan inte läsas: {reason}", "en": "cannot read file: {reason}"},
    "load.too_many_nodes": {
        "sv": "för många YAML-noder (över {limit})",
        "en": "too many YAML nodes (over {limit})",
    },
    "load.alias_bomb": {
        "sv": "aliasen expanderar till för många noder (över {limit}); är det en alias-bomb?",
        "en": "the aliases expand to too many nodes (over {limit}); is this an alias bomb?",
    },
    "load.too_deep": {
        "sv": "för djup nästling (över {limit} nivåer)",
        "en": "nesting too deep (over {limit} levels)",
    },
    "load.tag": {
        "sv": "YAML-taggen {tag} är inte tillåten; planfiler innehåller bara vanliga värden",
        "en": "YAML tag {tag} is not allowed; plan files hold plain values only",
    },
    "load.merge_key": {
        "sv": "sammanslagningsnyckeln '<<' stöds inte; skriv ut värdena",
        "en": "merge key '<<' is not supported; write the values out",
    },
    "load.complex_key": {"sv": "en nyckel måste vara en enkel text", "en": "a key must be plain text"},
    "load.reserved_key": {
        "sv": "nyckeln '{key}' är reserverad (börjar med '__')",
        "en": "key '{key}' is reserved (starts with '__')",
    },
    "load.duplicate_key": {
        "sv": "nyckeln '{key}' finns redan på rad {first_line}",
        "en": "key '{key}' already appears on line {first_line}",
    },
    "load.not_finite": {
        "sv": "värdet {value} är inte ett ändligt tal",
        "en": "value {value} is not a finite number",
    },
    "load.number_notation": {
        "sv": "talet {value} är skrivet {form}; skriv tal decimalt: menade du {reading}?",
        "en": "the number {value} is written {form}; write numbers in decimal: "
              "did you mean {reading}?",
    },
    "number_form.hex": {"sv": "hexadecimalt", "en": "in hexadecimal"},
    "number_form.octal": {"sv": "oktalt", "en": "in octal"},
    "number_form.binary": {"sv": "binärt", "en": "in binary"},
    "number_form.base60": {
        "sv": "i bas 60, som YAML 1.1 läser tal med ':' (text skrivs inom citattecken)",
        "en": "in base 60, as YAML 1.1 reads numbers with ':' (put text in quotes)",
    },
    "number_form.leading_zero": {
        "sv": "med inledande nolla, som YAML 1.1 kan läsa som ett oktalt tal",
        "en": "with a leading zero, which YAML 1.1 may read as an octal number",
    },
    "number_form.underscore": {
        "sv": "med '_' som inte står mellan två siffror",
        "en": "with a '_' that does not stand between two digits",
    },
    "load.yaml11_bool": {
        "sv": "'{value}' är ett sanningsvärde bara i YAML 1.1 (text i YAML 1.2); menade du "
              "{reading}? Text skrivs inom citattecken: \"{value}\"",
        "en": "'{value}' is a boolean only in YAML 1.1 (text in YAML 1.2); did you mean "
              "{reading}? Put text in quotes: \"{value}\"",
    },
    "load.bad_date": {"sv": "ogiltigt datum {value}", "en": "invalid date {value}"},
    "load.multi_document": {
        "sv": "en planfil får bara innehålla ett YAML-dokument",
        "en": "a plan file may hold only one YAML document",
    },
    "load.not_a_dir": {
        "sv": "{path} är ingen plankatalog",
        "en": "{path} is not a plan folder",
    },
    "load.no_files": {
        "sv": "plankatalogen innehåller inga .yaml-filer",
        "en": "the plan folder holds no .yaml files",
    },
    "load.symlink_outside": {
        "sv": "filen är en länk som pekar utanför plankatalogen",
        "en": "file is a link that points outside the plan folder",
    },
    "load.symlink_loop": {
        "sv": "filen är en länk i en slinga av länkar som pekar på varandra",
        "en": "file is a link in a loop of links that point at each other",
    },
    "load.top_not_mapping": {
        "sv": "filen måste vara en mappning av sektioner (t.ex. 'regionmål:')",
        "en": "file must be a mapping of sections (e.g. 'regionmål:')",
    },
    "load.no_plan": {
        "sv": "ingen fil innehåller sektionen 'plan:'",
        "en": "no file holds the 'plan:' section",
    },
    "load.section_twice": {
        "sv": "sektionen '{section}' finns redan i {first}",
        "en": "section '{section}' is already given in {first}",
    },
    "output.cannot_write": {
        "sv": "kan inte skriva {path}: {reason}",
        "en": "cannot write {path}: {reason}",
    },
    "output.is_input": {
        "sv": "den hör till indata ({input}); skriv utdata utanför plankatalogen",
        "en": "it is part of the input ({input}); write the output outside the plan folder",
    },
    "output.is_dir": {"sv": "det är en katalog", "en": "it is a folder"},
    "output.special": {
        "sv": "det är varken en vanlig fil, en teckenenhet eller ett rör",
        "en": "it is neither a regular file, a character device nor a pipe",
    },
    "output.stdout": {"sv": "standard ut", "en": "standard output"},
    "run.interrupted": {
        "sv": "avbruten ({signal}); inga arbetsprocesser finns kvar",
        "en": "interrupted ({signal}); no worker process is left",
    },
    "model.unknown_key": {
        "sv": "okänd nyckel '{key}'{hint}",
        "en": "unknown key '{key}'{hint}",
    },
    "model.missing": {
        "sv": "obligatorisk nyckel '{key}' saknas",
        "en": "required key '{key}' is missing",
    },
    "model.wrong_type": {
        "sv": "fel typ för '{key}': {expected}, fick {got}",
        "en": "wrong type for '{key}': {expected}, got {got}",
    },
    "model.bad_value": {
        "sv": "ogiltigt värde {value!r} för '{key}'{hint}",
        "en": "invalid value {value!r} for '{key}'{hint}",
    },
    "model.invalid": {"sv": "ogiltigt värde för '{key}': {detail}", "en": "invalid value for '{key}': {detail}"},
    "model.duplicate_id": {
        "sv": "id '{id}' används redan ({first})",
        "en": "id '{id}' is already used ({first})",
    },
    "model.unknown_ref": {
        "sv": "'{ref}' är inte {kind} som finns i planen{hint}",
        "en": "'{ref}' is not a known {kind} in the plan{hint}",
    },
    "model.one_of_required": {
        "sv": "minst en av nycklarna '{keys}' måste anges",
        "en": "at least one of the keys '{keys}' must be given",
    },
    "model.compare_needs_key": {
        "sv": "jämför med mått '{measure}' kräver nyckeln '{key}' ({purpose})",
        "en": "a comparison with measure '{measure}' needs the key '{key}' ({purpose})",
    },
    "figure.verksamhetens_resultat_andel": {"sv": "verksamhetens resultat i procent av skatter och generella statsbidrag", "en": "the operating result in per cent of tax revenue and general grants"},
    "figure.resultat_andel": {"sv": "årets resultat i procent av skatter och generella statsbidrag", "en": "the result for the year in per cent of tax revenue and general grants"},
    "figure.resultat_efter_reserv_andel": {"sv": "resultatet efter resultatutjämningsreserven i procent av skatter och generella statsbidrag", "en": "the result after the result equalisation reserve in per cent of tax revenue and general grants"},
    "figure.soliditet": {"sv": "soliditet (eget kapital / tillgångar)", "en": "the equity ratio (equity / assets)"},
    "figure.soliditet_inkl_ansvarsförbindelse": {"sv": "soliditet inklusive ansvarsförbindelse", "en": "the equity ratio including the pension commitment"},
    "figure.låneskuld_andel": {"sv": "räntebärande låneskuld i procent av skatter och generella statsbidrag", "en": "interest-bearing debt in per cent of tax revenue and general grants"},
    "figure.årets_resultat": {"sv": "årets resultat", "en": "the result for the year"},
    "figure.balanskravsresultat": {"sv": "balanskravsresultatet", "en": "the balanced-budget result"},
    "figure.likviditet": {"sv": "likviditeten", "en": "the liquidity ratio"},
    "figure.självfinansieringsgrad": {"sv": "självfinansieringsgraden", "en": "the self-financing ratio"},
    "figure.nettoinvesteringar_andel": {"sv": "nettoinvesteringarna i procent av skatter och generella statsbidrag", "en": "net investments in per cent of tax revenue and general grants"},
    "figure.koncern": {"sv": "{figure} för koncernen", "en": "{figure} of the group (koncern)"},
    "claim.positiv": {"sv": "ett positivt belopp (överskott)", "en": "a positive amount (a surplus)"},
    "claim.negativ": {"sv": "ett negativt belopp (underskott)", "en": "a negative amount (a deficit)"},
    "strength.ska": {"sv": "ska", "en": "shall"},
    "strength.bör": {"sv": "bör", "en": "should"},
    "status.beslutad": {"sv": "beslutad", "en": "decided"},
    "status.förslag": {"sv": "förslag", "en": "proposal"},
    "status.planeringsunderlag": {"sv": "planeringsunderlag", "en": "planning input"},
    "part.organisation": {"sv": "organisationen", "en": "the organisation"},
    "part.mål": {"sv": "fullmäktiges mål", "en": "the council goals"},
    "part.finansiella_mål": {"sv": "de finansiella målen", "en": "the financial goals"},
    "part.uppdrag": {"sv": "uppdragen", "en": "the assignments"},
    "part.styrdokument": {"sv": "styrdokumenten", "en": "the governing documents"},
    "part.nämndplaner": {"sv": "nämndplanerna", "en": "the board plans"},
    "part.uppföljning": {"sv": "uppföljningen (delårsrapport, årsredovisning)", "en": "the follow-up (interim and annual reports)"},
    "part.internkontroll": {"sv": "internkontrollplanerna", "en": "the internal control plans"},
    "part.ramar": {"sv": "ramarna per nämnd", "en": "the budget frames per board"},
    "part.resultatbudget": {"sv": "resultatbudgeten", "en": "the income budget"},
    "part.balansbudget": {"sv": "balansbudgeten", "en": "the balance budget"},
    "part.kassaflödesanalys": {"sv": "kassaflödesbudgeten", "en": "the cash-flow budget"},
    "part.investeringar": {"sv": "investeringsbudgeten", "en": "the investment budget"},
    "part.balanskrav": {"sv": "balanskravstabellen", "en": "the balanced-budget table"},
    "part.bolag": {"sv": "bolagen", "en": "the companies"},
    "part.skattesats": {"sv": "skattesatsen", "en": "the tax rate"},
    "coverage.excerpt": {
        "sv": "planen är ett utdrag och {part} ingår inte i det",
        "en": "the plan is an excerpt and {part} is not in it",
    },
    "coverage.document_lacks": {
        "sv": "dokumentet saknar {part} (plan.saknas)",
        "en": "the document lacks {part} (plan.saknas)",
    },
    "coverage.no_deadline_year": {
        "sv": "{table}: underskottet {year} ska vara återställt senast {deadline}, men tabellen "
              "trycker inget balanskravsresultat för {deadline}",
        "en": "{table}: the {year} deficit is due by {deadline}, but the table prints no "
              "balanced-budget result for {deadline}",
    },
    "coverage.no_growth": {
        "sv": "{table}, {column}: ingen nettokostnads- eller intäktsutveckling tryckt eller härledbar",
        "en": "{table}, {column}: no net cost or revenue growth printed or derivable",
    },
    "coverage.no_balance_other_side": {
        "sv": "{table}: varken summa eget kapital, avsättningar och skulder eller alla tre delsummorna är tryckta",
        "en": "{table}: neither the total of equity, provisions and liabilities nor all three subtotals are printed",
    },
    "coverage.no_year_chain": {
        "sv": "planen trycker inget ingående belopp med föregående års utgående belopp bredvid (likvida medel, eget kapital eller en rad med ingående_från)",
        "en": "the plan prints no opening figure with the previous year's closing figure beside it (cash, equity or a row with ingående_från)",
    },
    "adjustment.deducted": {"sv": "dras av (högst 0)", "en": "deducted (at most 0)"},
    "adjustment.added": {"sv": "läggs till (minst 0)", "en": "added (at least 0)"},
    "coverage.goal_without_measure": {
        "sv": "det finansiella målet {goal} har inget nyckeltal som govcheck känner (nyckeltal)",
        "en": "the financial goal {goal} has no key ratio govcheck knows (nyckeltal)",
    },
    "coverage.sum_skipped": {
        "sv": "{table}: summor med en cell som inte är tryckt prövades inte: {sums}",
        "en": "{table}: sums with a cell that is not printed were not tested: {sums}",
    },
    "coverage.no_part": {
        "sv": "planen innehåller inte {part}",
        "en": "the plan holds nothing of {part}",
    },
    "rule.unknown_pack": {
        "sv": "styrmodellen '{pack}' finns inte bland regelpaketen ({packs}){hint}",
        "en": "styrmodell '{pack}' is not among the rule packs ({packs}){hint}",
    },
    "model.goal_key_twice": {
        "sv": "'{key}' och '{first}' är samma sektion (fullmäktiges mål); använd en av dem",
        "en": "'{key}' and '{first}' are the same section (fullmäktige's goals); use one of them",
    },
    "model.compare_needs_columns": {
        "sv": "jämför med mått 'summa' kräver nyckeln 'kolumner' (kolumnerna som summeras) "
              "eller 'kolumn'",
        "en": "a comparison with measure 'summa' needs the key 'kolumner' (the columns to add "
              "up) or 'kolumn'",
    },
    "compare.purpose.column": {
        "sv": "kolumnen som uppgiften avser",
        "en": "the column the figure is about",
    },
    "compare.purpose.base_column": {
        "sv": "kolumnen som förändringen räknas från",
        "en": "the column the change is measured from",
    },
    "model.row_length": {
        "sv": "raden har {got} värden men tabellen har {expected} kolumner",
        "en": "row has {got} values but the table has {expected} columns",
    },
    "model.too_small": {
        "sv": "orimligt värde {value} för '{key}': måste vara minst {limit}",
        "en": "implausible value {value} for '{key}': must be at least {limit}",
    },
    "model.too_large": {
        "sv": "orimligt värde {value} för '{key}': får vara högst {limit}",
        "en": "implausible value {value} for '{key}': must be at most {limit}",
    },
    "model.figure_too_large": {
        "sv": "orimligt stort tal {value} för '{key}': storleken måste vara under {limit}",
        "en": "implausibly large number {value} for '{key}': its size must be below {limit}",
    },
    "model.figure_too_precise": {
        "sv": "talet {value} för '{key}' har för många decimaler: högst {places}",
        "en": "number {value} for '{key}' has too many decimals: at most {places}",
    },
    "model.period_reversed": {
        "sv": "'till' ({end}) ligger före 'från' ({start})",
        "en": "'till' ({end}) is before 'från' ({start})",
    },
    "hint.did_you_mean": {"sv": "; menade du '{name}'?", "en": "; did you mean '{name}'?"},
    "hint.allowed": {"sv": "; tillåtna: {names}", "en": "; allowed: {names}"},
    "hint.see_vocabulary": {
        "sv": "; de tillåtna värdena för '{key}' står i docs/plan-format.md, avsnitt 4.7",
        "en": "; the allowed values of '{key}' are listed in docs/plan-format.md, section 4.7",
    },
    "expected.integer": {"sv": "väntade heltal", "en": "expected an integer"},
    "expected.number": {"sv": "väntade tal", "en": "expected a number"},
    "expected.string": {"sv": "väntade text", "en": "expected text"},
    "expected.list": {"sv": "väntade lista", "en": "expected a list"},
    "expected.mapping": {"sv": "väntade mappning", "en": "expected a mapping"},
    "expected.bool": {"sv": "väntade sant/falskt", "en": "expected true/false"},
    "expected.date": {"sv": "väntade datum (ÅÅÅÅ-MM-DD)", "en": "expected a date (YYYY-MM-DD)"},
    "got.bool": {"sv": "sant/falskt", "en": "true/false"},
    "got.number": {"sv": "tal {value}", "en": "number {value}"},
    "got.text": {"sv": "text '{value}'", "en": "text '{value}'"},
    "got.list": {"sv": "lista", "en": "a list"},
    "got.mapping": {"sv": "mappning", "en": "a mapping"},
    "got.empty": {"sv": "tomt värde", "en": "an empty value"},
    "got.other": {"sv": "{value}", "en": "{value}"},
    "hint.none": {"sv": "", "en": ""},
    "kind.body": {"sv": "ett organ", "en": "body"},
    "kind.owner": {"sv": "ett organ eller en grupp", "en": "body or group"},
    "kind.goal": {"sv": "ett av fullmäktiges mål", "en": "council goal"},
    "kind.document": {"sv": "ett styrdokument", "en": "governing document"},
    "kind.source": {"sv": "en källa", "en": "source"},
    "kind.assignment": {"sv": "ett uppdrag", "en": "assignment"},
    "kind.sub_goal": {"sv": "ett delmål", "en": "sub-goal"},
    "kind.table": {"sv": "en tabell", "en": "table"},
    "kind.row": {"sv": "en rad i tabellen", "en": "row of the table"},
    "kind.column": {"sv": "en kolumn i tabellen", "en": "column of the table"},
    "kind.role": {"sv": "en roll", "en": "role"},
    "kind.administration": {"sv": "en förvaltning", "en": "administration"},
    "kind.company": {"sv": "ett bolag", "en": "company"},
}


class Msg:
    """A message id with parameters, rendered in whatever language is asked for later."""

    __slots__ = ("id", "params")

    def __init__(self, msg_id: str, **params: Any):
        self.id, self.params = msg_id, params

    def __repr__(self) -> str:
        return f"Msg({self.id!r}, {sorted(self.params.items())!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.id, self.params) == (other.id, other.params)

    def __hash__(self) -> int:
        return hash((self.id, repr(sorted(self.params.items()))))

    def render(self, lang: str) -> str:
        return render(self.id, lang, **self.params)


def render(msg: str, lang: str = "sv", /, **params: Any) -> str:
    """Format message ``msg`` in ``lang``; parameters that are ``Msg`` are rendered too."""
    entry = CATALOGUE.get(msg)
    if entry is None:
        return msg + (" " + repr(params) if params else "")
    template = entry.get(lang) or entry["sv"]
    rendered = {k: (v.render(lang) if isinstance(v, Msg) else v) for k, v in params.items()}
    return template.format(**rendered)


def text(value: Any, lang: str) -> str:
    """A bilingual value (``{"sv": .., "en": ..}``) or a plain string, in ``lang``."""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("sv") or next(iter(value.values()), ""))
    return "" if value is None else str(value)

CATALOGUE.update({
    # words inside rule messages (parameters), in each language
    "follow_up.forecast": {"sv": "prognos", "en": "forecast"},
    "follow_up.outcome": {"sv": "utfall", "en": "actual"},
    "rule.empty": {"sv": "regelfilen är tom", "en": "rule file is empty"},
    "rule.not_mapping": {"sv": "en regelfil måste vara en mappning", "en": "a rule file must be a mapping"},
    "rule.invalid": {"sv": "ogiltig regel ({field}): {detail}", "en": "invalid rule ({field}): {detail}"},
    "rule.unknown_check": {
        "sv": "okänd kontrollfunktion '{check}'{hint}",
        "en": "unknown check function '{check}'{hint}",
    },
    "rule.bad_options": {
        "sv": "ogiltiga val för '{check}': {detail}",
        "en": "invalid options for '{check}': {detail}",
    },
    "rule.bad_option_value": {
        "sv": "ogiltigt värde {value!r} för valet '{option}' av '{check}'{hint}",
        "en": "invalid value {value!r} for option '{option}' of '{check}'{hint}",
    },
    "rule.id_file_mismatch": {
        "sv": "regel-id '{id}' stämmer inte med filnamnet {file}",
        "en": "rule id '{id}' does not match the file name {file}",
    },
    "rule.duplicate_id": {
        "sv": "regel-id '{id}' finns redan i {first}",
        "en": "rule id '{id}' is already defined in {first}",
    },
    "rule.unknown_variant": {
        "sv": "kontrollen '{check}' ger meddelandet '{variant}' som regeln saknar",
        "en": "check '{check}' emits message '{variant}' that the rule lacks",
    },
    "rule.no_rules": {"sv": "regelkatalogen innehåller inga regler", "en": "the rules folder holds no rules"},
    "rule.unknown_id": {"sv": "okänd regel '{id}'{hint}", "en": "unknown rule '{id}'{hint}"},
})

CATALOGUE.update({
    "kind.subject": {
        "sv": "ett id, en tabellrad, en tabellkolumn, en tabelltyp eller ett nyckeltal",
        "en": "id, table row, table column, table kind or financial measure",
    },
    "waiver.unknown_file": {
        "sv": "'{file}' är ingen fil i plankatalogen{hint}",
        "en": "'{file}' is not a file of the plan folder{hint}",
    },
    "waiver.line_without_file": {
        "sv": "'rad' kräver 'fil': ange filen som raden står i (eller använd 'avser')",
        "en": "'rad' needs 'fil': give the file the line is in (or use 'avser')",
    },
    "waiver.not_waivable": {
        "sv": "regel {id} kan inte undantas: den granskar själva undantagen",
        "en": "rule {id} cannot be waived: it checks the waivers themselves",
    },
    "config.syntax": {"sv": "TOML-syntaxfel: {problem}", "en": "TOML syntax error: {problem}"},
    "config.unreadable": {
        "sv": "konfigurationsfilen kan inte läsas: {reason}",
        "en": "cannot read the configuration file: {reason}",
    },
    "config.no_rules_dir": {
        "sv": "regelkatalogen {path} finns inte",
        "en": "rules folder {path} does not exist",
    },
    "baseline.unreadable": {
        "sv": "baslinjefilen kan inte läsas: {reason}",
        "en": "cannot read the baseline file: {reason}",
    },
    "baseline.syntax": {
        "sv": "baslinjefilen är inte giltig JSON: {problem}",
        "en": "the baseline file is not valid JSON: {problem}",
    },
    "baseline.invalid": {
        "sv": "baslinjefilen har fel form: {detail}; skriv den med 'govcheck baseline'",
        "en": "the baseline file has the wrong shape: {detail}; write it with 'govcheck baseline'",
    },
})


def describe_value(value: Any) -> Msg:
    """What a wrong value was, for 'expected X, got Y' messages."""
    from decimal import Decimal

    if isinstance(value, bool):
        return Msg("got.bool")
    if isinstance(value, (int, float, Decimal)):
        return Msg("got.number", value=value)
    if isinstance(value, str):
        return Msg("got.text", value=value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, list):
        return Msg("got.list")
    if isinstance(value, dict):
        return Msg("got.mapping")
    if value is None:
        return Msg("got.empty")
    return Msg("got.other", value=type(value).__name__)


CATALOGUE.update({
    # what a rule rests on (govcheck.rules.spec.Basis), in every output
    "basis.title": {"sv": "Grund", "en": "Basis"},
    "basis.kind.lag": {"sv": "lag", "en": "law"},
    "basis.kind.fullmäktige": {"sv": "fullmäktiges beslut", "en": "fullmäktige's decision"},
    "basis.kind.praxis": {"sv": "praxis", "en": "practice"},
    "basis.verified": {"sv": "bekräftad mot lagtexten", "en": "verified against the law text"},
    "basis.unverified": {"sv": "inte bekräftad mot lagtexten",
                         "en": "not verified against the law text"},
    "basis.law_behind": {"sv": "lagen bakom", "en": "the law behind it"},
    "basis.own": {"sv": "Meddelanden med egen grund eller allvarlighetsgrad",
                  "en": "Messages with a basis or severity of their own"},
})
