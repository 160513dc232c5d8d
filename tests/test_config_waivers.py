"""Configuration (govcheck.toml, [tool.govcheck]), waivers (undantag, GOV001) and baselines."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MINI_PLAN, REAL_PLAN, line_of, replace_once
from govcheck.cli.main import cli
from govcheck.config import find_config
from govcheck.pipeline import build_report, load_ruleset

EKO001_ERROR = ("belopp: 100.0}", "belopp: 110.0}")                       # namndplaner.yaml:16
EKO003_WARNING = ("värden: [2.0, 4.7, 2.6, 3.1]", "värden: [2.0, 5.0, 2.6, 3.1]")  # ekonomi.yaml:24


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def lint(*args: str) -> tuple[int, str, str]:
    return run("lint", *args)


def active_rules(out: str) -> list[str]:
    return [line.split(": ", 1)[1].split()[1] for line in out.splitlines()
            if ": error " in line or ": warning " in line or ": info " in line]


@pytest.fixture
def two_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini plan with one error (EKO001) and one warning (EKO003), in the working
    directory, which is also where govcheck.toml is looked for first."""
    plan = tmp_path / "mini"
    shutil.copytree(MINI_PLAN, plan)
    replace_once(plan / "namndplaner.yaml", *EKO001_ERROR)
    replace_once(plan / "ekonomi.yaml", *EKO003_WARNING)
    (tmp_path / ".git").mkdir()  # the search for govcheck.toml stops here
    monkeypatch.chdir(tmp_path)
    return plan


def write_config(text: str, name: str = "govcheck.toml") -> Path:
    path = Path(name)
    path.write_text(text, encoding="utf-8")
    return path


# --- configuration -----------------------------------------------------------------------

def test_without_configuration_both_findings_count(two_findings):
    code, out, _ = lint("mini")
    assert code == 1 and active_rules(out) == ["EKO003", "EKO001"]


def test_ignore_drops_a_rule_and_the_exit_code(two_findings):
    write_config('ignore = ["EKO001"]\n')
    code, out, _ = lint("mini")
    assert code == 0 and active_rules(out) == ["EKO003"]
    assert f"({len(list(load_ruleset())) - 1} regler)" in out  # every rule but the ignored one


def test_select_by_name_runs_only_that_rule(two_findings):
    write_config('select = ["net-cost-growth-within-revenue"]\n')
    code, out, _ = lint("mini")
    assert code == 0 and active_rules(out) == ["EKO003"] and "(1 regler)" in out


def test_severity_override_changes_text_json_and_exit_code(two_findings):
    write_config('ignore = ["EKO001"]\n\n[severity]\nEKO003 = "error"\n')
    code, out, _ = lint("mini")
    assert code == 1
    assert ": error EKO003 " in out and "1 fel, 0 varningar" in out
    code, out, _ = lint("mini", "--format", "json")
    doc = json.loads(out)
    assert code == 1 and doc["findings"][0]["severity"] == "error"
    assert doc["summary"]["by_severity"] == {"error": 1, "warning": 0, "info": 0}


def test_severity_override_can_lower_an_error(two_findings):
    write_config('severity = { EKO001 = "warning" }\n')
    code, out, _ = lint("mini")
    assert code == 0 and ": warning EKO001 " in out


def test_fail_level(two_findings):
    write_config('ignore = ["EKO001"]\nfail-level = "warning"\n')
    assert lint("mini")[0] == 1
    write_config('ignore = ["EKO001"]\nfail-level = "info"\n[severity]\nEKO003 = "info"\n')
    code, out, _ = lint("mini")
    assert code == 1 and ": info EKO003 " in out
    write_config('ignore = ["EKO001"]\n[severity]\nEKO003 = "info"\n')
    assert lint("mini")[0] == 0


def test_lang(two_findings):
    write_config('lang = "en"\n')
    _, out, _ = lint("mini")
    assert "1 error(s), 1 warning(s)" in out
    _, out, _ = lint("mini", "--lang", "sv")
    assert "1 fel, 1 varningar" in out


