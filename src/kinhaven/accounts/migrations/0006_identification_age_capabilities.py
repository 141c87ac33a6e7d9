from django.db import migrations

# Capabilities added with identification decisions and age assessment, for the default roles
# stored. A hotline operator gets neither: it does not decide on age or identification.
NEW_CAPABILITIES = {
    "caseworker": ["identification.decide", "age.request", "age.decide"],
    "supervisor": ["identification.decide", "age.request", "age.decide"],
    "frontline_responder": ["age.request"],
    "police_investigator": ["identification.decide", "age.request"],
}


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for role in Role.objects.filter(code__in=NEW_CAPABILITIES):
        role.capabilities = list(dict.fromkeys([*role.capabilities, *NEW_CAPABILITIES[role.code]]))
        role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_tracing_capabilities")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
