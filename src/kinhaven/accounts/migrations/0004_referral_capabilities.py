from django.db import migrations

# Capabilities added with referrals and the service directory, for the default roles stored.
NEW_CAPABILITIES = {
    "caseworker": ["referral.respond"],
    "supervisor": ["referral.respond", "service.manage"],
    "administrator": ["service.manage"],
}


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for role in Role.objects.filter(code__in=NEW_CAPABILITIES):
        role.capabilities = list(dict.fromkeys([*role.capabilities, *NEW_CAPABILITIES[role.code]]))
        role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_agency_receives_public_reports_team_on_duty")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
