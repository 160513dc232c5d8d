"""The plan-file validator, built from a cached core schema when the code is unchanged.

pydantic validates with a validator compiled from a "core schema", a plain structure it
generates from the model classes in Python. For the plan-file model that generation takes
about 0.05 s on every start, a tenth of a whole lint of the real plan, while compiling the
validator from a ready core schema takes under a millisecond (bench/RESULTS.md). The core
schema depends only on govcheck's code and the pydantic version, so it is kept in the cache
(govcheck.cache, kind ``schema``) under a digest of the code: a warm start unpickles it and
compiles the validator; a cold start, or an entry that cannot be used, generates the schema
as pydantic always does and stores it. Either way validation runs the same schema.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic_core import SchemaValidator

from govcheck import cache
from govcheck.model.plan import PlanFile

SCHEMA_KIND = "schema"


def _core_config() -> Any:
    # the configuration pydantic itself passes when it compiles the model's validator
    from pydantic._internal._config import ConfigWrapper

    return ConfigWrapper(PlanFile.model_config).core_config(title=PlanFile.__name__)


@functools.lru_cache(maxsize=1)
def plan_file_validator() -> SchemaValidator:
    """The validator of ``PlanFile`` (``validate_python`` gives a PlanFile)."""
    key = cache.code_fingerprint().hex()
    stored = cache.read(SCHEMA_KIND, key)
    if isinstance(stored, tuple) and len(stored) == 2:
        try:
            return SchemaValidator(*stored)
        except Exception:  # noqa: BLE001, S110 - a foreign or damaged entry: generate afresh
            pass
    PlanFile.model_rebuild()
    try:
        cache.write(SCHEMA_KIND, key, (PlanFile.__pydantic_core_schema__, _core_config()))
    except Exception:  # noqa: BLE001, S110 - the cache is an optimisation only
        pass
    return PlanFile.__pydantic_validator__  # type: ignore[return-value]
