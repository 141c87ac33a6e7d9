"""The statistics in the API: figures (aggregates only), the report builder, exports and the
noisy releases."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from kinhaven.accounts.auth import request_user
from kinhaven.core.errors import ApplicationError, ErrorCode, NotFound
from kinhaven.stats.figures import CASELOAD, FIGURE_CODES, Figure, crossed, figure_build
from kinhaven.stats.models import PrivacyDataset, StatExport
from kinhaven.stats.privacy import privacy_budget_spent, privacy_dataset_create, privacy_release
from kinhaven.stats.queries import NATIONAL
from kinhaven.stats.releases import release_counts
from kinhaven.stats.schemas import (
    DashboardIn,
    DatasetIn,
    DatasetOut,
    ExportIn,
    ExportOut,
    FigureOut,
    ReleaseIn,
    ReleaseOut,
    ReportIn,
)
from kinhaven.stats.services import (
    caseload_scope,
    export_download,
    export_of,
    export_request,
    exports_of,
    filters_resolve,
    stats_view_require,
    stats_viewed,
)
from kinhaven.stats.views import export_file_response

router = Router(tags=["statistics"])


def figure_out(figure: Figure) -> dict[str, Any]:
    return {
        "code": figure.code,
        "title": figure.title,
        "unit": figure.unit,
        "rows": figure.rows,
        "total": figure.total,
        "protected": figure.protected,
        "perturbed": figure.perturbed,
        "refused": figure.refused,
    }


def _unknown_figure() -> ApplicationError:
    return NotFound(_("No such figure."))


@router.get("/figures/{code}", response=FigureOut)
def stats_figure(request: HttpRequest, code: str, filters: Query[DashboardIn]) -> dict[str, Any]:
    """One figure of the national dashboard, under disclosure control: counts under 11 are null,
    with complementary suppression; the others are perturbed by at most 2."""
    user = request_user(request)
    stats_view_require(user)
    if code not in FIGURE_CODES:
        raise _unknown_figure()
    resolved = filters_resolve(filters)
    stats_viewed(actor=user, page=f"api:{code}", filters=resolved, scope=NATIONAL)
    return figure_out(figure_build(code, scope=NATIONAL, filters=resolved, trend=filters.trend))


@router.get("/my-figures/{code}", response=FigureOut)
def stats_my_figure(
    request: HttpRequest, code: str, filters: Query[DashboardIn], whole_agency: bool = False
) -> dict[str, Any]:
    """A figure of the caller's own caseload (or, for a supervisor with `agency=true`, of the
    agency's cases): the same queries, at that scope, without suppression."""
    user = request_user(request)
    scope = caseload_scope(user, agency=whole_agency)
    if code not in {c for c, _kind in CASELOAD}:
        raise _unknown_figure()
    resolved = filters_resolve(filters)
    stats_viewed(actor=user, page=f"api:mine:{code}", filters=resolved, scope=scope)
    return figure_out(figure_build(code, scope=scope, filters=resolved, trend=filters.trend))


@router.get("/report", response=FigureOut)
def stats_report(request: HttpRequest, query: Query[ReportIn]) -> dict[str, Any]:
    """Two dimensions crossed; refused (422, field `rows`) where the table would mostly single
    children out."""
    user = request_user(request)
    stats_view_require(user)
    resolved = filters_resolve(query)
    result = crossed(query.rows, query.columns, scope=NATIONAL, filters=resolved)
    stats_viewed(actor=user, page="api:report", filters=resolved, scope=NATIONAL)
    if result.refused:
        raise ApplicationError(ErrorCode.INVALID, result.refused, field="rows")
    return figure_out(result)


def export_out(export: StatExport) -> dict[str, Any]:
    return {
        "id": export.public_id,
        "kind": export.kind,
        "file_format": export.file_format,
        "status": export.status,
        "progress": export.progress,
        "rows": export.rows,
        "report": export.report,
        "error": export.error,
        "created_at": export.created_at,
        "finished_at": export.finished_at,
        "download": (
            f"/api/v1/stats/exports/{export.public_id}/file" if export.status == "ready" else None
        ),
    }


