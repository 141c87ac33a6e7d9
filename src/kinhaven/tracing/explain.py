"""Why two records may be the same child, in words: which fields agreed, which differed and how
much each moved the score."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from kinhaven.tracing.engine.compare import DOB_LEVELS, FEATURES, INDEX, TRI, FloatArray
from kinhaven.tracing.engine.dedupe import Context
from kinhaven.tracing.engine.model import MODEL_PATH, Model


@cache
def _model(path: str) -> Model:
    return Model.load(Path(path))


def current_model() -> Model:
    """The model in use: a deployment's own (KINHAVEN_TRACING_MODEL, from `kinhaven
    tracing_train`) or the one shipped."""
    return _model(getattr(settings, "KINHAVEN_TRACING_MODEL", "") or str(MODEL_PATH))


FIELDS = {
    "names": _("Names"),
    "date_of_birth": _("Date of birth or age"),
    "mother_name": _("Mother's name"),
    "father_name": _("Father's name"),
    "sex": _("Sex"),
    "nationality": _("Nationality"),
    "place_of_birth": _("Place of birth"),
    "document": _("Identity document"),
    "languages": _("Languages"),
    "registry": _("Other records"),
}
LEVELS = {
    "agree": _("agree"),
    "partly": _("partly agree"),
    "similar": _("are spelled alike"),
    "differ": _("differ"),
    "region": _("differ, but neighbouring or in one region of the world"),
    "unknown": _("unknown on one side"),
    "dob_missing": _("unknown on one side"),
    "dob_exact": _("the same date"),
    "dob_swapped": _("day and month swapped"),
    "dob_year_month": _("the same year and month"),
    "dob_year": _("the same year"),
    "dob_1y": _("one year apart"),
    "dob_2y": _("two years apart"),
    "dob_far": _("far apart"),
    "dob_est_close": _("matches the estimated age"),
    "dob_est_1y": _("fits the estimated age"),
    "dob_est_3y": _("near the estimated age"),
    "dob_est_far": _("far from the estimated age"),
    "dob_day_month": _("the same day and month"),
    "dob_conflict": _("the same year, another birthday"),
    "dob_near_conflict": _("years and birthdays differ"),
    "shared": _("a third record looks like both"),
    "rival": _("another record looks like one of them and not the other"),
    "shared_rival": _("one looks like both, another like one of them only"),
    "alone": _("none looks like either"),
}
TRI_FIELDS = {
    "father": "father_name",
    "mother": "mother_name",
    "sex": "sex",
    "nationality": "nationality",
    "place": "place_of_birth",
    "document": "document",
    "languages": "languages",
}


def _field(feature: str) -> str:
    if feature.startswith(("name_", "given_", "x_given_", "family_")):
        return "names"
    if feature in DOB_LEVELS or feature.startswith(
        ("x_names_dob", "x_rarity_dob", "x_placeholder")
    ):
        return "date_of_birth"
    if feature == "x_names_parent_match":
        return "names"
    head = feature.rsplit("_", 1)[0]
    return TRI_FIELDS[head]


def _level(field: str, x: FloatArray) -> str:
    if field == "names":
        if x[INDEX["name_skel_share"]] >= 1:
            return "agree"
        if x[INDEX["name_skel_share"]] > 0:
            return "partly"
        return "similar" if x[INDEX["name_fuzzy_max"]] >= 0.85 else "differ"
    if field == "date_of_birth":
        return next((lv for lv in DOB_LEVELS if x[INDEX[lv]]), "dob_missing")
    if field == "document" and x[INDEX["document_near"]]:
        return "similar"
    if field == "nationality" and x[INDEX["nationality_region"]]:
        return "region"
    head = next(h for h, f in TRI_FIELDS.items() if f == field)
    state = next((t for t in TRI if x[INDEX[f"{head}_{t}"]]), "missing")
    return {"match": "agree", "mismatch": "differ", "missing": "unknown"}[state]


def _baseline(field: str) -> str | None:
    """The feature of a field that says it is unknown on one side: effects count from it."""
    if field == "names":
        return None
    if field == "date_of_birth":
        return "dob_missing"
    head = next(h for h, f in TRI_FIELDS.items() if f == field)
    return f"{head}_missing"


def explanation(
    x: FloatArray, model: Model | None = None, context: Context | None = None
) -> list[dict[str, Any]]:
    """Each field's effect on the score (log-odds against the field being unknown), strongest
    first, with how it compared. A field unknown on either side has no effect. For two records
    of one registry, `context` adds what its other records said (dedupe_pairs)."""
    weights = (model or current_model()).weights
    effect: dict[str, float] = {}
    for i, name in enumerate(FEATURES):
        field = _field(name)
        effect[field] = effect.get(field, 0.0) + float(x[i] * weights[i])
    for field in effect:
        base = _baseline(field)
        if base is not None:
            effect[field] -= float(weights[INDEX[base]])
    rows = [
        {"field": f, "level": _level(f, x), "effect": round(e, 2)}
        for f, e in effect.items()
        if abs(e) >= 0.05
    ]
    if context is not None and abs(context.effect) >= 0.05:
        level = {(True, True): "shared_rival", (True, False): "shared", (False, True): "rival"}
        rows.append({
            "field": "registry",
            "level": level.get((context.shared, context.rival), "alone"),
            "effect": context.effect,
        })  # fmt: skip
    return sorted(rows, key=lambda r: -abs(float(r["effect"])))


def describe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An explanation for people: the field, how it compared, and whether it counted for the
    match or against it."""
    return [
        {
            "field": FIELDS.get(r["field"], r["field"]),
            "level": LEVELS.get(r["level"], r["level"]),
            "effect": r["effect"],
            "for_match": r["effect"] > 0,
        }
        for r in rows
    ]


def feature_values(x: FloatArray) -> dict[str, float]:
    """The non-zero features of a pair, by name: kept with a decision, to train on later."""
    return {name: round(float(v), 4) for name, v in zip(FEATURES, x.tolist(), strict=True) if v}


def feature_vector(values: dict[str, float]) -> FloatArray:
    return np.array([values.get(name, 0.0) for name in FEATURES], dtype=np.float32)
