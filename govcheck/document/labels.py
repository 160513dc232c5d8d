"""The Swedish label dictionary: what a row's label, a column heading or a table title means.

Row roles come from the labels real plans print (docs/plan-format.md 4.7), synonyms
included; a label matching none of them keeps no role and is listed in the import report.
Patterns are matched against the normalised label (lower case, hyphenation joined, one
space), in order; the first match wins.
"""

from __future__ import annotations

import re
import unicodedata

# -- row roles ----------------------------------------------------------------------------

ROLE_PATTERNS: list[tuple[str, str]] = [
    # percentages first: "Årets resultat i procent av skatter ..." is a share, not the result
    (r"^(budgeterad )?nettokostnadsutveckling|^utveckling (av )?(verksamhetens )?nettokostnad",
     "nettokostnadsutveckling"),
    (r"^utveckling (av )?skatte|^skatteintäktsutveckling|^utveckling skatter",
     "utveckling_skatter_och_statsbidrag"),
    (r"^verksamhetens resultat (i )?(procent|andel|%)", "verksamhetens_resultat_andel"),
    (r"^(årets )?resultat.*(i )?(procent|andel|%) av skatt", "resultat_andel"),
    (r"^soliditet.*(inkl|inklusive|med) .*(ansvarsförbindelse|pensionsförpliktelse)",
     "soliditet_inkl_ansvarsförbindelse"),
    (r"^soliditet.*koncern", "soliditet_koncern"),
    (r"^soliditet", "soliditet"),
    (r"^(räntebärande )?låneskuld.*(procent|andel)", "låneskuld_andel"),
    (r"^självfinansieringsgrad", "självfinansieringsgrad"),
    (r"^(kassa)?likviditet", "likviditet"),
    # the resultatbudget
    (r"^summa verksamhetens nettokostnad|^summa nettokostnad|^summa ramar|^totalt? ramar",
     "summa_nettokostnad"),
    (r"^verksamhetens (externa )?netto(kostnad|ram|resultat)|^nettokostnad|^nettoram",
     "nettokostnad"),
    (r"^(summa )?skatter(intäkter)?,? (generella )?statsbidrag och utjämning|"
     r"^summa skatter och (generella )?statsbidrag|^skatteintäkter och (generella )?statsbidrag|"
     r"^summa skatteintäkter och", "skatter_och_statsbidrag"),
    (r"^skatteintäkter|^kommunalskatt|^regionskatt|^allmän kommunalskatt", "skatteintäkter"),
    (r"^generella statsbidrag och utjämning|^statsbidrag och utjämning|"
     r"^generella statsbidrag och bidrag", "generella_statsbidrag_och_utjämning"),
    (r"^kommunalekonomisk utjämning|^utjämning", "kommunalekonomisk_utjämning"),
    (r"^generella statsbidrag|^statsbidrag", "generella_statsbidrag"),
    (r"^verksamhetens resultat", "verksamhetens_resultat"),
    (r"^finansiella intäkter", "finansiella_intäkter"),
    (r"^finansiella kostnader", "finansiella_kostnader"),
    (r"^(summa )?finansnetto|^finansiella poster", "finansnetto"),
    (r"^årets resultat efter balanskravsjusteringar|^resultat efter balanskravsjusteringar",
     "resultat_efter_balanskravsjusteringar"),
    (r"^årets balanskravsresultat|^balanskravsresultat", "balanskravsresultat"),
    (r"^(årets )?resultat inklusive finansnetto|^årets resultat|^resultat efter finansiella|"
     r"^resultat inkl", "årets_resultat"),
    (r"^(reservering|avsättning|medel) till (resultatutjämningsreserv|rur|resultatreserv)",
     "reservering_resultatreserv"),
    (r"^(disposition|användning|uttag|medel) (från|av|ur) "
     r"(resultatutjämningsreserv|rur|resultatreserv)", "disposition_resultatreserv"),
    (r"^avskrivningsbudget", "avskrivningsbudget"),
    (r"^(varav )?avskrivningar", "avskrivningar"),
    (r"^(varav )?(externa )?pensionskostnader|^pensionskostnader", "pensionskostnader"),
    # the balansbudget
    (r"^summa tillgångar", "summa_tillgångar"),
    (r"^summa eget kapital,? avsättningar och skulder|^summa eget kapital och skulder",
     "summa_eget_kapital_avsättningar_skulder"),
    (r"^summa eget kapital", "summa_eget_kapital"),
    (r"^summa avsättningar", "summa_avsättningar"),
    (r"^summa skulder", "summa_skulder"),
    (r"^(summa )?anläggningstillgångar", "anläggningstillgångar"),
    (r"^(summa )?omsättningstillgångar", "omsättningstillgångar"),
    (r"^ingående eget kapital", "ingående_eget_kapital"),
    (r"^periodens resultat", "periodens_resultat"),
    (r"^avsättning(ar)? (för|till) pensioner|^pensionsavsättning", "avsättningar_pensioner"),
    (r"^långfristiga skulder", "långfristiga_skulder"),
    (r"^kortfristiga skulder", "kortfristiga_skulder"),
    (r"^likvida medel (vid )?(årets )?(början|ingående)", "likvida_medel_början"),
    (r"^likvida medel (vid )?(årets )?(slut|utgående)", "likvida_medel_slut"),
    (r"^likvida medel", "likvida_medel"),
    # the kassaflödesanalys
    (r"^justering(ar)? för (ej likvidpåverkande|avskrivningar)",
     "justering_ej_likvidpåverkande_poster"),
    (r"^medel från (den )?löpande verksamhet(en)? före", "medel_före_förändring_rörelsekapital"),
    (r"^(ökning|minskning|förändring)(/minskning)? (av )?kortfristiga fordringar",
     "förändring_kortfristiga_fordringar"),
    (r"^(förändring|ökning|minskning) (av )?förråd", "förändring_förråd"),
    (r"^(förändring|ökning|minskning) (av )?kortfristiga placeringar",
     "förändring_kortfristiga_placeringar"),
    (r"^(förändring|ökning|minskning) (av )?(korta|kortfristiga) skulder",
     "förändring_korta_skulder"),
    # "Medel från den löpande verksamheten", "Medel för investeringsverksamhet": the
    # finansieringsbudget's words for the same flows
    (r"^(kassaflöde|medel) (från |för )?(den )?löpande verksamhet",
     "kassaflöde_löpande_verksamhet"),
    (r"^(kassaflöde|medel) (från |för )?(den )?investeringsverksamhet",
     "kassaflöde_investeringsverksamhet"),
    (r"^(kassaflöde|medel) (från |för )?(den )?finansieringsverksamhet",
     "kassaflöde_finansieringsverksamhet"),
    (r"^(förändring|ökning|minskning) (av )?långfristiga skulder|^nyupplåning|"
     r"^upplåning och amortering", "förändring_långfristiga_skulder"),
    (r"^försäljning (av )?anläggningstillgångar", "försäljning_anläggningstillgångar"),
    (r"^årets kassaflöde|^förändring (av )?likvida medel", "årets_kassaflöde"),
    (r"^investeringsram", "investeringsram"),
    (r"^(summa |totala? )?investeringsutgifter", "investeringsutgifter_totalt"),
    (r"^(nettoinvesteringar|investeringar)", "investeringar"),
    # balanskrav
    (r"^ingående balans", "ingående_balans"),
    (r"^utgående balans", "utgående_balans"),
    (r"^synnerliga skäl", "synnerliga_skäl"),
    (r"^varav (från|underskott) ", "varav_underskott"),
    # parts of frames
    (r"^varav beredningar", "beredningar"),
    (r"^varav beställare primärvård", "beställare_primärvård"),
    (r"^varav beställare tandvård", "beställare_tandvård"),
]
_ROLE_RES = [(re.compile(p), role) for p, role in ROLE_PATTERNS]

