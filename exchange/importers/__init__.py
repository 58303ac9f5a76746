"""The import kinds: looked up in the registry (``common.importers``) that every app's ``importers`` fills.

The foundation's kinds (organizations, members, households) register here, the same way as the kinds
of the apps above ``exchange`` (``branch_life.importers``), so the pages, the jobs and the tests have
one place to ask.
"""

from collections.abc import Iterator, Mapping

from common.importers import IMPORT_KINDS, register

from ..importing import Importer
from ..models import ImportKind
from .org_kinds import PartyGroupImporter, TownshipImporter, VillageImporter
from .people_kinds import HouseholdImporter, MemberImporter

for _order, (_kind, _importer) in enumerate(
    (
        (ImportKind.TOWNSHIPS, TownshipImporter),
        (ImportKind.VILLAGES, VillageImporter),
        (ImportKind.PARTY_GROUPS, PartyGroupImporter),
        (ImportKind.MEMBERS, MemberImporter),
        (ImportKind.HOUSEHOLDS, HouseholdImporter),
    ),
    start=1,
):
    register(_kind.value, _kind.label, order=_order * 10)(_importer)


class _Importers(Mapping[str, type[Importer]]):
    """The registered importers by kind, read from the registry when asked (all apps have registered by then)."""

    def __getitem__(self, kind: str) -> type[Importer]:
        return IMPORT_KINDS[kind].importer

    def __iter__(self) -> Iterator[str]:
        return iter(IMPORT_KINDS)

    def __len__(self) -> int:
        return len(IMPORT_KINDS)


IMPORTERS: Mapping[str, type[Importer]] = _Importers()


def label_of(kind: str) -> str:
    entry = IMPORT_KINDS.get(kind)
    return str(entry.label) if entry else kind


__all__ = ["IMPORTERS", "label_of"]
