"""Factories for the directory's pages and people, used by the tests and the demo data."""

import datetime

import factory
from factory.django import DjangoModelFactory

from core.slugs import pinyin_slug
from units.models import (
    CommunityPage,
    Compound,
    Contact,
    ContactRole,
    DepartmentPage,
    DispatchedStaff,
    NoticePage,
    OpeningHours,
    TownPage,
    UnitPage,
)
from units.tree import department_index_page, directory_page, home_page


class PageFactory(DjangoModelFactory):
    """Creates a live page under `parent` (a sensible default parent when not given)."""

    class Meta:
        abstract = True

    title = factory.Sequence(lambda n: f"页面{n}")
    slug = factory.LazyAttribute(lambda o: None)

    @classmethod
    def default_parent(cls):
        return home_page()

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        parent = parent or cls.default_parent()
        if not kwargs.get("slug"):
            kwargs.pop("slug", None)
        page = model_class(*args, **kwargs)
        if not page.slug:
            page.slug = pinyin_slug(page.title, parent)
        parent.add_child(instance=page)
        return page


class DepartmentPageFactory(PageFactory):
    class Meta:
        model = DepartmentPage

    title = factory.Sequence(lambda n: f"示例部门{n}")
    short_name = factory.LazyAttribute(lambda o: o.title[:8])
    description = "示例部门：负责与居民生活相关的事务。"
    hotline = factory.Sequence(lambda n: f"022-6000{n % 10000:04d}")

    @classmethod
    def default_parent(cls):
        return department_index_page()


class TownPageFactory(PageFactory):
    class Meta:
        model = TownPage

    title = factory.Sequence(lambda n: f"示例镇{n}")

    @classmethod
    def default_parent(cls):
        return directory_page()


class CommunityPageFactory(PageFactory):
    class Meta:
        model = CommunityPage

    title = factory.Sequence(lambda n: f"示例社区{n}")

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        return super()._create(model_class, *args, parent=parent or TownPageFactory(), **kwargs)


class UnitPageFactory(PageFactory):
    class Meta:
        model = UnitPage

    title = factory.Sequence(lambda n: f"示例小区{n}邻里之家")
    address = factory.Sequence(lambda n: f"静海镇示例路{n}号")
    phone = factory.Sequence(lambda n: f"022-6100{n % 10000:04d}")

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        return super()._create(
            model_class, *args, parent=parent or CommunityPageFactory(), **kwargs
        )


class NoticePageFactory(PageFactory):
    class Meta:
        model = NoticePage

    title = factory.Sequence(lambda n: f"示例通知{n}")
    body = "<p>示例通知正文。</p>"
    date = factory.LazyFunction(datetime.date.today)

    @classmethod
    def _create(cls, model_class, *args, parent=None, **kwargs):
        return super()._create(model_class, *args, parent=parent or UnitPageFactory(), **kwargs)


class CompoundFactory(DjangoModelFactory):
    class Meta:
        model = Compound

    page = factory.SubFactory(UnitPageFactory)
    name = factory.Sequence(lambda n: f"示例园{n}")


class OpeningHoursFactory(DjangoModelFactory):
    class Meta:
        model = OpeningHours

    page = factory.SubFactory(UnitPageFactory)
    weekday = 0
    opens = datetime.time(8, 30)
    closes = datetime.time(17, 30)


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    page = factory.SubFactory(UnitPageFactory)
    role = ContactRole.GRID_WORKER
    name = factory.Sequence(lambda n: f"示例{n}号（示例）")
    phone = factory.Sequence(lambda n: f"1990000{n % 10000:04d}")


class DispatchedStaffFactory(DjangoModelFactory):
    class Meta:
        model = DispatchedStaff

    page = factory.SubFactory(UnitPageFactory)
    department = factory.SubFactory(DepartmentPageFactory)
    name = factory.Sequence(lambda n: f"派驻{n}号（示例）")
    post = "下沉干部"
    phone = factory.Sequence(lambda n: f"1990001{n % 10000:04d}")
    duty = "周一至周五 09:00-17:00"
