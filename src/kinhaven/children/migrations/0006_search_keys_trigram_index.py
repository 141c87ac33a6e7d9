"""On PostgreSQL, a trigram index on the search keys, so that a name search (LIKE '% key%')
reads the index instead of every child. Nothing on SQLite, which has no such index; there the
embedded deployments are small."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "children_child_keys_trgm"


def _index():
    return GinIndex(fields=["search_keys"], opclasses=["gin_trgm_ops"], name=INDEX)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("children", "Child"), _index())


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("children", "Child"), _index())


class Migration(migrations.Migration):
    dependencies = [
        ("children", "0005_rebuild_search_keys"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create, drop),
    ]
