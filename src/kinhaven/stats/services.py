"""The statistics' writes and checks: who may see which figures, and the exports written in the
background (asked for, written, downloaded once)."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import Capability
from kinhaven.accounts.models import Agency, User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.core import keys, time
from kinhaven.core.errors import ApplicationError, ErrorCode, NotFound
from kinhaven.stats.enums import ExportKind, ExportStatus
from kinhaven.stats.models import StatExport
from kinhaven.stats.queries import Filters, Scope
from kinhaven.stats.schemas import ExportIn, FiltersIn

# A ready export is kept this long for its download, then removed unread.
EXPORT_KEEP_HOURS = 24


def stats_view_require(actor: User) -> None:
    capability_require(actor, Capability.STATS_VIEW)


def filters_resolve(data: FiltersIn) -> Filters:
    """The filters in the queries' terms; an agency that does not exist is refused by name."""
    agency_id = None
    if data.agency is not None:
        agency_id = (
            Agency.objects.filter(public_id=data.agency).values_list("pk", flat=True).first()
        )
        if agency_id is None:
            raise ApplicationError(ErrorCode.INVALID, _("No such agency."), field="agency")
    if data.month_from and data.month_to and data.month_from > data.month_to:
        raise ApplicationError(
            ErrorCode.INVALID, _("The period ends before it starts."), field="month_to"
        )
    return Filters(
        month_from=data.month_from,
        month_to=data.month_to,
        region=data.region,
        agency_id=agency_id,
        agency=data.agency,
    )


def caseload_scope(actor: User, *, agency: bool) -> Scope:
    """A caseworker's own cases; a supervisor's whole agency when asked."""
    capability_require(actor, Capability.CASE_VIEW)
    if agency:
        capability_require(actor, Capability.CASE_VIEW_AGENCY)
        if actor.agency_id is None:
            raise ApplicationError(ErrorCode.PERMISSION_DENIED, _("You belong to no agency."))
        return Scope(kind="agency", agency_id=actor.agency_id)
    return Scope(kind="caseload", user_id=actor.pk)


def stats_viewed(*, actor: User, page: str, filters: Filters, scope: Scope) -> None:
    """Leave the audit entry of a look at figures (codes only)."""
    audit_record(
        actor=actor,
        action=AuditAction.STATS_VIEW,
        object_type="stats",
        detail={"page": page, "scope": scope.kind, **filters.as_params()},
    )


def _export_capability(kind: str) -> Capability:
    return (
        Capability.STATS_EXPORT_IDENTIFIED if kind == ExportKind.HTCDS else Capability.STATS_EXPORT
    )


@transaction.atomic
def export_request(*, actor: User, data: ExportIn) -> StatExport:
    """Ask for an export; the worker writes it after the commit."""
    capability_require(actor, _export_capability(data.kind))
    filters = filters_resolve(data)
    export = StatExport.objects.create(
        kind=data.kind,
        file_format=data.file_format,
        parameters=filters.as_params(),
        requested_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.STATS_EXPORT_REQUEST,
        object_type="stats.export",
        object_id=export.public_id,
        detail={"kind": data.kind, "format": data.file_format, **filters.as_params()},
    )
    from kinhaven.stats.tasks import stats_export_write

    transaction.on_commit(lambda: stats_export_write.enqueue(export.pk))
    return export


def exports_of(actor: User) -> Any:
    """The exports the actor asked for, newest first."""
    return StatExport.objects.filter(requested_by=actor)


def export_of(actor: User, export_id: uuid.UUID) -> StatExport:
    """One of the actor's own exports; any other answers not found."""
    export = StatExport.objects.filter(requested_by=actor, public_id=export_id).first()
    if export is None:
        raise NotFound(_("Not found."))
    return export


def _directory() -> Path:
    folder = Path(settings.VAR_DIR) / "exports"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def export_path(export: StatExport) -> Path:
    return _directory() / f"{export.public_id}.bin"


