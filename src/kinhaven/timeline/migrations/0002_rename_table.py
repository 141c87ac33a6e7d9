from django.db import migrations


class Migration(migrations.Migration):
    """Give the table the app's name: a rename, which keeps the rows and costs no copy."""

    dependencies = [("timeline", "0001_initial")]

    operations = [migrations.AlterModelTable(name="caseevent", table=None)]
