#!/usr/bin/env python3
"""Generate realistic synthetic govcheck plans, deterministically from a seed.

    python bench/generate.py --seed 1 --orgs N --out DIR

writes the first N organisations of a synthetic national corpus of 311 (21 regions and
290 kommuner, regions spread evenly through the order so that every prefix is a
national mix) as plan folders in the real format (docs/plan-format.md), and
``DIR/bench-manifest.json``: for every organisation its folder and the defects planted
in it, each with the rule that must find it and the file it must be found in.

Every figure is derived so that a clean organisation lints with no findings: frames
are summed at their printed precision, printed percentages are computed from the
printed figures, shared figures are copied, each deficit in the balanskrav table is
restored oldest first within three years, every regionmål is broken down by every
nämnd it targets, every uppdrag is answered and followed up. Then one organisation in
every block of ten (``--defect-share 0.1``) gets 1-3 defects of distinct kinds from
DEFECTS, each designed to give exactly one finding of its rule in its file.

Determinism: organisation i draws from ``random.Random("govcheck-bench:SEED:i")``
(a str seed is hashed with SHA-512, never with ``hash()``), dicts keep insertion
order and no set is ever iterated, so the same seed gives byte-identical files, and
organisation i is the same whatever N is (a corpus of 10 is the first 10 of 311).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import random
import re
import shutil
import sys
import textwrap
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

B = 2026  # the budget year of every generated plan
NATIONAL_REGIONS = 21
NATIONAL_KOMMUNER = 290
NATIONAL = NATIONAL_REGIONS + NATIONAL_KOMMUNER
REGION_POSITIONS = frozenset((j * NATIONAL) // NATIONAL_REGIONS for j in range(NATIONAL_REGIONS))
MANIFEST = "bench-manifest.json"
FORMAT_VERSION = 1

# --- YAML emitter ------------------------------------------------------------------


class Flow:
    """A mapping or list written in YAML flow style: ``{id: a, värden: [1, 2]}``."""

    __slots__ = ("v",)

    def __init__(self, v: Any):
        self.v = v


_PLAIN = re.compile(r"[^\W\d_][\w .,;()/%§–'&+\-]*")
_RESERVED = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}
WIDTH = 92


def _plain_ok(s: str, flow: bool) -> bool:
    if not _PLAIN.fullmatch(s) or s != s.strip() or s.lower() in _RESERVED:
        return False
    return not (flow and "," in s)


def scalar(v: Any, flow: bool = False) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, str):
        return v if _plain_ok(v, flow) else json.dumps(v, ensure_ascii=False)
    raise TypeError(f"cannot emit {type(v).__name__}")


def flow(v: Any) -> str:
    if isinstance(v, Flow):
        v = v.v
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(flow(x) for x in v) + "]"
    return scalar(v, flow=True)


def _value_lines(key: str, v: Any, pad: str) -> list[str]:
    if isinstance(v, Flow):
        return [f"{pad}{key}: {flow(v)}"]
    if isinstance(v, dict):
        if not v:
            return [f"{pad}{key}: {{}}"]
        return [f"{pad}{key}:"] + block_map(v, len(pad) + 2)
    if isinstance(v, list):
        if not v:
            return [f"{pad}{key}: []"]
        return [f"{pad}{key}:"] + block_seq(v, len(pad) + 2)
    if isinstance(v, str) and len(v) > WIDTH - len(pad) - len(key) - 2 and "\n" not in v \
            and "  " not in v and v == v.strip():
        body = textwrap.wrap(v, WIDTH - len(pad) - 2, break_long_words=False,
                             break_on_hyphens=False)
        return [f"{pad}{key}: >-"] + [f"{pad}  {line}" for line in body]
    return [f"{pad}{key}: {scalar(v)}"]


def block_map(d: dict[str, Any], indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    for k, v in d.items():
        out += _value_lines(k, v, pad)
    return out


def block_seq(items: list[Any], indent: int) -> list[str]:
    pad = " " * indent
    out: list[str] = []
    for item in items:
        if isinstance(item, dict) and item:
            lines = block_map(item, indent + 2)
            out.append(f"{pad}- {lines[0][indent + 2:]}")
            out += lines[1:]
        elif isinstance(item, (Flow, dict, list)):
            out.append(f"{pad}- {flow(item)}")
        else:
            out.append(f"{pad}- {scalar(item)}")
    return out


def dump(sections: dict[str, Any], comment: list[str]) -> str:
    lines = [f"# {c}" if c else "#" for c in comment]
    lines += block_map(sections, 0)
    return "\n".join(lines) + "\n"


def plain_data(v: Any) -> Any:
    """What a YAML loader gives back for an emitted value (for round-trip tests)."""
    if isinstance(v, Flow):
        return plain_data(v.v)
    if isinstance(v, dict):
        return {k: plain_data(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain_data(x) for x in v]
    if isinstance(v, Decimal):
        return int(v) if v.as_tuple().exponent >= 0 else float(v)
    return v


# --- figures -------------------------------------------------------------------------

ONE = Decimal(1)
TENTH = Decimal("0.1")
HUNDRED = Decimal(100)


def d0(x: Any) -> Decimal:
    """A whole figure, rounded half up ("1 234")."""
    return _q(x, ONE, ROUND_HALF_UP)


def d1(x: Any) -> Decimal:
    """A figure with one decimal, rounded half up ("1 234,5")."""
    return _q(x, TENTH, ROUND_HALF_UP)


def floor1(x: Any) -> Decimal:
    return _q(x, TENTH, ROUND_FLOOR)


def ceil1(x: Any) -> Decimal:
    return _q(x, TENTH, ROUND_CEILING)


def _q(x: Any, q: Decimal, rounding: str) -> Decimal:
    v = Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
    r = v.quantize(q, rounding=rounding)
    return r + 0 if r == 0 else r  # never print "-0.0"


def pct_growth(cur: Decimal, prev: Decimal) -> Decimal:
    return d1((abs(cur) / abs(prev) - 1) * HUNDRED)


def pct_share(num: Decimal, den: Decimal) -> Decimal:
    return d1(num / den * HUNDRED)


def signed0(x: Decimal) -> Decimal:
    return x + 0 if x == 0 else x


def dsum(values: list[Decimal]) -> Decimal:
    return signed0(sum(values, Decimal(0)))


# --- names and texts -------------------------------------------------------------------

PREFIXES = ["Björk", "Sjö", "Lind", "Ek", "Hag", "Norr", "Söder", "Väster", "Öster", "Berg",
            "Dal", "Ström", "Holm", "Fors", "Mal", "Gran", "Tall", "Ål", "Rönn", "Alm",
            "Lövs", "Mos", "Kvarn", "Sand", "Stens", "Hälle", "Ängs", "Bäck", "Myr", "Vass"]
SUFFIXES = ["by", "sta", "köping", "vik", "ås", "holm", "hamn", "torp", "fors", "dal",
            "ryd", "näs", "berga", "lunda", "hult", "måla", "sund", "bo", "tuna", "inge"]

REGION_BOARDS = [  # id, name, short, förvaltning, weight
    ("hsn", "Hälso- och sjukvårdsnämnden", "HSN", "Hälso- och sjukvårdsförvaltningen", 60.0),
    ("run", "Regionala utvecklingsnämnden", "RUN", "Regional utveckling", 4.0),
    ("ktn", "Kollektivtrafiknämnden", None, "Kollektivtrafikförvaltningen", 5.0),
    ("kun", "Kulturnämnden", None, "Kulturförvaltningen", 1.5),
    ("pn", "Patientnämnden", None, "Patientnämndens kansli", 0.1),
    ("fhs", "Folkhögskolestyrelsen", None, "Folkhögskoleförvaltningen", 0.4),
    ("tvn", "Tandvårdsnämnden", None, "Folktandvården", 3.0),
    ("pvn", "Primärvårdsnämnden", None, "Primärvårdsförvaltningen", 12.0),
    ("psn", "Psykiatrinämnden", None, "Psykiatriförvaltningen", 6.0),
    ("svn", "Servicenämnden", None, "Serviceförvaltningen", 1.0),
    ("fan", "Fastighetsnämnden", None, "Fastighetsförvaltningen", 1.2),
    ("nbs", "Naturbruksstyrelsen", None, "Naturbruksförvaltningen", 0.5),
    ("fhn", "Nämnden för funktionshinder och habilitering", None, "Habiliteringsförvaltningen",
     2.0),
    ("hjn", "Hjälpmedelsnämnden", None, "Hjälpmedelsförvaltningen", 0.6),
]
KOMMUN_BOARDS = [
    ("bun", "Barn- och utbildningsnämnden", "BUN", "Barn- och utbildningsförvaltningen", 30.0),
    ("son", "Socialnämnden", None, "Socialförvaltningen", 14.0),
    ("von", "Vård- och omsorgsnämnden", None, "Vård- och omsorgsförvaltningen", 24.0),
    ("kfn", "Kultur- och fritidsnämnden", None, "Kultur- och fritidsförvaltningen", 3.5),
    ("mbn", "Miljö- och byggnadsnämnden", None, "Miljö- och byggförvaltningen", 0.8),
    ("tn", "Tekniska nämnden", None, "Tekniska förvaltningen", 4.0),
    ("vn", "Valnämnden", None, "Valkansliet", 0.05),
    ("ofn", "Överförmyndarnämnden", None, "Överförmyndarenheten", 0.2),
    ("gyn", "Gymnasienämnden", None, "Gymnasieförvaltningen", 7.0),
    ("amn", "Arbetsmarknadsnämnden", None, "Arbetsmarknadsförvaltningen", 2.0),
    ("sbn", "Samhällsbyggnadsnämnden", None, "Samhällsbyggnadsförvaltningen", 2.0),
    ("svn", "Servicenämnden", None, "Serviceförvaltningen", 1.0),
    ("fsn", "Förskolenämnden", None, "Förskoleförvaltningen", 8.0),
    ("grn", "Grundskolenämnden", None, "Grundskoleförvaltningen", 12.0),
    ("ifn", "Individ- och familjeomsorgsnämnden", None, "IFO-förvaltningen", 6.0),
    ("fun", "Funktionsstödsnämnden", None, "Funktionsstödsförvaltningen", 7.0),
    ("aen", "Äldrenämnden", None, "Äldreförvaltningen", 10.0),
    ("rtn", "Räddningsnämnden", None, "Räddningstjänsten", 1.5),
    ("fan", "Fastighetsnämnden", None, "Fastighetsförvaltningen", 1.2),
    ("byn", "Byggnadsnämnden", None, "Stadsbyggnadskontoret", 0.6),
    ("mhn", "Miljö- och hälsoskyddsnämnden", None, "Miljöförvaltningen", 0.5),
    ("idn", "Idrotts- och fritidsnämnden", None, "Fritidsförvaltningen", 1.5),
    ("kun", "Kulturnämnden", None, "Kulturförvaltningen", 1.5),
    ("stn", "Stadsbyggnadsnämnden", None, "Stadsbyggnadsförvaltningen", 0.9),
    ("trn", "Trafiknämnden", None, "Trafikkontoret", 1.0),
    ("ain", "Arbetsmarknads- och integrationsnämnden", None, "Integrationsförvaltningen", 2.0),
    ("upn", "Upphandlingsnämnden", None, "Upphandlingsenheten", 0.3),
    ("lsn", "Lönenämnden", None, "Lönecentrum", 0.3),
]

# name, for (r = region, k = kommun, b = both), expected outcomes, delmål names, indicators
THEMES = [
    ("Trygga uppväxtvillkor", "b",
     ["Fler barn och unga har en god hälsa.",
      "Fler barn och unga växer upp i en trygg miljö fri från våld.",
      "Barn och unga upplever att deras perspektiv tas till vara."],
     ["Tidiga och samordnade insatser för barn och unga", "Stärkt stöd till vårdnadshavare",
      "Barnets perspektiv i alla beslut"],
     [("Andel barn och unga som upplever god hälsa", True),
      ("Antal samordnade individuella planer för barn", False),
      ("Andel vårdnadshavare som deltagit i föräldraskapsstöd", True)]),
    ("Goda levnadsvillkor", "b",
     ["Fler invånare har goda levnadsvanor.",
      "En väl fungerande samverkan med civilsamhället.",
      "Våldsutsatta upplever ett bra stöd."],
     ["Hälsofrämjande arbete i alla verksamheter", "Stärkt samverkan med civilsamhället",
      "Förstärkt stöd till våldsutsatta"],
     [("Andel invånare med goda levnadsvanor", True),
      ("Antal överenskommelser med idéburna organisationer", False),
      ("Andel medarbetare utbildade i våld i nära relationer", True)]),
    ("Tillgänglig vård med god kvalitet", "r",
     ["Fler patienter får vård inom vårdgarantin.",
      "Fler invånare har en fast vårdkontakt.",
      "Vården är jämlik och jämställd."],
     ["Kortare väntetider till planerade operationer", "Fast läkarkontakt i primärvården",
      "Säkrare läkemedelsanvändning"],
     [("Andel patienter opererade inom 90 dagar", True),
      ("Andel listade med fast läkarkontakt", True),
      ("Antal vårdskador per 1 000 vårdtillfällen", False)]),
    ("Goda arbetsplatser och attraktiva arbetsgivare", "b",
     ["Fler medarbetare stannar och utvecklas.",
      "Chefer har goda förutsättningar att leda.",
      "Sjukfrånvaron minskar."],
     ["Stärkt chefs- och medarbetarskap", "Minskad sjukfrånvaro", "Hållbar bemanning"],
     [("Hållbart medarbetarengagemang (HME)", True), ("Sjukfrånvaro i procent", True),
      ("Personalomsättning", True)]),
    ("En hållbar miljö- och klimatomställning", "b",
     ["Utsläppen av växthusgaser minskar.", "Energianvändningen i egna lokaler minskar.",
      "Fler resor görs med hållbara färdmedel."],
     ["Minskad energianvändning i egna fastigheter", "Fossilfria transporter",
      "Cirkulär upphandling"],
     [("Energianvändning per kvadratmeter", False),
      ("Andel fossilfria fordon i egen regi", False),
      ("Andel upphandlingar med miljökrav", False)]),
    ("Stärkt forskning, utbildning och innovation", "r",
     ["Fler kliniska studier genomförs.", "Fler innovationer tas i bruk i verksamheten.",
      "Samverkan med lärosätena stärks."],
     ["Fler kliniska studier", "Innovationer i verksamheten", "Stärkt samverkan med lärosäten"],
     [("Antal pågående kliniska studier", False),
      ("Antal implementerade innovationer", False),
      ("Antal anställda med forskarutbildning", False)]),
    ("Ett konkurrenskraftigt näringsliv", "b",
     ["Fler företag startar och växer.", "Företagen är nöjda med servicen.",
      "Kompetensförsörjningen i näringslivet stärks."],
     ["Snabbare handläggning av ärenden till företag", "Stärkt företagsklimat",
      "Matchning mot arbetsmarknadens behov"],
     [("Nöjd kund-index för företagare", False), ("Antal nystartade företag", False),
      ("Andel deltagare i arbete efter insats", True)]),
    ("Livslångt lärande", "k",
     ["Fler elever når målen i alla ämnen.", "Fler elever är behöriga till gymnasiet.",
      "Fler vuxna studerar vidare."],
     ["Ökad måluppfyllelse i grundskolan", "Fler behöriga till gymnasiet",
      "Tillgänglig vuxenutbildning"],
     [("Andel elever i årskurs 9 som når målen i alla ämnen", True),
      ("Andel behöriga till yrkesprogram", True),
      ("Antal studerande i vuxenutbildningen", True)]),
    ("En trygg och säker kommun", "k",
     ["Fler invånare känner sig trygga.", "Brottsligheten minskar.",
      "Kommunen har god krisberedskap."],
     ["Tryggare offentliga miljöer", "Förebyggande arbete mot brott",
      "Stärkt civil beredskap"],
     [("Andel invånare som känner sig trygga", True),
      ("Antal anmälda brott per 1 000 invånare", False),
      ("Andel verksamheter med kontinuitetsplan", False)]),
    ("En god och värdig äldreomsorg", "k",
     ["Äldre får en god och personcentrerad omsorg.",
      "Färre personal besöker varje brukare.",
      "Äldre är nöjda med sitt boende."],
     ["Ökad kontinuitet i hemtjänsten", "Personcentrerad omsorg", "God mat och måltidsmiljö"],
     [("Antal personal som besöker en brukare under 14 dagar", True),
      ("Andel brukare nöjda med äldreboendet", True),
      ("Andel brukare med aktuell genomförandeplan", True)]),
    ("Attraktiva boendemiljöer", "k",
     ["Bostadsbyggandet ökar.", "Fler har tillgång till grönområden.",
      "Planberedskapen är god."],
     ["Ökat bostadsbyggande", "Tillgängliga grönområden", "God planberedskap"],
     [("Antal färdigställda bostäder", False), ("Antal detaljplaner som vunnit laga kraft",
                                                False),
      ("Andel invånare nöjda med boendemiljön", True)]),
    ("Ett rikt kultur- och fritidsliv", "b",
     ["Fler invånare tar del av kulturlivet.", "Fler barn och unga är fysiskt aktiva.",
      "Föreningslivet är starkt."],
     ["Fler deltagare i kulturverksamheten", "Aktiv fritid för barn och unga",
      "Stöd till föreningslivet"],
     [("Antal besök i kulturverksamheterna", False),
      ("Andel unga som är aktiva i en förening", True),
      ("Antal föreningar med verksamhetsbidrag", False)]),
    ("Delaktiga invånare och en öppen förvaltning", "b",
     ["Fler invånare deltar i medborgardialoger.", "Handläggningen är snabb och rättssäker.",
      "Informationen är tillgänglig för alla."],
     ["Fler medborgardialoger", "Kortare handläggningstider", "Tillgänglig information"],
     [("Antal medborgardialoger", False), ("Andel ärenden handlagda inom målvärdet", False),
      ("Andel invånare som får svar på e-post inom en dag", False)]),
    ("Jämlik och jämställd hälsa", "r",
     ["Skillnaderna i hälsa mellan grupper minskar.",
      "Fler invånare med funktionsnedsättning är delaktiga.",
      "Den psykiska hälsan förbättras."],
     ["Minskade skillnader i hälsa", "Delaktighet för personer med funktionsnedsättning",
      "Förbättrad psykisk hälsa bland unga"],
     [("Andel invånare som skattar sin hälsa som god", True),
      ("Antal habiliteringsinsatser", True),
      ("Andel unga med psykisk ohälsa som fått vård inom 30 dagar", True)]),
    ("Hållbara transporter och god tillgänglighet", "b",
     ["Fler resor görs med kollektivtrafik.", "Tillgängligheten i hela länet ökar.",
      "Trafiksäkerheten förbättras."],
     ["Fler resenärer i kollektivtrafiken", "Tillgänglig kollektivtrafik",
      "Säkra gång- och cykelvägar"],
     [("Antal påstigande i kollektivtrafiken", False),
      ("Andel resenärer nöjda med senaste resan", True),
      ("Antal kilometer gång- och cykelväg", False)]),
    ("En effektiv och digital verksamhet", "b",
     ["Fler e-tjänster används av invånarna.", "Verksamheten arbetar effektivt.",
      "Informationssäkerheten är god."],
     ["Fler digitala tjänster", "Effektivare administrativa processer",
      "Stärkt informationssäkerhet"],
     [("Antal ärenden via e-tjänst", False),
      ("Kostnad per invånare för administration", False),
      ("Andel medarbetare som genomgått säkerhetsutbildning", False)]),
]

TOPICS = [
    "lokalförsörjningen", "den digitala servicen till invånarna", "kompetensförsörjningen",
    "arbetet mot våld i nära relationer", "energieffektivisering i egna fastigheter",
    "samverkan med civilsamhället", "upphandlingsprocessen", "tillgängligheten i lokalerna",
    "psykisk hälsa bland unga", "sjukfrånvaron bland medarbetarna", "den civila beredskapen",
    "informationssäkerheten", "kostnaderna för inhyrd personal", "måltidsverksamheten",
    "integrationen av nyanlända", "det förebyggande arbetet", "vattenförsörjningen",
    "bredbandsutbyggnaden", "besöksnäringen", "landsbygdens service", "fordonsflottan",
    "folkhälsoarbetet", "arbetet med barnets rättigheter", "suicidpreventionen",
    "nyttjandet av AI i administrationen", "den nära vården", "ledning och styrning",
    "klimatanpassningen", "hållbara inköp", "föreningsstödet", "den fysiska planeringen",
    "ungdomars inflytande", "tillitsbaserad styrning", "rekryteringen av chefer",
    "brottsförebyggande arbete", "kulturarvet", "friluftslivet", "de nationella minoriteterna",
    "arkivhanteringen", "kollektivtrafikens taxor",
]
UPP_VERBS = ["Utreda förutsättningarna för att stärka", "Ta fram en handlingsplan för",
             "Genomföra en översyn av", "Redovisa till fullmäktige hur", "Utveckla",
             "Samordna och effektivisera", "Analysera kostnadsutvecklingen för"]
DOC_KINDS = [("strategi", "Strategi för"), ("plan", "Plan för"), ("program", "Program för"),
             ("policy", "Policy för"), ("riktlinje", "Riktlinjer för"),
             ("handlingsplan", "Handlingsplan för"), ("färdplan", "Färdplan för"),
             ("agenda", "Agenda för"), ("avsiktsförklaring", "Avsiktsförklaring om")]
RISKS = [
    ("Upphandlingar genomförs inte enligt lagen om offentlig upphandling.",
     "Stickprov på tio direktupphandlingar per halvår.",
     "Utbildning i inköpsprocessen för beställare."),
    ("Attest och behörigheter i ekonomisystemet är inte aktuella.",
     "Kvartalsvis genomgång av attesträtter.", "Rutin för borttag vid avslutad anställning."),
    ("Personuppgifter hanteras i strid med dataskyddsförordningen.",
     "Årlig granskning av registerförteckningen.", "Utbildning i dataskydd för chefer."),
    ("Bisysslor rapporteras inte.", "Årlig enkät om bisysslor till alla medarbetare.",
     "Information om regler för bisysslor vid introduktion."),
    ("Verksamhetens kostnader överskrider budget.", "Månadsvis uppföljning mot budget.",
     "Åtgärdsplan vid prognostiserat underskott."),
    ("Kontinuitetsplaner saknas för samhällsviktig verksamhet.",
     "Genomgång av kontinuitetsplaner två gånger per år.", "Övning av krisledningen."),
    ("Avvikelser rapporteras och åtgärdas inte.", "Uppföljning av avvikelser i ledningsgruppen.",
     "Rutin för återkoppling till den som rapporterat."),
    ("Lönesättning sker på felaktiga underlag.", "Stickprov på lönejusteringar.",
     "Tydligare lönekriterier."),
    ("Representation och gåvor hanteras i strid med riktlinjerna.",
     "Stickprov på representationsfakturor.", "Påminnelse om riktlinjerna inför jul."),
    ("Fakturor betalas utan avtal.", "Kontroll av leverantörer utan avtal.",
     "Avtalskatalog tillgänglig för alla beställare."),
    ("Hot och våld mot medarbetare.", "Uppföljning av tillbudsrapporter.",
     "Säkerhetsutbildning för utsatta yrkesgrupper."),
    ("Informationssäkerheten brister vid distansarbete.",
     "Kontroll av tvåfaktorsinloggning.", "Utbildning i informationssäkerhet."),
]
PLAN_CHANGES = ["Samla administrativa stödfunktioner i en gemensam enhet.",
                "Införa ett nytt verksamhetssystem under hösten.",
                "Se över lokalbehovet och avveckla outnyttjade lokaler.",
                "Utveckla det förebyggande arbetet tillsammans med civilsamhället.",
                "Minska kostnaderna för inhyrd personal.",
                "Införa digitala besök där det är lämpligt."]
INVEST_PARTS = [("fastigheter", "Fastigheter"), ("it", "IT"), ("inventarier", "Inventarier"),
                ("fordon", "Fordon"), ("utrustning", "Medicinteknisk utrustning"),
                ("energi", "Energieffektivisering")]
STATUSES = ["pågår", "pågår", "pågår", "ej_påbörjat", "genomfört"]
ASSESSMENTS = ["uppfyllt", "delvis_uppfyllt", "delvis_uppfyllt", "ej_uppfyllt"]
MONTHS_SV = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
             "september", "oktober", "november", "december"]


def slug(text: str) -> str:
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})
    s = text.lower().translate(table)
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


# --- defects -----------------------------------------------------------------------

# kind -> (rule, what it is). Each is designed to give exactly one finding of its rule.
DEFECTS: dict[str, tuple[str, str]] = {
    "board-without-parent": ("ORG001", "a nämnd's 'under' (set up by fullmäktige) removed"),
    "board-without-forvaltning": ("ORG002", "a nämnd's förvaltning (and its chef) removed"),
    "role-cycle": ("ORG003", "a förvaltningschef is made chef över the direktör"),
    "beredning-under-styrelse": ("ORG004", "a beredning placed under the styrelse"),
    "bolag-without-oversight": ("ORG005", "'bolag' removed from the styrelse's uppsikt_över"),
    "delmal-link-removed": ("MAL001", "the only delmål link of a nämnd to a regionmål removed"),
    "goal-without-outcomes": ("MAL002", "a regionmål's förväntat_utfall removed"),
    "delmal-without-indicators": ("MAL003", "a delmål's indicators removed"),
    "indicator-not-by-sex": ("MAL004", "an individbaserad indicator not könsuppdelad"),
    "uppdrag-without-owner": ("UPP001", "an uppdrag's riktas_till removed"),
    "uppdrag-beyond-mandate": ("UPP002", "an uppdrag's tidsram runs past the mandatperiod"),
    "uppdrag-unanswered": ("UPP003", "an uppdragssvar removed from a nämndplan"),
    "uppdrag-status-missing": ("UPP004", "an uppdrag's status removed from the delårsrapport"),
    "document-expires": ("DOK001", "a styrdokument's giltighet ends inside the period"),
    "goal-over-frame": ("EKO001", "a nettokostnadsmål above the nämnd's ram"),
    "net-cost-goal-missing": ("EKO002", "a nämndplan's nettokostnadsmål removed"),
    "cost-outgrows-revenue": ("EKO003", "net cost grows faster than revenue in one plan year "
                                        "(all figures consistent)"),
    "total-changed": ("EKO101", "a total in a nämnd's investeringsplan changed"),
    "row-sum-broken": ("EKO102", "a budgetförändring of a varav row changed"),
    "shared-figure-changed": ("EKO103", "an avskrivningsbudget figure shared with the ramar "
                                        "changed"),
    "growth-percent-changed": ("EKO104", "a printed revenue growth percentage changed"),
    "text-figure-changed": ("EKO105", "a figure stated in the text changed"),
    "plan-year-missing": ("BUD001", "the last plan year's column removed from kassaflödet"),
    "tax-rate-missing": ("BUD002", "the budget year's skattesats removed"),
    "negative-plan-result": ("BUD003", "the last plan year budgets a negative result "
                                       "(all figures consistent)"),
    "financial-goal-missed": ("FIN001", "the soliditet target raised above the budget"),
    "deficit-unrestored": ("BAL001", "a deficit larger than the plan's surpluses "
                                     "(all figures consistent)"),
    "restoration-not-decided": ("BAL002", "an old deficit's restoration row lost its "
                                          "ursprungsår and no decision records it"),
    "exemption-amount-mismatch": ("BAL003", "a synnerliga skäl decision's amount differs "
                                            "from the table"),
    "restoration-rows-off": ("BAL004", "a restoration (varav) row figure changed"),
    "unexplained-bkr-excess": ("BAL005", "the balanskravsresultat exceeds the budgeted result "
                                         "with no statement of the extra income"),
    "result-reserve-over-limit": ("BAL006", "a reservation to the resultatreserv above the "
                                            "legal limit"),
    "delmal-not-forecast": ("UPF001", "a delmål's forecast removed from the delårsrapport"),
    "risk-without-control": ("IKP001", "a risk's kontroller and åtgärder removed"),
}
# defects decided before the figures are derived (the figures stay consistent)
PARAM_DEFECTS = {"cost-outgrows-revenue", "negative-plan-result", "deficit-unrestored",
                 "unexplained-bkr-excess"}
# what a defect needs the organisation to have
NEEDS = {"restoration-not-decided": "old_deficit", "exemption-amount-mismatch": "exemption",
         "restoration-rows-off": "deficit", "deficit-unrestored": "deficit"}


# --- the organisation -------------------------------------------------------------------


def national_kind(index: int) -> str:
    return "region" if index in REGION_POSITIONS else "kommun"


def org_rng(seed: int, index: int, stream: str = "org") -> random.Random:
    return random.Random(f"govcheck-bench:{seed}:{index}:{stream}")


def org_name(rng: random.Random, kind: str) -> str:
    stem = rng.choice(PREFIXES) + rng.choice(SUFFIXES)
    return f"Region {stem}" if kind == "region" else f"{stem} kommun"


class Org:
    """One generated organisation: its plan files as data, and handles for defects."""

    def __init__(self, seed: int, index: int, flags: frozenset[str] = frozenset()):
        self.seed, self.index = seed, index
        self.flags = flags
        self.rng = org_rng(seed, index)
        self.kind = national_kind(index)
        self.name = org_name(self.rng, self.kind)
        self.stem = self.name.replace("Region ", "").replace(" kommun", "")
        self.slug = slug(self.stem)
        self.dir = f"{index:03d}-{self.kind}-{self.slug}"
        region = self.kind == "region"
        self.fm, self.st = ("rf", "rs") if region else ("kf", "ks")
        self.doc = f"{'rp' if region else 'mb'}{B}"
        self.files: dict[str, tuple[dict[str, Any], list[str]]] = {}
        self.build()

    # -- structure -------------------------------------------------------------------

    def build(self) -> None:
        self.build_organisation()
        self.build_documents()
        self.build_goals()
        self.build_assignments()
        self.build_economy()
        self.build_board_plans()
        self.build_follow_up()
        self.build_control_plans()
        self.build_financial_goals()
        self.assemble()

    def build_organisation(self) -> None:
        rng, region = self.rng, self.kind == "region"
        lo, hi, per_capita = (60_000, 2_400_000, 48.0) if region else (2_500, 1_000_000, 68.0)
        u = rng.random() if region else rng.random() ** 1.6
        self.population = int(math.exp(math.log(lo) + u * math.log(hi / lo)))
        size = (math.log(self.population) - math.log(lo)) / math.log(hi / lo)
        pool = REGION_BOARDS if region else KOMMUN_BOARDS
        if region:
            n = max(6, min(12, 6 + round(6 * size) + rng.randint(-1, 1)))
        else:
            n = max(8, min(25, 8 + round(17 * size ** 1.5) + rng.randint(-2, 2)))
        first = 1 if region else 3  # hsn / bun, son, von are always there
        chosen = pool[:first] + rng.sample(pool[first:], n - 1 - first)
        chosen.sort(key=lambda b: pool.index(b))
        self.cost_per_capita = per_capita * rng.uniform(0.9, 1.1)
        fm_name = "Regionfullmäktige" if region else "Kommunfullmäktige"
        st_name = "Regionstyrelsen" if region else "Kommunstyrelsen"
        bodies: list[dict[str, Any]] = [
            {"id": self.fm, "namn": fm_name, "typ": "fullmäktige",
             "källa": Flow({"dok": self.doc, "avsnitt": "Organisation"})},
            Flow({"id": f"{self.fm}-presidium", "namn": f"{fm_name}s presidium",
                  "typ": "presidium", "under": self.fm}),
        ]
        self.beredningar: list[str] = []
        ber = (["Beredningen för folkhälsa", "Beredningen för regional utveckling",
                "Demokratiberedningen"] if region else ["Valberedningen",
                                                        "Demokratiberedningen"])
        for name in ber[:rng.randint(1, len(ber))]:
            bid = "ber-" + slug(name.replace("Beredningen för ", ""))
            self.beredningar.append(bid)
            bodies.append(Flow({"id": bid, "namn": name, "typ": "beredning", "under": self.fm}))
        bodies.append(Flow({"id": "revisionen", "namn": "Revisionen", "typ": "revision",
                            "under": self.fm}))
        self.st_body = {"id": self.st, "namn": st_name, "typ": "styrelse",
                        "kortnamn": self.st.upper(), "under": self.fm,
                        "uppsikt_över": Flow(["nämnder", "bolag", "kommunalförbund",
                                              "gemensamma_nämnder"]),
                        "beskrivning": f"{st_name} leder och samordnar förvaltningen och har "
                                       "uppsikt över nämnderna och bolagen."}
        bodies.append(self.st_body)
        bodies.append(Flow({"id": f"{self.st}-au", "namn": f"{st_name}s arbetsutskott",
                            "typ": "utskott", "under": self.st}))
        # boards: id, name, förvaltning name, weight, body dict
        self.boards: list[dict[str, Any]] = [
            {"id": self.st, "name": st_name, "forv": ("Regionstyrelsens förvaltning" if region
                                                       else "Kommunledningsförvaltningen"),
             "body": self.st_body}]
        for bid, name, short, forv, weight in chosen:
            body: dict[str, Any] = {"id": bid, "namn": name, "typ": "nämnd"}
            if short:
                body["kortnamn"] = short
            body["under"] = self.fm
            bodies.append(body)
            self.boards.append({"id": bid, "name": name, "forv": forv, "body": body,
                                "weight": weight * rng.uniform(0.7, 1.3)})
        bodies.append(Flow({"id": "kln", "namn": "Krisledningsnämnden",
                            "typ": "krisledningsnämnd", "under": self.fm}))
        if rng.random() < 0.5:
            partner = org_name(rng, "kommun")
            gname = "Gemensamma nämnden för hjälpmedel" if region else "Gemensam lönenämnd"
            partner = "Länets kommuner" if region else partner
            bodies.append(Flow({"id": "gemensam-namnd", "namn": gname,
                                "typ": "gemensam_nämnd", "parter": [self.name, partner]}))
        self.board_ids = [b["id"] for b in self.boards]
        self.board_names = {b["id"]: b["name"] for b in self.boards}
        director = "regiondirektor" if region else "kommundirektor"
        self.director = director
        self.adms: list[Flow] = []
        self.roles: list[dict[str, Any]] = []
        for b in self.boards:
            self.adms.append(Flow({"id": f"{b['id']}-forv", "namn": b["forv"],
                                   "nämnd": b["id"], "chef": f"{b['id']}-fc"}))
        self.director_role = {"id": director,
                              "namn": "Regiondirektör" if region else "Kommundirektör",
                              "typ": "regiondirektör" if region else "annan",
                              "chef_över": [f"{b['id']}-fc" for b in self.boards],
                              "rapporterar_till": self.st}
        self.roles.append(self.director_role)
        for b in self.boards:
            self.roles.append({"id": f"{b['id']}-fc", "namn": f"Förvaltningschef, {b['forv']}",
                               "typ": "förvaltningschef", "förvaltning": f"{b['id']}-forv",
                               "rapporterar_till": director})
        self.roles.append(Flow({"id": "ledningsgrupp", "namn": "Koncernledningsgruppen",
                                "typ": "ledningsgrupp", "rapporterar_till": director}))
        feds = ([("Svenskt ambulansflyg", "kommunalförbund"),
                 ("Kommunalförbundet avancerad strålbehandling", "kommunalförbund"),
                 ("Norra sjukvårdsregionförbundet", "kommunalförbund"),
                 (f"Samordningsförbundet {self.stem}", "samordningsförbund"),
                 (f"Samordningsförbundet {rng.choice(PREFIXES)}dalen", "samordningsförbund")]
                if region else
                [(f"Räddningstjänstförbundet {self.stem}", "kommunalförbund"),
                 (f"Samordningsförbundet {self.stem}", "samordningsförbund"),
                 (f"{self.stem}s gymnasieförbund", "kommunalförbund"),
                 (f"Vatten och avfall i {self.stem}", "kommunalförbund")])
        self.federations = [Flow({"id": f"forbund-{k + 1}", "namn": n, "typ": t})
                            for k, (n, t) in enumerate(feds[:rng.randint(2, len(feds))])]
        self.companies: list[dict[str, Any]] = []
        if region:
            comps = [(f"Länstrafiken i {self.stem} AB", 100.0, True),
                     (f"{self.stem} Science Park AB", 40.0, False),
                     (f"{self.stem}teatern AB", 60.0, False),
                     (f"Almi Företagspartner {self.stem} AB", 24.5, False),
                     ("Inera AB", 0.2, False)]
        else:
            comps = [(f"{self.stem} Bostäder AB", 100.0, True),
                     (f"{self.stem} Energi AB", 100.0, True),
                     (f"{self.stem} Näringslivsbolag AB", 51.0, False),
                     (f"{self.stem} Turism AB", 34.0, False), ("Inera AB", 0.1, False)]
        keep = comps[:1] + [c for c in comps[1:] if rng.random() < 0.6]
        for k, (name, share, consolidated) in enumerate(keep):
            comp: dict[str, Any] = {"id": f"bolag-{k + 1}", "namn": name,
                                    "ägarandel": d1(share)}
            if consolidated:
                comp["i_sammanställda_räkenskaper"] = True
            self.companies.append(comp)
        self.council_bodies = bodies
        self.fm_name = fm_name

    def build_documents(self) -> None:
        rng = self.rng
        n = rng.randint(20, 60) if self.kind == "region" else rng.randint(30, 80)
        topics = TOPICS[:]
        rng.shuffle(topics)
        self.documents: list[dict[str, Any]] = []
        for i in range(n):
            typ, word = rng.choice(DOC_KINDS)
            topic = topics[i % len(topics)]
            doc: dict[str, Any] = {"id": f"dok-{i + 1:02d}", "titel": "", "typ": typ}
            title = f"{word} {topic}"
            if rng.random() < 0.65:
                start = B - rng.randint(0, 6)
                end = B + rng.randint(3, 10)
                title += f" {start}–{end}"
                doc["giltighet"] = Flow({"från": start, "till": end})
            if i >= len(topics):
                title += f" ({rng.choice(['reviderad', 'del 2', 'fördjupning'])})"
            doc["titel"] = title[0].upper() + title[1:]
            doc["beslutad_av"] = self.fm if rng.random() < 0.6 else rng.choice(self.board_ids)
            doc["ägare"] = rng.choice(self.board_ids)
            # keys in the format's order
            self.documents.append({k: doc[k] for k in ("id", "titel", "typ", "beslutad_av",
                                                       "ägare", "giltighet") if k in doc})

    def build_goals(self) -> None:
        rng, region = self.rng, self.kind == "region"
        eligible = [t for t in THEMES if t[1] in ("b", "r" if region else "k")]
        n = 7 if region else rng.randint(4, 12)
        themes = rng.sample(eligible, n)
        nämnder = self.board_ids[1:]
        targets: list[list[str]] = []
        for _ in themes:
            share = rng.uniform(0.3, 0.8)
            targets.append([self.st] + [b for b in nämnder if rng.random() < share])
        for b in nämnder:  # every nämnd is targeted by some goal
            if not any(b in t for t in targets):
                targets[rng.randrange(n)].append(b)
        self.goals: list[dict[str, Any]] = []
        self.goal_theme: dict[str, tuple] = {}
        ndocs = len(self.documents)
        for i, (theme, t) in enumerate(zip(themes, targets)):
            gid = f"mal-{i + 1}"
            order = {b: k for k, b in enumerate(self.board_ids)}
            docs = rng.sample(range(ndocs), rng.randint(2, 5))
            goal = {"id": gid, "nummer": i + 1, "namn": theme[0],
                    "riktas_till": sorted(t, key=order.__getitem__),
                    "beskrivning": f"{theme[0]} i hela {'regionen' if region else 'kommunen'}; "
                                   f"{theme[2][0][0].lower()}{theme[2][0][1:]}",
                    "styrande_dokument": [self.documents[j]["id"] for j in sorted(docs)],
                    "förväntat_utfall": rng.sample(theme[2], rng.randint(2, 3)),
                    "agenda2030": sorted(rng.sample(range(1, 18), rng.randint(1, 4))),
                    "källa": Flow({"dok": self.doc, "avsnitt": f"Mål {i + 1}. {theme[0]}",
                                   "sida": 10 + 2 * i})}
            self.goals.append(goal)
            self.goal_theme[gid] = theme
        self.goals_of: dict[str, list[str]] = {
            b: [g["id"] for g in self.goals if b in g["riktas_till"]] for b in self.board_ids}

    def build_assignments(self) -> None:
        rng, region = self.rng, self.kind == "region"
        n = rng.randint(10, 30) if region else rng.randint(20, 50)
        self.group = {"id": "alla-namnder", "namn": "Alla nämnder",
                      "medlemmar": list(self.board_ids)}
        self.assignments: list[dict[str, Any]] = []
        topics = TOPICS[:]
        rng.shuffle(topics)
        kräver_at = rng.randrange(n)
        for i in range(n):
            uid = f"upp-{i + 1:02d}"
            upp: dict[str, Any] = {"id": uid}
            if i == kräver_at:
                upp["text"] = ("Styrelsens och nämndernas nettokostnadsutveckling ska inte "
                               f"överstiga vad som krävs för att klara budgetramen {B}.")
                upp["riktas_till"] = ["alla-namnder"]
                upp["delpunkter"] = ["Ett mål för nettokostnadsutvecklingen ska sättas på "
                                     "styrelse- och nämndnivå."]
                upp["tidsram"] = Flow({"från": B, "till": B})
                upp["kräver"] = ["nettokostnadsmål"]
            else:
                upp["text"] = f"{rng.choice(UPP_VERBS)} {topics[i % len(topics)]}."
                r = rng.random()
                if i == (kräver_at + 1) % n or r < 0.12:
                    upp["riktas_till"] = ["alla-namnder"]
                elif r < 0.17:
                    upp["riktas_till"] = [rng.choice(self.beredningar)]
                else:
                    k = 1 if rng.random() < 0.7 else 2
                    upp["riktas_till"] = rng.sample(self.board_ids, k)
                r = rng.random()
                if r < 0.25:
                    upp["tidsram"] = Flow({"från": B, "till": B})
                elif r < 0.4:
                    upp["tidsram"] = Flow({"från": B - 1, "till": B})
                elif r < 0.5:
                    upp["tidsram"] = Flow({"från": B - 3, "till": B})
            upp["källa"] = Flow({"dok": self.doc, "avsnitt": "Riktade uppdrag"})
            self.assignments.append(upp)
        self.kräver_id = self.assignments[kräver_at]["id"]
        self.owned: dict[str, list[str]] = {b: [] for b in self.board_ids}
        for upp in self.assignments:
            for owner in upp["riktas_till"]:
                members = self.board_ids if owner == "alla-namnder" else [owner]
                for b in members:
                    if b in self.owned and upp["id"] not in self.owned[b]:
                        self.owned[b].append(upp["id"])

    # -- economy ---------------------------------------------------------------------

    def build_economy(self) -> None:
        rng, region, flags = self.rng, self.kind == "region", self.flags
        years = [B - 1, B, B + 1, B + 2, B + 3]
        C0 = self.population * self.cost_per_capita / 1000  # mnkr
        self.lpik = d1(rng.uniform(2.5, 3.6))
        # frames: fullmäktige, styrelse, nämnder, revision, krisledningsnämnd
        frame_rows: list[tuple[str, str, float]] = [
            (self.fm, "Regionfullmäktige" if region else "Kommunfullmäktige",
             rng.uniform(0.0012, 0.002) if region else rng.uniform(0.002, 0.004))]
        st_share = rng.uniform(0.28, 0.36) if region else rng.uniform(0.08, 0.13)
        rest = 1 - st_share - 0.004
        total_w = sum(b["weight"] for b in self.boards[1:])
        frame_rows.append((self.st, self.boards[0]["name"], st_share))
        for b in self.boards[1:]:
            frame_rows.append((b["id"], b["name"], rest * b["weight"] / total_w))
        frame_rows.append(("revisionen", "Revisionen",
                           rng.uniform(0.0006, 0.001) if region else rng.uniform(0.001, 0.002)))
        growth = [rng.uniform(1.8, 3.4) for _ in range(3)]  # plan years' frame growth %
        omf_from, omf_to = rng.sample(range(1, len(frame_rows)), 2)
        frames: dict[str, list[Decimal]] = {}
        for k, (bid, _, w) in enumerate(frame_rows):
            b0 = max(TENTH, d1(C0 * w))
            bf0 = d1(float(b0) * rng.uniform(-0.01, 0.01))
            bf1 = d1(float(b0) * rng.uniform(-0.005, 0.035))
            omf = Decimal("0.0")
            if k in (omf_from, omf_to):
                t = d1(min(C0 * frame_rows[omf_from][2], C0 * frame_rows[omf_to][2]) * 0.02)
                omf = t if k == omf_to else -t
            idx = d1((b0 + bf0) * self.lpik / HUNDRED)
            b1 = b0 + bf0 + bf1 + omf + idx
            plan = [b1]
            for g in growth:
                plan.append(d0(float(plan[-1]) * (1 + (g + rng.uniform(-0.5, 0.5)) / 100)))
            frames[bid] = [b0, bf0, bf1, omf, idx, b1] + plan[1:]
        frames["kln"] = [Decimal("0.0")] * 6 + [Decimal(0)] * 3
        self.frame_rows = frame_rows + [("kln", "Krisledningsnämnden", 0.0)]
        self.frames = frames
        # varav rows: beredningar under fullmäktige, avskrivningar and pensions under styrelsen
        st = frames[self.st]
        a0 = d0(float(st[0]) * rng.uniform(0.10, 0.15))
        avskr = [a0]
        for _ in range(4):
            avskr.append(d0(float(avskr[-1]) * rng.uniform(0.99, 1.05)))
        self.avskr = dict(zip(years, avskr))
        one = Decimal("0.0")
        varav_avskr = [a0 + one, one, avskr[1] - a0 + one, one, one, avskr[1] + one] + avskr[2:]
        p0 = d1(float(st[0]) * rng.uniform(0.15, 0.25))
        pf = d1(float(p0) * rng.uniform(-0.05, 0.05))
        pension = [p0, one, pf, one, one, p0 + pf]
        for _ in range(3):
            pension.append(d0(float(pension[-1]) * rng.uniform(1.0, 1.04)))
        fmv = frames[self.fm]
        ber_share = rng.uniform(0.3, 0.5)
        ber = [d1(float(fmv[0]) * ber_share), one, one, one, d1(float(fmv[0]) * ber_share * 0.03)]
        ber.append(dsum(ber))
        for _ in range(3):
            ber.append(d0(float(ber[-1]) * 1.03))
        self.varav = {"avskr": varav_avskr, "pension": pension, "ber": ber}
        cols = len(frames[self.st])
        ram_ids = [r[0] for r in self.frame_rows]
        self.frame_total = [dsum([frames[b][i] for b in ram_ids]) for i in range(cols)]
        # income budget (resultatbudget): whole mnkr
        tot = self.frame_total
        # positive net cost; the previous year as revised (Budget + Budgetförändring), as the
        # real plan prints it (resultatbudget Budget 2025 = ramar 10 958,4 - 6,6)
        cost = [d0(tot[0] + tot[1]), d0(tot[5]), tot[6], tot[7], tot[8]]
        m = rng.uniform(0.028, 0.045)
        sos = [d0(float(cost[0]) * (1 + m))]
        eko003_year = B + 2 if "cost-outgrows-revenue" in flags else None
        for i in range(1, 5):
            gc = cost[i] / cost[i - 1] - 1
            delta = Decimal(repr(rng.uniform(0.002, 0.008)))
            if years[i] == eko003_year:
                delta = Decimal("-0.006")
            sos.append(d0(sos[-1] * (1 + gc + delta)))
        nku = [d1(rng.uniform(1.0, 4.5))] + [pct_growth(cost[i], cost[i - 1]) for i in range(1, 5)]
        usos = [nku[0] + d1(rng.uniform(0.2, 1.5))] + [pct_growth(sos[i], sos[i - 1])
                                                       for i in range(1, 5)]
        for i in range(5):
            over = nku[i] - usos[i]
            assert (over > TENTH) if years[i] == eko003_year else (over <= 0), (years[i], over)
        tax_share = rng.uniform(0.72, 0.8)
        skatt = [d0(float(s) * (tax_share + 0.004 * k)) for k, s in enumerate(sos)]
        gsb = [s - t for s, t in zip(sos, skatt)]
        vr = [s - c for s, c in zip(sos, cost)]
        fkr, fir = rng.uniform(0.004, 0.012), rng.uniform(0.001, 0.004)
        fk = [-d0(float(c) * (fkr + 0.0005 * k)) for k, c in enumerate(cost)]
        fi = [d0(float(c) * fir) for c in cost]
        if "negative-plan-result" in flags:
            shortfall = vr[4] + fk[4] + fi[4] + d0(max(3.0, float(cost[4]) * 0.002))
            fk[4] -= shortfall
        fn = [a + b for a, b in zip(fk, fi)]
        res = [a + b for a, b in zip(vr, fn)]
        for y, r in zip(years, res):
            if y >= B:
                assert (r < 0) if (y == B + 3 and "negative-plan-result" in flags) else (r > 0)
        self.rb = {"years": years, "cost": cost, "nku": nku, "skatt": skatt, "gsb": gsb,
                   "sos": sos, "usos": usos, "vr": vr, "vr_andel": [pct_share(a, b) for a, b in
                                                                    zip(vr, sos)],
                   "fk": fk, "fi": fi, "fn": fn, "res": res,
                   "res_andel": [pct_share(a, b) for a, b in zip(res, sos)]}
        self.result = dict(zip(years, res))
        self.revenue = dict(zip(years, sos))
        self.build_balanskrav()
        self.build_balance_sheet()

    def build_balanskrav(self) -> None:
        """Past results (with deficits), and the restoration plan, oldest first."""
        rng, flags = self.rng, self.flags
        C0 = float(self.rb["cost"][0])
        past = [B - 3, B - 2, B - 1]
        needs = {NEEDS[k] for k in flags if k in NEEDS}
        p_def = 0.6 if self.kind == "region" else 0.3
        crisis = rng.random() < p_def or bool(needs & {"deficit", "old_deficit", "exemption"})
        R: dict[int, Decimal] = {}
        ss: dict[int, Decimal] = {}
        for y in past:
            neg = crisis and rng.random() < 0.55
            R[y] = (-max(Decimal(3), d0(C0 * rng.uniform(0.005, 0.035))) if neg
                    else d0(C0 * rng.uniform(0.002, 0.025)))
            ss[y] = Decimal(0)
            if neg and y < B - 1 and rng.random() < 0.4:
                ss[y] = d0(-R[y] * Decimal(repr(rng.uniform(0.3, 0.7))))
        if crisis and all(R[y] > 0 for y in past):
            R[B - 2] = -max(Decimal(3), d0(C0 * rng.uniform(0.005, 0.02)))
        # a deficit old enough that its regulation is due in this budget (KL 11 kap. 12 §
        # tredje stycket: in the budget of the third year after it)
        if "old_deficit" in needs and R[B - 3] >= 0:
            R[B - 3] = -max(Decimal(3), d0(C0 * rng.uniform(0.005, 0.02)))
        if "exemption" in needs and not any(ss.values()):
            y = B - 2 if R[B - 2] < 0 else B - 3
            if R[y] >= 0:
                R[y] = -max(Decimal(6), d0(C0 * rng.uniform(0.01, 0.03)))
            ss[y] = d0(-R[y] * Decimal("0.5"))
        for y in past:  # an exemption covers part of a deficit, never all of it
            ss[y] = min(ss[y], d0(-R[y] * Decimal("0.7")), -R[y] - 1) if R[y] < -1 \
                else Decimal(0)
        extra = {y: Decimal(0) for y in (B, B + 1, B + 2)}
        self.bkr_statement: Decimal | None = None
        if "unexplained-bkr-excess" in flags:
            extra[B + 1] = max(Decimal(5), d0(C0 * 0.004))
        elif crisis and rng.random() < 0.25:
            extra[B + 1] = max(Decimal(5), d0(C0 * 0.003))
            self.bkr_statement = extra[B + 1]
        bkr = dict(R)
        for y in (B, B + 1, B + 2):
            bkr[y] = self.result[y] + extra[y]
            ss[y] = Decimal(0)
        years = past + [B, B + 1, B + 2]
        protect = None
        if "deficit-unrestored" in flags:
            protect = B - 1
            ss[B - 1] = Decimal(0)
            bkr[B - 1] = -(sum(bkr[y] for y in (B, B + 1, B + 2)) + max(Decimal(7), d0(C0 * 0.004)))
            R[B - 1] = bkr[B - 1]
        # make every deficit (but a planted one) restored in time, oldest first
        for _ in range(60):
            missed = self._missed(years, bkr, ss)
            missed = [y for y in missed if y != protect]
            if not missed:
                break
            y = missed[0]
            left = -bkr[y] - ss[y]
            bkr[y] = -(ss[y] + max(Decimal(1), d0(left / 2)))
            R[y] = bkr[y]
        else:  # pragma: no cover
            raise AssertionError("could not make the restoration plan work")
        assert [y for y in self._missed(years, bkr, ss)] == ([protect] if protect else [])
        self.past_result = R
        self.bkr, self.ss, self.bkr_years = bkr, ss, years
        # the table: opening, result, exemption, closing, and one varav row per deficit
        opening, closing = [], []
        ob = Decimal(0)
        for y in years:
            opening.append(ob)
            ob = min(Decimal(0), ob + bkr[y] + ss[y])
            closing.append(ob)
        self.bk_opening, self.bk_closing = opening, closing
        self.deficit_rows: list[tuple[int, list[Decimal]]] = []
        for origin, remaining in self._restoration(years, bkr, ss):
            self.deficit_rows.append((origin, remaining))
        self.decisions: list[dict[str, Any]] = []
        self.exemptions = [y for y in years if ss[y] > 0]
        for y in self.exemptions:
            self.decisions.append({
                "id": f"beslut-synnerliga-skal-{y}", "organ": self.fm, "avser": "synnerliga_skäl",
                "år": y, "belopp": ss[y], "datum": dt.date(y + 1, 4, rng.randint(10, 28)),
                "paragraf": f"§ {rng.randint(20, 90)}",
                "motivering": "Den del av underskottet som beror på pensionskostnadernas ökning "
                              "till följd av den höga inflationen.",
                "källa": Flow({"dok": self.doc, "avsnitt": "Balanskravsresultat"})})
        self.restoration_decisions: dict[int, dict[str, Any]] = {}
        for origin, _ in self.deficit_rows:
            if origin <= B - 3 and rng.random() < 0.5:
                dec = {"id": f"beslut-aterstallande-{origin}", "organ": self.fm,
                       "avser": "återställande", "år": origin,
                       "datum": dt.date(origin + 1, 6, rng.randint(10, 28)),
                       "paragraf": f"§ {rng.randint(90, 160)}"}
                self.decisions.append(dec)
                self.restoration_decisions[origin] = dec
        self.decisions.append({"id": f"beslut-budget-{B}", "organ": self.fm, "avser": "budget",
                               "år": B, "datum": dt.date(B - 1, 11, rng.randint(18, 28)),
                               "paragraf": f"§ {rng.randint(100, 200)}"})

    @staticmethod
    def _schedule(years: list[int], bkr: dict[int, Decimal], ss: dict[int, Decimal]
                  ) -> tuple[list[int], list[tuple[int, list[Decimal]]]]:
        """govcheck's restoration order (oldest first, three years): the deficits missed,
        and each deficit's open amount after every year."""
        open_: list[list[Any]] = []  # [origin, remaining]
        history: dict[int, list[Decimal]] = {}
        missed: list[int] = []
        for y in years:
            r = bkr[y]
            if r < 0:
                new = -r - max(ss[y], Decimal(0))
                if new > 0:
                    open_.append([y, new])
                    history[y] = [Decimal(0)] * years.index(y)
            elif r > 0:
                surplus = r
                for d in open_:
                    use = min(surplus, d[1])
                    d[1] -= use
                    surplus -= use
            for d in open_:
                if d[0] + 3 == y and d[1] > 0:
                    missed.append(d[0])
            for origin, rows in history.items():
                left = next((d[1] for d in open_ if d[0] == origin), Decimal(0))
                rows.append(-left + 0 if left else Decimal(0))
            open_ = [d for d in open_ if d[1] > 0]
        missed += [d[0] for d in open_ if d[0] + 3 > years[-1]]
        return missed, list(history.items())

    def _missed(self, years, bkr, ss):  # type: ignore[no-untyped-def]
        return self._schedule(years, bkr, ss)[0]

    def _restoration(self, years, bkr, ss):  # type: ignore[no-untyped-def]
        return self._schedule(years, bkr, ss)[1]

    def build_balance_sheet(self) -> None:
        rng = self.rng
        sos0 = float(self.rb["sos"][0])
        bs_years = [B - 2, B - 1, B, B + 1, B + 2, B + 3]
        res = {B - 2: self.past_result[B - 2], B - 1: self.past_result[B - 1]}
        res.update({y: self.result[y] for y in (B, B + 1, B + 2, B + 3)})
        self.bs_result = res
        avskr = dict(self.avskr)
        avskr[B - 2] = d0(float(avskr[B - 1]) * rng.uniform(0.95, 1.0))
        inv = {y: d0(float(avskr[y]) * rng.uniform(1.2, 2.0)) for y in bs_years}
        self.inv = inv
        pa = [d0(sos0 * (rng.uniform(0.4, 0.7) if self.kind == "region"
                         else rng.uniform(0.05, 0.2)))]
        for _ in bs_years[1:]:
            pa.append(pa[-1] + d0(float(pa[-1]) * rng.uniform(0.01, 0.04)))
        dpa = {y: pa[i] - (pa[i - 1] if i else pa[0] - d0(float(pa[0]) * 0.02))
               for i, y in enumerate(bs_years)}
        lm_start = d0(sos0 * rng.uniform(0.02, 0.06))
        cf: dict[str, list[Decimal]] = {k: [] for k in (
            "res", "just", "medel", "fordr", "forrad", "korta", "lop", "inv", "sale", "plac",
            "invf", "lang", "finf", "flow", "lm0", "lm1")}
        lm = lm_start
        for i, y in enumerate(bs_years):
            r = res[y]
            just = avskr[y] + dpa[y]
            medel = r + just
            fordr = d0(sos0 * rng.uniform(-0.01, 0.02)) if i == 0 else Decimal(0)
            forrad = d0(sos0 * rng.uniform(-0.001, 0.001)) if i == 0 else Decimal(0)
            korta = d0(sos0 * rng.uniform(-0.01, 0.01)) if i == 0 else Decimal(0)
            lop = medel + fordr + forrad + korta
            plac = -d0(sos0 * rng.uniform(0.0, 0.006))
            invf = -inv[y] + plac
            need = -(lop + invf) + d0(sos0 * rng.uniform(-0.004, 0.006))
            lang = max(Decimal(0), need)
            flow_ = lop + invf + lang
            for k, v in (("res", r), ("just", just), ("medel", medel), ("fordr", fordr),
                         ("forrad", forrad), ("korta", korta), ("lop", lop), ("inv", -inv[y]),
                         ("sale", Decimal(0)), ("plac", plac), ("invf", invf), ("lang", lang),
                         ("finf", lang), ("flow", flow_), ("lm0", lm), ("lm1", lm + flow_)):
                cf[k].append(signed0(v))
            lm = lm + flow_
        self.cf = cf
        anl = [d0(sos0 * rng.uniform(0.5, 0.9))]
        for i in range(1, len(bs_years)):
            y = bs_years[i]
            anl.append(anl[-1] + inv[y] - avskr[y])
        ek_in = [d0(sos0 * (rng.uniform(0.15, 0.3) if self.kind == "region"
                            else rng.uniform(0.25, 0.6)))]
        ek = []
        for i, y in enumerate(bs_years):
            ek.append(ek_in[i] + res[y])
            if i + 1 < len(bs_years):
                ek_in.append(ek[-1])
        ls = [d0(sos0 * rng.uniform(0.1, 0.4))]
        for i in range(1, len(bs_years)):
            ls.append(ls[-1] + cf["lang"][i])
        need = max(anl[i] - (ek[i] + pa[i] + ls[i]) for i in range(len(bs_years)))
        ks = max(d0(sos0 * rng.uniform(0.15, 0.25)), need + d0(sos0 * 0.1))
        skulder = [a + ks for a in ls]
        total = [e + p + s for e, p, s in zip(ek, pa, skulder)]
        oms = [t - a for t, a in zip(total, anl)]
        self.bs = {"years": bs_years, "anl": anl, "oms": oms, "total": total, "ek_in": ek_in,
                   "res": [res[y] for y in bs_years], "ek": ek, "pa": pa, "ls": ls,
                   "ks": [ks] * len(bs_years), "skulder": skulder}
        self.soliditet = {y: (ek[i] / total[i] * 100).quantize(Decimal("0.01"))
                          for i, y in enumerate(bs_years)}
        self.debt_share = max(ls[i] / self.revenue[y] * 100 for i, y in enumerate(bs_years)
                              if y >= B)

    # -- nämndplaner, follow-up, internal control ------------------------------------

    def build_board_plans(self) -> None:
        rng = self.rng
        self.plans: dict[str, dict[str, Any]] = {}
        self.anchor: dict[str, tuple[dict[str, Any], str]] = {}  # body -> (delmål, goal)
        self.answered_by_response: list[tuple[str, str]] = []
        self.invest_tables: dict[str, dict[str, Any]] = {}
        self.all_subgoals: list[tuple[str, dict[str, Any]]] = []
        self.indicators: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
        need_individual = True
        for bi, b in enumerate(self.board_ids):
            goals = self.goals_of[b][:]
            rng.shuffle(goals)
            own = [u for u in self.owned[b] if u != self.kräver_id]
            k = len(goals)
            n = max(2, min(6, rng.randint(max(2, math.ceil(k / 2)), k + 1)))
            links: list[list[str]] = [goals[:2]] + [[] for _ in range(n - 1)]
            for j, g in enumerate(goals[2:]):
                links[1 + j % (n - 1)].append(g)
            for lk in links[1:]:
                if not lk and goals[1:]:
                    lk.append(rng.choice(goals[1:]))
            carried: list[str] = []
            subgoals: list[dict[str, Any]] = []
            for j, lk in enumerate(links):
                theme = self.goal_theme[lk[0]] if lk else self.goal_theme[goals[0]]
                name = theme[3][j % len(theme[3])]
                sid = f"{b}-dm-{j + 1}"
                sg: dict[str, Any] = {"id": sid, "namn": name}
                if rng.random() < 0.5:
                    sg["målsättning"] = f"År {B + 1} har {name[0].lower()}{name[1:]} uppnåtts."
                sg["år"] = B
                if lk:
                    sg["regionmål"] = [
                        Flow({"mål": g, "stöd": f'Delmålet: "{name}". Mål '
                                                f'{g.split("-")[1]}: '
                                                f'"{self.goal_theme[g][2][0][:-1]}".'})
                        for g in lk]
                if own and (j == 0 or not lk or rng.random() < 0.25):
                    u = own[0] if j == 0 else rng.choice(own)
                    sg["uppdrag"] = [u]
                    if u not in carried:
                        carried.append(u)
                inds = []
                for m in range(rng.randint(1, 2)):
                    iname, individual = theme[4][(j + m) % len(theme[4])]
                    if need_individual and j == 1:
                        individual, need_individual = True, False
                    ind: dict[str, Any] = {"id": f"{sid}-ind-{m + 1}", "namn": iname}
                    if individual:
                        ind["individbaserad"] = True
                        ind["könsuppdelad"] = True
                    if rng.random() < 0.5:
                        ind["kolada"] = f"{rng.choice('NU')}{rng.randint(10000, 99999)}"
                    if iname.startswith("Andel") and rng.random() < 0.5:
                        ind["målvärde"] = f"minst {rng.randint(50, 95)} %"
                    inds.append(Flow(ind))
                    self.indicators.append((b, sg, ind))
                sg["indikatorer"] = inds
                subgoals.append(sg)
                self.all_subgoals.append((b, sg))
            self.anchor[b] = (subgoals[0], goals[0])
            plan: dict[str, Any] = {
                "id": f"{b}-{B}", "organ": b, "år": B,
                "titel": f"Nämndplan {B} för {self.board_names[b].lower()}",
                "status": "beslutad", "beslutsdatum": dt.date(B - 1, 12, rng.randint(1, 18)),
                "källa": Flow({"dok": f"np-{b}"}), "delmål": subgoals}
            ram1, ram0 = self.frames[b][5], self.frames[b][0]
            goal: dict[str, Any] = {"år": B}
            r = rng.random()
            if r < 0.75:
                goal["belopp"] = ram1 if rng.random() < 0.6 else max(
                    Decimal("0.0"), ram1 - d1(float(ram1) * rng.uniform(0.0, 0.01)))
            if (r >= 0.4 or "belopp" not in goal) and ram0 > 0:
                goal["utveckling_procent"] = floor1((ram1 / ram0 - 1) * HUNDRED)
            if "belopp" not in goal and "utveckling_procent" not in goal:
                goal["belopp"] = ram1
            goal["beslutsdatum"] = plan["beslutsdatum"]
            plan["nettokostnadsmål"] = Flow(goal)
            responses = []
            for u in self.owned[b]:
                if u == self.kräver_id and rng.random() < 0.5:
                    continue
                if u in carried and rng.random() < 0.7:
                    continue
                responses.append(Flow({"uppdrag": u, "svar": f"Nämnden redovisar uppdraget i "
                                                             f"verksamhetsplanen för {B}."}))
                if u not in carried and u != self.kräver_id:
                    self.answered_by_response.append((b, u))
            if responses:
                plan["uppdragssvar"] = responses
            plan["planerade_förändringar"] = rng.sample(PLAN_CHANGES, rng.randint(1, 3))
            needs = [Flow({"id": f"{b}-{B}-behov-1", "beskrivning": "Ökade lokalkostnader",
                           "värde": d0(max(1.0, float(ram1) * rng.uniform(0.003, 0.02))),
                           "enhet": "mnkr", "år": B, "organ": b, "ungefärlig": True,
                           "citat": "cirka"})]
            if bi == 0 or rng.random() < 0.6:
                table = self.investment_table(b)
                plan["tabeller"] = [table]
                self.invest_tables[b] = table
                total = next(r.v for r in table["rader"] if r.v["id"] == "total")
                needs.append(Flow({"id": f"{b}-{B}-behov-2",
                                   "beskrivning": "Investeringsutgifter under planperioden",
                                   "värde": total["värden"].v[-1], "enhet": "mnkr",
                                   "period": Flow({"från": B, "till": B + 3}),
                                   "jämför": Flow({"tabell": table["id"], "rad": "total",
                                                   "kolumn": "period"})}))
            plan["ekonomiska_behov"] = needs
            self.plans[b] = plan

    def investment_table(self, b: str) -> dict[str, Any]:
        rng = self.rng
        scale = max(2.0, float(self.frames[b][5]) * rng.uniform(0.01, 0.05))
        parts = rng.sample(INVEST_PARTS, rng.randint(2, 4))
        rows: list[dict[str, Any]] = []
        part_rows = []
        for pid, name in parts:
            vals = [d0(scale * rng.uniform(0.1, 0.5)) for _ in range(4)]
            part_rows.append({"id": pid, "rubrik": name, "värden": vals + [dsum(vals)]})
        if rng.random() < 0.5:  # a part split in two varav rows that sum to it
            p = part_rows[0]
            a = [d0(float(v) * rng.uniform(0.3, 0.7)) for v in p["värden"][:4]]
            bb = [v - x for v, x in zip(p["värden"][:4], a)]
            p["summa_av"] = Flow([f"{p['id']}-re", f"{p['id']}-nya"])
            sub = [{"id": f"{p['id']}-re", "rubrik": "varav reinvesteringar",
                    "värden": a + [dsum(a)], "varav_av": p["id"]},
                   {"id": f"{p['id']}-nya", "rubrik": "varav nya investeringar",
                    "värden": bb + [dsum(bb)], "varav_av": p["id"]}]
        else:
            sub = []
        total = [dsum([p["värden"][i] for p in part_rows]) for i in range(5)]
        rows.append({"id": "total", "rubrik": "Investeringsutgifter", "roll":
                     "investeringsutgifter_totalt", "summa_av": Flow([p["id"] for p in part_rows]),
                     "värden": total})
        rows.append(part_rows[0])
        rows += sub
        rows += part_rows[1:]
        for r in rows:
            r["värden"] = Flow(r["värden"])
        return {"id": f"{b}-inv-{B}", "typ": "investeringsplan",
                "titel": f"Investeringsplan {B}–{B + 3}", "enhet": "mnkr",
                "kolumner": [Flow({"id": f"a{y}", "rubrik": str(y), "år": y, "slag": "plan"})
                             for y in range(B, B + 4)]
                + [Flow({"id": "period", "rubrik": f"{B}–{B + 3}", "slag": "period",
                         "period": Flow({"från": B, "till": B + 3})})],
                "rader": [Flow(r) for r in rows]}

    def build_follow_up(self) -> None:
        rng = self.rng
        fu: dict[str, Any] = {"id": f"delarsrapport-{B}", "typ": "delårsrapport", "år": B,
                              "period": "januari–augusti",
                              "källa": Flow({"dok": f"dr{B}"})}
        fu["målbedömningar"] = (
            [Flow({"delmål": sg["id"], "bedömning": rng.choice(ASSESSMENTS), "prognos": True})
             for _, sg in self.all_subgoals]
            + [Flow({"regionmål": g["id"], "bedömning": rng.choice(ASSESSMENTS),
                     "prognos": True}) for g in self.goals])
        fu["utfall"] = [Flow({"organ": b, "nettokostnad": self.forecast(b), "prognos": True})
                        for b in self.board_ids]
        statuses = []
        self.status_entries: dict[str, list[Any]] = {}
        for upp in self.assignments:
            owners = self.expand(upp["riktas_till"])
            if len(owners) > 1 and len(owners) <= 3 and rng.random() < 0.3:
                entries = [Flow({"uppdrag": upp["id"], "organ": o, "status": rng.choice(STATUSES)})
                           for o in owners]
            else:
                entries = [Flow({"uppdrag": upp["id"], "status": rng.choice(STATUSES)})]
            statuses += entries
            self.status_entries[upp["id"]] = entries
        fu["uppdragsstatus"] = statuses
        fu["uppgifter"] = [Flow({"id": f"dr{B}-prognos-resultat",
                                 "beskrivning": f"Prognos för årets resultat {B}",
                                 "värde": d0(float(self.result[B]) * rng.uniform(0.6, 1.1)),
                                 "enhet": "mnkr", "år": B})]
        self.follow_up = fu
        self.board_follow_ups: dict[str, dict[str, Any]] = {}
        if self.kind == "kommun":
            for b in rng.sample(self.board_ids[1:], min(len(self.board_ids) - 1,
                                                         rng.randint(1, 3))):
                bfu: dict[str, Any] = {"id": f"delarsrapport-{B}-{b}", "typ": "delårsrapport",
                                       "år": B, "period": "januari–augusti", "organ": b}
                bfu["målbedömningar"] = [
                    Flow({"delmål": sg["id"], "bedömning": rng.choice(ASSESSMENTS),
                          "prognos": True}) for o, sg in self.all_subgoals if o == b]
                bfu["utfall"] = [Flow({"organ": b, "nettokostnad": self.forecast(b),
                                       "prognos": True})]
                bfu["uppdragsstatus"] = [
                    Flow({"uppdrag": upp["id"], "organ": b, "status": rng.choice(STATUSES)})
                    for upp in self.assignments if b in self.expand(upp["riktas_till"])]
                self.board_follow_ups[b] = bfu

    def forecast(self, b: str) -> Decimal:
        return d1(float(self.frames[b][5]) * self.rng.uniform(0.97, 1.0))

    def expand(self, owners: list[str]) -> list[str]:
        out: list[str] = []
        for o in owners:
            for m in (self.board_ids if o == "alla-namnder" else [o]):
                if m not in out:
                    out.append(m)
        return out

    def build_control_plans(self) -> None:
        rng = self.rng
        self.control_plans: dict[str, dict[str, Any]] = {}
        for b in self.board_ids:
            cid = f"ikp-{b}-{B}"
            risks = []
            for j, (desc, ctrl, act) in enumerate(rng.sample(RISKS, rng.randint(2, 4))):
                risk: dict[str, Any] = {"id": f"{cid}-r{j + 1}", "beskrivning": desc,
                                        "sannolikhet": rng.randint(1, 4),
                                        "konsekvens": rng.randint(1, 4)}
                r = rng.random()
                if r < 0.8:
                    risk["kontroller"] = [Flow({"id": f"{cid}-r{j + 1}-k1", "beskrivning": ctrl})]
                if r > 0.5:
                    risk["åtgärder"] = [Flow({"id": f"{cid}-r{j + 1}-a1", "beskrivning": act})]
                risks.append(risk)
            self.control_plans[b] = {"id": cid, "organ": b, "år": B, "risker": risks}

    def build_financial_goals(self) -> None:
        rng, region = self.rng, self.kind == "region"
        years = [B, B + 1, B + 2, B + 3]
        rb_years = self.rb["years"]
        goals = []
        if region:
            measure, key = "verksamhetens_resultat_andel", "vr_andel"
            name = "Verksamhetens resultat i procent av skatter och statsbidrag"
        else:
            measure, key = "resultat_andel", "res_andel"
            name = "Resultat i procent av skatter och statsbidrag"
        targets = []
        for y in years:
            if measure == "resultat_andel" and y == B + 3 and "negative-plan-result" in self.flags:
                continue
            actual = self.rb[key][rb_years.index(y)]
            low = floor1(float(actual) * rng.uniform(0.4, 0.9))
            targets.append(Flow({"år": y, "lägst": low}))
        goals.append({"id": "fm-resultat", "typ": "resultatmål", "namn": "Resultatmål",
                      "inriktning": name, "nyckeltal": measure, "mål": targets})
        sol = self.soliditet[B]
        low = max(Decimal("0.0"), floor1(float(sol) - rng.uniform(0.5, 4.0)))
        self.soliditet_target = {"år": B, "lägst": min(low, floor1(sol))}
        goals.append({"id": "fm-soliditet", "typ": "soliditetsmål", "namn": "Soliditetsmål",
                      "nyckeltal": "soliditet", "mål": [Flow(self.soliditet_target)]})
        if rng.random() < 0.6:
            high = ceil1(self.debt_share + Decimal(repr(rng.uniform(1, 6))))
            goals.append({"id": "fm-skuld", "typ": "skuldsättningsmål",
                          "namn": "Skuldsättningsmål", "nyckeltal": "låneskuld_andel",
                          "mål": [Flow({"år": B, "högst": high, "styrka": "bör"})]})
            self.debt_statement = ceil1(self.debt_share)
        else:
            self.debt_statement = None
        self.financial_goals = goals

    # -- tables and files ------------------------------------------------------------

    def ramar_table(self) -> dict[str, Any]:
        col = [("b", B - 1, "budget", f"Budget {B - 1}"),
               ("bf", B - 1, "förändring", f"Budgetförändring {B - 1}"),
               ("bf", B, "förändring", f"Budgetförändring {B}"),
               ("omf", B, "omfördelning", f"Omfördelning {B}"),
               ("idx", B, "index", "Löne- och prisindex"),
               ("b", B, "budget", f"Budget {B}"), ("p", B + 1, "plan", f"Plan {B + 1}"),
               ("p", B + 2, "plan", f"Plan {B + 2}"), ("p", B + 3, "plan", f"Plan {B + 3}")]
        cols = [Flow({"id": f"{p}{y}", "rubrik": h, "år": y, "slag": s}) for p, y, s, h in col]
        rows: list[dict[str, Any]] = []
        for bid, name, _ in self.frame_rows:
            rows.append({"id": bid, "rubrik": name, "organ": bid, "roll": "ram",
                         "värden": Flow(self.frames[bid])})
            if bid == self.fm and self.kind == "region":
                rows.append({"id": f"{bid}-beredningar", "rubrik": "Varav beredningar",
                             "varav_av": bid, "värden": Flow(self.varav["ber"])})
            if bid == self.st:
                rows.append({"id": f"{bid}-avskrivningar", "rubrik": "Varav avskrivningar",
                             "varav_av": bid, "roll": "avskrivningar",
                             "värden": Flow(self.varav["avskr"]),
                             "samma_som": [Flow({"tabell": f"investering-{B}",
                                                 "rad": "avskrivningsbudget"})]})
                rows.append({"id": f"{bid}-pensioner", "rubrik": "Varav pensionskostnader",
                             "varav_av": bid, "roll": "pensionskostnader",
                             "värden": Flow(self.varav["pension"])})
        rows.append({"id": "summa", "rubrik": "Summa verksamhetens nettokostnad",
                     "roll": "summa_nettokostnad",
                     "summa_av": Flow([r[0] for r in self.frame_rows]),
                     "värden": Flow(self.frame_total),
                     "samma_som": [Flow({"tabell": f"resultatbudget-{B}", "rad": "nettokostnad",
                                         "tecken": -1})]})
        return {"id": f"ramar-{B}", "typ": "ramar",
                "titel": f"Ekonomiska ramar per nämnd {B}–{B + 3}", "enhet": "mnkr",
                "källa": Flow({"dok": self.doc, "avsnitt": "Ekonomiska ramar per nämnd"}),
                "kolumner": cols, "rader": rows,
                "radsummor": [Flow({"summa": f"b{B}", "av": [f"b{B - 1}", f"bf{B - 1}", f"bf{B}",
                                                              f"omf{B}", f"idx{B}"]})]}

    def resultatbudget_table(self) -> dict[str, Any]:
        rb = self.rb
        cols = [Flow({"id": f"{'b' if y <= B else 'p'}{y}",
                      "rubrik": f"{'Budget' if y <= B else 'Plan'} {y}", "år": y,
                      "slag": "budget" if y <= B else "plan"}) for y in rb["years"]]

        def row(rid, head, vals, **kw):  # type: ignore[no-untyped-def]
            r = {"id": rid, "rubrik": head}
            r.update(kw)
            r["värden"] = Flow(vals)
            return r

        rows = [
            row("nettokostnad", "Verksamhetens nettokostnad", [-c for c in rb["cost"]],
                roll="nettokostnad"),
            row("nku", "Budgeterad nettokostnadsutveckling", rb["nku"], enhet="procent",
                roll="nettokostnadsutveckling", utveckling_av="nettokostnad"),
            row("skatteintakter", "Skatteintäkter", rb["skatt"], roll="skatteintäkter"),
            row("statsbidrag", "Generella statsbidrag och utjämning", rb["gsb"],
                roll="generella_statsbidrag"),
            row("sos", "Summa skatter och statsbidrag", rb["sos"], roll="skatter_och_statsbidrag",
                summa_av=Flow(["skatteintakter", "statsbidrag"])),
            row("usos", "Utveckling skatter och statsbidrag", rb["usos"], enhet="procent",
                roll="utveckling_skatter_och_statsbidrag", utveckling_av="sos"),
            row("vr", "Verksamhetens resultat", rb["vr"], roll="verksamhetens_resultat",
                summa_av=Flow(["nettokostnad", "sos"])),
            row("vr-andel", "Procent av skatter och statsbidrag", rb["vr_andel"],
                enhet="procent", roll="verksamhetens_resultat_andel",
                andel_av=Flow({"täljare": "vr", "nämnare": "sos"})),
            row("fk", "Finansiella kostnader", rb["fk"], roll="finansiella_kostnader"),
            row("fi", "Finansiella intäkter", rb["fi"], roll="finansiella_intäkter"),
            row("fn", "Summa finansnetto", rb["fn"], roll="finansnetto",
                summa_av=Flow(["fk", "fi"])),
            row("resultat", "Årets resultat", rb["res"], roll="årets_resultat",
                summa_av=Flow(["vr", "fn"])),
            row("resultat-andel", "Procent av skatter och statsbidrag", rb["res_andel"],
                enhet="procent", roll="resultat_andel",
                andel_av=Flow({"täljare": "resultat", "nämnare": "sos"})),
        ]
        return {"id": f"resultatbudget-{B}", "typ": "resultatbudget", "titel": "Resultatbudget",
                "enhet": "mnkr", "källa": Flow({"dok": self.doc, "avsnitt": "Resultatbudget"}),
                "kolumner": cols, "rader": rows}

    def _bs_cols(self) -> list[Flow]:
        out = []
        for y in self.bs["years"]:
            p, slag, head = (("bo", "bokslut", "Bokslut") if y == B - 2 else
                             ("pr", "prognos", "Prognos") if y == B - 1 else
                             ("b", "budget", "Budget") if y == B else ("p", "plan", "Plan"))
            out.append(Flow({"id": f"{p}{y}", "rubrik": f"{head} {y}", "år": y, "slag": slag}))
        return out

    def balansbudget_table(self) -> dict[str, Any]:
        bs = self.bs

        def row(rid, head, vals, **kw):  # type: ignore[no-untyped-def]
            return {"id": rid, "rubrik": head, **kw, "värden": Flow(list(vals))}

        rows = [
            row("anl", "Anläggningstillgångar", bs["anl"], roll="anläggningstillgångar"),
            row("oms", "Omsättningstillgångar", bs["oms"], roll="omsättningstillgångar"),
            row("tillg", "Summa tillgångar", bs["total"], roll="summa_tillgångar",
                summa_av=Flow(["anl", "oms"])),
            row("ek-in", "Ingående eget kapital", bs["ek_in"], roll="ingående_eget_kapital"),
            row("res", "Periodens resultat", bs["res"], roll="periodens_resultat",
                samma_som=[Flow({"tabell": f"resultatbudget-{B}", "rad": "resultat"})]),
            row("ek", "Summa eget kapital", bs["ek"], roll="summa_eget_kapital",
                summa_av=Flow(["ek-in", "res"])),
            row("pension", "Avsättningar för pensioner", bs["pa"], roll="avsättningar_pensioner"),
            row("avs", "Summa avsättningar", bs["pa"], roll="summa_avsättningar",
                summa_av=Flow(["pension"])),
            row("lang", "Långfristiga skulder", bs["ls"], roll="långfristiga_skulder"),
            row("kort", "Kortfristiga skulder", bs["ks"], roll="kortfristiga_skulder"),
            row("skulder", "Summa skulder", bs["skulder"], roll="summa_skulder",
                summa_av=Flow(["lang", "kort"])),
            row("summa", "Summa eget kapital, avsättningar och skulder", bs["total"],
                roll="summa_eget_kapital_avsättningar_skulder",
                summa_av=Flow(["ek", "avs", "skulder"])),
        ]
        return {"id": f"balansbudget-{B}", "typ": "balansbudget", "titel": "Balansbudget",
                "enhet": "mnkr", "källa": Flow({"dok": self.doc, "avsnitt": "Balansbudget"}),
                "kolumner": self._bs_cols(), "rader": rows}

    def kassaflode_table(self) -> dict[str, Any]:
        cf = self.cf

        def row(rid, head, key, **kw):  # type: ignore[no-untyped-def]
            return {"id": rid, "rubrik": head, **kw, "värden": Flow(list(cf[key]))}

        rows = [
            row("res", "Årets resultat", "res", roll="årets_resultat",
                samma_som=[Flow({"tabell": f"balansbudget-{B}", "rad": "res"})]),
            row("just", "Justering för ej likvidpåverkande poster", "just"),
            row("medel", "Medel från verksamheten före förändring av rörelsekapital", "medel",
                summa_av=Flow(["res", "just"])),
            row("fordr", "Förändring kortfristiga fordringar", "fordr"),
            row("forrad", "Förändring förråd", "forrad"),
            row("korta", "Förändring korta skulder", "korta"),
            row("lop", "Kassaflöde från den löpande verksamheten", "lop",
                summa_av=Flow(["medel", "fordr", "forrad", "korta"])),
            row("inv", "Investeringar", "inv", roll="investeringar",
                samma_som=[Flow({"tabell": f"investering-{B}", "rad": "investeringsram",
                                 "tecken": -1})]),
            row("sale", "Försäljning av anläggningstillgångar", "sale"),
            row("plac", "Förändring kortfristiga placeringar", "plac"),
            row("invf", "Kassaflöde från investeringsverksamheten", "invf",
                summa_av=Flow(["inv", "sale", "plac"])),
            row("lang", "Förändring långfristiga skulder", "lang"),
            row("finf", "Kassaflöde från finansieringsverksamheten", "finf",
                summa_av=Flow(["lang"])),
            row("flow", "Årets kassaflöde", "flow", summa_av=Flow(["lop", "invf", "finf"])),
            row("lm0", "Likvida medel vid årets början", "lm0"),
            row("lm1", "Likvida medel vid årets slut", "lm1", summa_av=Flow(["lm0", "flow"])),
        ]
        return {"id": f"kassaflode-{B}", "typ": "kassaflödesanalys", "titel": "Kassaflödesanalys",
                "enhet": "mnkr", "källa": Flow({"dok": self.doc, "avsnitt": "Kassaflödesanalys"}),
                "kolumner": self._bs_cols(), "rader": rows}

    def investering_table(self) -> dict[str, Any]:
        ys = [B - 1, B, B + 1, B + 2, B + 3]
        cols = [Flow({"id": f"{'b' if y <= B else 'p'}{y}",
                      "rubrik": f"{'Budget' if y <= B else 'Plan'} {y}", "år": y,
                      "slag": "budget" if y <= B else "plan"}) for y in ys]
        rows = [{"id": "investeringsram", "rubrik": "Investeringsram", "roll": "investeringsram",
                 "värden": Flow([self.inv[y] for y in ys])},
                {"id": "avskrivningsbudget", "rubrik": "Avskrivningsbudget",
                 "roll": "avskrivningsbudget", "värden": Flow([self.avskr[y] for y in ys])}]
        return {"id": f"investering-{B}", "typ": "investering",
                "titel": "Investerings- och avskrivningsbudget", "enhet": "mnkr",
                "källa": Flow({"dok": self.doc, "avsnitt": "Investeringar"}),
                "kolumner": cols, "rader": rows}

    def balanskrav_table(self) -> dict[str, Any]:
        years = self.bkr_years
        cols = []
        for y in years:
            p, slag, head = (("u", "utfall", "Utfall") if y <= B - 2 else
                             ("pr", "prognos", "Prognos") if y == B - 1 else ("p", "plan", "Plan"))
            cols.append(Flow({"id": f"{p}{y}", "rubrik": f"{head} {y}", "år": y, "slag": slag}))
        rows = [
            {"id": "ib", "rubrik": "Ingående balans: ej återställda negativa resultat",
             "roll": "ingående_balans", "värden": Flow(self.bk_opening)},
            {"id": "bkr", "rubrik": "Årets balanskravsresultat", "roll": "balanskravsresultat",
             "värden": Flow([self.bkr[y] for y in years])},
            {"id": "ss", "rubrik": "Synnerliga skäl att inte återställa", "roll": "synnerliga_skäl",
             "värden": Flow([self.ss[y] for y in years])},
            {"id": "ub", "rubrik": "Utgående balans: ej återställda negativa resultat",
             "roll": "utgående_balans", "värden": Flow(self.bk_closing)}]
        self.varav_rows: dict[int, dict[str, Any]] = {}
        for origin, values in self.deficit_rows:
            r = {"id": f"v{origin}", "rubrik": f"Varav från {origin}, återställs senast "
                                               f"{origin + 3}",
                 "roll": "varav_underskott", "varav_av": "ub", "ursprungsår": origin,
                 "återställs_senast": origin + 3, "värden": Flow(values)}
            rows.append(r)
            self.varav_rows[origin] = r
        return {"id": f"balanskrav-{B}", "typ": "balanskrav",
                "titel": "Återställande av negativa balanskravsresultat", "enhet": "mnkr",
                "källa": Flow({"dok": self.doc, "avsnitt": "Balanskravsresultat"}),
                "kolumner": cols, "rader": rows}

    def economy_section(self) -> dict[str, Any]:
        rng, rb = self.rng, self.rb
        rate = Decimal(repr(round(rng.uniform(10.5, 12.5) if self.kind == "region"
                                  else rng.uniform(19.5, 23.9), 2)))
        prev = rate - Decimal(rng.choice(["0.00", "0.00", "0.25", "0.50"]))
        self.tax_rates = [Flow({"år": B - 1, "värde": prev, "enhet": "kr_per_skattekrona"}),
                          Flow({"år": B, "värde": rate, "enhet": "kr_per_skattekrona",
                                "föregående": prev})]
        i1 = rb["years"].index(B)
        st_name = self.boards[0]["name"]
        statements = [
            {"id": f"eko-skatteintakter-{B}", "beskrivning": f"Skatteintäkterna {B}",
             "värde": rb["skatt"][i1], "enhet": "mnkr", "år": B,
             "jämför": Flow({"tabell": f"resultatbudget-{B}", "rad": "skatteintakter",
                             "kolumn": f"b{B}"})},
            {"id": f"eko-skatteintakter-okning-procent-{B}",
             "beskrivning": f"Ökning av skatteintäkterna jämfört med budget {B - 1}",
             "värde": d1((rb["skatt"][i1] / rb["skatt"][0] - 1) * HUNDRED), "enhet": "procent",
             "år": B, "jämför": Flow({"tabell": f"resultatbudget-{B}", "rad": "skatteintakter",
                                      "kolumn": f"b{B}", "mått": "förändring_procent",
                                      "från_kolumn": f"b{B - 1}"})},
            {"id": f"eko-skatteintakter-okning-{B}",
             "beskrivning": f"Ökning av skatteintäkterna jämfört med budget {B - 1}",
             "värde": rb["skatt"][i1] - rb["skatt"][0], "enhet": "mnkr", "år": B,
             "jämför": Flow({"tabell": f"resultatbudget-{B}", "rad": "skatteintakter",
                             "kolumn": f"b{B}", "mått": "förändring",
                             "från_kolumn": f"b{B - 1}"})},
            {"id": f"eko-nettokostnad-{B}", "beskrivning": f"Verksamhetens nettokostnad {B}",
             "värde": rb["cost"][i1], "enhet": "mnkr", "år": B,
             "jämför": Flow({"tabell": f"resultatbudget-{B}", "rad": "nettokostnad",
                             "kolumn": f"b{B}", "tecken": -1})},
            {"id": f"eko-ram-{self.st}", "beskrivning": f"{st_name}s budgetram {B}",
             "värde": self.frames[self.st][5], "enhet": "mnkr", "år": B, "organ": self.st,
             "jämför": Flow({"tabell": f"ramar-{B}", "rad": self.st, "kolumn": f"b{B}"})},
            {"id": f"eko-investeringar-{B}-{B + 3}",
             "beskrivning": "Investeringar under planperioden",
             "värde": dsum([self.inv[y] for y in range(B, B + 4)]), "enhet": "mnkr",
             "period": Flow({"från": B, "till": B + 3}),
             "jämför": Flow({"tabell": f"investering-{B}", "rad": "investeringsram",
                             "kolumn": f"b{B}", "mått": "summa",
                             "kolumner": [f"b{B}"] + [f"p{y}" for y in range(B + 1, B + 4)]})},
            {"id": f"eko-skatteunderlag-{B}",
             "beskrivning": "Skatteunderlagets ökning per år under planperioden",
             "värde": d1(rng.uniform(3.2, 4.8)), "enhet": "procent",
             "period": Flow({"från": B, "till": B + 3}), "ungefärlig": True,
             "citat": "i genomsnitt"},
        ]
        self.text_statements = statements[:6]
        if self.debt_statement is not None:
            statements.append({"id": f"eko-laneskuld-andel-{B}",
                               "beskrivning": "Räntebärande låneskuld i procent av skatter och "
                                              "statsbidrag, högst under planperioden",
                               "värde": self.debt_statement, "enhet": "procent",
                               "period": Flow({"från": B, "till": B + 3}),
                               "nyckeltal": "låneskuld_andel"})
        if self.bkr_statement is not None:
            statements.append({"id": f"eko-balanskrav-tillskott-{B + 1}",
                               "beskrivning": "Realisationsvinster från försäljning av "
                                              "fastigheter som ingår i balanskravsresultatet",
                               "värde": self.bkr_statement, "enhet": "mnkr", "år": B + 1,
                               "nyckeltal": "balanskrav_tillskott"})
        econ: dict[str, Any] = {"skattesats": self.tax_rates,
                                "låneram": [Flow({"år": B, "värde": d0(float(self.bs["ls"][2])
                                                                      * 1.2), "enhet": "mnkr"})],
                                "lpik": [Flow({"år": B, "värde": self.lpik, "enhet": "procent"})]}
        self.reserve: list[Any] = []
        if self.kind == "kommun" and rng.random() < 0.3:
            y = B - 1
            limit = self.result[y] - self.revenue[y] / 100
            if limit > 2:
                self.reserve.append(Flow({"år": y, "värde": d0(limit * Decimal("0.5")),
                                          "enhet": "mnkr"}))
        if self.reserve:
            econ["resultatreserv"] = self.reserve
        econ["uppgifter"] = [Flow(s) if i >= 6 else s for i, s in enumerate(statements)]
        return econ

    def assemble(self) -> None:
        region = self.kind == "region"
        info = {"id": f"{self.slug}-{B}",
                "namn": (f"Regionplan {B} med budget {B} och plan {B + 1}–{B + 3}" if region else
                         f"Mål och budget {B} med plan {B + 1}–{B + 3}"),
                "organisation": self.name, "organisationstyp": self.kind, "budgetår": B,
                "planperiod": Flow({"från": B, "till": B + 3}),
                "målperiod": Flow({"från": B - 2, "till": B + 1} if region
                                  else {"från": B - 3, "till": B}),
                "mandatperiod": Flow({"från": B - 3, "till": B}),
                "beslutad_av": self.fm, "beslutsdatum": dt.date(B - 1, 11, 25),
                # the synthetic corpus follows Region Västerbotten's styrmodell, whose
                # rule pack (rules/styrmodell/vasterbotten) it opts into
                "styrmodell": Flow(["vasterbotten"]),
                "källa": Flow({"dok": self.doc})}
        sources = [Flow({"id": self.doc, "titel": info["namn"], "typ": "budget",
                         "utgivare": f"{self.name}, {self.fm_name.lower()}"}),
                   Flow({"id": f"dr{B}", "titel": f"Delårsrapport januari–augusti {B}",
                         "typ": "delårsrapport"})]
        sources += [Flow({"id": f"np-{b}", "titel": f"Nämndplan {B}, {self.board_names[b]}",
                          "typ": "nämndplan"}) for b in self.board_ids]
        synth = [f"Syntetisk plan för {self.name}, genererad av bench/generate.py "
                 f"(seed {self.seed}, organisation {self.index}).",
                 "Alla namn och siffror är påhittade; siffrorna går ihop med tryckt precision."]
        organisation: dict[str, Any] = {
            "namn": self.name, "källa": Flow({"dok": self.doc, "avsnitt": "Organisation"}),
            "policyer_omfattar": Flow(["fullmäktige", "nämnder", "helägda_bolag",
                                       "majoritetsägda_bolag"]),
            "organ": self.council_bodies, "förvaltningar": self.adms,
            "roller": self.roles, "förbund": self.federations}
        for comp in self.companies:
            if comp.get("i_sammanställda_räkenskaper"):
                comp["budget"] = [Flow({"år": y, "resultat": d0(float(self.revenue[B]) *
                                                               self.rng.uniform(0.0005, 0.003)),
                                        "citat": "budgeterat resultat"}) for y in (B - 1, B)]
        organisation["bolag"] = self.companies
        self.tables = {"ramar": self.ramar_table(), "resultatbudget": self.resultatbudget_table(),
                       "balansbudget": self.balansbudget_table(),
                       "kassaflode": self.kassaflode_table(),
                       "investering": self.investering_table(),
                       "balanskrav": self.balanskrav_table()}
        self.economy = self.economy_section()
        f = self.files
        f["plan.yaml"] = ({"plan": info, "källor": sources}, synth)
        f["organisation.yaml"] = ({"organisation": organisation},
                                  ["Organisationen: organ, förvaltningar, roller, förbund och bolag."])
        f["mal.yaml"] = ({"vision": {"text": f"Tillsammans skapar vi {self.stem} – en plats där "
                                             "alla kan växa.",
                                     "källa": Flow({"dok": self.doc, "avsnitt": "Vision"})},
                          ("regionmål" if region else "kommunmål"): self.goals,
                          "finansiella_mål": self.financial_goals},
                         ["Vision, fullmäktiges mål och de finansiella målen."])
        f["uppdrag.yaml"] = ({"grupper": [self.group], "uppdrag": self.assignments},
                             ["Fullmäktiges riktade uppdrag."])
        f["styrdokument.yaml"] = ({"styrdokument": self.documents}, ["Styrande dokument."])
        f["beslut.yaml"] = ({"beslut": self.decisions}, ["Beslut som planen vilar på."])
        f["ekonomi/ekonomi.yaml"] = ({"ekonomi": self.economy},
                                     ["Skattesats, låneram, index och siffror ur texten."])
        for key, name in (("ramar", "ramar"), ("resultatbudget", "resultatbudget"),
                          ("balansbudget", "balansbudget"), ("kassaflode", "kassaflode"),
                          ("investering", "investeringar"), ("balanskrav", "balanskrav")):
            f[f"ekonomi/{name}.yaml"] = ({"tabeller": [self.tables[key]]},
                                         [self.tables[key]["titel"] + "."])
        for b in self.board_ids:
            f[f"namndplaner/{b}-{B}.yaml"] = ({"nämndplaner": [self.plans[b]]},
                                              [self.plans[b]["titel"] + "."])
        f[f"uppfoljning/delarsrapport-{B}.yaml"] = ({"uppföljningar": [self.follow_up]},
                                                   [f"Delårsrapport januari–augusti {B}."])
        for b, bfu in self.board_follow_ups.items():
            f[f"uppfoljning/delarsrapport-{B}-{b}.yaml"] = (
                {"uppföljningar": [bfu]}, [f"Delårsrapport {B}, {self.board_names[b].lower()}."])
        for b in self.board_ids:
            f[f"internkontroll/ikp-{b}-{B}.yaml"] = (
                {"internkontrollplaner": [self.control_plans[b]]},
                [f"Internkontrollplan {B}, {self.board_names[b].lower()}."])

    def render(self) -> dict[str, str]:
        return {path: dump(sections, comment) for path, (sections, comment)
                in sorted(self.files.items())}


