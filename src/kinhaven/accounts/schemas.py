from ninja import Schema
from pydantic import ConfigDict, Field

from kinhaven.core.schemas import Text


class TokenIn(Schema):
    model_config = ConfigDict(extra="forbid")

    username: Text = Field(min_length=1, max_length=150)
    password: Text = Field(min_length=1, max_length=1024)
    otp: Text = Field(min_length=1, max_length=10, description="current code of the TOTP app")


class TokenOut(Schema):
    token: str
