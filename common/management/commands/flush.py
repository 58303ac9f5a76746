"""``flush`` as the schema's owner: on PostgreSQL it TRUNCATEs, which the application role may not.

Test teardown of transactional tests calls it too. On SQLite it deletes row by row, so the
immutability triggers refuse to empty published village affairs (see
village_affairs.triggers.suspended_for_test_teardown).
"""

from django.core.management.commands.flush import Command as DjangoFlush

from common.database import as_owner


class Command(DjangoFlush):
    def handle(self, **options: object) -> None:
        with as_owner(str(options["database"])):
            super().handle(**options)
