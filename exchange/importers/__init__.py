"""The import kinds, by ``ImportKind``."""

from ..importing import Importer
from ..models import ImportKind
from .org_kinds import PartyGroupImporter, TownshipImporter, VillageImporter
from .people_kinds import HouseholdImporter, MemberImporter

IMPORTERS: dict[str, type[Importer]] = {
    ImportKind.TOWNSHIPS: TownshipImporter,
    ImportKind.VILLAGES: VillageImporter,
    ImportKind.PARTY_GROUPS: PartyGroupImporter,
    ImportKind.MEMBERS: MemberImporter,
    ImportKind.HOUSEHOLDS: HouseholdImporter,
}

__all__ = ["IMPORTERS"]
