"""The points ledger is append-only in the database: triggers refuse UPDATE and DELETE of its entries."""

from django.db import migrations


def install(apps, schema_editor):  # noqa: ANN001, ANN201
    from points import triggers

    triggers.install(schema_editor.connection)


def remove(apps, schema_editor):  # noqa: ANN001, ANN201
    from points import triggers

    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("points", "0001_ledger_rules_stock")]

    operations = [migrations.RunPython(install, remove)]
