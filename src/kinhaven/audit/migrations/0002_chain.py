import datetime as dt

from django.db import migrations, models

from kinhaven.audit import chain


def backfill_chain(apps, schema_editor):
    # A frozen copy of audit.services.entry_content as it was when the chain began: migrations
    # must not follow later changes of the application code.
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditHead = apps.get_model("audit", "AuditHead")
    prev = chain.GENESIS
    seq = 0
    for entry in AuditEntry.objects.order_by("id").iterator():
        seq += 1
        entry.seq = seq
        entry.occurred_at = entry.occurred_at.replace(microsecond=0)
        content = {
            "seq": seq,
            "occurred_at": entry.occurred_at.astimezone(dt.UTC).isoformat(),
            "actor_id": entry.actor_id,
            "actor_role": entry.actor_role,
            "actor_agency": str(entry.actor_agency) if entry.actor_agency else None,
            "action": entry.action,
            "purpose": entry.purpose,
            "object_type": entry.object_type,
            "object_id": str(entry.object_id) if entry.object_id else None,
            "object_ids": list(entry.object_ids),
            "outcome": entry.outcome,
            "request_id": entry.request_id,
            "detail": entry.detail,
        }
        entry.prev_hash = prev
        entry.entry_hash = chain.entry_hash(content, prev)
        entry.save(update_fields=["seq", "occurred_at", "prev_hash", "entry_hash"])
        prev = entry.entry_hash
    AuditHead.objects.create(pk=1, size=seq, last_hash=prev)


APPEND_ONLY_SQL = """
CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
"""

DROP_SQL = """
DROP TRIGGER IF EXISTS audit_entry_no_update ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_entry_no_delete ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_entry_append_only();
"""


def add_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        migrations.AddField("auditentry", "seq", models.PositiveBigIntegerField(null=True)),
        migrations.AddField(
            "auditentry", "purpose", models.CharField(blank=True, default="", max_length=60)
        ),
        migrations.AddField("auditentry", "prev_hash", models.CharField(default="", max_length=64)),
        migrations.AddField("auditentry", "entry_hash", models.CharField(max_length=64, null=True)),
        migrations.CreateModel(
            name="AuditHead",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("size", models.PositiveBigIntegerField(default=0)),
                ("last_hash", models.CharField(max_length=64)),
            ],
        ),
        migrations.CreateModel(
            name="AuditCheckpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("tree_size", models.PositiveBigIntegerField(unique=True)),
                ("root_hash", models.CharField(max_length=64)),
                ("signed_at", models.CharField(max_length=40)),
                ("key_id", models.CharField(max_length=16)),
                ("signature", models.CharField(max_length=128)),
            ],
            options={"ordering": ["tree_size"]},
        ),
        migrations.RunPython(backfill_chain, migrations.RunPython.noop),
        migrations.AlterField(
            "auditentry",
            "seq",
            models.PositiveBigIntegerField(unique=True, verbose_name="sequence"),
        ),
        migrations.AlterField(
            "auditentry", "entry_hash", models.CharField(max_length=64, unique=True)
        ),
        migrations.AlterField(
            "auditentry",
            "purpose",
            models.CharField(blank=True, max_length=60, verbose_name="purpose"),
        ),
        migrations.AlterField("auditentry", "prev_hash", models.CharField(max_length=64)),
        migrations.AlterModelOptions(
            name="auditentry",
            options={
                "ordering": ["seq"],
                "verbose_name": "audit entry",
                "verbose_name_plural": "audit entries",
            },
        ),
        migrations.RunPython(add_triggers, drop_triggers),
    ]
