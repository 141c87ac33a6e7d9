from django.db import migrations

# The disciplines a deployment starts with; an administrator changes them as data
# (bestinterests.enums.DEFAULT_DISCIPLINES, docs/best-interests.md).
DEFAULT_DISCIPLINES = [
    ("social_work", "Social work"),
    ("child_protection", "Child protection"),
    ("legal", "Law"),
    ("psychology", "Psychology or mental health"),
    ("health", "Health"),
    ("education", "Education"),
    ("guardianship", "Guardianship"),
    ("cultural_mediation", "Cultural mediation or interpretation"),
]


def create(apps, schema_editor):
    Discipline = apps.get_model("bestinterests", "Discipline")
    for code, label in DEFAULT_DISCIPLINES:
        Discipline.objects.get_or_create(code=code, defaults={"label": label})


class Migration(migrations.Migration):
    dependencies = [("bestinterests", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
