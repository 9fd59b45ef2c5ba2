"""Which station a report goes to: the one the resident chose, or the one their compound or
address names (units.finder.match_station). A report that names no station, or several equally,
goes to the triage queue (no station) with its candidates and, when they share one, the town."""

from dataclasses import dataclass, field

from core.locale import source_locale
from units.finder import match_station
from units.models import TownPage, UnitPage

from .models import StationMatch


def stations():
    """The stations a report can name: the Chinese pages, which the statistics count."""
    return UnitPage.objects.visible().source()


@dataclass
class Route:
    unit: UnitPage | None
    how: str
    candidates: list = field(default_factory=list)
    town: TownPage | None = None


def route(unit=None, compound="", building=""):
    """The Route of a report with this station (if chosen) and place text. The compound is
    matched first; the building field only when the compound was left empty (a building
    number or "楼道" names no compound)."""
    if unit is not None:
        return Route(unit, StationMatch.CHOSEN)
    text = compound.strip() or building.strip()
    if not text:
        return Route(None, StationMatch.UNMATCHED)
    match = match_station(text, locale_id=source_locale().pk)
    found = stations().in_bulk([match.unit_id, *match.candidates])
    if match.unit_id in found:
        return Route(found[match.unit_id], StationMatch.MATCHED)
    candidates = [found[pk] for pk in match.candidates if pk in found]
    if not candidates:
        return Route(None, StationMatch.UNMATCHED)
    return Route(None, StationMatch.AMBIGUOUS, candidates, common_town(candidates))


def common_town(units):
    """The town all `units` belong to, or None."""
    ancestors = {
        unit.path[:length]
        for unit in units
        for length in range(UnitPage.steplen, len(unit.path), UnitPage.steplen)
    }
    towns = [
        town
        for town in TownPage.objects.filter(path__in=ancestors)
        if all(unit.path.startswith(town.path) for unit in units)
    ]
    return towns[0] if towns else None
