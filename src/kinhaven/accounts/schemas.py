from ninja import Schema
from pydantic import ConfigDict, Field


class TokenIn(Schema):
    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=1024)
    otp: str = Field(min_length=1, max_length=10, description="current code of the TOTP app")


class TokenOut(Schema):
    token: str
