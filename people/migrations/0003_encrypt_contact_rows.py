"""ID numbers and phones encrypted at rest, step 2 of 3: encrypt the stored rows and fill their keyed hashes.

Rows are read and written with plain SQL: the model fields of this state would try to decrypt
the plaintext they find. Both tables are done, the live one and django-simple-history's copy,
in chunks; a value that is already a token (a rerun) is left as it is. Reversed, the values are
decrypted back into plaintext (and the hashes cleared).
"""

from django.db import migrations

from common.encryption import blind_index, decrypt, encrypt, is_token

CHUNK = 500
TABLES = (("people_person", "id"), ("people_historicalperson", "history_id"))
ID_PURPOSE = "people.Person.id_number"
PHONE_PURPOSE = "people.Person.phone"


def _rows(cursor, table: str, key: str):
    cursor.execute(f"SELECT {key}, id_number, phone FROM {table} ORDER BY {key}")  # noqa: S608 - fixed names
    return cursor.fetchall()


def _plain(value):
    return decrypt(value) if value and is_token(value) else value


def encrypt_rows(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table, key in TABLES:
            updates = []
            for pk, number, phone in _rows(cursor, table, key):
                number, phone = _plain(number), _plain(phone)
                updates.append(
                    (
                        encrypt(number) if number else number,
                        blind_index(number, ID_PURPOSE) if number else None,
                        encrypt(phone) if phone else (phone or ""),
                        blind_index(phone, PHONE_PURPOSE) if phone else "",
                        pk,
                    )
                )
            sql = f"UPDATE {table} SET id_number = %s, id_number_hash = %s, phone = %s, phone_hash = %s WHERE {key} = %s"  # noqa: S608
            for start in range(0, len(updates), CHUNK):
                cursor.executemany(sql, updates[start : start + CHUNK])


def decrypt_rows(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table, key in TABLES:
            updates = [(_plain(number), _plain(phone) or "", pk) for pk, number, phone in _rows(cursor, table, key)]
            sql = f"UPDATE {table} SET id_number = %s, id_number_hash = NULL, phone = %s, phone_hash = '' WHERE {key} = %s"  # noqa: S608
            for start in range(0, len(updates), CHUNK):
                cursor.executemany(sql, updates[start : start + CHUNK])


class Migration(migrations.Migration):
    dependencies = [("people", "0002_encrypt_contact_schema")]

    operations = [migrations.RunPython(encrypt_rows, decrypt_rows, elidable=False)]
