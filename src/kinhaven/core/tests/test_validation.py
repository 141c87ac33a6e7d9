"""The one validation path: a form and a service caller meet the input model's checks."""

from typing import Annotated

import pytest
from django import forms
from pydantic import BaseModel, ConfigDict, Field

from kinhaven.core.errors import FieldErrors
from kinhaven.core.forms import InputForm
from kinhaven.core.validation import CountryCode, NoNul, SingleLine, input_validate


class PlaceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(max_length=5), NoNul, SingleLine] = ""
    country: CountryCode = ""


class PlaceForm(InputForm[PlaceIn]):
    input_model = PlaceIn

    # No limit of their own: the model's are the form's.
    name = forms.CharField(required=False)
    country = forms.CharField(required=False)


def test_the_form_shows_the_models_errors_under_their_fields_in_djangos_words() -> None:
    form = PlaceForm({"name": "Kyiv  Oblast", "country": "QQQ"})
    assert not form.is_valid()
    assert form.errors["name"] == ["Ensure this value has at most 5 characters (it has 12)."]
    assert form.errors["country"] == [
        "Unknown country code: use ISO 3166-1 alpha-3, such as UKR or AFG."
    ]
    form = PlaceForm({"name": " Kyiv ", "country": "ukr"})
    assert form.is_valid(), form.errors
    assert (form.input.name, form.input.country) == ("Kyiv", "UKR")


def test_a_service_caller_gets_field_errors_naming_every_bad_field() -> None:
    with pytest.raises(FieldErrors) as caught:
        input_validate(PlaceIn, {"name": "a\x00", "country": "UA", "colour": "red"})
    assert set(caught.value.errors) == {"name", "country", "colour"}
    assert caught.value.errors["colour"] == "Unknown field."


def test_icaos_codes_for_persons_name_a_nationality_but_no_country() -> None:
    from kinhaven.core.validation import validate_country

    assert validate_country(" xxa ") == "XXA"  # a stateless child's nationality
    assert validate_country("ukr", persons=False) == "UKR"
    for code in ("XXA", "XXB", "XXC", "xxx"):
        with pytest.raises(ValueError, match="are for a person's nationality"):
            validate_country(code, persons=False)
    with pytest.raises(ValueError, match="Unknown country code"):
        validate_country("QQQ", persons=False)
