"""Keep the site search's per-process copies (names, synonyms) current in every process."""

from django.db.models.signals import post_delete, post_save
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import promotions, service, synonyms
from .models import SynonymGroup
from .results import result_types


def connect():
    for signal in (post_save, post_delete):
        signal.connect(synonyms.clear_cache, sender=SynonymGroup, dispatch_uid="search-synonyms")
        for model in (SearchPromotion, Query):
            signal.connect(
                promotions.clear_cache, sender=model, dispatch_uid=f"search-picks-{model.__name__}"
            )
    for _result_type, model in result_types():
        if hasattr(model, "search_names"):
            for signal in (page_published, page_unpublished, post_delete, post_page_move):
                signal.connect(
                    service.clear_names,
                    sender=model,
                    dispatch_uid=f"search-names-{model.__name__}-{id(signal)}",
                )
