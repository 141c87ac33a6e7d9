"""Input of the statistics (filters, reports, exports, releases) and the API's output."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from typing import Annotated, Any

from django.utils.translation import gettext_lazy
from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field

from kinhaven.core.validation import NoNul, invalid, one_of
from kinhaven.stats.enums import ExportFormat, ExportKind
from kinhaven.stats.figures import TRENDS
from kinhaven.stats.queries import CROSSABLE

_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _month(value: Any) -> Any:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value.replace(day=1)
    if not isinstance(value, str) or not _MONTH.fullmatch(value):
        raise invalid(gettext_lazy("Enter a month as YYYY-MM."))
    year, month = value.split("-")
    return dt.date(int(year), int(month), 1)


Month = Annotated[dt.date | None, BeforeValidator(_month)]
Region = Annotated[str, Field(max_length=10, pattern=r"^[A-Z0-9-]*$"), NoNul]


class FiltersIn(Schema):
    """Which cases the figures count: opened from one month to another, in a region (ISO 3166-2),
    by an agency."""

    model_config = ConfigDict(extra="forbid")

    month_from: Month = Field(default=None, description="YYYY-MM")
    month_to: Month = Field(default=None, description="YYYY-MM")
    region: Region = ""
    agency: uuid.UUID | None = None


class DashboardIn(FiltersIn):
    """The filters, and which dimension the dashboard's trend follows by month."""

    trend: Annotated[str, one_of(TRENDS, gettext_lazy("Choose a trend the dashboard offers."))] = (
        "cases"
    )


class ReportIn(FiltersIn):
    """A two-way table of children: a dimension for the rows and one for the columns."""

    rows: Annotated[str, one_of(CROSSABLE, gettext_lazy("Choose a dimension the report offers."))]
    columns: Annotated[
        str, one_of(CROSSABLE, gettext_lazy("Choose a dimension the report offers."))
    ]


class ExportIn(FiltersIn):
    kind: Annotated[str, one_of(ExportKind.values, gettext_lazy("Choose an export."))]
    file_format: Annotated[
        str, one_of(ExportFormat.values, gettext_lazy("Choose CSV or XLSX."))
    ] = ExportFormat.CSV


class DatasetIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(min_length=1, max_length=200), NoNul]
    period_from: dt.date
    period_to: dt.date
    epsilon_budget: float = Field(description="the privacy budget all releases share")


class ReleaseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    dimension: str
    epsilon: float


class FigureRowOut(Schema):
    value: str
    label: str
    n: int | None = Field(description="null where the figure is suppressed")
    status: str = Field(description="published or suppressed")
    month: str | None = None
    series: str | None = None


class FigureOut(Schema):
    code: str
    title: str
    unit: str
    rows: list[FigureRowOut]
    total: int | None
    protected: bool = Field(description="counts under 11 suppressed, the rest perturbed by ±2")
    perturbed: bool
    refused: str = ""


class ExportOut(Schema):
    id: uuid.UUID
    kind: str
    file_format: str
    status: str
    progress: int
    rows: int | None
    report: dict[str, Any]
    error: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    download: str | None = Field(description="where to download it, once ready")


class DatasetOut(Schema):
    id: uuid.UUID
    name: str
    period_from: dt.date
    period_to: dt.date
    epsilon_budget: float
    epsilon_spent: float


class ReleaseOut(Schema):
    id: uuid.UUID
    dataset: uuid.UUID
    dimension: str
    epsilon: float
    mechanism: str
    result: list[tuple[str, int]]
    created_at: dt.datetime