def _seal_file(plain: Path, sealed: Path, aad: bytes) -> None:
    """Encrypt a written file with a key of its own, wrapped by the key-encryption key."""
    data_key, wrapped = keys.data_key_new()
    nonce = secrets.token_bytes(12)
    body = AESGCM(data_key).encrypt(nonce, plain.read_bytes(), aad)
    fd = os.open(sealed, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(len(wrapped).to_bytes(2, "big") + wrapped + nonce + body)


def _open_file(sealed: Path, aad: bytes) -> bytes:
    blob = sealed.read_bytes()
    size = int.from_bytes(blob[:2], "big")
    data_key = keys.key_unwrap(blob[2 : 2 + size])
    nonce, body = blob[2 + size : 14 + size], blob[14 + size :]
    return AESGCM(data_key).decrypt(nonce, body, aad)


def export_write(
    export_id: int,
    rows_for: Callable[
        [StatExport, Callable[[int], None]],
        tuple[list[str], Iterator[dict[str, str]], dict[str, Any]],
    ],
) -> StatExport:
    """Write an export's file (encrypted at rest), keeping its progress up to date."""
    from kinhaven.stats.writers import write_rows

    export = StatExport.objects.get(pk=export_id)
    if export.status != ExportStatus.QUEUED:
        return export
    StatExport.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, progress=0)

    def progress(percent: int) -> None:
        StatExport.objects.filter(pk=export.pk).update(progress=max(0, min(percent, 99)))

    plain = _directory() / f"{export.public_id}.{export.file_format}.part"
    try:
        columns, rows, report = rows_for(export, progress)
        count = write_rows(plain, columns, rows, file_format=export.file_format)
        _seal_file(plain, export_path(export), export.public_id.bytes)
    except ApplicationError as exc:
        StatExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED, error=str(exc.message)[:300], finished_at=time.now()
        )
        export.refresh_from_db()
        return export
    except Exception:
        # The page stops waiting; the error itself goes to the worker's log.
        StatExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED,
            error=_("The export could not be written."),
            finished_at=time.now(),
        )
        raise
    finally:
        plain.unlink(missing_ok=True)
    with transaction.atomic():
        StatExport.objects.filter(pk=export.pk).update(
            status=ExportStatus.READY,
            progress=100,
            rows=count,
            report=report,
            file_name=f"kinhaven-{export.kind}-{export.created_at:%Y%m%d-%H%M}.{export.file_format}",
            finished_at=time.now(),
        )
        audit_record(
            actor=None,
            action=AuditAction.STATS_EXPORT_WRITE,
            object_type="stats.export",
            object_id=export.public_id,
            detail={"kind": export.kind, "rows": count},
        )
    export.refresh_from_db()
    return export


@transaction.atomic
def export_download(*, actor: User, export_id: uuid.UUID) -> tuple[StatExport, bytes]:
    """The export's file, once: it is removed as it is handed over."""
    export = export_of(actor, export_id)
    export = StatExport.objects.select_for_update().get(pk=export.pk)
    capability_require(actor, _export_capability(export.kind))
    if export.status != ExportStatus.READY:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("This export is not ready, or was already downloaded."),
            field="status",
        )
    path = export_path(export)
    content = _open_file(path, export.public_id.bytes)
    export.status = ExportStatus.GONE
    export.downloaded_at = time.now()
    export.save(update_fields=["status", "downloaded_at", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.STATS_EXPORT_DOWNLOAD,
        object_type="stats.export",
        object_id=export.public_id,
        detail={"kind": export.kind, "rows": export.rows},
    )
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
    return export, content


def exports_expire() -> int:
    """Remove the files of exports not downloaded in time."""
    cutoff = time.now() - dt.timedelta(hours=EXPORT_KEEP_HOURS)
    stale = list(StatExport.objects.filter(status=ExportStatus.READY, finished_at__lt=cutoff))
    for export in stale:
        export_path(export).unlink(missing_ok=True)
        StatExport.objects.filter(pk=export.pk).update(status=ExportStatus.GONE)
    return len(stale)
