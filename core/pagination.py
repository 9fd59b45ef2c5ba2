"""A paginator for admin lists of very large tables (500,000 reports): it never counts more
than COUNT_LIMIT rows.

Django's paginator runs COUNT(*) over the whole filtered list on every request. This one counts
at most COUNT_LIMIT + 1 rows (SELECT COUNT(*) FROM (… LIMIT n)); beyond that the total is
shown as "1000+" and each page finds out whether there is a next one by fetching one extra
row, so paging on still works for as long as rows last.
"""

import math

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.admin.paginator import WagtailPaginator


class LargeTablePaginator(WagtailPaginator):
    count_limit = 1000

    @cached_property
    def count(self):
        return self.object_list.order_by().values("pk")[: self.count_limit + 1].count()

    @property
    def is_estimate(self):
        return self.count > self.count_limit

    def validate_number(self, number):
        if not self.is_estimate:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(number) from None
        if number < 1:
            raise EmptyPage(number)
        return number

    def page(self, number):
        number = self.validate_number(number)
        if not self.is_estimate:
            return super().page(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            # Past the end (a page number typed by hand): count once, show the last page.
            self.__dict__["count"] = self.object_list.order_by().count()
            self.__dict__.pop("num_pages", None)
            return super().page(self.num_pages)
        # What is known so far: enough rows for this page, and one more if there is a next.
        self.__dict__["count"] = max(self.count, bottom + len(rows))
        self.__dict__.pop("num_pages", None)
        return self._get_page(rows[: self.per_page], number, self)

    @cached_property
    def num_pages(self):
        return max(1, math.ceil(self.count / self.per_page))

    @cached_property
    def items_count_label(self):
        if self.is_estimate:
            return _("超过 %(limit)s 条") % {"limit": self.count_limit}
        return super().items_count_label
