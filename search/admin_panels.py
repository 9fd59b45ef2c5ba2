"""The admin dashboard's search panel: shown while the search engine is away or index changes
wait for it (search/index_queue.py), so editors know why a fresh notice is not found yet."""

from wagtail.admin.ui.components import Component

from . import breaker
from .index_queue import pending_count


class SearchIndexPanel(Component):
    name = "search_index"
    order = 120
    template_name = "search/admin/index_panel.html"

    def get_context_data(self, parent_context):
        waiting = pending_count()
        paused = not breaker.available()
        return {"show": bool(waiting or paused), "waiting": waiting, "paused": paused}
