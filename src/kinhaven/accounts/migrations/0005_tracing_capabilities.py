from django.db import migrations

# Capabilities added with family tracing and duplicate records, for the default roles stored.
NEW_CAPABILITIES = {
    "caseworker": ["tracing.manage"],
    "supervisor": ["tracing.manage", "child.merge"],
}


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for role in Role.objects.filter(code__in=NEW_CAPABILITIES):
        role.capabilities = list(dict.fromkeys([*role.capabilities, *NEW_CAPABILITIES[role.code]]))
        role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_referral_capabilities")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