# --- planting defects ---------------------------------------------------------------


def _entry(kind: str, file: str, detail: str) -> dict[str, str]:
    return {"kind": kind, "rule": DEFECTS[kind][0], "file": file, "detail": detail}


def plant(org: Org, kinds: list[str], rng: random.Random) -> list[dict[str, str]]:
    """Plant each defect kind in ``org`` (param-level ones are already in its figures);
    each gives one finding of its rule in the returned file. Kinds are applied in
    DEFECTS order and never pick the same entity twice."""
    used: dict[str, list[str]] = {"body": [], "upp": [], "dm": []}
    out = []
    nmd = org.board_ids[1:]

    def free(kind: str, items: list[str]) -> list[str]:
        return [x for x in items if x not in used[kind]]

    def pick(kind: str, items: list[str]) -> str:
        choice = rng.choice(free(kind, items) or items)
        used[kind].append(choice)
        return choice

    for kind in [k for k in DEFECTS if k in kinds]:
        if kind == "board-without-parent":
            b = pick("body", nmd)
            org.boards[org.board_ids.index(b)]["body"].pop("under")
            out.append(_entry(kind, "organisation.yaml", f"{b} has no 'under'"))
        elif kind == "board-without-forvaltning":
            b = pick("body", nmd)
            org.adms[:] = [a for a in org.adms if a.v["nämnd"] != b]
            org.roles[:] = [r for r in org.roles if not (isinstance(r, dict)
                                                         and r["id"] == f"{b}-fc")]
            org.director_role["chef_över"].remove(f"{b}-fc")
            out.append(_entry(kind, "organisation.yaml", f"{b} has no förvaltning"))
        elif kind == "role-cycle":
            b = pick("body", nmd)
            role = next(r for r in org.roles if isinstance(r, dict) and r["id"] == f"{b}-fc")
            role["chef_över"] = [org.director]
            out.append(_entry(kind, "organisation.yaml", f"{b}-fc is chef över {org.director}"))
        elif kind == "beredning-under-styrelse":
            ber = rng.choice(org.beredningar)
            body = next(x for x in org.council_bodies if isinstance(x, Flow)
                        and x.v["id"] == ber)
            body.v["under"] = org.st
            out.append(_entry(kind, "organisation.yaml", f"{ber} under {org.st}"))
        elif kind == "bolag-without-oversight":
            org.st_body["uppsikt_över"].v.remove("bolag")
            out.append(_entry(kind, "organisation.yaml", f"{org.st} has no uppsikt över bolag"))
        elif kind == "delmal-link-removed":
            b = pick("body", org.board_ids)
            sg, goal = org.anchor[b]
            used["dm"].append(sg["id"])
            sg["regionmål"] = [x for x in sg["regionmål"] if x.v["mål"] != goal]
            if not sg["regionmål"]:
                del sg["regionmål"]
            out.append(_entry(kind, "mal.yaml", f"{goal} not broken down by {b} ({sg['id']})"))
        elif kind == "goal-without-outcomes":
            goal = rng.choice(org.goals)
            del goal["förväntat_utfall"]
            out.append(_entry(kind, "mal.yaml", f"{goal['id']} has no förväntat_utfall"))
        elif kind == "delmal-without-indicators":
            cands = [(b, sg) for b, sg in org.all_subgoals if sg["id"] not in used["dm"]]
            b, sg = rng.choice([(b, sg) for b, sg in cands if not any(
                i.v.get("individbaserad") for i in sg["indikatorer"])] or cands)
            used["dm"].append(sg["id"])
            del sg["indikatorer"]
            out.append(_entry(kind, f"namndplaner/{b}-{B}.yaml", f"{sg['id']} has no indicator"))
        elif kind == "indicator-not-by-sex":
            b, sg, ind = next((b, sg, ind) for b, sg, ind in org.indicators
                              if ind.get("individbaserad") and sg["id"] not in used["dm"])
            used["dm"].append(sg["id"])
            ind["könsuppdelad"] = False
            out.append(_entry(kind, f"namndplaner/{b}-{B}.yaml", f"{ind['id']} not by sex"))
        elif kind == "uppdrag-without-owner":
            u = pick("upp", [x["id"] for x in org.assignments if x["id"] != org.kräver_id])
            upp = next(x for x in org.assignments if x["id"] == u)
            del upp["riktas_till"]
            out.append(_entry(kind, "uppdrag.yaml", f"{u} has no owner"))
        elif kind == "uppdrag-beyond-mandate":
            u = pick("upp", [x["id"] for x in org.assignments])
            upp = next(x for x in org.assignments if x["id"] == u)
            start = upp["tidsram"].v["från"] if "tidsram" in upp else B
            upp["tidsram"] = Flow({"från": start, "till": B + 2})
            if "källa" in upp:  # keep the format's key order
                upp["källa"] = upp.pop("källa")
            out.append(_entry(kind, "uppdrag.yaml", f"{u} runs to {B + 2}"))
        elif kind == "uppdrag-unanswered":
            pairs = org.answered_by_response
            b, u = rng.choice([(b, u) for b, u in pairs if u not in used["upp"]
                               and b not in used["body"]]
                              or [(b, u) for b, u in pairs if u not in used["upp"]] or pairs)
            used["upp"].append(u)
            used["body"].append(b)
            plan = org.plans[b]
            plan["uppdragssvar"] = [r for r in plan["uppdragssvar"] if r.v["uppdrag"] != u]
            out.append(_entry(kind, f"namndplaner/{b}-{B}.yaml", f"{u} not answered by {b}"))
        elif kind == "uppdrag-status-missing":
            u = pick("upp", [x["id"] for x in org.assignments])
            gone = org.status_entries[u]
            org.follow_up["uppdragsstatus"] = [s for s in org.follow_up["uppdragsstatus"]
                                               if all(s is not g for g in gone)]
            out.append(_entry(kind, f"uppfoljning/delarsrapport-{B}.yaml", f"{u} not reported"))
        elif kind == "document-expires":
            steering = {d for g in org.goals for d in g["styrande_dokument"]}
            docs = [d for d in org.documents if "giltighet" in d]
            free_docs = [d for d in docs if d["id"] not in steering]
            doc = rng.choice(free_docs or docs)
            end = B + 1 if free_docs else B - 1
            doc["giltighet"] = Flow({"från": min(doc["giltighet"].v["från"], end), "till": end})
            out.append(_entry(kind, "styrdokument.yaml", f"{doc['id']} valid until {end}"))
        elif kind == "goal-over-frame":
            b = pick("body", org.board_ids)
            goal = org.plans[b]["nettokostnadsmål"].v
            ram = org.frames[b][5]
            over = goal["belopp"] = ram + max(Decimal("0.5"), d1(float(ram) * 0.02))
            goal.pop("utveckling_procent", None)
            goal["beslutsdatum"] = goal.pop("beslutsdatum")
            out.append(_entry(kind, f"namndplaner/{b}-{B}.yaml", f"{b}: {over} > ram {ram}"))
        elif kind == "net-cost-goal-missing":
            b = pick("body", org.board_ids)
            del org.plans[b]["nettokostnadsmål"]
            out.append(_entry(kind, f"namndplaner/{b}-{B}.yaml", f"{b} sets no nettokostnadsmål"))
        elif kind == "cost-outgrows-revenue":
            out.append(_entry(kind, "ekonomi/resultatbudget.yaml",
                              f"net cost growth above revenue growth {B + 2}"))
        elif kind == "total-changed":
            b = rng.choice(list(org.invest_tables))
            total = next(r for r in org.invest_tables[b]["rader"] if r.v["id"] == "total")
            vals = total.v["värden"].v
            vals[1] = vals[1] + max(Decimal(5), d0(float(vals[1]) * 0.05))
            out.append(_entry(kind, f"namndplaner/{b}-{B}.yaml", f"{b} investment total {B + 1}"))
        elif kind == "row-sum-broken":
            vals = org.varav["pension"]
            vals[2] = vals[2] + max(Decimal("1.0"), d1(float(vals[5]) * 0.01))
            out.append(_entry(kind, "ekonomi/ramar.yaml", f"pension varav bf{B} changed"))
        elif kind == "shared-figure-changed":
            row = org.tables["investering"]["rader"][1]
            vals = row["värden"].v
            vals[3] = vals[3] + max(Decimal(3), d0(float(vals[3]) * 0.04))
            out.append(_entry(kind, "ekonomi/ramar.yaml", f"avskrivningsbudget {B + 2} changed"))
        elif kind == "growth-percent-changed":
            org.rb["usos"][2] = org.rb["usos"][2] + Decimal("0.6")
            out.append(_entry(kind, "ekonomi/resultatbudget.yaml",
                              f"utveckling skatter och statsbidrag {B + 1} +0,6"))
        elif kind == "text-figure-changed":
            st = rng.choice(org.text_statements)
            q = ONE.scaleb(min(0, st["värde"].as_tuple().exponent))
            st["värde"] = st["värde"] + max(Decimal(5), abs(st["värde"]) * Decimal("0.03")
                                            ).quantize(q)
            out.append(_entry(kind, "ekonomi/ekonomi.yaml", f"{st['id']} changed"))
        elif kind == "plan-year-missing":
            table = org.tables["kassaflode"]
            table["kolumner"].pop()
            for r in table["rader"]:
                r["värden"].v.pop()
            out.append(_entry(kind, "ekonomi/kassaflode.yaml", f"no column for {B + 3}"))
        elif kind == "tax-rate-missing":
            org.economy["skattesats"] = org.tax_rates[:1]
            out.append(_entry(kind, "ekonomi/ekonomi.yaml", f"no skattesats for {B}"))
        elif kind == "negative-plan-result":
            out.append(_entry(kind, "ekonomi/resultatbudget.yaml", f"result {B + 3} negative"))
        elif kind == "financial-goal-missed":
            org.soliditet_target["lägst"] = ceil1(org.soliditet[B] + 3)
            out.append(_entry(kind, "mal.yaml", f"soliditet target {B} above the budget"))
        elif kind == "deficit-unrestored":
            out.append(_entry(kind, "ekonomi/balanskrav.yaml",
                              f"deficit {B - 1} not restored by {B + 2}"))
        elif kind == "restoration-not-decided":
            origin = next(o for o, _ in org.deficit_rows if o <= B - 3)
            row = org.varav_rows[origin]
            del row["ursprungsår"]
            dec = org.restoration_decisions.get(origin)
            if dec is not None:
                org.decisions.remove(dec)
            out.append(_entry(kind, "ekonomi/balanskrav.yaml",
                              f"restoration of {origin} not decided"))
        elif kind == "exemption-amount-mismatch":
            dec = next(x for x in org.decisions if x["avser"] == "synnerliga_skäl")
            dec["belopp"] = dec["belopp"] + max(Decimal(10), d0(dec["belopp"] * Decimal("0.1")))
            out.append(_entry(kind, "beslut.yaml", f"{dec['id']} amount differs"))
        elif kind == "restoration-rows-off":
            origin, values = org.deficit_rows[-1]
            row = org.varav_rows[origin]
            i = org.bkr_years.index(origin)
            row["värden"].v[i] = row["värden"].v[i] - max(Decimal(7), d0(-values[i] * Decimal("0.1")))
            out.append(_entry(kind, "ekonomi/balanskrav.yaml", f"varav row {origin} changed"))
        elif kind == "unexplained-bkr-excess":
            out.append(_entry(kind, "ekonomi/balanskrav.yaml",
                              f"balanskravsresultat {B + 1} above the budgeted result"))
        elif kind == "result-reserve-over-limit":
            reserve = Flow({"år": B, "värde": org.result[B], "enhet": "mnkr"})
            org.economy["resultatreserv"] = [reserve]
            org.economy["uppgifter"] = org.economy.pop("uppgifter")
            out.append(_entry(kind, "ekonomi/ekonomi.yaml", f"resultatreserv {B} over limit"))
        elif kind == "delmal-not-forecast":
            cands = [sg for _, sg in org.all_subgoals if sg["id"] not in used["dm"]]
            sg = rng.choice(cands)
            used["dm"].append(sg["id"])
            org.follow_up["målbedömningar"] = [m for m in org.follow_up["målbedömningar"]
                                               if m.v.get("delmål") != sg["id"]]
            out.append(_entry(kind, f"uppfoljning/delarsrapport-{B}.yaml",
                              f"{sg['id']} not forecast"))
        elif kind == "risk-without-control":
            b = rng.choice(org.board_ids)
            risk = rng.choice(org.control_plans[b]["risker"])
            risk.pop("kontroller", None)
            risk.pop("åtgärder", None)
            out.append(_entry(kind, f"internkontroll/ikp-{b}-{B}.yaml",
                              f"{risk['id']} has no control"))
    return out


