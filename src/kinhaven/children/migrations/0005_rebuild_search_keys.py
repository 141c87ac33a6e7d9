"""Rebuild every child's search keys with the one name normaliser (children.names), and give
names in Arabic script the readable Latin form where the stored one is the letter-by-letter
transliteration made before ("mhmd lhsyny" becomes "Mohamed al-Hosseini"). A Latin form that
someone typed differently is kept.

This runs the current code of children.names on purpose: the keys must be the ones the search
looks for.
"""

import re
import unicodedata

from anyascii import anyascii
from django.db import migrations

from kinhaven.children.names import search_keys, to_latin

CHUNK = 1000
_ARABIC = re.compile(r"[\u0600-\u06ff]")


def _letter_by_letter(text):
    # The Latin form as it was made before this migration.
    return " ".join(anyascii(unicodedata.normalize("NFKC", text)).split())


def _readable(native, latin):
    if native and _ARABIC.search(native) and latin == _letter_by_letter(native):
        return to_latin(native)
    return latin


def rebuild(apps, schema_editor):
    Child = apps.get_model("children", "Child")
    ChildAlias = apps.get_model("children", "ChildAlias")
    last = 0
    while True:
        children = list(Child.objects.filter(pk__gt=last).order_by("pk")[:CHUNK])
        if not children:
            break
        last = children[-1].pk
        aliases = {}
        changed_aliases = []
        for alias in ChildAlias.objects.filter(child_id__in=[c.pk for c in children]):
            aliases.setdefault(alias.child_id, []).append(alias.name)
            latin = _readable(alias.name, alias.name_latin)
            if latin != alias.name_latin:
                alias.name_latin = latin
                changed_aliases.append(alias)
        for child in children:
            child.given_name_latin = _readable(child.given_name, child.given_name_latin)
            child.family_name_latin = _readable(child.family_name, child.family_name_latin)
            names = [
                child.given_name,
                child.family_name,
                child.given_name_latin,
                child.family_name_latin,
            ]
            child.search_keys = search_keys([*names, *aliases.get(child.pk, [])])
        Child.objects.bulk_update(
            children, ["given_name_latin", "family_name_latin", "search_keys"]
        )
        ChildAlias.objects.bulk_update(changed_aliases, ["name_latin"])


class Migration(migrations.Migration):
    dependencies = [
        ("children", "0004_break_glass_agreement"),
    ]

    operations = [
        migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=True),
    ]
