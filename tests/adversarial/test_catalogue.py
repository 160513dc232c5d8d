"""Hostile and broken plans: each gets located messages and exit 2, never a traceback,
never a changed input file, and finishes within a generous bound."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "rules" / "fixtures" / "mini"
GUARD_SECONDS = 20  # a guard against hangs, not a speed assertion (bench/ measures speed)


def run_lint(plan: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # the plan named relative to where govcheck runs, as a user types it: locations are
    # shown relative to that name ("mini/plan.yaml:7:3")
    return subprocess.run([sys.executable, "-m", "govcheck.cli.main", "lint", plan.name, *args],
                          capture_output=True, text=True, timeout=GUARD_SECONDS, cwd=plan.parent)


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file() and not p.is_symlink():
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    dest = tmp_path / "plan"
    shutil.copytree(MINI, dest)
    return dest


def expect_input_error(plan: Path, file_name: str, fragment: str) -> str:
    before = digest(plan)
    proc = run_lint(plan)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout
    assert f"{file_name}:" in proc.stderr, proc.stderr
    assert fragment in proc.stderr, proc.stderr
    assert digest(plan) == before
    return proc.stderr


def test_bom_is_accepted(plan):
    path = plan / "mal.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run_lint(plan).returncode == 0


def test_crlf_is_accepted_and_lines_stay_right(plan):
    for path in plan.glob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    text = (plan / "namndplaner.yaml").read_text(encoding="utf-8")
    (plan / "namndplaner.yaml").write_text(text.replace("belopp: 100.0}", "belopp: 110.0}"),
                                           encoding="utf-8", newline="")
    proc = run_lint(plan)
    assert proc.returncode == 1
    assert "namndplaner.yaml:16:" in proc.stdout


def test_utf16_is_refused_with_a_located_message(plan):
    path = plan / "mal.yaml"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    expect_input_error(plan, "mal.yaml", "inte UTF-8")


def test_empty_file_is_fine_but_empty_folder_is_not(plan, tmp_path):
    (plan / "tom.yaml").write_text("", encoding="utf-8")
    assert run_lint(plan).returncode == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = run_lint(empty)
    assert proc.returncode == 2 and "inga .yaml-filer" in proc.stderr


def test_very_large_file_is_refused_before_parsing(plan):
    with open(plan / "stor.yaml", "wb") as handle:
        handle.write(b"# " + b"x" * (21 * 1024 * 1024) + b"\n")
    expect_input_error(plan, "stor.yaml", "för stor")


def test_symlink_out_of_the_plan_folder_is_refused(plan, tmp_path):
    outside = tmp_path / "hemlig.yaml"
    outside.write_text("regionmål: []\n", encoding="utf-8")
    os.symlink(outside, plan / "lank.yaml")
    expect_input_error(plan, "lank.yaml", "utanför plankatalogen")


def test_thousands_deep_nesting(plan):
    (plan / "djup.yaml").write_text("x: " + "[" * 20000 + "]" * 20000 + "\n", encoding="utf-8")
    # found on libyaml's event stream before composing (composing is quadratic in depth):
    # at the collection that goes one level too deep ("för djup nästling"), or, with a
    # libyaml that has a nesting limit of its own (1000 in newer builds), where its scanner
    # stops (a syntax error); one located error either way
    err = expect_input_error(plan, "djup.yaml", "djup.yaml:1:")
    assert err.count("djup.yaml") == 1
    assert "för djup nästling (över 100 nivåer)" in err or "nesting depth" in err


def test_brackets_in_quoted_text_are_not_nesting(plan):
    path = plan / "mal.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("    nummer: 1\n") == 1
    path.write_text(text.replace("    nummer: 1\n", "    nummer: 1\n    beskrivning: '"
                                 + "[" * 300 + "{" * 300 + "'\n"), encoding="utf-8")
    proc = run_lint(plan)
    assert proc.returncode == 0, proc.stderr


def test_alias_bomb(plan):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    (plan / "bomb.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    expect_input_error(plan, "bomb.yaml", "alias-bomb")


def test_object_construction_tag(plan):
    (plan / "tag.yaml").write_text("regionmål: !!python/object/apply:os.system ['touch pwned']\n",
                                   encoding="utf-8")
    expect_input_error(plan, "tag.yaml", "YAML-taggen")
    assert not (plan / "pwned").exists()


def test_lookalike_id_gets_did_you_mean(plan):
    # a Cyrillic 'а' in place of the Latin 'a'
    text = (plan / "namndplaner.yaml").read_text(encoding="utf-8")
    (plan / "namndplaner.yaml").write_text(text.replace("{mål: mal-2,", "{mål: mаl-2,"),
                                           encoding="utf-8")
    stderr = expect_input_error(plan, "namndplaner.yaml", "menade du 'mal-2'?")
    assert "mаl-2" in stderr


def test_broken_rule_folder(plan, tmp_path):
    rules = tmp_path / "regler"
    rules.mkdir()
    (rules / "LOK001.yaml").write_text("id: LOK001\ncheck: [\n", encoding="utf-8")
    proc = run_lint(plan, "--rules", str(rules))
    assert proc.returncode == 2 and "LOK001.yaml:" in proc.stderr


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0,
                    reason="root reads files whatever their mode")
def test_unreadable_file(plan):
    path = plan / "mal.yaml"
    path.chmod(0)
    try:
        expect_input_error(plan, "mal.yaml", "kan inte läsas")
    finally:
        path.chmod(0o644)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["plan.yaml", "mal.yaml", "namndplaner.yaml", "ekonomi.yaml"]),
       st.floats(0.05, 0.95))
def test_truncated_file_never_crashes(tmp_path_factory, name, where):
    plan = tmp_path_factory.mktemp("t") / "plan"
    shutil.copytree(MINI, plan)
    data = (plan / name).read_bytes()
    (plan / name).write_bytes(data[: int(len(data) * where)])
    proc = run_lint(plan)
    assert proc.returncode in (0, 1, 2)
    assert "Traceback" not in proc.stderr
    if proc.returncode == 2:
        # every message names an existing file and a line inside it
        for line in proc.stderr.splitlines()[:-1]:
            file_part, line_no = line.split(":")[0], int(line.split(":")[1])
            target = plan.parent / file_part
            assert target.exists(), line
            if target.is_dir():  # a problem of the folder itself, e.g. no 'plan:' section
                continue
            assert 1 <= line_no <= max(1, target.read_text(encoding="utf-8", errors="replace").count("\n") + 1)


# --- implausible values and closed vocabularies --------------------------------------
# A value of the right type that makes no sense (a year 20026, an ownership share above
# 100, a figure of twenty digits) or a row role / nyckeltal outside its vocabulary is an
# input error: exit 2, one message at the key's own line, in Swedish and in English.
# docs/plan-format.md 2.8 and 4.7 list the bounds and the names.

REAL = ROOT / "plans" / "vasterbotten-2026"

# (name, base plan, file, old text (once), new text, expected line, Swedish fragment,
#  English fragment)
IMPLAUSIBLE = [
    ("budget-year-typo", MINI, "plan.yaml", "budgetår: 2026", "budgetår: 20026", 7,
     "orimligt värde 20026 för 'budgetår': får vara högst 2200",
     "implausible value 20026 for 'budgetår': must be at most 2200"),
    ("net-cost-goal-two-digit-year", MINI, "namndplaner.yaml",
     "nettokostnadsmål: {år: 2026, belopp: 100.0}", "nettokostnadsmål: {år: 26, belopp: 100.0}",
     16, "orimligt värde 26 för 'år': måste vara minst 1900",
     "implausible value 26 for 'år': must be at least 1900"),
    ("column-year-before-1900", MINI, "ekonomi.yaml", "år: 2024, slag: utfall",
     "år: 1024, slag: utfall", 32, "orimligt värde 1024 för 'år'", "value 1024 for 'år'"),
    ("financial-target-year", MINI, "budget.yaml", "{år: 2026, lägst: 10}",
     "{år: 3026, lägst: 10}", 13, "orimligt värde 3026 för 'år': får vara högst 2200",
     "must be at most 2200"),
    ("deficit-origin-year", MINI, "ekonomi.yaml", "ursprungsår: 2024", "ursprungsår: 224", 39,
     "orimligt värde 224 för 'ursprungsår': måste vara minst 1900",
     "implausible value 224 for 'ursprungsår'"),
    ("deficit-restore-by-year", MINI, "ekonomi.yaml", "återställs_senast: 2027",
     "återställs_senast: 2927", 39, "orimligt värde 2927 för 'återställs_senast'",
     "implausible value 2927 for 'återställs_senast'"),
    ("plan-period-reversed", MINI, "plan.yaml", "planperiod: {från: 2026, till: 2028}",
     "planperiod: {från: 2028, till: 2026}", 8, "'till' (2026) ligger före 'från' (2028)",
     "'till' (2026) is before 'från' (2028)"),
    ("plan-period-beyond-2200", MINI, "plan.yaml", "planperiod: {från: 2026, till: 2028}",
     "planperiod: {från: 2026, till: 20028}", 8, "orimligt värde 20028 för 'till'",
     "implausible value 20028 for 'till'"),
    ("validity-reversed", MINI, "styrdokument.yaml", "giltighet: {från: 2024, till: 2030}",
     "giltighet: {från: 2031, till: 2030}", 2, "'till' (2030) ligger före 'från' (2031)",
     "'till' (2030) is before 'från' (2031)"),
    ("validity-only-end-year", MINI, "styrdokument.yaml", "giltighet: {från: 2024, till: 2030}",
     "giltighet: {till: 230}", 2, "orimligt värde 230 för 'till'", "value 230 for 'till'"),
    ("ownership-above-100", REAL, "organisation.yaml", "ägarandel: 100.0", "ägarandel: 1000.0",
     427, "orimligt värde 1000.0 för 'ägarandel': får vara högst 100",
     "implausible value 1000.0 for 'ägarandel': must be at most 100"),
    ("ownership-negative", REAL, "organisation.yaml", "ägarandel: 33.3", "ägarandel: -33.3",
     502, "orimligt värde -33.3 för 'ägarandel': måste vara minst 0",
     "must be at least 0"),
    ("agenda2030-goal-18", MINI, "mal.yaml", "    nummer: 1\n",
     "    nummer: 1\n    agenda2030: [3, 18]\n", 4,
     "orimligt värde 18 för 'agenda2030': får vara högst 17",
     "implausible value 18 for 'agenda2030': must be at most 17"),
    ("agenda2030-goal-0", MINI, "mal.yaml", "    nummer: 1\n",
     "    nummer: 1\n    agenda2030:\n      - 0\n", 5,
     "orimligt värde 0 för 'agenda2030': måste vara minst 1", "must be at least 1"),
    ("risk-likelihood-9", MINI, "budget.yaml",
     "        beskrivning: Upphandlingar görs utan avtal\n",
     "        beskrivning: Upphandlingar görs utan avtal\n        sannolikhet: 9\n", 52,
     "orimligt värde 9 för 'sannolikhet': får vara högst 5",
     "implausible value 9 for 'sannolikhet': must be at most 5"),
    ("risk-consequence-0", MINI, "budget.yaml",
     "        beskrivning: Läkemedelskostnader överskrider budget\n",
     "        beskrivning: Läkemedelskostnader överskrider budget\n        konsekvens: 0\n", 59,
     "orimligt värde 0 för 'konsekvens': måste vara minst 1",
     "implausible value 0 for 'konsekvens'"),
    ("goal-number-0", MINI, "mal.yaml", "    nummer: 1\n", "    nummer: 0\n", 3,
     "orimligt värde 0 för 'nummer': måste vara minst 1", "value 0 for 'nummer'"),
    ("negative-tax-rate", MINI, "budget.yaml", "värde: 11.5,", "värde: -11.5,", 6,
     "orimligt värde -11.5 för 'värde': måste vara minst 0",
     "implausible value -11.5 for 'värde': must be at least 0"),
    ("figure-of-16-digits", MINI, "ekonomi.yaml", "värden: [98.0, 102.0]",
     "värden: [98.0, 1000000000000000]", 10,
     "orimligt stort tal 1000000000000000 för 'värden': storleken måste vara under 10^15",
     "implausibly large number 1000000000000000 for 'värden': its size must be below 10^15"),
    ("figure-negative-huge", MINI, "ekonomi.yaml", "värden: [98.0, 102.0]",
     "värden: [98.0, -2.0e+15]", 10, "orimligt stort tal -2000000000000000 för 'värden'",
     "implausibly large number"),
    # 1.0e+999999999 used to overflow the arithmetic: an internal error (exit 3)
    ("figure-absurd-exponent", MINI, "ekonomi.yaml", "värden: [98.0, 102.0]",
     "värden: [98.0, 1.0e+999999999]", 10, "orimligt stort tal 1.0E+999999999",
     "implausibly large number 1.0E+999999999"),
    # 1.0e-999999 used to print a figure of a million zeros in every finding
    ("figure-tiny-exponent", MINI, "ekonomi.yaml", "värden: [98.0, 102.0]",
     "värden: [98.0, 1.0e-999999]", 10, "har för många decimaler: högst 6",
     "has too many decimals: at most 6"),
    ("figure-seven-decimals", MINI, "namndplaner.yaml", "belopp: 100.0}",
     "belopp: 100.0000001}", 16, "talet 100.0000001 för 'belopp' har för många decimaler",
     "number 100.0000001 for 'belopp' has too many decimals"),
]

UNKNOWN_NAMES = [
    ("role-typo", MINI, "ekonomi.yaml", "roll: balanskravsresultat", "roll: balanskravresultat",
     37, "ogiltigt värde 'balanskravresultat' för 'roll'; menade du 'balanskravsresultat'?",
     "invalid value 'balanskravresultat' for 'roll'; did you mean 'balanskravsresultat'?"),
    ("role-without-accent", MINI, "ekonomi.yaml", "roll: synnerliga_skäl", "roll: synnerliga_skal",
     38, "menade du 'synnerliga_skäl'?", "did you mean 'synnerliga_skäl'?"),
    ("role-in-a-board-plan-table", REAL, "namndplaner/regionstyrelsen-2026.yaml",
     "roll: investeringsutgifter_totalt", "roll: investeringsutgifter_total", 282,
     "'investeringsutgifter_total' för 'roll'; menade du 'investeringsutgifter_totalt'?",
     "did you mean 'investeringsutgifter_totalt'?"),
    ("role-unknown", MINI, "ekonomi.yaml", "roll: ram, värden: [98.0, 102.0]",
     "roll: xyzzy, värden: [98.0, 102.0]", 10,
     ("ogiltigt värde 'xyzzy' för 'roll'; de tillåtna värdena för 'roll' står i "
      "docs/plan-format.md, avsnitt 4.7"),
     "the allowed values of 'roll' are listed in docs/plan-format.md, section 4.7"),
    ("measure-typo", REAL, "ekonomi/ekonomi.yaml", "nyckeltal: balanskrav_tillskott",
     "nyckeltal: balanskravs_tillskott", 362,
     "ogiltigt värde 'balanskravs_tillskott' för 'nyckeltal'; menade du 'balanskrav_tillskott'?",
     "invalid value 'balanskravs_tillskott' for 'nyckeltal'; did you mean 'balanskrav_tillskott'?"),
    ("measure-unknown", REAL, "ekonomi/ekonomi.yaml", "nyckeltal: balanskrav_tillskott",
     "nyckeltal: skuldsättningsgrad", 362,
     ("ogiltigt värde 'skuldsättningsgrad' för 'nyckeltal'; tillåtna: "
      "verksamhetens_resultat_andel, resultat_andel, soliditet, "
      "soliditet_inkl_ansvarsförbindelse, låneskuld_andel, årets_resultat, "
      "resultat_efter_reserv_andel, balanskravsresultat, likviditet, självfinansieringsgrad, "
      "nettoinvesteringar_andel, balanskrav_tillskott"),
     "allowed: verksamhetens_resultat_andel"),
]


def _copy(base: Path, tmp_path: Path) -> Path:
    dest = tmp_path / base.name
    shutil.copytree(base, dest)
    return dest


@pytest.mark.parametrize("name,base,file,old,new,line,sv,en", IMPLAUSIBLE + UNKNOWN_NAMES,
                         ids=[c[0] for c in IMPLAUSIBLE + UNKNOWN_NAMES])
def test_implausible_value_or_unknown_name_is_a_located_input_error(
        tmp_path, name, base, file, old, new, line, sv, en):
    from govcheck.api import load_plan
    from govcheck.load.errors import PlanLoadError

    plan = _copy(base, tmp_path)
    text = (plan / file).read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {file}"
    (plan / file).write_text(text.replace(old, new), encoding="utf-8")
    stderr = expect_input_error(plan, Path(file).name, sv)
    # one message, at the key's own line, and the summary line
    messages = [m for m in stderr.splitlines() if ": error " in m]
    assert len(messages) == 1, stderr
    assert messages[0].startswith(f"{plan.name}/{file}:{line}:"), stderr
    # the same message in English (in-process: the subprocess above proved exit 2)
    with pytest.raises(PlanLoadError) as info:
        load_plan(plan)
    english = [e.message("en") for e in info.value.errors]
    assert len(english) == 1 and en in english[0], english


@pytest.mark.parametrize("base", [REAL, *sorted(p for p in (ROOT / "rules" / "fixtures").iterdir()
                                                if p.is_dir())],
                         ids=lambda p: p.name)
def test_real_plan_and_fixtures_are_plausible(base):
    """Every bound and vocabulary admits the real plan and every rule fixture."""
    from govcheck.api import load_plan

    plan, _ = load_plan(base)
    assert plan.plan is not None


def test_figures_at_the_bounds_still_load(tmp_path):
    plan = _copy(MINI, tmp_path)
    text = (plan / "ekonomi.yaml").read_text(encoding="utf-8")
    (plan / "ekonomi.yaml").write_text(
        text.replace("värden: [98.0, 102.0]", "värden: [-999999999999999.999999, 0.000001]"),
        encoding="utf-8")
    proc = run_lint(plan)
    assert proc.returncode == 1, proc.stderr  # findings (the sums break), not an input error
    assert "Traceback" not in proc.stderr


def test_rule_option_outside_the_role_vocabulary(plan, tmp_path):
    """A rule file of one's own may pick another row role, but only one a row can carry."""
    rules = tmp_path / "regler"
    rules.mkdir()
    text = (ROOT / "rules" / "BAL001.yaml").read_text(encoding="utf-8")
    assert text.count("options: {horizon: 3}") == 1
    text = text.replace("id: BAL001", "id: LOK001").replace(
        "options: {horizon: 3}", "options: {horizon: 3, result_role: balanskravresultat}")
    (rules / "LOK001.yaml").write_text(text, encoding="utf-8")
    proc = run_lint(plan, "--rules", str(rules))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    line = next(i for i, s in enumerate(text.splitlines(), 1) if s.startswith("options:"))
    assert f"LOK001.yaml:{line}:" in proc.stderr
    assert ("ogiltigt värde 'balanskravresultat' för valet 'result_role' av "
            "'balanskrav_restored'; menade du 'balanskravsresultat'?") in proc.stderr


def test_a_few_aliases_still_load(plan):
    """Aliases are allowed; only their expansion is bounded (MAX_ALIAS_NODES)."""
    path = plan / "mal.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("riktas_till: [rs, hsn]") == 1 and text.count("riktas_till: [rs]\n") == 1
    text = text.replace("riktas_till: [rs, hsn]", "riktas_till: &both [rs, hsn]")
    path.write_text(text.replace("riktas_till: [rs]\n", "riktas_till: *both\n"),
                    encoding="utf-8")
    proc = run_lint(plan)
    assert proc.returncode in (0, 1) and proc.stderr == "", proc.stderr
