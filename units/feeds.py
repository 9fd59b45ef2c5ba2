"""RSS 2.0 and Atom feeds of notices, for a station or for the whole district."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _


class NoticeRssFeed(Feed):
    """Called from a page route with `page=` the station or the district notice index."""

    def get_object(self, request, page):
        return page

    def title(self, page):
        return _("%(title)s · 通知公告") % {"title": page.title}

    def link(self, page):
        return page.url

    def description(self, page):
        return _("%(title)s发布的最新通知公告") % {"title": page.title}

    def items(self, page):
        return page.feed_notices()

    def item_title(self, notice):
        return notice.title

    def item_description(self, notice):
        return notice.summary or Truncator(strip_tags(notice.body)).chars(200)

    def item_link(self, notice):
        return notice.url

    def item_pubdate(self, notice):
        if notice.first_published_at:
            return notice.first_published_at
        return timezone.make_aware(datetime.datetime.combine(notice.date, datetime.time()))

    def item_updateddate(self, notice):
        return notice.last_published_at or self.item_pubdate(notice)

    def item_categories(self, notice):
        return [notice.get_category_display()]


class NoticeAtomFeed(NoticeRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, page):
        return self.description(page)