def test_command_line_overrides_the_configuration(two_findings):
    write_config('select = ["EKO001"]\nfail-level = "error"\n')
    code, out, _ = lint("mini", "--only", "EKO003")
    assert active_rules(out) == ["EKO003"] and code == 0
    assert lint("mini", "--only", "EKO003", "--strict")[0] == 1
    assert lint("mini", "--only", "EKO003", "--fail-level", "warning")[0] == 1


def test_pyproject_tool_table_and_search_upwards(two_findings):
    write_config('[project]\nname = "x"\n\n[tool.govcheck]\nignore = ["EKO001"]\n',
                 "pyproject.toml")
    sub = Path("deeper/still")
    sub.mkdir(parents=True)
    assert find_config(sub.resolve()) == Path("pyproject.toml").resolve()
    code, out, _ = lint("mini")
    assert code == 0 and active_rules(out) == ["EKO003"]
    # govcheck.toml wins over pyproject.toml in the same folder
    write_config('ignore = ["EKO003"]\n')
    assert active_rules(lint("mini")[1]) == ["EKO001"]


def test_search_stops_at_the_git_folder(tmp_path):
    (tmp_path / "govcheck.toml").write_text('ignore = ["EKO001"]\n', encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    assert find_config(repo) is None
    assert find_config(tmp_path) == tmp_path / "govcheck.toml"


def test_explicit_config_file_and_rules_folder_relative_to_it(two_findings, tmp_path):
    folder = tmp_path / "settings"
    (folder / "own-rules").mkdir(parents=True)
    text = (Path(__file__).resolve().parent.parent / "rules" / "EKO003.yaml").read_text(
        encoding="utf-8")
    text = text.replace("id: EKO003", "id: LOK003").replace("rule: EKO003", "rule: LOK003")
    text = text.replace("name: net-cost-growth-within-revenue", "name: own-growth-rule")
    (folder / "own-rules" / "LOK003.yaml").write_text(text, encoding="utf-8")
    (folder / "ci.toml").write_text('rules = ["own-rules"]\nselect = ["LOK003"]\n',
                                    encoding="utf-8")
    code, out, _ = lint("mini", "--config", str(folder / "ci.toml"))
    assert code == 0 and active_rules(out) == ["LOK003"]


def test_unknown_key_is_a_located_input_error_with_a_suggestion(two_findings):
    write_config('# CI settings\nselect = ["EKO001"]\nfail_level = "warning"\n')
    code, out, err = lint("mini")
    assert code == 2 and out == ""
    assert "govcheck.toml:3:1: error okänd nyckel 'fail_level'; menade du 'fail-level'?" in err
    code, _, err = lint("mini", "--lang", "en")
    assert "govcheck.toml:3:1: error unknown key 'fail_level'; did you mean 'fail-level'?" in err


def test_wrong_types_and_values_are_located(two_findings):
    write_config('select = "EKO001"\nlang = "english"\n\n[severity]\nEKO003 = "eror"\n')
    code, _, err = lint("mini")
    assert code == 2
    assert "govcheck.toml:1:1: error fel typ för 'select': väntade lista, fick text 'EKO001'" in err
    assert "govcheck.toml:2:1: error ogiltigt värde 'english' för 'lang'" in err
    assert "govcheck.toml:5:1: error ogiltigt värde 'eror' för 'severity.EKO003'; " \
           "menade du 'error'?" in err


def test_unknown_rules_are_located_with_suggestions(two_findings):
    write_config('select = [\n  "EKO001",\n  "net-cost-within-fram",\n]\n'
                 '[severity]\nEKO0003 = "error"\n')
    code, _, err = lint("mini")
    assert code == 2
    assert "govcheck.toml:3:3: error okänd regel 'net-cost-within-fram'; " \
           "menade du 'net-cost-within-frame'?" in err
    assert "govcheck.toml:6:1: error okänd regel 'EKO0003'" in err


def test_toml_syntax_error_is_located(two_findings):
    write_config('select = ["EKO001"\nlang = "en"\n')
    code, _, err = lint("mini")
    assert code == 2 and err.startswith("govcheck.toml:2:") and "TOML-syntaxfel" in err


# --- waivers -----------------------------------------------------------------------------

def waiver(rule: str, until: str = "2026-12-31", **keys: str) -> str:
    lines = [f"  - regel: {rule}"]
    lines += [f"    {k}: {v}" for k, v in keys.items()]
    lines += ["    orsak: Ramen justeras i tilläggsbudgeten i juni.",
              "    beslut: RS 2026-02-10 § 12",
              "    av: Regionkansliet, ekonomistaben",
              f"    giltig_till: {until}"]
    return "\n".join(lines) + "\n"


def add_waivers(plan: Path, *items: str) -> Path:
    path = plan / "undantag.yaml"
    path.write_text("undantag:\n" + "".join(items), encoding="utf-8")
    return path


def checksums(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_waiver_moves_the_finding_and_the_exit_code_drops(two_findings):
    add_waivers(two_findings, waiver("EKO001", avser="rs"))
    before = checksums(two_findings)
    code, out, _ = lint("mini", "--today", "2026-06-01")
    assert code == 0
    lines = out.splitlines()
    assert active_rules(out) == ["EKO003"]
    waived = [line for line in lines if " undantagen " in line]
    assert len(waived) == 1 and "namndplaner.yaml:16:" in waived[0]
    assert ": undantagen error EKO001 " in waived[0]
    assert "orsak: Ramen justeras" in waived[0] and "giltig till 2026-12-31" in waived[0]
    assert lines.index(waived[0]) > lines.index(next(line for line in lines if "EKO003" in line))
    assert lines[-1].endswith(", 1 undantagna")
    _, out, _ = lint("mini", "--today", "2026-06-01", "--lang", "en")
    assert ": waived error EKO001 " in out and "reason: Ramen" in out and ", 1 waived" in out
    code, out, _ = lint("mini", "--today", "2026-06-01", "--format", "json")
    doc = json.loads(out)
    assert code == 0 and [f["rule"] for f in doc["findings"]] == ["EKO003"]
    [w] = doc["waived"]
    assert w["rule"] == "EKO001" and w["location"]["line"] == 16
    assert w["waiver"] == {"reason": "Ramen justeras i tilläggsbudgeten i juni.",
                           "decided_by": "RS 2026-02-10 § 12",
                           "who": "Regionkansliet, ekonomistaben", "expires": "2026-12-31"}
    assert doc["summary"]["by_severity"]["error"] == 0
    assert checksums(two_findings) == before


def test_waiver_on_the_real_plan_survives_line_moves(real_copy):
    add_waivers(real_copy, waiver("EKO003", avser="resultatbudget-2026"))
    args = (str(real_copy), "--only", "EKO003", "--strict", "--today", "2026-06-01")
    assert lint(*args)[0] == 0
    target = real_copy / "ekonomi" / "resultatbudget.yaml"
    target.write_text("\n\n" + target.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, _ = lint(*args)
    assert code == 0 and "resultatbudget.yaml:29:23: undantagen warning EKO003" in out


def test_no_waivers_shows_everything_as_active(two_findings):
    add_waivers(two_findings, waiver("EKO001", avser="rs"), waiver("EKO001", avser="hsn"))
    code, out, _ = lint("mini", "--no-waivers")
    assert code == 1 and active_rules(out) == ["EKO003", "EKO001"]
    assert "undantagen" not in out and "GOV001" not in out


def test_expired_waiver_is_gov001_at_its_date_and_the_finding_counts_again(two_findings):
    path = add_waivers(two_findings, waiver("EKO001", until="2026-06-30", avser="rs"))
    assert lint("mini", "--today", "2026-06-30")[0] == 0  # valid through its last day
    code, out, _ = lint("mini", "--today", "2026-07-01")
    assert code == 1
    assert active_rules(out) == ["EKO003", "EKO001", "GOV001"]
    line = line_of(path, "giltig_till")
    gov = next(x for x in out.splitlines() if "GOV001" in x)
    assert gov.startswith(f"mini/undantag.yaml:{line}:") and "har gått ut" in gov
    assert ": warning GOV001 undantaget för EKO001 (avser: rs) gällde till 2026-06-30" in gov


def test_unmatched_waiver_is_gov001_at_the_waiver(two_findings):
    path = add_waivers(two_findings, waiver("EKO001", avser="rs"),
                       waiver("EKO001", avser="hsn"))
    code, out, _ = lint("mini", "--today", "2026-06-01")
    assert code == 0  # the rs waiver accepts the error; GOV001 is a warning
    gov = [x for x in out.splitlines() if "GOV001" in x]
    assert len(gov) == 1
    second = [i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if "regel:" in t][1]
    assert gov[0].startswith(f"mini/undantag.yaml:{second}:5: warning GOV001 ")
    assert "(avser: hsn) träffar inget fynd" in gov[0]


def test_waiver_judged_even_when_its_rule_is_not_selected(two_findings):
    add_waivers(two_findings, waiver("EKO001", avser="rs"))
    code, out, _ = lint("mini", "--only", "GOV001", "--today", "2026-06-01")
    assert code == 0 and "Inga fynd" in out


def test_output_depends_on_the_date_only_through_expiry(two_findings):
    add_waivers(two_findings, waiver("EKO001", until="2026-12-31", avser="rs"),
                waiver("EKO003", until="2099-12-31", avser="resultatbudget"))
    outputs = {fmt: {lint("mini", "--format", fmt, "--today", day)[1]
                     for day in ("2026-01-01", "2026-06-30", "2026-12-31")}
               for fmt in ("text", "json")}
    assert all(len(v) == 1 for v in outputs.values())


def test_waiver_by_file_and_line(two_findings):
    add_waivers(two_findings, waiver("EKO001", fil="namndplaner.yaml", rad="16"))
    assert lint("mini", "--today", "2026-06-01")[0] == 0
    add_waivers(two_findings, waiver("EKO001", fil="namndplaner.yaml", rad="15"))
    code, out, _ = lint("mini", "--today", "2026-06-01")
    assert code == 1 and "GOV001" in out


def test_bad_waivers_are_input_errors(two_findings):
    path = add_waivers(two_findings, waiver("EKO001", avser="rs-2062"),
                       waiver("EKO001", fil="namndplan.yaml"),
                       waiver("EKO001", rad="16"))
    code, out, err = lint("mini")
    assert code == 2 and out == ""
    text = path.read_text(encoding="utf-8").splitlines()
    assert f"mini/undantag.yaml:{line_of(path, 'avser')}:5: error 'rs-2062' är inte ett id, " \
           "en tabellrad, en tabellkolumn, en tabelltyp eller ett nyckeltal som finns i planen; " \
           "menade du 'rs-2026'?" in err
    assert f"mini/undantag.yaml:{line_of(path, 'fil:')}:5: error 'namndplan.yaml' är ingen fil " \
           "i plankatalogen; menade du 'namndplaner.yaml'?" in err
    assert f"mini/undantag.yaml:{line_of(path, 'rad:')}:5: error 'rad' kräver 'fil'" in err
    assert "3 indatafel" in err and len(text) > 0
    # the rules are known once the plan has loaded: an unknown rule, and GOV001 itself
    path = add_waivers(two_findings, waiver("EKO0001", avser="rs"), waiver("GOV001"))
    code, _, err = lint("mini")
    rules = [i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if "regel:" in t]
    assert code == 2
    assert f"mini/undantag.yaml:{rules[0]}:5: error okänd regel 'EKO0001'; menade du 'EKO001'?" \
        in err
    assert f"mini/undantag.yaml:{rules[1]}:5: error regel GOV001 kan inte undantas" in err


def test_waiver_needs_an_expiry_date(two_findings):
    (two_findings / "undantag.yaml").write_text(
        "undantag:\n  - regel: EKO001\n    orsak: x\n    beslut: y\n    av: z\n",
        encoding="utf-8")
    code, _, err = lint("mini")
    assert code == 2 and "undantag.yaml:2:5: error obligatorisk nyckel 'giltig_till' saknas" in err


# --- baseline ----------------------------------------------------------------------------

def test_baseline_accepts_recorded_findings_and_fails_only_on_new_ones(real_copy, tmp_path):
    before = checksums(real_copy)
    baseline = tmp_path / "ci" / "baseline.json"
    code, out, _ = run("baseline", str(real_copy), "-o", str(baseline))
    assert code == 0 and "36 fynd i baslinjen (36 nya, 0 borttagna)" in out
    assert checksums(real_copy) == before
    doc = json.loads(baseline.read_text(encoding="utf-8"))
    assert doc["govcheck_baseline"] == 1 and sum(e["count"] for e in doc["findings"]) == 36
    assert all("line" not in e for e in doc["findings"])
    # deterministic: writing again gives the same bytes
    first = baseline.read_bytes()
    run("baseline", str(real_copy), "-o", str(baseline))
    assert baseline.read_bytes() == first

    code, out, _ = lint(str(real_copy), "--baseline", str(baseline))
    assert code == 0 and "Inga fynd" in out and "36 undantagna" in out
    assert "(baslinje " in out

    # lines move: a blank line at the top of the files that hold findings
    for name in ("mal.yaml", "organisation.yaml", "ekonomi/ramar.yaml", "beslut.yaml"):
        path = real_copy / name
        path.write_text("\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert lint(str(real_copy), "--baseline", str(baseline))[0] == 0
    assert lint(str(real_copy), "--baseline", str(baseline), "--lang", "en")[0] == 0

    # a changed figure: only the new findings are active
    replace_once(real_copy / "ekonomi" / "resultatbudget.yaml",
                 "värden: [8508, 9246, 9739, 10069, 10556]",
                 "värden: [8508, 9250, 9739, 10069, 10556]")
    code, out, _ = lint(str(real_copy), "--baseline", str(baseline), "--format", "json")
    doc = json.loads(out)
    assert code == 1
    active = [(f["rule"], Path(f["location"]["file"]).name) for f in doc["findings"]]
    assert ("EKO101", "resultatbudget.yaml") in active
    assert {name for _, name in active} <= {"resultatbudget.yaml", "ekonomi.yaml"}
    assert len(doc["waived"]) == 36
    assert all(w["waiver"]["reason"] == "baseline" for w in doc["waived"])


def test_baselined_finding_keeps_its_identity_when_its_figure_changes(real_copy, tmp_path):
    baseline = tmp_path / "baseline.json"
    run("baseline", str(real_copy), "-o", str(baseline))
    replace_once(real_copy / "namndplaner" / "regionstyrelsen-2026.yaml",
                 "värden: [null, 189]", "värden: [null, 190]")  # IT still does not add up
    assert lint(str(real_copy), "--baseline", str(baseline))[0] == 0


def test_prune_drops_entries_that_no_longer_match(real_copy, tmp_path):
    baseline = tmp_path / "baseline.json"
    run("baseline", str(real_copy), "-o", str(baseline))
    # complete the IT split: EKO101 at regionstyrelsen-2026.yaml:301 goes away
    replace_once(real_copy / "namndplaner" / "regionstyrelsen-2026.yaml",
                 "värden: [null, 189]", "värden: [null, 239]")
    code, out, _ = run("baseline", str(real_copy), "-o", str(baseline))
    assert code == 0 and "36 fynd i baslinjen (0 nya, 0 borttagna)" in out
    code, out, _ = run("baseline", str(real_copy), "-o", str(baseline), "--prune")
    assert code == 0 and "35 fynd i baslinjen (0 nya, 1 borttagna)" in out
    doc = json.loads(baseline.read_text(encoding="utf-8"))
    assert sum(e["count"] for e in doc["findings"]) == 35
    assert not any(e["rule"] == "EKO101" and "IT " in e["message"] for e in doc["findings"])
    assert lint(str(real_copy), "--baseline", str(baseline))[0] == 0


def test_waived_findings_are_not_baselined_and_gov001_never_is(two_findings, tmp_path):
    add_waivers(two_findings, waiver("EKO001", avser="rs"), waiver("EKO001", avser="hsn"))
    baseline = tmp_path / "b.json"
    run("baseline", "mini", "-o", str(baseline), "--today", "2026-06-01")
    doc = json.loads(baseline.read_text(encoding="utf-8"))
    assert [e["rule"] for e in doc["findings"]] == ["EKO003"]
    code, out, _ = lint("mini", "--baseline", str(baseline), "--today", "2026-06-01",
                        "--strict")
    assert code == 1 and active_rules(out) == ["GOV001"]


def test_bad_baseline_file_is_an_input_error(two_findings, tmp_path):
    missing = tmp_path / "nope.json"
    code, _, err = lint("mini", "--baseline", str(missing))
    assert code == 2 and "baslinjefilen kan inte läsas" in err
    broken = tmp_path / "broken.json"
    broken.write_text('{\n  "govcheck_baseline": 1,\n  "findings": [\n', encoding="utf-8")
    code, _, err = lint("mini", "--baseline", str(broken))
    assert code == 2 and "broken.json:4:1: error baslinjefilen är inte giltig JSON" in err


def test_fingerprint_ignores_lines_language_and_working_directory(real_copy, tmp_path,
                                                                  monkeypatch):
    def prints(lang: str) -> list[str]:
        report = build_report(real_copy, lang)
        return sorted(f.fingerprint(report.plan_root) for f in report.findings)

    sv = prints("sv")
    assert prints("en") == sv
    monkeypatch.chdir(real_copy / "ekonomi")
    assert prints("sv") == sv
    moved = tmp_path / "elsewhere" / "plan"
    shutil.copytree(real_copy, moved)
    path = moved / "mal.yaml"
    path.write_text("\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    report = build_report(moved, "sv")
    assert sorted(f.fingerprint(report.plan_root) for f in report.findings) == sv


def test_real_plan_output_unchanged_by_the_new_rule():
    code, out, _ = lint(str(REAL_PLAN))
    assert code == 1 and "GOV001" not in out and "undantag" not in out


@pytest.mark.parametrize("text,meant", [
    ('[tool.govcheck]\nlang = "en"\n', True),
    ('[ tool . "govcheck" ]\nlang = "en"\n', True),
    ('[tool]\ngovcheck = {lang = "en"}\n', True),
    ('[tool]\ngovcheck.lang = "en"\n', True),
    ('tool.govcheck.lang = "en"\n', True),
    ('[tool.govcheck.severity]\nMAL001 = "info"\n', True),
    ('[project]\nname = "govcheck"\n[project.scripts]\ngovcheck = "govcheck.cli:main"\n', False),
    ('[tool.ruff]\nsrc = ["govcheck"]\n', False),
    ('[project]\nname = "x"\n', False),
])
def test_a_pyproject_is_parsed_only_when_it_may_hold_tool_govcheck(text: str, meant: bool):
    """The line-by-line look that spares parsing govcheck's own pyproject.toml never misses
    a table that TOML itself reads as tool.govcheck."""
    import tomllib

    from govcheck.config import _may_have_tool_table

    data = tomllib.loads(text)
    assert (isinstance(data.get("tool"), dict) and "govcheck" in data["tool"]) == meant
    assert _may_have_tool_table(text) == meant
