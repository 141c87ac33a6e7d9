from django.db import migrations

# The defaults of DOMAIN.md at the time of this migration; later changes are data, per country.
DEFAULTS = [
    ("report_triage_urgent", 1, "hours", None, "Directive 2011/36 Art. 13: immediate assistance"),
    ("report_triage", 1, "working_days", None, ""),
    ("case_open", 24, "hours", None, "Seeds: response without unjustified delay"),
    (
        "guardian_appointment",
        3,
        "working_days",
        15,
        "Directive 2011/36 Art. 14; EU asylum law (2024): at the latest 15 working days",
    ),
    (
        "reflection_period",
        30,
        "days",
        None,
        "CETS 197 Art. 13: at least 30 days from reasonable grounds",
    ),
    ("case_review", 90, "days", None, ""),
]


def create_defaults(apps, schema_editor):
    DeadlineRule = apps.get_model("deadlines", "DeadlineRule")
    for code, period, unit, hard_limit, source in DEFAULTS:
        DeadlineRule.objects.get_or_create(
            code=code,
            country="",
            defaults={"period": period, "unit": unit, "hard_limit": hard_limit, "source": source},
        )


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0002_initial")]
    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