# --- the corpus -----------------------------------------------------------------------


def defects_for(seed: int, index: int, share: float) -> list[str]:
    """The defect kinds planted in organisation ``index``: in each block of
    round(1 / share) organisations, one chosen organisation gets 1-3 distinct kinds."""
    if share <= 0:
        return []
    block = max(1, round(1 / share))
    brng = random.Random(f"govcheck-bench:{seed}:block:{index // block}")
    if brng.randrange(block) != index % block:
        return []
    drng = org_rng(seed, index, "defects")
    return sorted(drng.sample(sorted(DEFECTS), drng.randint(1, 3)), key=list(DEFECTS).index)


def generate_org(seed: int, index: int, kinds: list[str] | None = None,
                 share: float = 0.1) -> tuple[str, dict[str, str], dict[str, Any]]:
    """(folder name, {relative path: YAML text}, manifest entry) of organisation ``index``."""
    if kinds is None:
        kinds = defects_for(seed, index, share)
    unknown = [k for k in kinds if k not in DEFECTS]
    if unknown:
        raise ValueError(f"unknown defect kinds: {unknown}")
    org = Org(seed, index, frozenset(kinds))
    planted = plant(org, kinds, org_rng(seed, index, "plant"))
    files = org.render()
    entry = {"index": index, "dir": org.dir, "kind": org.kind, "name": org.name,
             "population": org.population, "boards": len(org.board_ids),
             "files": len(files), "bytes": sum(len(t.encode()) for t in files.values()),
             "defects": planted}
    return org.dir, files, entry


