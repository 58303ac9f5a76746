"""Database triggers: published disclosures, published decision steps (5, 6) and ledger
entries of a published month refuse UPDATE and DELETE (see village_affairs/triggers.py)."""

from django.db import migrations


def install(apps, schema_editor):  # noqa: ANN001, ANN201
    from village_affairs import triggers

    triggers.install(schema_editor.connection)


def remove(apps, schema_editor):  # noqa: ANN001, ANN201
    from village_affairs import triggers

    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("village_affairs", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
