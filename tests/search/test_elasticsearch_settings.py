"""What the Elasticsearch backend would send: index settings, mapping and documents (no server)."""

import pytest

from search.backends import CHINESE_INDEX_SETTINGS, elasticsearch_backend_settings
from search.engines import Elasticsearch8SearchBackend, transform_query
from units.models import NoticePage, UnitPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def backend():
    params = elasticsearch_backend_settings("http://elastic:pw@es.example")
    params.pop("BACKEND")
    return Elasticsearch8SearchBackend(params)


def test_backend_settings_from_the_url():
    params = elasticsearch_backend_settings("https://elastic:pw@es.example")
    assert params["URLS"] == ["https://es.example:9200"]
    assert params["OPTIONS"] == {"basic_auth": ("elastic", "pw")}
    assert params["INDEX_SETTINGS"] is CHINESE_INDEX_SETTINGS


def test_index_settings_define_a_chinese_default_analyzer(backend):
    analysis = backend.settings["settings"]["analysis"]
    assert analysis["analyzer"]["default"] == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["cjk_width", "lowercase", "linli_cjk_bigram"],
    }
    assert analysis["filter"]["linli_cjk_bigram"] == {
        "type": "cjk_bigram",
        "output_unigrams": True,
    }
    # Merged into modelsearch's defaults, not replacing them; analysis is not under "index".
    assert "edgengram_analyzer" in analysis["analyzer"]
    assert "analysis" not in backend.settings["settings"]["index"]


def test_text_fields_use_the_default_analyzer(backend):
    properties = backend.mapping_class(UnitPage).get_mapping()["properties"]
    for name in ("title", "units_unitpage__address", "units_unitpage__intro"):
        assert properties[name]["type"] == "text"
        assert "analyzer" not in properties[name]
    assert properties["units_unitpage__compounds"]["properties"]["name"]["type"] == "text"
    assert "_all_text_boost_2_0" in properties["title"]["copy_to"]


def test_documents_carry_chinese_tokens(backend, demo):
    mapping = backend.mapping_class(UnitPage)
    document = mapping.get_document(UnitPage.objects.get(title="海馨园邻里之家"))
    assert "海馨" in document["title"].split()
    assert "物业" in document["units_unitpage__address"].split()
    assert document["units_unitpage__compounds"] == [{"name": "海 馨 园 海馨 馨园"}]
    notice = NoticePage.objects.filter(
        title="海馨园计划停水通知", locale__language_code="zh-hans"
    ).get()
    body = backend.mapping_class(NoticePage).get_document(notice)["units_noticepage__body"]
    assert "停水" in body.split()


def test_queries_sent_are_transformed(backend):
    query = transform_query("六必访")
    assert query == "六必 必访"
    assert backend.index_class is not None
    assert type(backend).__name__ == "ResilientChineseElasticsearch8SearchBackend"
