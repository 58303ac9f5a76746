"""Seed the Four Deliveries (四送); counties may add or retire kinds afterwards."""

from django.db import migrations

FOUR_DELIVERIES = [
    ("policy", "送政策", 1),
    ("law", "送法律", 2),
    ("technology", "送技术", 3),
    ("information", "送信息", 4),
]


def seed(apps, schema_editor):  # noqa: ANN001, ANN201
    DeliveryKind = apps.get_model("learning", "DeliveryKind")
    for code, name, order in FOUR_DELIVERIES:
        DeliveryKind.objects.get_or_create(code=code, defaults={"name": name, "order": order, "active": True})


def unseed(apps, schema_editor):  # noqa: ANN001, ANN201
    DeliveryKind = apps.get_model("learning", "DeliveryKind")
    DeliveryKind.objects.filter(code__in=[c for c, _, _ in FOUR_DELIVERIES], visits__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("learning", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