@router.post("/exports", response={202: ExportOut})
def stats_export_create(request: HttpRequest, payload: ExportIn) -> Status[dict[str, Any]]:
    """Ask for an export; it is written in the background (poll it), then downloaded once."""
    user = request_user(request)
    return Status(202, export_out(export_request(actor=user, data=payload)))


@router.get("/exports", response=list[ExportOut])
def stats_export_list(request: HttpRequest) -> list[dict[str, Any]]:
    user = request_user(request)
    return [export_out(e) for e in exports_of(user)[:50]]


@router.get("/exports/{export_id}", response=ExportOut)
def stats_export_detail(request: HttpRequest, export_id: uuid.UUID) -> dict[str, Any]:
    user = request_user(request)
    return export_out(export_of(user, export_id))


@router.post("/exports/{export_id}/file")
def stats_export_file(request: HttpRequest, export_id: uuid.UUID) -> HttpResponse:
    """The file, once; then it is removed (409 `status` after that)."""
    user = request_user(request)
    return export_file_response(*export_download(actor=user, export_id=export_id))


def dataset_out(dataset: PrivacyDataset) -> dict[str, Any]:
    return {
        "id": dataset.public_id,
        "name": dataset.name,
        "period_from": dataset.period_from,
        "period_to": dataset.period_to,
        "epsilon_budget": dataset.epsilon_budget,
        "epsilon_spent": privacy_budget_spent(dataset),
    }


def _dataset(dataset_id: uuid.UUID) -> PrivacyDataset:
    found = PrivacyDataset.objects.filter(public_id=dataset_id).first()
    if found is None:
        raise NotFound(_("Not found."))
    return found


@router.get("/datasets", response=list[DatasetOut])
def stats_dataset_list(request: HttpRequest) -> list[dict[str, Any]]:
    user = request_user(request)
    stats_view_require(user)
    return [dataset_out(d) for d in PrivacyDataset.objects.all()[:100]]


@router.post("/datasets", response={201: DatasetOut})
def stats_dataset_create(request: HttpRequest, payload: DatasetIn) -> Status[dict[str, Any]]:
    user = request_user(request)
    dataset = privacy_dataset_create(
        actor=user,
        name=payload.name,
        period_from=payload.period_from,
        period_to=payload.period_to,
        epsilon_budget=payload.epsilon_budget,
    )
    return Status(201, dataset_out(dataset))


def release_out(release: Any) -> dict[str, Any]:
    return {
        "id": release.public_id,
        "dataset": release.dataset.public_id,
        "dimension": release.dimension,
        "epsilon": release.epsilon,
        "mechanism": release.mechanism,
        "result": [tuple(pair) for pair in release.result],
        "created_at": release.created_at,
    }


@router.get("/datasets/{dataset_id}/releases", response=list[ReleaseOut])
def stats_release_list(request: HttpRequest, dataset_id: uuid.UUID) -> list[dict[str, Any]]:
    """The dataset's ledger: every noisy table released from it."""
    user = request_user(request)
    stats_view_require(user)
    return [release_out(r) for r in _dataset(dataset_id).releases.all()]


@router.post("/datasets/{dataset_id}/releases", response={201: ReleaseOut})
def stats_release_create(
    request: HttpRequest, dataset_id: uuid.UUID, payload: ReleaseIn
) -> Status[dict[str, Any]]:
    """Release one table with calibrated noise; refused (422 `epsilon`) beyond the budget."""
    user = request_user(request)
    stats_view_require(user)
    dataset = _dataset(dataset_id)
    release = privacy_release(
        dataset=dataset,
        dimension=payload.dimension,
        epsilon=payload.epsilon,
        counts=release_counts(dataset, payload.dimension)
        if payload.dimension in _dimensions()
        else {},
        actor=user,
    )
    return Status(201, release_out(release))


def _dimensions() -> set[str]:
    from kinhaven.stats.dimensions import DIMENSIONS

    return set(DIMENSIONS)
