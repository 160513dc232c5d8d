"""Slips a kansli editing a draft could make, planted in a copy of the real plan: each gives
its finding at the changed figure or key, with every rule of the catalogue running (not only
the rule that looks for it), and changes nothing else but what the slip itself breaks.

Issue 17: year chains, the balance sheet's identity, restoration as printed, a financial goal
without a level for the budget year, years outside the plan, duplicate labels."""

from __future__ import annotations

import datetime as dt
import shutil
from collections import Counter
from pathlib import Path

import pytest

from govcheck.pipeline import build_report, load_ruleset

REAL = Path(__file__).resolve().parents[1] / "plans" / "vasterbotten-2026"
TODAY = dt.date(2026, 12, 3)

Triple = tuple[str, str, int]

SLIPS: dict[str, tuple[list[tuple[str, str, str]], list[Triple], list[Triple]]] = {
    # name: (patches (file, old, new), new findings, findings gone)
    "cash-opening-typed-wrong-and-carried": (
        [("ekonomi/kassaflode.yaml", "        värden: [130, 393, 158, 119, 86, 127]\n",
          "        värden: [130, 393, 158, 119, 86, 137]\n"),
         ("ekonomi/kassaflode.yaml", "        värden: [393, 158, 119, 86, 127, 121]\n",
          "        värden: [393, 158, 119, 86, 127, 131]\n")],
        [("EKO108", "ekonomi/kassaflode.yaml", 101)], []),
    # the opening equity of 2027 alone: the chain from 2026 breaks, and so does the
    # 2027 sum of opening equity and the year's result
    "opening-equity-typed-wrong": (
        [("ekonomi/balansbudget.yaml", "        värden: [2820, 2299, 1862, 2002, 2210, 2446]\n",
          "        värden: [2820, 2299, 1862, 2012, 2210, 2446]\n")],
        [("EKO101", "ekonomi/balansbudget.yaml", 54), ("EKO108", "ekonomi/balansbudget.yaml", 44)],
        []),
    "asset-raised-with-its-total-not-the-financing": (
        [("ekonomi/balansbudget.yaml", "        värden: [8127, 8400, 8902, 9512, 10022, 10557]\n",
          "        värden: [8127, 8400, 8902, 9522, 10022, 10557]\n"),
         ("ekonomi/balansbudget.yaml",
          "        värden: [16144, 16286, 16779, 17386, 17967, 18526]\n      - id: rubrik-eget",
          "        värden: [16144, 16286, 16779, 17396, 17967, 18526]\n      - id: rubrik-eget")],
        [("EKO109", "ekonomi/balansbudget.yaml", 36)], []),
    # the sums of the balanskrav table still agree; the 2023 deficit is open after 2026
    # (error) and the younger one restored before it (warning)
    "varav-rows-restore-the-wrong-deficit": (
        [("ekonomi/balanskrav.yaml", "        värden: [-239, -239, -239, 0, 0, 0]\n",
          "        värden: [-239, -239, -239, -192, 0, 0]\n"),
         ("ekonomi/balanskrav.yaml", "        värden: [0, -193, -193, -192, 0, 0]\n",
          "        värden: [0, -193, -193, 0, 0, 0]\n")],
        [("BAL007", "ekonomi/balanskrav.yaml", 45), ("BAL007", "ekonomi/balanskrav.yaml", 52)],
        []),
    "restoration-deadline-beyond-three-years": (
        [("ekonomi/balanskrav.yaml", "        återställs_senast: 2026\n",
          "        återställs_senast: 2027\n")],
        [("BAL007", "ekonomi/balanskrav.yaml", 44)], []),
    # the FIN001 finding on the skuldsättningsmål only moves up five lines
    "equity-goal-keeps-only-its-2040-level": (
        [("mal.yaml", "      - år: 2026\n        lägst: -15\n        enhet: procent\n"
                      "        styrka: ska\n        formulering: \"2026 ska soliditet inklusive "
                      "ansvarsförbindelse minst uppgå till minus 15 procent.\"\n", "")],
        [("FIN001", "mal.yaml", 360), ("FIN002", "mal.yaml", 343)],
        [("FIN001", "mal.yaml", 365)]),
    "delmal-of-last-year": (
        [("namndplaner/regionstyrelsen-2026.yaml",
          "och utgör grund för hållbar utveckling inom området.\n        år: 2026\n",
          "och utgör grund för hållbar utveckling inom området.\n        år: 2025\n")],
        [("MAL005", "namndplaner/regionstyrelsen-2026.yaml", 34)], []),
    "follow-up-of-an-old-year": (
        [("uppfoljning/delarsrapport-2025.yaml", "\n    år: 2025\n", "\n    år: 2023\n")],
        [("MAL005", "uppfoljning/delarsrapport-2025.yaml", 8)], []),
    "two-rows-one-label": (
        [("ekonomi/resultatbudget.yaml", "        rubrik: Generella statsbidrag\n",
          "        rubrik: Skatteintäkter\n")],
        [("EKO107", "ekonomi/resultatbudget.yaml", 34)], []),
}


def _findings(root: Path, ruleset) -> Counter[Triple]:
    report = build_report(root, today=TODAY, ruleset=ruleset)
    return Counter((f.rule, Path(f.location.file).resolve().relative_to(root.resolve()).as_posix(),
                    f.location.line) for f in report.findings)


@pytest.fixture(scope="module")
def ruleset():
    return load_ruleset()


@pytest.fixture(scope="module")
def baseline(tmp_path_factory, ruleset) -> Counter[Triple]:
    root = tmp_path_factory.mktemp("real") / "vasterbotten-2026"
    shutil.copytree(REAL, root)
    return _findings(root, ruleset)


@pytest.mark.parametrize("name", sorted(SLIPS))
def test_a_planted_slip_is_found_where_it_was_made(name, tmp_path, ruleset, baseline):
    patches, new, gone = SLIPS[name]
    root = tmp_path / "vasterbotten-2026"
    shutil.copytree(REAL, root)
    for file, old, replacement in patches:
        path = root / file
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{file}: the slip's text is not there once: {old!r}"
        path.write_text(text.replace(old, replacement), encoding="utf-8")
    after = _findings(root, ruleset)
    assert sorted((after - baseline).elements()) == sorted(new)
    assert sorted((baseline - after).elements()) == sorted(gone)


def test_a_nämndplan_moved_out_of_the_plan_is_named_at_its_year(tmp_path, ruleset, baseline):
    """A nämndplan's year outside the plan: MAL005 names it at the year; the rules that look
    for the budget year's nämndplan then rightly miss it (not asserted line by line)."""
    root = tmp_path / "vasterbotten-2026"
    shutil.copytree(REAL, root)
    path = root / "namndplaner/regionstyrelsen-2026.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("\n    år: 2026\n") == 1
    path.write_text(text.replace("\n    år: 2026\n", "\n    år: 2030\n"), encoding="utf-8")
    new = _findings(root, ruleset) - baseline
    assert [t for t in new.elements() if t[0] == "MAL005"] == [
        ("MAL005", "namndplaner/regionstyrelsen-2026.yaml", 8)]
