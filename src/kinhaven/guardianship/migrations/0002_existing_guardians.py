from django.db import migrations
from django.utils import timezone


def record_existing(apps, schema_editor):
    """Give every guardian recorded before appointment history an active appointment."""
    Child = apps.get_model("children", "Child")
    GuardianAppointment = apps.get_model("guardianship", "GuardianAppointment")
    now = timezone.now()
    for child in Child.objects.filter(guardian__isnull=False):
        GuardianAppointment.objects.get_or_create(
            child=child,
            ended_at=None,
            defaults={
                "guardian_id": child.guardian_id,
                "appointed_at": now,
                "reason": "Recorded before appointment history was kept.",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("guardianship", "0001_initial")]
    operations = [migrations.RunPython(record_existing, migrations.RunPython.noop)]
