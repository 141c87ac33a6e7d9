from django.db import migrations

# Capabilities added with the approval of case closures and case plans, and with the transfer
# of a case to another agency, for the default roles stored.
NEW_CAPABILITIES = {
    "caseworker": ["case.transfer"],
    "supervisor": ["case.transfer", "case.approve_closure", "case_plan.approve"],
}


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for role in Role.objects.filter(code__in=NEW_CAPABILITIES):
        role.capabilities = list(dict.fromkeys([*role.capabilities, *NEW_CAPABILITIES[role.code]]))
        role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0011_agency_region")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
