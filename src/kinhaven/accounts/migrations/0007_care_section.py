from django.db import migrations

# The best-interests and care section of a child's file, for the default roles stored: those who
# read and write the whole file, and the guardian, who takes part in best-interests decisions.
READ = ["caseworker", "supervisor", "guardian"]
WRITE = ["caseworker", "supervisor", "guardian"]


def grant(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for role in Role.objects.filter(code__in=READ):
        role.sections_read = list(dict.fromkeys([*role.sections_read, "care"]))
        if role.code in WRITE:
            role.sections_write = list(dict.fromkeys([*role.sections_write, "care"]))
        role.save(update_fields=["sections_read", "sections_write"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_identification_age_capabilities")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
