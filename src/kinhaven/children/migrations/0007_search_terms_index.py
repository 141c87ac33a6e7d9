"""On PostgreSQL, name search reads a GIN index of each child's search terms: every start of
each name key, and each whole skeleton (children.names.search_terms, which this function
mirrors). A word of a query is then one or two exact lookups in that index, where the trigram
index it replaces read many trigrams and rechecked rows. Nothing on SQLite.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

TRIGRAM_INDEX = "children_child_keys_trgm"
INDEX = "children_child_terms"

FUNCTION = """
CREATE OR REPLACE FUNCTION kinhaven_name_terms(keys text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(
    array_agg(DISTINCT CASE WHEN left(t, 1) = '~' THEN t ELSE left(t, n) END),
    '{}'::text[]
  )
  FROM unnest(string_to_array(btrim(keys), ' ')) AS t,
       generate_series(1, CASE WHEN left(t, 1) = '~' THEN 1 ELSE length(t) END) AS n
  WHERE t <> ''
$$
"""


def _trigram_index():
    return GinIndex(fields=["search_keys"], opclasses=["gin_trgm_ops"], name=TRIGRAM_INDEX)


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(
        f"CREATE INDEX {INDEX} ON children_child USING gin (kinhaven_name_terms(search_keys))"
    )
    schema_editor.remove_index(apps.get_model("children", "Child"), _trigram_index())


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.add_index(apps.get_model("children", "Child"), _trigram_index())
    schema_editor.execute(f"DROP INDEX {INDEX}")
    schema_editor.execute("DROP FUNCTION kinhaven_name_terms(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("children", "0006_search_keys_trigram_index"),
    ]

    operations = [migrations.RunPython(create, drop)]
