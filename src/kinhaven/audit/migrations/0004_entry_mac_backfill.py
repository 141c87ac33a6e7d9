"""The MAC of every entry written before entries had one."""

from django.db import migrations

from kinhaven.audit import chain, signing

BATCH = 2000


def backfill_macs(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    if not AuditEntry.objects.filter(entry_mac="").exists():
        return
    # The key comes from KINHAVEN_AUDIT_KEY_FILE, as for every later entry.
    key = signing.mac_key()
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        # The trigger refuses every UPDATE. Migrations run as the tables' owner, who may switch
        # it off; inside this migration's transaction, so it is back on whatever happens.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_update")
    last = 0
    while True:
        batch = list(
            AuditEntry.objects.filter(seq__gt=last)
            .order_by("seq")
            .only("seq", "entry_hash")[:BATCH]
        )
        if not batch:
            break
        for entry in batch:
            entry.entry_mac = chain.entry_mac(key, entry.entry_hash)
        AuditEntry.objects.bulk_update(batch, ["entry_mac"])
        last = batch[-1].seq
    if postgres:
        schema_editor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_no_update")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_entry_mac_drop_head")]

    operations = [migrations.RunPython(backfill_macs, migrations.RunPython.noop)]
