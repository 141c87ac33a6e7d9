from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from kinhaven.accounts.auth import request_user
from kinhaven.accounts.schemas import TokenIn, TokenOut
from kinhaven.accounts.services import api_token_issue, api_token_revoke
from kinhaven.core.errors import ApplicationError, ErrorCode

router = Router(tags=["auth"])


@router.post("/token", auth=None, response=TokenOut)
def token_create(request: HttpRequest, payload: TokenIn) -> TokenOut:
    raw = api_token_issue(
        request=request, username=payload.username, password=payload.password, otp=payload.otp
    )
    if raw is None:
        # One answer for every failure, so accounts cannot be probed.
        raise ApplicationError(ErrorCode.UNAUTHENTICATED, _("Wrong username, password or code."))
    return TokenOut(token=raw)


@router.post("/token/revoke", response={204: None})
def token_revoke(request: HttpRequest) -> Status[None]:
    raw = request.headers.get("Authorization", "").partition(" ")[2]
    api_token_revoke(raw=raw, actor=request_user(request))
    return Status(204, None)
