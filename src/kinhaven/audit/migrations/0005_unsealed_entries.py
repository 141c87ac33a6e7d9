"""Entries are written unsealed, with a MAC of their content, and sealed into the chain later.

Every existing entry already has its place in the chain: it counts as sealed as it is (a sealed
entry is one with a `seq`), and keeps the hash it was given. On PostgreSQL the trigger that
refused every UPDATE is replaced by one that lets the chain fields of an unsealed entry be set
once, in chain order, and nothing else; another refuses entries inserted already sealed.
"""

from django.db import migrations, models

SEAL_ONLY_SQL = """
CREATE OR REPLACE FUNCTION audit_entry_seal_only() RETURNS trigger AS $$
DECLARE
    chain_fields text[] := ARRAY['seq', 'prev_hash', 'entry_hash', 'entry_mac'];
BEGIN
    IF OLD.seq IS NOT NULL OR OLD.prev_hash IS NOT NULL OR OLD.entry_hash IS NOT NULL
            OR OLD.entry_mac IS NOT NULL THEN
        RAISE EXCEPTION 'audit entries are append-only: a sealed entry cannot change';
    END IF;
    IF NEW.seq IS NULL OR NEW.prev_hash IS NULL OR NEW.entry_hash IS NULL
            OR NEW.entry_mac IS NULL THEN
        RAISE EXCEPTION 'audit entries are append-only: a seal sets every chain field';
    END IF;
    -- Every column but the chain fields, including any added later, stays as written.
    IF (to_jsonb(NEW) - chain_fields) IS DISTINCT FROM (to_jsonb(OLD) - chain_fields) THEN
        RAISE EXCEPTION 'audit entries are append-only: only the chain fields can be set';
    END IF;
    -- The chain grows by one place at a time, from its last entry: no gap, no fork.
    IF NEW.seq = 1 THEN
        IF NEW.prev_hash <> repeat('0', 64) THEN  -- kinhaven.audit.chain.GENESIS
            RAISE EXCEPTION 'audit entries are append-only: entry 1 must start the chain';
        END IF;
    ELSIF NOT EXISTS (
        SELECT 1 FROM audit_auditentry WHERE seq = NEW.seq - 1 AND entry_hash = NEW.prev_hash
    ) THEN
        RAISE EXCEPTION 'audit entries are append-only: entry % does not follow the chain',
            NEW.seq;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION audit_entry_written_unsealed() RETURNS trigger AS $$
BEGIN
    IF NEW.seq IS NOT NULL OR NEW.prev_hash IS NOT NULL OR NEW.entry_hash IS NOT NULL
            OR NEW.entry_mac IS NOT NULL THEN
        RAISE EXCEPTION 'audit entries are append-only: an entry is written unsealed';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS audit_entry_no_update ON audit_auditentry;
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_seal_only();
CREATE TRIGGER audit_entry_unsealed_insert BEFORE INSERT ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_written_unsealed();
"""

# Back to 0004: every UPDATE refused again.
APPEND_ONLY_SQL = """
DROP TRIGGER IF EXISTS audit_entry_unsealed_insert ON audit_auditentry;
DROP TRIGGER IF EXISTS audit_entry_no_update ON audit_auditentry;
CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
DROP FUNCTION IF EXISTS audit_entry_written_unsealed();
DROP FUNCTION IF EXISTS audit_entry_seal_only();
"""


def seal_only_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # No parameters: the % in the messages is PL/pgSQL's, not a placeholder.
        schema_editor.execute(SEAL_ONLY_SQL, None)


def append_only_triggers(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    if AuditEntry.objects.filter(seq__isnull=True).exists():
        # The columns become required again; `kinhaven audit seal` first.
        raise RuntimeError("unsealed audit entries: seal them before going back")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY_SQL)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_entry_mac_backfill")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="uid",
            field=models.UUIDField(editable=False, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="auditentry",
            name="content_mac",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="seq",
            field=models.PositiveBigIntegerField(
                blank=True, null=True, unique=True, verbose_name="sequence"
            ),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="prev_hash",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="entry_hash",
            field=models.CharField(max_length=64, null=True, unique=True),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="entry_mac",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.AlterModelOptions(
            name="auditentry",
            options={
                "ordering": ["id"],
                "verbose_name": "audit entry",
                "verbose_name_plural": "audit entries",
            },
        ),
        migrations.AddIndex(
            model_name="auditentry",
            index=models.Index(
                condition=models.Q(("seq__isnull", True)),
                fields=["id"],
                name="audit_entry_unsealed",
            ),
        ),
        migrations.RunPython(seal_only_triggers, append_only_triggers),
    ]
