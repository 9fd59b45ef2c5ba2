"""match_station: which station a report's compound or address text names, with the finder's
matching. One clear winner is a match; several that fit as well, or only a partial fit, go to
the triage queue with their candidates; nothing close is unmatched."""

import pytest

from core.locale import source_locale
from units.finder import match_station
from units.models import UnitPage

pytestmark = pytest.mark.django_db


def _title(pk):
    return UnitPage.objects.get(pk=pk).title


def _match(text):
    return match_station(text, locale_id=source_locale().pk)


@pytest.mark.parametrize(
    "typed,station",
    [
        ("海馨园", "海馨园邻里之家"),
        ("海馨园小区", "海馨园邻里之家"),
        ("海馨园3号楼2单元", "海馨园邻里之家"),  # building numbers ignored
        ("海馨園", "海馨园邻里之家"),  # Traditional characters
        ("裕華園", "裕华园邻里之家"),
        ("海心园", "海馨园邻里之家"),  # homophone typed with a pinyin keyboard
        ("玉华园", "裕华园邻里之家"),
        ("东方小区 2号楼", "东方小区邻里之家"),
        ("（东方小区）２号楼", "东方小区邻里之家"),  # full-width brackets and digits
        ("阳光新城二期5号楼", "阳光新城邻里之家"),  # one station, two compounds
        ("欣苑南区", "众泰欣苑邻里之家"),
        ("静海镇众泰欣苑海馨园小区5号楼", "海馨园邻里之家"),  # a whole address
        ("唐兴里", "唐兴里平房片区邻里之家"),  # part of the name
    ],
)
def test_a_compound_as_residents_write_it_finds_its_station(typed, station):
    match = _match(typed)
    assert match.status == "matched", (typed, [_title(pk) for pk in match.candidates])
    assert _title(match.unit_id) == station


@pytest.mark.parametrize(
    "typed,candidates",
    [
        ("裕华", {"裕华园邻里之家", "裕华里邻里之家"}),  # 裕华园 and 裕华里 are both 裕华…
        ("馨园", {"海馨园邻里之家", "康馨园邻里之家"}),
        ("花园", {"朝阳花园邻里之家", "明珠花园邻里之家", "金海湾邻里之家"}),
    ],
)
def test_a_compound_that_fits_several_stations_is_ambiguous(typed, candidates):
    match = _match(typed)
    assert match.status == "ambiguous" and match.unit_id is None
    assert {_title(pk) for pk in match.candidates} == candidates


def test_a_partial_fit_is_a_candidate_not_a_match():
    match = _match("幸福里")  # shares 里 and a syllable with 学府里 only
    assert match.status == "ambiguous"
    assert [_title(pk) for pk in match.candidates] == ["学府里邻里之家"]


@pytest.mark.parametrize("typed", ["北京路", "", "   ", "3号楼2单元", "!!!", "邻里之家"])
def test_nothing_close_or_too_vague_is_unmatched(typed):
    match = _match(typed)
    assert match.status == "unmatched"
    assert match.unit_id is None and match.candidates == ()


def test_only_the_locale_asked_for():
    match = _match("海馨园")
    assert UnitPage.objects.get(pk=match.unit_id).locale == source_locale()
