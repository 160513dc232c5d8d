"""``govcheck import DOCUMENT... -o PLAN_DIR``: a plan folder read from plan documents."""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_OK, EXIT_INPUT = 0, 2

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
@click.option("--output", "-o", "output", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="The plan folder to write; it must not exist or be empty (see --force).")
@click.option("--force", is_flag=True,
              help="Write into an existing non-empty folder, replacing the files imported "
                   "there before (other files are left alone).")
@click.option("--lang", type=click.Choice(["sv", "en"]), default="sv", show_default=True,
              help="Language of messages: Swedish (sv) or English (en).")
def import_(documents: tuple[Path, ...], output: Path, force: bool, lang: str) -> None:
    """Read plan documents (.txt, .docx, .pdf) and write a plan folder.

    Economy tables (year columns Bokslut/Utfall/Prognos/Budget/Plan), goals ("Mål N",
    "Målet riktas till ..."), uppdrag with their owners, styrdokument, the bodies named and
    stated figures become the plan's YAML files; every entity carries its 'källa' (document,
    page, line and the printed text). import-rapport.md and .json list what was recognised,
    what is uncertain and what was left. The documents are never changed.
    """
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
