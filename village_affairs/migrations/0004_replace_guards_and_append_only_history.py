"""Database triggers: on SQLite, REPLACE may not overwrite a published row (BEFORE INSERT/UPDATE
guards on every key); on both databases the audit history of disclosures, decision steps,
published months and ledger entries is append-only (see village_affairs/triggers.py)."""

from django.db import migrations


def install(apps, schema_editor):  # noqa: ANN001, ANN201
    from village_affairs import triggers

    triggers.install_guards(schema_editor.connection, corrections=False)  # the column comes in 0005


def remove(apps, schema_editor):  # noqa: ANN001, ANN201
    from village_affairs import triggers

    triggers.remove_guards(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("village_affairs", "0003_shared_base_models")]

    operations = [migrations.RunPython(install, remove)]
