"""The pipeline in one call: folder → YAML with locations → validated, resolved plan."""

from __future__ import annotations

from pathlib import Path

from govcheck.document import is_document
from govcheck.load import readahead
from govcheck.load.errors import LoadError, PlanLoadError
from govcheck.load.folder import named_path, read_folder
from govcheck.model.build import merge, validate_file
from govcheck.model.plan import Plan
from govcheck.model.resolve import Index, resolve
from govcheck.paths import escape_name


def load_plan(root: Path | str) -> tuple[Plan, Index]:
    """Load a plan folder; raise ``PlanLoadError`` with every located problem."""
    root = Path(root)
    if is_document(root):  # a plan document (govcheck lint plan.docx): imported in memory
        from govcheck.document.located import read_document_plan

        raw_files, errors = read_document_plan(root)
    else:
        raw_files, errors = readahead.take(root) or read_folder(root)
    validated = []
    for raw in raw_files:
        pf = validate_file(raw, errors)
        if pf is not None:
            validated.append((raw, pf))
    if errors:
        raise PlanLoadError(errors)
    merge_errors: list[LoadError] = []
    plan = merge(validated, merge_errors, named_path(root), escape_name(root.resolve().name))
    if plan is None or merge_errors:
        raise PlanLoadError(merge_errors)
    resolve_errors: list[LoadError] = []
    index = resolve(plan, resolve_errors)
    if resolve_errors:
        raise PlanLoadError(resolve_errors)
    return plan, index
