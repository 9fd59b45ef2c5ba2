"""The section pages under the home page (station directory, departments, notices), found or
created when missing: the roster import and the demo build the district below them."""

from wagtail.models import Site

from core.locale import source_locale

from .models import DepartmentIndexPage, DirectoryPage, NoticeIndexPage


def home_page():
    return Site.objects.get(is_default_site=True).root_page.specific


def _section(model, title, slug):
    home = home_page()
    page = model.objects.child_of(home).filter(locale=source_locale()).first()
    if page is None:
        page = model(title=title, slug=slug)
        home.add_child(instance=page)
    return page


def directory_page():
    return _section(DirectoryPage, "邻里之家目录", "stations")


def department_index_page():
    return _section(DepartmentIndexPage, "职能部门", "departments")


def notice_index_page():
    return _section(NoticeIndexPage, "通知公告", "notices")
