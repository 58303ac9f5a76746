"""ID numbers and phones encrypted at rest, step 3 of 3: an ID number is unique through its keyed hash."""

import common.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("people", "0003_encrypt_contact_rows")]

    operations = [
        migrations.AlterField(
            model_name="person",
            name="id_number_hash",
            field=common.fields.BlindIndexField(
                blank=True,
                error_messages={"unique": "该身份证号已登记。"},
                null=True,
                purpose="people.Person.id_number",
                source="id_number",
                unique=True,
                verbose_name="身份证号索引",
            ),
        ),
    ]
