"""The security log is append-only in the database: triggers refuse UPDATE and DELETE of its events
(DELETE allowed only for events older than 180 days, the minimum retention), and the chain head exists."""

from django.db import migrations


def install(apps, schema_editor):  # noqa: ANN001, ANN201
    from security import triggers

    triggers.install(schema_editor.connection)
    apps.get_model("security", "ChainHead").objects.get_or_create(pk=1)


def remove(apps, schema_editor):  # noqa: ANN001, ANN201
    from security import triggers

    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("security", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
