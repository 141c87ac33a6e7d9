from django.db import migrations

# The default risk criteria (docs/missing.md): the list of Kinhaven issue 22 ("high where there
# are trafficking indicators, age under 13, medical need, or a known exploiter"). Policy
# defaults in the spirit of the police protocols for missing children (the UK College of
# Policing's Authorised Professional Practice on missing persons grades risk; the factors and
# levels here are Kinhaven's, not quoted from it). A deployment changes, adds or retires criteria
# as data.
DEFAULTS = [
    (
        "trafficking_indicators",
        "Trafficking indicators on the child's screening or identification",
        "high",
        10,
    ),
    ("under_13", "Age under 13", "high", 20),
    ("medical_need", "Medical need (medication, a condition, pregnancy)", "high", 30),
    ("known_exploiter", "A known or suspected exploiter in contact with the child", "high", 40),
]


def create_defaults(apps, schema_editor):
    RiskCriterion = apps.get_model("missing", "RiskCriterion")
    for code, label, level, position in DEFAULTS:
        RiskCriterion.objects.get_or_create(
            code=code, defaults={"label": label, "level": level, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("missing", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