def generator_digest() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def write_corpus(seed: int, n: int, out: Path, share: float = 0.1) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    entries = []
    for i in range(n):
        folder, files, entry = generate_org(seed, i, share=share)
        target = out / folder
        if target.exists():
            shutil.rmtree(target)
        for rel, text in files.items():
            path = target / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
        entries.append(entry)
    manifest = {
        "format": FORMAT_VERSION, "generator": "bench/generate.py",
        "generator_sha256": generator_digest(), "seed": seed, "orgs": n,
        "defect_share": share, "budget_year": B,
        "regions": sum(e["kind"] == "region" for e in entries),
        "kommuner": sum(e["kind"] == "kommun" for e in entries),
        "defective_orgs": sum(bool(e["defects"]) for e in entries),
        "planted_defects": sum(len(e["defects"]) for e in entries),
        "defect_kinds": {k: {"rule": r, "what": w} for k, (r, w) in DEFECTS.items()},
        "organisations": entries,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n",
                                encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--orgs", type=int, default=NATIONAL,
                    help=f"how many organisations, the first N of the national {NATIONAL}")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--defect-share", type=float, default=0.1,
                    help="share of organisations with planted defects (0 for none)")
    args = ap.parse_args(argv)
    if not 1 <= args.orgs <= NATIONAL:
        ap.error(f"--orgs must be 1..{NATIONAL}")
    m = write_corpus(args.seed, args.orgs, args.out, args.defect_share)
    print(f"{m['orgs']} organisations ({m['regions']} regions, {m['kommuner']} kommuner), "
          f"{m['planted_defects']} defects in {m['defective_orgs']} of them -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
