"""ID numbers and phones encrypted at rest, step 1 of 3: text columns for the tokens, the keyed-hash columns.

The ID number's uniqueness moves to its hash, which is filled in 0003 and made unique in 0004.
"""

import common.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalperson',
            name='id_number_hash',
            field=common.fields.BlindIndexField(blank=True, db_index=True, error_messages={'unique': '该身份证号已登记。'}, null=True, purpose='people.Person.id_number', source='id_number', verbose_name='身份证号索引'),
        ),
        migrations.AddField(
            model_name='historicalperson',
            name='phone_hash',
            field=common.fields.BlindIndexField(blank=True, db_index=True, purpose='people.Person.phone', source='phone', verbose_name='电话索引'),
        ),
        migrations.AddField(
            model_name='person',
            name='id_number_hash',
            field=common.fields.BlindIndexField(blank=True, error_messages={'unique': '该身份证号已登记。'}, null=True, purpose='people.Person.id_number', source='id_number', verbose_name='身份证号索引'),
        ),
        migrations.AddField(
            model_name='person',
            name='phone_hash',
            field=common.fields.BlindIndexField(blank=True, db_index=True, purpose='people.Person.phone', source='phone', verbose_name='电话索引'),
        ),
        migrations.AlterField(
            model_name='historicalperson',
            name='id_number',
            field=common.fields.EncryptedCharField(blank=True, max_length=18, null=True, verbose_name='身份证号'),
        ),
        migrations.AlterField(
            model_name='historicalperson',
            name='phone',
            field=common.fields.EncryptedCharField(blank=True, max_length=20, verbose_name='电话'),
        ),
        migrations.AlterField(
            model_name='person',
            name='id_number',
            field=common.fields.EncryptedCharField(blank=True, max_length=18, null=True, verbose_name='身份证号'),
        ),
        migrations.AlterField(
            model_name='person',
            name='phone',
            field=common.fields.EncryptedCharField(blank=True, max_length=20, verbose_name='电话'),
        ),
    ]