PERCENT_ROLES = frozenset({
    "nettokostnadsutveckling", "utveckling_skatter_och_statsbidrag",
    "verksamhetens_resultat_andel", "resultat_andel", "soliditet",
    "soliditet_inkl_ansvarsförbindelse", "soliditet_koncern", "låneskuld_andel",
    "självfinansieringsgrad", "likviditet", "resultat_efter_reserv_andel",
    "nettoinvesteringar_andel"})

RESULT_ROLES = frozenset({
    "nettokostnad", "verksamhetens_resultat", "årets_resultat",
    "medel_före_förändring_rörelsekapital", "kassaflöde_löpande_verksamhet",
    "kassaflöde_investeringsverksamhet", "kassaflöde_finansieringsverksamhet"})
"""Rows that, by their label, are the result of the rows above them (back to the previous
such row, which they include, or to a heading)."""

RESULT_LABELS = re.compile(r"^resultat (före|efter) (extraordinära|finansiella|skatt)")

SUM_OF_ROLES: dict[str, tuple[str, ...]] = {
    "årets_kassaflöde": ("kassaflöde_löpande_verksamhet", "kassaflöde_investeringsverksamhet",
                         "kassaflöde_finansieringsverksamhet"),
}
"""Rows that sum named roles wherever they stand in the table."""

