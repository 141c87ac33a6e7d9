from django.db import migrations

# Capability added with the export of everything held about a child (a subject access request),
# for the default roles stored: a supervisor answers the request.
NEW_CAPABILITIES = {"supervisor": ["child.data_export"]}


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for role in Role.objects.filter(code__in=NEW_CAPABILITIES):
        role.capabilities = list(dict.fromkeys([*role.capabilities, *NEW_CAPABILITIES[role.code]]))
        role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_interview_capabilities")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
