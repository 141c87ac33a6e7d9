"""Entries get a MAC; the head row goes (the application role may not UPDATE audit tables)."""

from django.db import migrations, models

from kinhaven.audit import chain


def restore_head(apps, schema_editor):
    # Going back: the head row the earlier code locks to append, at the log's tip.
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditHead = apps.get_model("audit", "AuditHead")
    last = AuditEntry.objects.order_by("-seq").values_list("seq", "entry_hash").first()
    size, last_hash = last if last is not None else (0, chain.GENESIS)
    AuditHead.objects.create(pk=1, size=size, last_hash=last_hash)


CHECKPOINT_TRIGGERS_SQL = """
CREATE OR REPLACE FUNCTION audit_checkpoint_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit checkpoints are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_auditcheckpoint
    FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_append_only();
CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_auditcheckpoint
    FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_append_only();
"""

DROP_CHECKPOINT_TRIGGERS_SQL = """
DROP TRIGGER IF EXISTS audit_checkpoint_no_update ON audit_auditcheckpoint;
DROP TRIGGER IF EXISTS audit_checkpoint_no_delete ON audit_auditcheckpoint;
DROP FUNCTION IF EXISTS audit_checkpoint_append_only();
"""


def add_checkpoint_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CHECKPOINT_TRIGGERS_SQL)


def drop_checkpoint_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_CHECKPOINT_TRIGGERS_SQL)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="entry_mac",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(migrations.RunPython.noop, restore_head),
        migrations.DeleteModel(name="AuditHead"),
        migrations.RunPython(add_checkpoint_triggers, drop_checkpoint_triggers),
    ]
