from search.chinese import has_cjk, highlight_terms, index_text, query_terms


def test_cjk_runs_become_characters_and_bigrams():
    assert index_text("六必访") == "六 必 访 六必 必访"


def test_punctuation_splits_runs_and_latin_words_are_kept_lower_case():
    assert index_text("四清：底数清") == "四 清 四清 底 数 清 底数 数清"
    assert index_text("Hello, World 3号楼") == "hello world 3 号 楼 号楼"


def test_full_width_letters_and_digits_are_normalised():
    assert index_text("ＡＢＣ１２") == "abc12"


def test_queries_become_bigrams_or_a_single_character():
    assert query_terms("六必访") == ["六必", "必访"]
    assert query_terms("物业") == ["物业"]
    assert query_terms("水") == ["水"]
    assert query_terms("海馨园 停水") == ["海馨", "馨园", "停水"]
    assert query_terms("<script>alert(1)</script>") == ["script", "alert", "1"]
    assert query_terms("  ！？ ") == []


def test_every_query_term_is_an_indexed_token_of_text_containing_the_query():
    text = "对独居老人必访，发现困难当天协调解决"
    tokens = set(index_text(text).split())
    for query in ("独居老人", "独", "必访", "协调解决", "困难"):
        assert set(query_terms(query)) <= tokens


def test_highlight_terms_put_the_whole_word_first():
    assert highlight_terms("六必访") == ["六必访", "六必", "必访"]
    assert has_cjk("abc 邻") and not has_cjk("abc")
