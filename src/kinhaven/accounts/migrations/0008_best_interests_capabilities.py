from django.db import migrations

# Capabilities added with best-interests assessments and determinations, for the default roles
# stored: a supervisor approves assessments and records a panel's determination.
NEW_CAPABILITIES = {
    "supervisor": ["best_interests.approve", "best_interests.determine"],
}


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for role in Role.objects.filter(code__in=NEW_CAPABILITIES):
        role.capabilities = list(dict.fromkeys([*role.capabilities, *NEW_CAPABILITIES[role.code]]))
        role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_care_section")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
