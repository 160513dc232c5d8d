"""The imported plan as YAML files, and the import report (Markdown and JSON).

The YAML is written by hand, deterministically (same document, same bytes): block style,
rows' figures as flow lists, text quoted only where YAML needs it. Every file starts with
a comment saying it was imported and from what.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from govcheck.document.build import ORIGIN, Imported

REPORT_MD = "import-rapport.md"
REPORT_JSON = "import-rapport.json"
REPORTS = (REPORT_MD, REPORT_JSON)
SNAPSHOT_DIR = ".govcheck-import"
"""The import's pristine output, kept inside the plan folder: the base of the three-way
merge of ``govcheck import --into`` (govcheck.document.merge). A hidden folder, so the
loader never reads it as part of the plan."""
MANIFEST = "manifest.json"
_PLAIN = re.compile(r"^[A-Za-zÅÄÖåäöÉé][^:#\[\]{}\"'`|>&*!%@,]*$")
_RESERVED = frozenset({"yes", "no", "true", "false", "on", "off", "null", "y", "n", "~"})


def scalar(value: Any, flow: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        text = str(value)
        if "E" in text:
            text = format(value, "f")
        return text
    text = str(value)
    if (_PLAIN.match(text) and text == text.strip() and text.lower() not in _RESERVED
            and ": " not in text and " #" not in text and not text.endswith(":")
            and "\n" not in text and not (flow and ("," in text))
            and not re.match(r"^[\d.+-]", text)):
        return text
    return json.dumps(text, ensure_ascii=False)


def _is_scalar(value: Any) -> bool:
    return not isinstance(value, (dict, list))


def emit(value: Any, indent: int = 0) -> list[str]:
    """YAML lines for a mapping (the caller writes the key of a nested one)."""
    pad = " " * indent
    out: list[str] = []
    for key, item in value.items():
        if key == ORIGIN:
            continue
        if _is_scalar(item):
            out.append(f"{pad}{key}: {scalar(item)}")
        elif isinstance(item, list) and (not item or all(_is_scalar(v) for v in item)) and \
                (key in ("värden", "summa_av", "riktas_till", "medlemmar", "styrande_dokument", "av")
                 or not item):
            out.append(f"{pad}{key}: [" + ", ".join(scalar(v, flow=True) for v in item) + "]")
        elif isinstance(item, list):
            out.append(f"{pad}{key}:")
            for v in item:
                if _is_scalar(v):
                    out.append(f"{pad}  - {scalar(v)}")
                else:
                    inner = emit(v, indent + 4)
                    if inner:
                        inner[0] = f"{pad}  - " + inner[0][indent + 4:]
                    out.extend(inner)
        elif isinstance(item, dict) and key in ("källa", "planperiod", "giltighet",
                                                "andel_av", "jämför") and all(
                _is_scalar(v) for k, v in item.items() if k != ORIGIN):
            inner = ", ".join(f"{k}: {scalar(v, flow=True)}" for k, v in item.items()
                              if k != ORIGIN)
            out.append(f"{pad}{key}: {{{inner}}}")
        else:
            out.append(f"{pad}{key}:")
            out.extend(emit(item, indent + 2))
    return out


def header(imported: Imported) -> str:
    names = ", ".join(d.name for d in imported.documents)
    return (f"# Importerad av govcheck import från {names}.\n"
            "# Tal och texter som de står i dokumentet; granska innan planen används\n"
            "# (se import-rapport.md: vad som kändes igen, vad som är osäkert, vad som\n"
            "# lämnades).\n")


def render_files(imported: Imported) -> dict[str, str]:
    """Relative path → file text, for every plan file and the two reports."""
    out: dict[str, str] = {}
    head = header(imported)
    for rel in sorted(imported.files):
        body = "\n".join(emit(imported.files[rel])) + "\n"
        out[rel] = head + body
    out[REPORT_JSON] = json.dumps(imported.report, ensure_ascii=False, indent=2,
                                  default=str, sort_keys=False) + "\n"
    out[REPORT_MD] = report_markdown(imported)
    return out


def report_markdown(imported: Imported) -> str:
    rep = imported.report
    lines = ["# Importrapport", ""]
    lines.append("Dokument: " + ", ".join(f"`{d['fil']}` ({d['format']}, {d['rader']} rader"
                                           + (f", {d['sidor']} sidor" if d.get("sidor") else "")
                                           + ")" for d in rep["dokument"]))
    lines += ["", "## Känt igen", ""]
    known = rep["känt"]
    tables = known.get("tabeller", [])
    lines.append(f"- {len(tables)} tabeller, "
                 f"{sum(t['rader'] for t in tables)} rader, {sum(t['tal'] for t in tables)} tal:")
    for t in tables:
        lines.append(f"  - `{t['id']}` ({t['typ']}) \"{t['titel']}\", rad {t['rad']}: "
                     f"{t['rader']} rader × {len(t['kolumner'])} kolumner "
                     f"({', '.join(t['kolumner'])})"
                     + (", läst ur löptext (se Osäkert)" if t.get("ur_löptext") else ""))
    lines.append(f"- {len(known.get('mål', []))} mål" + (": " + "; ".join(known["mål"])
                                                        if known.get("mål") else ""))
    lines.append(f"- {known.get('uppdrag', 0)} uppdrag")
    lines.append(f"- {len(known.get('styrdokument', []))} styrdokument")
    lines.append(f"- {len(known.get('organ', []))} organ" + (": " + ", ".join(known["organ"])
                                                             if known.get("organ") else ""))
    lines.append(f"- {known.get('uppgifter', 0)} uppgifter i löptext kopplade till en tabellcell")
    lines += ["", "## Osäkert", ""]
    if not rep["osäkert"]:
        lines.append("Inget.")
    for item in rep["osäkert"]:
        # a list (the sentences a table was read from) as indented items under its entry
        lines.append("- " + "; ".join(f"{k}: {v}" for k, v in item.items()
                                      if not isinstance(v, list)))
        for k, v in item.items():
            if isinstance(v, list):
                lines.append(f"  - {k.replace('_', ' ')}:")
                lines.extend(f"    - {x}" for x in v)
    lines += ["", "## Lämnat", "",
              "Uppgifter med tal i löptexten som inte entydigt hör till en tabellcell "
              "(rad och år); de är inte gissade:", ""]
    if not rep["kvar"]:
        lines.append("Inget.")
    for item in rep["kvar"]:
        lines.append(f"- rad {item['rad']} ({item['dok']}): {item['text']}")
    return "\n".join(lines) + "\n"


def snapshot_files(imported: Imported, files: dict[str, str]) -> dict[str, str]:
    """The snapshot of an import (paths relative to the plan folder): a copy of each plan
    file as imported, and a manifest naming the documents and the files."""
    from govcheck import __version__

    plan_files = {rel: text for rel, text in files.items() if rel not in REPORTS}
    manifest = {"govcheck": __version__,
                "dokument": [d.name for d in imported.documents],
                "filer": sorted(plan_files)}
    out = {f"{SNAPSHOT_DIR}/{rel}": text for rel, text in sorted(plan_files.items())}
    out[f"{SNAPSHOT_DIR}/{MANIFEST}"] = json.dumps(manifest, ensure_ascii=False, indent=2,
                                                   sort_keys=True) + "\n"
    return out


def stale_snapshot_files(out_dir: Path, keep: dict[str, str]) -> list[Path]:
    """Files of the folder's snapshot that a new snapshot ``keep`` does not hold."""
    root = out_dir / SNAPSHOT_DIR
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*")
                  if (p.is_file() or p.is_symlink())
                  and p.relative_to(out_dir).as_posix() not in keep)


def write_plan(imported: Imported, out_dir: Path) -> list[Path]:
    """Write the plan folder (the caller has checked that it may), with the import's
    snapshot in ``SNAPSHOT_DIR`` (written last: a folder whose snapshot is there holds
    every file of it)."""
    from govcheck.util import write_atomic

    written = []
    files = render_files(imported)
    snapshot = snapshot_files(imported, files)
    for rel, text in [*files.items(), *snapshot.items()]:
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)
        written.append(path)
    for stale in stale_snapshot_files(out_dir, snapshot):
        stale.unlink()
    return written
