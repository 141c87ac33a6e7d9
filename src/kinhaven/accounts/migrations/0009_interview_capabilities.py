from django.db import migrations

# Capabilities added with forensic interviews, for the default roles stored: caseworkers,
# supervisors and police investigators plan and record interviews; supervisors approve a repeat.
NEW_CAPABILITIES = {
    "caseworker": ["interview.plan"],
    "supervisor": ["interview.plan", "interview.approve_repeat"],
    "police_investigator": ["interview.plan"],
}


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for role in Role.objects.filter(code__in=NEW_CAPABILITIES):
        role.capabilities = list(dict.fromkeys([*role.capabilities, *NEW_CAPABILITIES[role.code]]))
        role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0008_best_interests_capabilities")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
