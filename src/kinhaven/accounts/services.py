"""Writes on agencies, teams, roles, users and API tokens."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from kinhaven.accounts.enums import (
    DEFAULT_ROLE_CAPABILITIES,
    DEFAULT_ROLE_SECTIONS,
    Capability,
    OrganisationType,
    RoleCode,
)
from kinhaven.accounts.models import Agency, ApiToken, Role, Team, User
from kinhaven.accounts.otp import totp_confirmed_device, totp_verify
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.languages import staff_languages


def capability_require(actor: User, capability: Capability) -> None:
    """Refuse an action the actor's role does not allow."""
    if not actor.has_capability(capability):
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED, _("Your role does not allow this action.")
        )


@transaction.atomic
def roles_ensure_defaults() -> dict[str, Role]:
    """Create the default roles that are missing; leave edited ones as they are."""
    roles = {}
    for code, capabilities in DEFAULT_ROLE_CAPABILITIES.items():
        readable, writable = DEFAULT_ROLE_SECTIONS[code]
        role, _created = Role.objects.get_or_create(
            code=code.value,
            defaults={
                "name": str(code.label),
                "capabilities": [str(c) for c in capabilities],
                "sections_read": [s.value for s in readable],
                "sections_write": [s.value for s in writable],
            },
        )
        roles[code.value] = role
    return roles


@transaction.atomic
def agency_create(
    *,
    name: str,
    country: str,
    organisation_type: OrganisationType,
    teams: list[str] | None = None,
    receives_public_reports: bool = False,
    region: str = "",
) -> Agency:
    """Create an agency, with its teams."""
    agency = Agency.objects.create(
        name=name,
        country=country,
        region=region,
        organisation_type=organisation_type,
        receives_public_reports=receives_public_reports,
    )
    for team in teams or []:
        team_create(agency=agency, name=team)
    return agency


@transaction.atomic
def team_create(*, agency: Agency, name: str) -> Team:
    """Create a team inside an agency."""
    return Team.objects.create(agency=agency, name=name)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: RoleCode,
    agency: Agency | None,
    team: Team | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """Create a staff user with a hashed password."""
    role_obj = Role.objects.get(code=role.value)
    user = User(
        username=username,
        role=role_obj,
        agency=agency,
        team=team,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    user.set_password(password)
    user.save()
    return user


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, request: HttpRequest, username: str, password: str, otp: str) -> str | None:
    """Check password and second factor; return a new raw bearer token, or None if wrong."""
    user = authenticate(request, username=username, password=password)
    if user is None or not isinstance(user, User):
        return None
    device = totp_confirmed_device(user)
    if device is None or not totp_verify(user=user, device=device, code=otp):
        return None
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=user,
        digest=_digest(raw),
        expires_at=time.now() + dt.timedelta(hours=settings.KINHAVEN_API_TOKEN_HOURS),
    )
    audit_record(
        actor=user,
        action=AuditAction.AUTH_TOKEN_ISSUE,
        object_type="user",
        object_id=user.public_id,
    )
    return raw


def api_token_user(raw: str) -> User | None:
    """Return the active user behind a valid, unexpired, unrevoked token."""
    token = (
        ApiToken.objects.select_related("user__role", "user__agency", "user__team")
        .filter(
            digest=_digest(raw),
            revoked_at__isnull=True,
            expires_at__gt=time.now(),
            user__is_active=True,
        )
        .first()
    )
    return token.user if token else None


def _api_tokens_revoke_all(*, user: User) -> int:
    """Revoke every live token of the user; return how many were live.

    The one way a change of credentials reaches the API: a bearer token must not outlive the
    account or the password that issued it.
    """
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=time.now())


@transaction.atomic
def user_deactivate(*, actor: User, user: User) -> User:
    """Disable a user of the actor's agency: their sessions end on the next request, their
    tokens now."""
    capability_require(actor, Capability.USER_MANAGE)
    if actor.agency_id is None or user.agency_id != actor.agency_id:
        raise ApplicationError(
            ErrorCode.PERMISSION_DENIED,
            _("Only the administrators of the user's agency may deactivate them."),
            field="user",
        )
    if user.pk == actor.pk:
        # An agency must not lose its last administrator by a slip: another one does it.
        raise ApplicationError(
            ErrorCode.CONFLICT, _("You cannot deactivate your own account."), field="user"
        )
    # Conditional, so that of two administrators at once only one deactivates and audits.
    if not User.objects.filter(pk=user.pk, is_active=True).update(is_active=False):
        raise ApplicationError(
            ErrorCode.CONFLICT, _("This user is deactivated already."), field="user"
        )
    _api_tokens_revoke_all(user=user)
    audit_record(
        actor=actor,
        action=AuditAction.USER_DEACTIVATE,
        object_type="user",
        object_id=user.public_id,
    )
    user.refresh_from_db()
    return user


@transaction.atomic
def user_password_set(*, actor: User | None, user: User, password: str) -> User:
    """Set a user's password: their tokens are revoked now, their other sessions end.

    The actor is the user (own change, old password checked by the caller), a user manager,
    or None for an operator at the command line. Sessions need no step here: each one carries
    a hash of the password, which Django checks on every request, so every session opened
    with the old password ends; the caller keeps its own with `update_session_auth_hash`.
    """
    if actor is not None and actor.pk != user.pk:
        capability_require(actor, Capability.USER_MANAGE)
    user.set_password(password)
    user.save(update_fields=["password"])
    revoked = _api_tokens_revoke_all(user=user)
    audit_record(
        actor=actor,
        action=AuditAction.USER_PASSWORD_SET,
        object_type="user",
        object_id=user.public_id,
        detail={"tokens_revoked": revoked},
    )
    return user


@transaction.atomic
def api_token_revoke(*, raw: str, actor: User) -> bool:
    """Revoke one of the actor's tokens; tell whether one was revoked."""
    revoked = ApiToken.objects.filter(
        digest=_digest(raw), user=actor, revoked_at__isnull=True
    ).update(revoked_at=time.now())
    if revoked:
        audit_record(
            actor=actor,
            action=AuditAction.AUTH_TOKEN_REVOKE,
            object_type="user",
            object_id=actor.public_id,
        )
    return bool(revoked)


def user_language_set(*, user: User, language: str) -> User:
    """Keep the interface language the user chose, one of the staff languages."""
    if language not in staff_languages():
        raise ApplicationError(
            ErrorCode.INVALID,
            _("Choose one of the interface's languages."),
            field="language",
        )
    user.language = language
    user.save(update_fields=["language"])
    return user
