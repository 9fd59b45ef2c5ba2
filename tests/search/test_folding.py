"""Traditional characters, full-width forms and English plurals fold the same way on both sides."""

from search.chinese import fold, index_text, query_terms, stem


def test_traditional_characters_fold_to_simplified():
    assert fold("鄰里之家開放時間") == "邻里之家开放时间"
    assert query_terms("網格員") == query_terms("网格员") == ["网格", "格员"]
    assert index_text("養老") == index_text("养老")


def test_full_width_and_case_fold():
    assert fold("ＹＵＨＵＡＹＵＡＮ １２３") == "yuhuayuan 123"


def test_english_plurals_fold_to_the_singular_but_pinyin_is_left_alone():
    assert [stem(w) for w in ["stations", "duties", "addresses", "bus", "yuhuayuan"]] == [
        "station",
        "duty",
        "address",
        "bus",
        "yuhuayuan",
    ]
    assert query_terms("Stations") == ["station"]
