from kinhaven.children.models import Child
from kinhaven.children.templatetags.child_names import child_name


def test_a_name_and_its_latin_form_are_each_isolated_in_their_direction() -> None:
    child = Child(
        given_name="سامر",
        family_name="الحلبي",
        given_name_latin="Samer",
        family_name_latin="al-Halbi",
    )
    assert child_name(child) == "<bdi>سامر الحلبي</bdi> (<bdi>Samer al-Halbi</bdi>)"


def test_one_script_one_part_and_no_name_nothing() -> None:
    assert child_name(Child(given_name="Mira", given_name_latin="Mira")) == "<bdi>Mira</bdi>"
    assert child_name(Child()) == ""
    assert child_name("<b>") == "<bdi>&lt;b&gt;</bdi>"
