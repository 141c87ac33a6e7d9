"""The second factor: TOTP devices, enrolment by QR code, single-use codes."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import quote

import segno
from django.conf import settings
from django.db import transaction
from django_otp.oath import TOTP  # type: ignore[import-untyped]  # no type marker
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]  # no type marker

from kinhaven.accounts.models import User
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.enums import Outcome
from kinhaven.audit.services import audit_record

DEVICE_NAME = "authenticator"


def totp_confirmed_device(user: User) -> TOTPDevice | None:
    """Return the user's confirmed TOTP device, if enrolment is done."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def totp_enrolment_start(*, user: User) -> TOTPDevice:
    """Return the user's pending device, creating one with a fresh secret if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def provisioning_uri(device: TOTPDevice) -> str:
    issuer = settings.OTP_TOTP_ISSUER
    label = quote(f"{issuer}:{device.user.get_username()}")
    return (
        f"otpauth://totp/{label}?secret={secret_base32(device)}&issuer={quote(issuer)}"
        f"&digits={device.digits}&period={device.step}"
    )


def qr_svg(device: TOTPDevice) -> str:
    """Return the enrolment QR code as an inline SVG element (no script, no style)."""
    return str(segno.make(provisioning_uri(device), error="m").svg_inline(scale=5, border=2))


@transaction.atomic
def totp_verify(*, user: User, device: TOTPDevice, code: str) -> bool:
    """Check a code once; confirm a pending device on its first good code. Audited."""
    code = "".join(code.split())
    ok = code.isdigit() and len(code) == device.digits and device.verify_token(code)
    if ok and not device.confirmed:
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    audit_record(
        actor=user,
        action=AuditAction.AUTH_SECOND_FACTOR,
        object_type="user",
        object_id=user.public_id,
        outcome=Outcome.ALLOWED if ok else Outcome.DENIED,
    )
    return bool(ok)


def demo_secret(username: str) -> bytes:
    """The fixed TOTP secret of a demo account: public, for demonstrations only."""
    return hashlib.sha256(f"kinhaven-demo-totp:{username}".encode()).digest()[:20]


@transaction.atomic
def totp_device_set(*, user: User, secret: bytes) -> TOTPDevice:
    """Give a user a confirmed device with a known secret (demo accounts)."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True, key=secret.hex())


def current_code(secret: bytes, offset_steps: int = 0) -> str:
    """Compute the TOTP code for a secret now (offset in 30-second steps)."""
    totp = TOTP(secret)
    totp.time = totp.time + offset_steps * totp.step
    return f"{totp.token():06d}"
