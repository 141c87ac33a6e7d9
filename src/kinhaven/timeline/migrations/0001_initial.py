import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Take over cases.CaseEvent on its table, rows and all; `kind` no longer lists choices."""

    initial = True

    dependencies = [
        ("cases", "0008_caseevent_to_timeline"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CaseEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("kind", models.CharField(max_length=30, verbose_name="event")),
                        ("occurred_at", models.DateTimeField(verbose_name="time")),
                        ("data", models.JSONField(blank=True, default=dict)),
                        (
                            "actor",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "case",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="cases.case",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "timeline event",
                        "ordering": ["-occurred_at", "-id"],
                        "db_table": "cases_caseevent",
                    },
                )
            ],
            database_operations=[],
        )
    ]