SAME_AS: list[tuple[tuple[str, str], tuple[str, str]]] = [
    (("ramar", "summa_nettokostnad"), ("resultatbudget", "nettokostnad")),
    (("ramar", "avskrivningar"), ("investering", "avskrivningsbudget")),
    (("kassaflödesanalys", "årets_resultat"), ("balansbudget", "periodens_resultat")),
    (("kassaflödesanalys", "investeringar"), ("investering", "investeringsram")),
    (("balansbudget", "periodens_resultat"), ("resultatbudget", "årets_resultat")),
]
"""Rows that by their table and role print the same figures as a row of another table
(``samma_som``): the frames' total is the resultatbudget's net cost, the depreciation in
the frames is the depreciation budget, and so on. The sign (``tecken``) is the printing
convention of the two rows: -1 when they print their figures with opposite signs."""

TOTAL_WORDS = re.compile(r"^(summa|totalt|total|s:a|sammanlagt)\b")
PART_WORDS = re.compile(r"^(varav|därav|- varav|– varav|varav:)\b")


def normalise(label: str) -> str:
    """Lower case, hyphenation at line ends joined, one space, no trailing colon or note."""
    text = unicodedata.normalize("NFC", label)
    text = re.sub(r"(\w)-\s+(?!(?:och|eller|samt|till)\b)(?=[a-zåäö])", r"\1", text)
    text = re.sub(r"\s+", " ", text).strip().lower()
    return text.rstrip(":").strip()


def role_for(label: str) -> str | None:
    norm = normalise(label)
    for regex, role in _ROLE_RES:
        if regex.search(norm):
            return role
    return None


def is_total(label: str) -> bool:
    return bool(TOTAL_WORDS.match(normalise(label)))


def is_part(label: str) -> bool:
    return bool(PART_WORDS.match(normalise(label)))


def is_result(label: str, role: str | None) -> bool:
    return role in RESULT_ROLES or bool(RESULT_LABELS.match(normalise(label)))


# -- tables ---------------------------------------------------------------------------------

TABLE_KINDS: list[tuple[str, str]] = [
    (r"ramar|ram per|per nämnd|nämndernas (budget|ramar)|driftbudget|kommunbidrag|anslag",
     "ramar"),
    (r"resultatbudget|resultaträkning|resultatplan", "resultatbudget"),
    (r"balansbudget|balansräkning", "balansbudget"),
    (r"kassaflöde|finansieringsbudget|finansieringsanalys", "kassaflödesanalys"),
    (r"balanskrav|återställ", "balanskrav"),
    (r"investeringsplan", "investeringsplan"),
    (r"investering|avskrivning", "investering"),
]


