"""The lines of each export: the CTDC dataset from the case facts (anonymised, k-anonymous), and
the HTCDS 2.0 records of the cases the person who asked may see (identified, audited)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.cases.models import Case
from kinhaven.cases.selectors import case_visibility_q
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.identification.models import IdentificationDecision
from kinhaven.intake.models import Report
from kinhaven.stats.ctdc import CTDC_QUASI_IDENTIFIERS, ctdc_columns, ctdc_row, k_anonymise
from kinhaven.stats.enums import K_THRESHOLD, ExportKind
from kinhaven.stats.htcds_export import htcds_fields, htcds_row
from kinhaven.stats.models import CaseFact, StatExport
from kinhaven.stats.queries import NATIONAL, facts_in
from kinhaven.stats.schemas import FiltersIn
from kinhaven.stats.services import filters_resolve

Rows = tuple[list[str], Iterator[dict[str, str]], dict[str, Any]]
Progress = Callable[[int], None]


def _facts(export: StatExport) -> QuerySet[CaseFact]:
    """The facts the export was asked for, by the filters it was asked with."""
    return facts_in(NATIONAL, filters_resolve(FiltersIn(**export.parameters)))


def ctdc_rows(export: StatExport, progress: Progress) -> Rows:
    facts = _facts(export).order_by("pk")
    total = facts.count() or 1
    rows = []
    for index, fact in enumerate(facts.iterator(chunk_size=2000)):
        rows.append(ctdc_row(fact, country_of_exploitation=settings.KINHAVEN_COUNTRY))
        if index % 2000 == 0:
            progress(80 * index // total)
    released, report = k_anonymise(rows, quasi_identifiers=CTDC_QUASI_IDENTIFIERS, k=K_THRESHOLD)
    progress(90)
    return ctdc_columns(), iter(released), report


def htcds_rows(export: StatExport, progress: Progress) -> Rows:
    """The cases the person who asked may see now (deny by default, as on every page), each
    child's reading recorded in one audit entry."""
    user = export.requested_by
    # Whoever asked must still be allowed to when the file is written.
    if not user.is_active or not user.has_capability(Capability.STATS_EXPORT_IDENTIFIED):
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED, _("You may no longer export identified data.")
        )
    cases = Case.objects.filter(case_visibility_q(user)).select_related("child").order_by("pk")
    if export.parameters:
        cases = cases.filter(pk__in=_facts(export).values("case_id"))
    case_list = list(cases)
    audit_record(
        actor=user,
        action=AuditAction.CHILD_EXPORT_HTCDS,
        object_type="child",
        object_ids=[case.child.public_id for case in case_list],
        detail={"export": str(export.public_id), "cases": len(case_list)},
    )
    child_ids = [case.child_id for case in case_list]
    decisions: dict[int, list[IdentificationDecision]] = {}
    for decision in IdentificationDecision.objects.filter(child_id__in=child_ids).order_by(
        "created_at", "id"
    ):
        decisions.setdefault(decision.child_id, []).append(decision)
    forms: dict[int, set[str]] = {}
    for case_id, types in Report.objects.filter(case__in=case_list).values_list(
        "case_id", "exploitation_types"
    ):
        forms.setdefault(case_id, set()).update(types or [])

    def lines() -> Iterator[dict[str, str]]:
        for index, case in enumerate(case_list):
            if index % 200 == 0:
                progress(90 * index // max(len(case_list), 1))
            yield htcds_row(
                case.child,
                case,
                decisions=decisions.get(case.child_id, []),
                exploitation=sorted(forms.get(case.pk, set())),
            )

    return htcds_fields(), lines(), {"cases": len(case_list)}


def rows_for(export: StatExport, progress: Progress) -> Rows:
    return (ctdc_rows if export.kind == ExportKind.CTDC else htcds_rows)(export, progress)
