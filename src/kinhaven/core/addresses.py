"""The client's network address, as the rate limits and the custody logs record it."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's address: behind trusted proxies, the nearest one they forwarded for."""
    address = str(request.META.get("REMOTE_ADDR", ""))
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    while address in settings.KINHAVEN_TRUSTED_PROXIES and forwarded and forwarded[-1]:
        address = forwarded.pop()
    return address
