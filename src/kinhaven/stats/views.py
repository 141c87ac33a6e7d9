"""The statistics pages: the national dashboard (aggregates only), a caseload's or an agency's
dashboard, the report builder, the noisy releases and the exports; and each figure as CSV."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kinhaven.accounts.auth import web_user
from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import User
from kinhaven.accounts.services import capability_require
from kinhaven.core.errors import ApplicationError, NotFound
from kinhaven.core.forms import form_add_errors, form_status
from kinhaven.stats.enums import ExportFormat
from kinhaven.stats.figures import (
    CASELOAD,
    DASHBOARD,
    FIGURE_CODES,
    Figure,
    compliance,
    crossed,
    durations,
    figure_build,
)
from kinhaven.stats.forms import DatasetForm, ExportForm, FiltersForm, ReleaseForm, ReportForm
from kinhaven.stats.models import PrivacyDataset, StatExport
from kinhaven.stats.privacy import (
    privacy_budget_left,
    privacy_budget_spent,
    privacy_dataset_create,
    privacy_release,
)
from kinhaven.stats.queries import NATIONAL, Filters, Scope, months_available, regions_available
from kinhaven.stats.releases import release_counts
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
from kinhaven.stats.writers import csv_text


def _chart(figure: Figure, kind: str, csv_url: str) -> dict[str, Any]:
    # Altair is loaded when a chart is drawn, not in every process that serves the URLs.
    from kinhaven.stats import charts

    rows = list(figure.rows)
    if kind == "trend":
        spec = charts.trend_chart(rows, title=figure.title)
    elif kind == "stacked":
        spec = charts.stacked_bar_chart(
            rows, title=figure.title, axis_title=figure.title, series_title=_("Outcome")
        )
    elif kind == "map":
        spec = charts.world_map(
            rows, title=figure.title, topojson_url=static("vendor/world-atlas/countries-110m.json")
        )
    else:
        spec = charts.bar_chart(rows, title=figure.title, axis_title=figure.unit)
    table = charts.chart_table(
        rows,
        row_title=figure.columns[0],
        row_key="month" if kind == "trend" else "label",
        column_key="series"
        if kind == "stacked"
        else "label"
        if kind == "trend" and len({row["label"] for row in rows}) > 1
        else None,
    )
    return {
        "chart_id": f"chart-{figure.code}",
        "title": figure.title,
        "spec": spec,
        "table": table,
        "csv_url": csv_url,
        "figure": figure,
    }


def _filters(request: HttpRequest) -> tuple[FiltersForm, Filters | None, str]:
    """The filters asked for (none: every case), and the dimension the trend follows."""
    form = FiltersForm(request.GET or None)
    if not request.GET:
        return FiltersForm(), Filters(), "cases"
    if not form.is_valid():
        return form, None, "cases"
    try:
        return form, filters_resolve(form.input), form.input.trend
    except ApplicationError as exc:
        form_add_errors(form, exc)
        return form, None, "cases"


def _dashboard(
    request: HttpRequest,
    *,
    user: User,
    scope: Scope,
    figures: tuple[tuple[str, str], ...],
    page: str,
    csv_name: str,
    template: str,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    form, filters, trend = _filters(request)
    context: dict[str, Any] = {"form": form, "scope": scope, **(extra or {})}
    if filters is None:
        return render(request, template, context, status=form_status(form))
    params = filters.as_params()
    if trend != "cases":
        params["trend"] = trend
    query = urlencode(params)
    charts_context = []
    deadline_figure = None
    for code, kind in figures:
        figure = figure_build(code, scope=scope, filters=filters, trend=trend)
        if code == "deadline":
            deadline_figure = figure
        url = reverse(csv_name, args=[code]) + (f"?{query}" if query else "")
        charts_context.append(_chart(figure, kind, url))
    context.update(
        {
            "charts": charts_context,
            "durations": durations(scope=scope, filters=filters),
            "compliance": compliance(deadline_figure) if deadline_figure else [],
            "protected": scope.protected,
        }
    )
    stats_viewed(actor=user, page=page, filters=filters, scope=scope)
    return render(request, template, context)


@login_required
@require_GET
def national(request: HttpRequest) -> HttpResponse:
    user = web_user(request)
    stats_view_require(user)
    first, last = months_available()
    return _dashboard(
        request,
        user=user,
        scope=NATIONAL,
        figures=DASHBOARD,
        page="national",
        csv_name="stats:figure_csv",
        template="stats/national.html",
        extra={"first_month": first, "last_month": last, "regions": regions_available()},
    )


@login_required
@require_GET
def caseload(request: HttpRequest) -> HttpResponse:
    user = web_user(request)
    agency = request.GET.get("scope") == "agency"
    scope = caseload_scope(user, agency=agency)
    return _dashboard(
        request,
        user=user,
        scope=scope,
        figures=CASELOAD,
        page="agency" if agency else "caseload",
        csv_name="stats:caseload_csv",
        template="stats/caseload.html",
        extra={
            "agency_scope": agency,
            "may_see_agency": user.has_capability(Capability.CASE_VIEW_AGENCY),
        },
    )


def _csv(figure: Figure) -> HttpResponse:
    value, label, series, count, status = (
        _("Value"),
        _("Label"),
        _("Series"),
        _("Count"),
        _("Status"),
    )
    has_series = any("series" in row for row in figure.rows)
    columns = [value, label, *([series] if has_series else []), count, status]
    lines = [
        {
            value: row["value"],
            label: row["label"],
            series: row.get("series", ""),
            count: row["n"],
            status: row["status"],
        }
        for row in figure.rows
    ]
    lines.append(
        {value: "total", label: _("Total"), count: figure.total, status: figure.total_status}
    )
    response = HttpResponse(csv_text(columns, lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kinhaven-{figure.code}.csv"'
    return response


def _figure_csv(
    request: HttpRequest, user: User, code: str, *, scope: Scope, codes: set[str]
) -> HttpResponse:
    if code not in codes:
        return render(request, "web/error.html", {"message": _("Page not found.")}, status=404)
    form, filters, trend = _filters(request)
    if filters is None:
        return HttpResponse(_("Check the filters."), status=form_status(form))
    stats_viewed(actor=user, page=f"csv:{code}", filters=filters, scope=scope)
    return _csv(figure_build(code, scope=scope, filters=filters, trend=trend))


@login_required
@require_GET
def figure_csv(request: HttpRequest, code: str) -> HttpResponse:
    user = web_user(request)
    stats_view_require(user)
    return _figure_csv(request, user, code, scope=NATIONAL, codes=FIGURE_CODES)


@login_required
@require_GET
def caseload_csv(request: HttpRequest, code: str) -> HttpResponse:
    user = web_user(request)
    scope = caseload_scope(user, agency=request.GET.get("scope") == "agency")
    return _figure_csv(request, user, code, scope=scope, codes={c for c, _k in CASELOAD})


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The report builder: two dimensions crossed, under the same disclosure control."""
    user = web_user(request)
    stats_view_require(user)
    form = ReportForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if not request.GET:
        return render(request, "stats/report.html", context)
    if not form.is_valid():
        return render(request, "stats/report.html", context, status=form_status(form))
    try:
        filters = filters_resolve(form.input)
    except ApplicationError as exc:
        form_add_errors(form, exc)
        return render(request, "stats/report.html", context, status=form_status(form))
    figure = crossed(form.input.rows, form.input.columns, scope=NATIONAL, filters=filters)
    stats_viewed(actor=user, page="report", filters=filters, scope=NATIONAL)
    context["figure"] = figure
    if figure.refused:
        form.add_error("rows", figure.refused)
        return render(request, "stats/report.html", context, status=422)
    context["chart"] = _chart(figure, "stacked", "")
    if request.GET.get("format") == "csv":
        return _csv(figure)
    return render(request, "stats/report.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def exports(request: HttpRequest) -> HttpResponse:
    user = web_user(request)
    may = {
        "ctdc": user.has_capability(Capability.STATS_EXPORT),
        "htcds": user.has_capability(Capability.STATS_EXPORT_IDENTIFIED),
    }
    if not any(may.values()):
        capability_require(user, Capability.STATS_EXPORT)  # refuses, with the role's words
    form = ExportForm(request.POST or None, allowed=[k for k, ok in may.items() if ok])
    if request.method == "POST":
        if form.is_valid():
            try:
                export_request(actor=user, data=form.input)
            except ApplicationError as exc:
                form_add_errors(form, exc)
            else:
                return redirect("stats:exports")
    status = form_status(form) if request.method == "POST" else 200
    return render(
        request,
        "stats/exports.html",
        {"form": form, "exports": list(exports_of(user)[:50])},
        status=status,
    )


@login_required
@require_GET
def export_status(request: HttpRequest, export_id: str) -> HttpResponse:
    """One export's line, polled while it is being written."""
    user = web_user(request)
    export = export_of(user, export_id)  # type: ignore[arg-type]
    return render(request, "stats/_export_row.html", {"export": export})


@login_required
@require_POST
def export_file(request: HttpRequest, export_id: str) -> HttpResponse:
    user = web_user(request)
    return export_file_response(*export_download(actor=user, export_id=export_id))  # type: ignore[arg-type]


MEDIA_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_file_response(export: StatExport, content: bytes) -> HttpResponse:
    """An export's file as a download, for the pages and the API."""
    response = HttpResponse(content, content_type=MEDIA_TYPES[ExportFormat(export.file_format)])
    response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def releases(request: HttpRequest) -> HttpResponse:
    """The datasets released with noise, their budgets and their ledgers."""
    user = web_user(request)
    stats_view_require(user)
    may_release = user.has_capability(Capability.STATS_RELEASE)
    form = DatasetForm() if may_release else None
    if request.method == "POST":
        capability_require(user, Capability.STATS_RELEASE)
        form = posted = DatasetForm(request.POST)
        if posted.is_valid():
            try:
                dataset = privacy_dataset_create(
                    actor=user,
                    name=posted.input.name,
                    period_from=posted.input.period_from,
                    period_to=posted.input.period_to,
                    epsilon_budget=posted.input.epsilon_budget,
                )
            except ApplicationError as exc:
                form_add_errors(posted, exc)
            else:
                return redirect("stats:dataset", dataset_id=dataset.public_id)
    datasets = [(d, privacy_budget_spent(d)) for d in PrivacyDataset.objects.all()[:100]]
    status = form_status(form) if request.method == "POST" and form is not None else 200
    return render(
        request,
        "stats/releases.html",
        {"form": form, "datasets": datasets, "may_release": may_release},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def dataset(request: HttpRequest, dataset_id: str) -> HttpResponse:
    user = web_user(request)
    stats_view_require(user)
    found = PrivacyDataset.objects.filter(public_id=dataset_id).first()
    if found is None:
        raise NotFound(_("Not found."))
    may_release = user.has_capability(Capability.STATS_RELEASE)
    form = ReleaseForm() if may_release else None
    if request.method == "POST":
        capability_require(user, Capability.STATS_RELEASE)
        form = posted = ReleaseForm(request.POST)
        if posted.is_valid():
            try:
                privacy_release(
                    dataset=found,
                    dimension=posted.input.dimension,
                    epsilon=posted.input.epsilon,
                    counts=release_counts(found, posted.input.dimension),
                    actor=user,
                )
            except ApplicationError as exc:
                form_add_errors(posted, exc)
            else:
                return redirect("stats:dataset", dataset_id=found.public_id)
    status = form_status(form) if request.method == "POST" and form is not None else 200
    return render(
        request,
        "stats/dataset.html",
        {
            "dataset": found,
            "left": privacy_budget_left(found),
            "releases": list(found.releases.all()),
            "form": form,
        },
        status=status,
    )
