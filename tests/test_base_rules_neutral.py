"""The base rules hold for any kommun or region (CONTRIBUTING.md, "Base rules and styrmodell
packs"): their titles, rationales, references, bases and messages never speak of one
organisation's plan (Regionplan 2026, Region Västerbotten) nor of a region only
(regionmål, regionstyrelsen …) where a kommun has the same thing; messages speak the plan's
own words through ``{goal_word}``, ``{council_word}`` and ``{executive_word}``. Examples and
test cases may keep a region's names: they are illustrations."""

from __future__ import annotations

import re

import pytest
from conftest import replace_once

from govcheck.pipeline import build_report, load_ruleset
from govcheck.rules.spec import RuleSpec, Text

BASE = [r for r in load_ruleset() if not r.pack]

REGION_WORD = re.compile(r"\w*(region|västerbott)\w*", re.IGNORECASE)
"""A word that names a region, or Västerbotten."""
PAIRED = re.compile(r"kommun\w*\s+(eller|och|or|and)\s+$", re.IGNORECASE)
"""… unless it is the second of a pair with the kommun's word: "kommunstyrelsen eller
regionstyrelsen", "kommuner och regioner"."""


def texts(rule: RuleSpec) -> list[tuple[str, str]]:
    """(where, text) of everything a base rule says in its own words, both languages."""
    parts: list[tuple[str, Text | None]] = [
        ("title", rule.title), ("rationale", rule.rationale), ("reference", rule.reference)]
    for i, basis in enumerate(rule.bases()):
        parts += [(f"basis {i} paragraph", basis.paragraph),
                  (f"basis {i} decision", basis.decision),
                  (f"basis {i} practice", basis.practice)]
    parts += [(f"message {v}", m) for v, m in sorted(rule.messages.items())]
    return [(f"{where} ({lang})", getattr(text, lang))
            for where, text in parts if text is not None for lang in ("sv", "en")]


def region_words(text: str) -> list[str]:
    return [m.group(0) for m in REGION_WORD.finditer(text)
            if not PAIRED.search(text[max(0, m.start() - 40):m.start()])]


def test_the_check_can_fail():
    assert region_words("Regionplan 2026, avsnittet \"Regionmål\"") == ["Regionplan", "Regionmål"]
    assert region_words("regionmål {goal} riktas till") == ["regionmål"]
    assert region_words("bolag som regionen kontrollerar") == ["regionen"]
    assert region_words("en nämnd under kommunstyrelsen eller regionstyrelsen") == []
    assert region_words("the kommuner and regioner they are shared with") == []


@pytest.mark.parametrize("rule", BASE, ids=[r.id for r in BASE])
def test_a_base_rule_speaks_of_any_kommun_or_region(rule):
    found = [(where, word) for where, text in texts(rule) for word in region_words(text)]
    assert found == [], f"{rule.id} speaks of one organisation or of regions only: {found}"


def test_the_goal_messages_use_the_plans_own_word(mini_copy):
    """MAL001 and MAL003 say kommunmål for a kommun, regionmål for a region, and "council
    goal" in English."""
    replace_once(mini_copy / "namndplaner.yaml", '{mål: mal-1, stöd: "förebyggande insatser"}',
                 '{mål: mal-2, stöd: "förebyggande insatser"}')               # MAL001
    replace_once(mini_copy / "namndplaner.yaml",
                 '          - {mål: mal-2, stöd: "behålla och utveckla medarbetare"}\n',
                 "          []\n")                                 # MAL003, and MAL001 for mal-2

    def messages(lang: str = "sv") -> list[str]:
        report = build_report(mini_copy, only=["MAL001", "MAL003"], lang=lang)
        return sorted(f.message for f in report.findings)

    region = messages()
    assert region == [
        "delmål rs-dm-2 (Behålla personal) i nämndplan rs-2026 kopplar varken till något "
        "regionmål eller till något uppdrag från fullmäktige",
        "regionmål mal-1 (Goda levnadsvillkor) riktas till Hälso- och sjukvårdsnämnden men "
        "inget delmål i nämndplan hsn-2026 kopplar till det",
        "regionmål mal-2 (Goda arbetsplatser) riktas till Regionstyrelsen men inget delmål i "
        "nämndplan rs-2026 kopplar till det"]
    replace_once(mini_copy / "plan.yaml", "organisationstyp: region", "organisationstyp: kommun")
    replace_once(mini_copy / "mal.yaml", "regionmål:\n", "kommunmål:\n")
    assert messages() == [m.replace("regionmål", "kommunmål") for m in region]
    assert all("council goal" in m for m in messages("en") if "sub-goal" not in m)
