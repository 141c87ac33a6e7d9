# A report's client token was unique across all callers, so a token another agency had used
# answered with that agency's report (or told that it existed). Tokens are now unique per
# submitter, and the public page's tokens (no submitter) per their own scope. Existing rows
# satisfy both constraints, since they were globally unique before.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="report",
            name="client_token",
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("client_token__isnull", False), ("submitted_by__isnull", False)
                ),
                fields=("submitted_by", "client_token"),
                name="report_client_token_unique_per_submitter",
            ),
        ),
        migrations.AddConstraint(
            model_name="report",
            constraint=models.UniqueConstraint(
                condition=models.Q(("client_token__isnull", False), ("submitted_by__isnull", True)),
                fields=("client_token",),
                name="report_client_token_unique_public",
            ),
        ),
    ]
