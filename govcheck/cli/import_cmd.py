"""``govcheck import DOCUMENT... -o PLAN_DIR``: a plan folder read from plan documents;
``govcheck import NEW_VERSION... --into PLAN_DIR``: the new version merged into a reviewed
plan folder (govcheck.document.merge), keeping the person's work."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from govcheck.i18n import CATALOGUE, render

if TYPE_CHECKING:
    from govcheck.compare import Change

EXIT_OK, EXIT_CONFLICT, EXIT_INPUT = 0, 1, 2

CATALOGUE.update({
    "import.no_snapshot": {
        "sv": "{path}: fel: mappen har ingen ögonblicksbild av en import ({snapshot}/), så "
              "det går inte att se vad som är handredigerat; importera till en ny mapp med "
              "-o och jämför med govcheck diff",
        "en": "{path}: error: the folder has no snapshot of an import ({snapshot}/), so what "
              "was edited by hand cannot be told; import into a new folder with -o and "
              "compare with govcheck diff"},
    "import.bad_snapshot": {
        "sv": "{path}: fel: importens ögonblicksbild kan inte läsas: {reason}",
        "en": "{path}: error: the import's snapshot cannot be read: {reason}"},
    "import.unreadable": {"sv": "{path}: fel: filen kan inte läsas: {reason}",
                          "en": "{path}: error: cannot read the file: {reason}"},
    "import.not_a_plan_dir": {"sv": "{path}: fel: ingen planmapp (finns inte eller är ingen mapp)",
                              "en": "{path}: error: not a plan folder (missing or not a folder)"},
    "import.out_or_into": {"sv": "ange antingen -o MAPP (ny import) eller --into MAPP (om-import)",
                           "en": "give either -o DIR (a new import) or --into DIR (a re-import)"},
    "import.previous": {"sv": "förra importen ({names})", "en": "the previous import ({names})"},
    "import.no_compare": {
        "sv": "(ändringarna kan inte visas: en av importerna laddas inte)",
        "en": "(the changes cannot be shown: one of the imports does not load)"},
    "import.conflicts": {"sv": "Konflikter ({count}); det handredigerade behålls:",
                         "en": "Conflicts ({count}); what was edited by hand is kept:"},
    "import.conflict.field": {
        "sv": "{place}konflikt {where}{key}: förra dokumentet {base}, nya dokumentet {theirs}, "
              "handredigerat {ours} (behålls)",
        "en": "{place}conflict {where}{key}: old document {base}, new document {theirs}, "
              "edited by hand {ours} (kept)"},
    "import.conflict.block": {
        "sv": "{place}konflikt {where}: rader som både dokumentet och handen ändrat; de "
              "handredigerade behålls (nya dokumentets version: {snapshot})",
        "en": "{place}conflict {where}: lines changed both by the document and by hand; those "
              "edited by hand are kept (the new document's version: {snapshot})"},
    "import.conflict.file_added": {
        "sv": "{place}konflikt: filen finns redan och är inte den nya importens; den behålls "
              "(nya dokumentets version: {snapshot})",
        "en": "{place}conflict: the file exists and is not the new import's; it is kept "
              "(the new document's version: {snapshot})"},
    "import.conflict.file_removed": {
        "sv": "{place}konflikt: det nya dokumentet saknar filens innehåll, men filen är "
              "handredigerad; den behålls",
        "en": "{place}conflict: the new document no longer has the file's content, but the "
              "file was edited by hand; it is kept"},
    "import.conflict.file_deleted": {
        "sv": "{place}konflikt: filen är borttagen för hand men det nya dokumentet ändrar "
              "den; den förblir borttagen (nya dokumentets version: {snapshot})",
        "en": "{place}conflict: the file was deleted by hand but the new document changes it; "
              "it stays deleted (the new document's version: {snapshot})"},
    "import.conflict.unparsable": {
        "sv": "{place}konflikt: sammanslagningen blir ingen giltig YAML; filen behålls som "
              "den är (nya dokumentets version: {snapshot})",
        "en": "{place}conflict: the merge is no valid YAML; the file is kept as it is (the "
              "new document's version: {snapshot})"},
    "import.merged": {
        "sv": "slog ihop {docs} med {path}: {updated} filer uppdaterade, {conflicts} konflikter",
        "en": "merged {docs} into {path}: {updated} files updated, {conflicts} conflicts"},
    "import.merged_does_not_load": {
        "sv": "{path}: den sammanslagna planen laddas inte ({count} indatafel); granska filerna",
        "en": "{path}: the merged plan does not load ({count} input errors); review the files"},
})

WROTE = {"sv": "skrev {path}: {tables} tabeller ({figures} tal), {goals} mål, {uppdrag} uppdrag, "
               "{docs} styrdokument, {bodies} organ; se {report}",
         "en": "wrote {path}: {tables} tables ({figures} figures), {goals} goals, {uppdrag} "
               "assignments, {docs} governing documents, {bodies} bodies; see {report}"}
DOES_NOT_LOAD = {"sv": "{path}: den importerade planen laddas inte ({count} indatafel); "
                       "granska filerna",
                 "en": "{path}: the imported plan does not load ({count} input errors); "
                       "review the files"}


@click.command("import")
@click.argument("documents", metavar="DOCUMENT...", nargs=-1, required=True,
                type=click.Path(dir_okay=False, path_type=Path))
@click.option("--output", "-o", "output", default=None,
              type=click.Path(file_okay=False, path_type=Path),
              help="The plan folder to write; it must not exist or be empty (see --force).")
@click.option("--into", "into", default=None, type=click.Path(file_okay=False, path_type=Path),
              help="Re-import: merge the new version of the documents into this plan folder "
                   "(made by an earlier import), keeping what a person added or changed; "
                   "exit 1 on a conflict.")
@click.option("--force", is_flag=True,
              help="Write into an existing non-empty folder, replacing the files imported "
                   "there before (other files are left alone).")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
              help="Language of messages: Swedish (sv) or English (en).")
def import_(documents: tuple[Path, ...], output: Path | None, into: Path | None, force: bool,
            lang: str) -> None:
    """Read plan documents (.txt, .docx, .pdf) and write a plan folder.

    Economy tables (year columns Bokslut/Utfall/Prognos/Budget/Plan), goals ("Mål N",
    "Målet riktas till ..."), uppdrag with their owners, styrdokument, the bodies named and
    stated figures become the plan's YAML files; every entity carries its 'källa' (document,
    page, line and the printed text). import-rapport.md and .json list what was recognised,
    what is uncertain and what was left. The documents are never changed.

    \b
    With --into PLAN_DIR, a new version of the documents is merged into a plan folder
    an earlier import wrote (three-way, against the snapshot that import kept in
    PLAN_DIR/.govcheck-import/): figures and texts the person did not touch take the
    new values; links, roles, owners, ids, comments and added entities and files stay.
    It prints what changed between the versions and each conflict (a field both changed
    differently: the person's value is kept). Exit 0 merged, 1 conflicts, 2 bad input.
    """
    if (output is None) == (into is None) or (into is not None and force):
        raise click.UsageError(render("import.out_or_into", lang))
    if into is not None:
        _import_into(documents, into, lang)
    assert output is not None
    from govcheck.document.errors import DocumentError
    from govcheck.document.write import REPORT_MD, write_plan

    try:
        _check_output(output, documents, force)
        from govcheck.document.build import import_documents

        imported = import_documents(list(documents), plan_id=_plan_id(output))
        write_plan(imported, output)
    except DocumentError as exc:
        sys.stderr.write(exc.message(lang) + "\n")
        sys.exit(EXIT_INPUT)
    except OSError as exc:
        err = DocumentError(str(output), "doc.cannot_write", path=str(output),
                            reason=exc.strerror or str(exc))
        sys.stderr.write(err.message(lang) + "\n")
        sys.exit(EXIT_INPUT)
    known = imported.report["känt"]
    tables = known.get("tabeller", [])
    sys.stdout.write(WROTE[lang].format(
        path=output, tables=len(tables), figures=sum(t["tal"] for t in tables),
        goals=len(known.get("mål", [])), uppdrag=known.get("uppdrag", 0),
        docs=len(known.get("styrdokument", [])), bodies=len(known.get("organ", [])),
        report=output / REPORT_MD) + "\n")
    from govcheck.api import load_plan
    from govcheck.load.errors import PlanLoadError

    try:
        load_plan(output)
    except PlanLoadError as exc:  # a bug of the import: say so, keep the files for review
        sys.stderr.write(DOES_NOT_LOAD[lang].format(path=output, count=len(exc.errors)) + "\n")
        for error in exc.errors[:10]:
            sys.stderr.write(f"{error.location}: {error.message(lang)}\n")
        sys.exit(EXIT_INPUT)
    sys.exit(EXIT_OK)


def _plan_id(output: Path) -> str:
    from govcheck.document.labels import slug

    return slug(output.resolve().name or "plan")


def _check_output(output: Path, documents: tuple[Path, ...], force: bool) -> None:
    from govcheck.document.errors import DocumentError

    if output.exists() and not output.is_dir():
        raise DocumentError(str(output), "doc.out_not_dir", path=str(output))
    if output.is_dir():
        real = output.resolve()
        for doc in documents:
            if doc.resolve().is_relative_to(real):
                raise DocumentError(str(output), "doc.out_is_input", path=str(output))
        if any(output.iterdir()) and not force:
            raise DocumentError(str(output), "doc.out_exists", path=str(output))


# --- govcheck import NEW_VERSION... --into PLAN_DIR -------------------------------------------

def _fail(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.exit(EXIT_INPUT)


def _import_into(documents: tuple[Path, ...], plan_dir: Path, lang: str) -> None:
    import json

    from govcheck.document.errors import DocumentError
    from govcheck.document.merge import MergeInputError, apply, merge_folder, read_snapshot
    from govcheck.document.write import (
        MANIFEST,
        REPORTS,
        SNAPSHOT_DIR,
        render_files,
        snapshot_files,
        stale_snapshot_files,
    )

    if not plan_dir.is_dir():
        _fail(render("import.not_a_plan_dir", lang, path=plan_dir))
    try:
        base = read_snapshot(plan_dir)
        manifest = json.loads((plan_dir / SNAPSHOT_DIR / MANIFEST).read_text(encoding="utf-8"))
        from govcheck.document.build import import_documents

        imported = import_documents(list(documents), plan_id=_plan_id(plan_dir))
        files = render_files(imported)
        theirs = {rel: text for rel, text in files.items() if rel not in REPORTS}
        merged = merge_folder(plan_dir, base, theirs)
        snapshot = snapshot_files(imported, files)
        writes = {**merged.writes, **{rel: files[rel] for rel in REPORTS}, **snapshot}
        _check_not_documents(plan_dir, writes, documents)
        changes = _changes(plan_dir, theirs)
        deletes = merged.deletes + [p.relative_to(plan_dir).as_posix()
                                    for p in stale_snapshot_files(plan_dir, snapshot)]
        apply(plan_dir, writes, deletes)
    except DocumentError as exc:
        _fail(exc.message(lang))
    except MergeInputError as exc:
        _fail(render(exc.key, lang, **exc.params))
    except OSError as exc:
        err = DocumentError(str(plan_dir), "doc.cannot_write", path=str(plan_dir),
                            reason=exc.strerror or str(exc))
        _fail(err.message(lang))
    out = sys.stdout
    from govcheck.compare.render import render_text

    old = render("import.previous", lang, names=", ".join(manifest.get("dokument", [])))
    new = ", ".join(d.name for d in imported.documents)
    if changes is None:
        out.write(render("import.no_compare", lang) + "\n")
    else:
        out.write(render_text(changes, None, lang, old, new))
    if merged.conflicts:
        out.write(render("import.conflicts", lang, count=len(merged.conflicts)) + "\n")
        for conflict in merged.conflicts:
            out.write("  " + _conflict_line(conflict, plan_dir, lang) + "\n")
    out.write(render("import.merged", lang, docs=new, path=plan_dir,
                     updated=len(merged.writes) + len(merged.deletes),
                     conflicts=len(merged.conflicts)) + "\n")
    from govcheck.api import load_plan
    from govcheck.load.errors import PlanLoadError

    try:
        load_plan(plan_dir)
    except PlanLoadError as exc:  # e.g. a hand-made link to what the new document removed
        sys.stderr.write(render("import.merged_does_not_load", lang, path=plan_dir,
                                count=len(exc.errors)) + "\n")
        for error in exc.errors[:10]:
            sys.stderr.write(f"{error.location}: {error.message(lang)}\n")
        sys.exit(EXIT_CONFLICT)
    sys.exit(EXIT_CONFLICT if merged.conflicts else EXIT_OK)


def _check_not_documents(plan_dir: Path, writes: dict[str, str],
                         documents: tuple[Path, ...]) -> None:
    """The documents are never written over (a plan file named like a document)."""
    from govcheck.document.errors import DocumentError

    docs = {d.resolve() for d in documents}
    for rel in writes:
        if (plan_dir / rel).resolve() in docs:
            raise DocumentError(str(plan_dir), "doc.out_is_input", path=str(plan_dir))


def _changes(plan_dir: Path, theirs: dict[str, str]) -> list[Change] | None:
    """What changed between the previous import (the snapshot) and the new one, or None
    when one of them does not load."""
    import tempfile

    from govcheck.api import load_plan
    from govcheck.compare import compare_plans
    from govcheck.document.write import SNAPSHOT_DIR
    from govcheck.load.errors import PlanLoadError

    try:
        old, _ = load_plan(plan_dir / SNAPSHOT_DIR)
        with tempfile.TemporaryDirectory(prefix="govcheck-import-") as tmp:
            for rel, text in theirs.items():
                path = Path(tmp) / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            new, _ = load_plan(Path(tmp))
    except PlanLoadError:
        return None
    changes = compare_plans(old, new)
    # the places are those of the imports, not of the folder the person edits
    import dataclasses

    return [dataclasses.replace(c, file="", line=0) for c in changes]


def _short(value: str | None, lang: str) -> str:
    if value is None:
        return "–"
    text = value.replace("\n", " ⏎ ")
    if len(text) > 120:
        text = text[:119] + "…"
    return text


def _conflict_line(conflict: object, plan_dir: Path, lang: str) -> str:
    from govcheck.document.merge import Conflict
    from govcheck.document.write import SNAPSHOT_DIR
    from govcheck.paths import escape_name

    assert isinstance(conflict, Conflict)
    place = escape_name(f"{plan_dir / conflict.file}:{conflict.line}: ")
    where = conflict.where
    key = conflict.key
    return render(f"import.conflict.{conflict.kind}", lang, place=place,
                  where=(where + (" " if key else "")) if where else "",
                  key=key, base=_short(conflict.base, lang),
                  theirs=_short(conflict.theirs, lang), ours=_short(conflict.ours, lang),
                  snapshot=escape_name(str(plan_dir / SNAPSHOT_DIR / conflict.file)))
