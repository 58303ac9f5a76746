"""Correcting disclosures (更正): ``Disclosure.corrects`` and ``correction_reason``; one disclosure per
period among originals; at most one pending correction. SQLite rebuilds the disclosure tables for
these changes, which drops their triggers: the last operation puts every trigger back
(village_affairs/triggers.py, ``reinstall_all``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def reinstall(apps, schema_editor):  # noqa: ANN001, ANN201
    from village_affairs import triggers

    triggers.reinstall_all(schema_editor.connection)


def back_to_0004(apps, schema_editor):  # noqa: ANN001, ANN201
    from village_affairs import triggers

    triggers.remove_guards(schema_editor.connection)
    triggers.remove(schema_editor.connection)
    triggers.install(schema_editor.connection)
    triggers.install_guards(schema_editor.connection, corrections=False)


class Migration(migrations.Migration):

    dependencies = [
        ('organizations', '0001_initial'),
        ('village_affairs', '0004_replace_guards_and_append_only_history'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='disclosure',
            name='one_disclosure_per_period',
        ),
        migrations.AddField(
            model_name='disclosure',
            name='correction_reason',
            field=models.CharField(blank=True, max_length=500, verbose_name='更正原因'),
        ),
        migrations.AddField(
            model_name='disclosure',
            name='corrects',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='corrections', to='village_affairs.disclosure', verbose_name='更正的原公开事项'),
        ),
        migrations.AddField(
            model_name='historicaldisclosure',
            name='correction_reason',
            field=models.CharField(blank=True, max_length=500, verbose_name='更正原因'),
        ),
        migrations.AddField(
            model_name='historicaldisclosure',
            name='corrects',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='village_affairs.disclosure', verbose_name='更正的原公开事项'),
        ),
        migrations.AddConstraint(
            model_name='disclosure',
            constraint=models.UniqueConstraint(condition=models.Q(('corrects__isnull', True)), fields=('village', 'kind', 'year', 'period_kind', 'period_number'), name='one_disclosure_per_period'),
        ),
        migrations.AddConstraint(
            model_name='disclosure',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'draft')), fields=('corrects',), name='one_pending_correction'),
        ),
        migrations.AddConstraint(
            model_name='disclosure',
            constraint=models.CheckConstraint(condition=models.Q(('corrects__isnull', True), models.Q(('correction_reason', ''), _negated=True), _connector='OR'), name='correction_has_reason'),
        ),
        migrations.RunPython(reinstall, back_to_0004),
    ]
