from django.db import migrations


class Migration(migrations.Migration):
    """The timeline became an app of its own: CaseEvent leaves this app's state only.

    The table and its rows stay; timeline.0001 takes the model over on the same table.
    """

    dependencies = [("cases", "0007_alter_caseevent_kind")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CaseEvent")],
            database_operations=[],
        )
    ]