ROLE_KINDS: dict[str, str] = {
    "summa_nettokostnad": "ramar", "beredningar": "ramar", "beställare_primärvård": "ramar",
    "beställare_tandvård": "ramar",
    "skatteintäkter": "resultatbudget", "generella_statsbidrag": "resultatbudget",
    "verksamhetens_resultat": "resultatbudget", "finansiella_intäkter": "resultatbudget",
    "finansiella_kostnader": "resultatbudget", "finansnetto": "resultatbudget",
    "skatter_och_statsbidrag": "resultatbudget", "nettokostnadsutveckling": "resultatbudget",
    "summa_tillgångar": "balansbudget", "anläggningstillgångar": "balansbudget",
    "omsättningstillgångar": "balansbudget", "summa_eget_kapital": "balansbudget",
    "summa_skulder": "balansbudget", "långfristiga_skulder": "balansbudget",
    "kortfristiga_skulder": "balansbudget",
    "kassaflöde_löpande_verksamhet": "kassaflödesanalys",
    "kassaflöde_investeringsverksamhet": "kassaflödesanalys",
    "kassaflöde_finansieringsverksamhet": "kassaflödesanalys",
    "årets_kassaflöde": "kassaflödesanalys",
    "justering_ej_likvidpåverkande_poster": "kassaflödesanalys",
    "ingående_balans": "balanskrav", "utgående_balans": "balanskrav",
    "balanskravsresultat": "balanskrav", "synnerliga_skäl": "balanskrav",
    "varav_underskott": "balanskrav",
    "investeringsram": "investering", "avskrivningsbudget": "investering",
    "investeringsutgifter_totalt": "investering",
}
"""Roles that only one kind of table has: the rows vote for the table's kind."""


def kind_from_roles(roles: list[str | None]) -> str | None:
    votes: dict[str, int] = {}
    for role in roles:
        kind = ROLE_KINDS.get(role or "")
        if kind:
            votes[kind] = votes.get(kind, 0) + 1
    if not votes:
        return None
    return sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def table_kind(text: str) -> str:
    norm = normalise(text)
    for pattern, kind in TABLE_KINDS:
        if re.search(pattern, norm):
            return kind
    return "annan"


# -- columns ---------------------------------------------------------------------------------

COLUMN_KINDS: list[tuple[str, str]] = [
    (r"budgetförändring|förändring|ändring|tillskott", "förändring"),
    (r"omfördelning", "omfördelning"),
    (r"index|uppräkning|lpik", "index"),
    (r"bokslut|årsredovisning", "bokslut"),
    (r"utfall", "utfall"),
    (r"prognos", "prognos"),
    (r"budget|ram", "budget"),
    (r"plan", "plan"),
]


def column_kind(heading: str) -> str | None:
    norm = normalise(heading)
    for pattern, kind in COLUMN_KINDS:
        if re.search(pattern, norm):
            return kind
    return None


# -- units -----------------------------------------------------------------------------------

def unit_for(text: str) -> str | None:
    norm = normalise(text)
    if re.search(r"\bmiljarder\b|\bmdkr\b|\bmiljarder kronor", norm):
        return "mdkr"
    if re.search(r"\bmnkr\b|\bmkr\b|miljoner kronor|\bmsek\b", norm):
        return "mnkr"
    if re.search(r"\btkr\b|tusen kronor|tusental kronor|\bksek\b", norm):
        return "tkr"
    return None


# -- ids --------------------------------------------------------------------------------------

_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})


def slug(text: str, limit: int = 40) -> str:
    norm = normalise(text).translate(_FOLD)
    norm = re.sub(r"[^a-z0-9]+", "-", norm).strip("-")
    if len(norm) > limit:
        norm = norm[:limit].rsplit("-", 1)[0] or norm[:limit]
    return norm or "x"
