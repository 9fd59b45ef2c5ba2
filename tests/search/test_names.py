"""Names by pinyin, initials and same-sounding characters (search.names), shared by the station
finder and the site search."""

import pytest
from wagtail.models import Locale

from search.names import NameEntry, NameIndex, syllables
from search.service import site_search
from units.finder import find_units
from units.models import UnitPage

NAMES = NameIndex(
    [
        NameEntry.make(1, 1, "裕华园邻里之家"),
        NameEntry.make(1, 1, "裕华园"),
        NameEntry.make(2, 1, "海馨园邻里之家"),
        NameEntry.make(2, 1, "海馨园"),
        NameEntry.make(3, 1, "民政局"),
        NameEntry.make(4, 1, "御景园"),
    ]
)


def _keys(mentions):
    return [(m.entry.key, m.how) for m in mentions]


def test_syllables_are_read_one_character_at_a_time():
    assert syllables("裕华园") == ("yu", "hua", "yuan")
    assert syllables("海馨园3号") == ("hai", "xin", "yuan", "hao")


def test_whole_pinyin_and_initials_name_a_place():
    assert _keys(NAMES.mentions("yuhuayuan"))[0] == (1, "pinyin")
    assert _keys(NAMES.mentions("Yu Hua Yuan"))[0] == (1, "pinyin")
    assert _keys(NAMES.mentions("yuhuayuanlinlizhijia"))[0] == (1, "pinyin")
    assert _keys(NAMES.mentions("yhy"))[0] == (1, "initials")
    assert _keys(NAMES.mentions("minzhengju"))[0] == (3, "pinyin")


def test_a_fragment_of_pinyin_names_nothing():
    assert NAMES.mentions("yujing") == []
    assert NAMES.find("yujing") == []


def test_same_sounding_characters_name_a_place_and_say_what_to_correct():
    (mention,) = NAMES.mentions("玉华园停水怎么办")
    assert (mention.entry.key, mention.how, mention.span, mention.replacement) == (
        1,
        "sound",
        "玉华园",
        "裕华园",
    )
    assert _keys(NAMES.mentions("海新园"))[0] == (2, "sound")
    assert _keys(NAMES.mentions("御景院"))[0] == (4, "sound")


def test_a_name_written_right_is_not_corrected():
    assert _keys(NAMES.mentions("海馨园停水")) == [(2, "name")]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["海馨园", "海馨", "玉华园", "海新园", "东方小区 2号楼", "阳光新城二期", "yuhuayuan", "dfxq"],
)
def test_the_finder_and_the_site_search_put_the_same_station_first(demo, query):
    zh = Locale.get_default()
    found = find_units(query, locale_id=zh.pk)
    stations = [h for h in site_search(query, zh).hits if h.type_key == "station"]
    assert found and stations
    assert UnitPage.objects.get(pk=found[0][0]) == UnitPage.objects.get(pk=stations[0].page_id)
