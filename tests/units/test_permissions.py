"""The boundary between stations, proven through real admin HTTP requests."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from demo.factories.accounts import login_with_mfa, with_mfa
from demo.factories.units import NoticePageFactory, UnitPageFactory
from units.models import NoticePage, StationGroup, UnitPage
from units.teams import STATION_GROUP_PREFIX, add_member, ensure_station_group, members
from units.tree import notice_index_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def station_a(demo):
    return UnitPage.objects.get(title="海馨园邻里之家")


@pytest.fixture
def station_b(demo):
    return UnitPage.objects.get(title="裕华园邻里之家")


@pytest.fixture
def editor(station_a):
    user = with_mfa(get_user_model().objects.create_user("wang", password="x"))
    add_member(station_a, user)
    return user


@pytest.fixture
def editor_client(client, editor):
    login_with_mfa(client, editor)
    return client


def _add_url(parent):
    return f"/admin/pages/add/units/noticepage/{parent.pk}/"


def _form(client, url, **changes):
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    for key, value in changes.items():
        data[key] = value
    return data


def _new_notice(client, parent, title, action="action-publish"):
    data = _form(
        client,
        _add_url(parent),
        title=title,
        slug=f"notice-{abs(hash(title))}",
        body=rich_text("<p>周六上午停水。</p>"),
        category="utilities",
    )
    data[action] = "1"
    return client.post(_add_url(parent), data)


def test_every_station_has_its_own_group(demo):
    for unit in UnitPage.objects.filter(locale__language_code="zh-hans"):
        link = StationGroup.objects.get(unit=unit)
        assert link.group.name == f"{STATION_GROUP_PREFIX}{unit.title}"
        codenames = set(
            GroupPagePermission.objects.filter(group=link.group).values_list(
                "permission__codename", "page_id"
            )
        )
        assert ("publish_page", unit.pk) in codenames
        assert {page_id for _codename, page_id in codenames} == {unit.pk}


def test_a_new_station_gets_a_group_and_renames_follow(station_a):
    unit = UnitPageFactory(parent=station_a.get_parent(), title="新建邻里之家")
    group = StationGroup.objects.get(unit=unit).group
    assert group.name == f"{STATION_GROUP_PREFIX}新建邻里之家"
    unit.title = "改名邻里之家"
    unit.save_revision().publish()
    group.refresh_from_db()
    assert group.name == f"{STATION_GROUP_PREFIX}改名邻里之家"
    assert ensure_station_group(unit) == group  # idempotent
    assert GroupPagePermission.objects.filter(group=group).count() == 5


def test_staff_can_add_and_publish_a_notice_in_their_station(editor_client, station_a):
    response = _new_notice(editor_client, station_a, "海馨园停水通知（测试）")
    assert response.status_code == 302
    notice = NoticePage.objects.get(title="海馨园停水通知（测试）", locale__language_code="zh-hans")
    assert notice.live and notice.get_parent().pk == station_a.pk
    assert "周六上午停水" in notice.body


def test_staff_can_edit_their_station_notice(editor_client, station_a):
    notice = NoticePage.objects.child_of(station_a).first()
    url = f"/admin/pages/{notice.pk}/edit/"
    data = _form(editor_client, url, title="改过的标题")
    data["action-publish"] = "1"
    assert editor_client.post(url, data).status_code == 302
    notice.refresh_from_db()
    assert notice.title == "改过的标题" and notice.live


def test_staff_cannot_add_under_another_station(editor_client, station_b):
    before = NoticePage.objects.count()
    assert editor_client.get(_add_url(station_b)).status_code in (302, 403)
    data = {"title": "越界", "slug": "yuejie", "body": rich_text("<p>x</p>"), "action-publish": "1"}
    response = editor_client.post(_add_url(station_b), data)
    assert response.status_code in (302, 403)
    assert NoticePage.objects.count() == before


@pytest.mark.parametrize("target", ["station_b_notice", "district_notice", "district_index"])
def test_staff_cannot_edit_pages_outside_their_station(editor_client, station_b, target):
    page = {
        "station_b_notice": lambda: NoticePage.objects.child_of(station_b).first(),
        "district_notice": lambda: NoticePageFactory(parent=notice_index_page()),
        "district_index": notice_index_page,
    }[target]()
    title = page.title
    url = f"/admin/pages/{page.pk}/edit/"
    assert editor_client.get(url).status_code in (302, 403)
    response = editor_client.post(
        url, {"title": "被篡改", "slug": page.slug, "action-publish": "1"}
    )
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert page.title == title
    assert editor_client.post(f"/admin/pages/{page.pk}/delete/").status_code in (302, 403)
    assert type(page).objects.filter(pk=page.pk).exists()


def test_staff_cannot_manage_users_or_groups(editor_client, editor):
    for url in ("/admin/users/", "/admin/groups/", "/admin/users/new/", "/admin/groups/new/"):
        assert editor_client.get(url).status_code in (302, 403), url
    groups = Group.objects.count()
    editor_client.post("/admin/groups/new/", {"name": "自建组"})
    assert Group.objects.count() == groups
    editor_client.post(f"/admin/users/{editor.pk}/", {"username": "wang", "is_superuser": "on"})
    editor.refresh_from_db()
    assert not editor.is_superuser


def test_dashboard_shows_the_station_and_its_drafts(editor_client, station_a):
    _new_notice(editor_client, station_a, "还没发布的草稿", action="action-save")  # draft
    html = editor_client.get("/admin/").content.decode()
    assert "我的邻里之家" in html
    assert station_a.title in html and "还没发布的草稿" in html
    assert "还没发布的草稿</a> ·" in html
    first_panel = html.index("data-panel-heading-text>")
    assert html.index("data-panel-heading-text>我的邻里之家") == first_panel


def test_station_staff_command(station_a, editor):
    other = get_user_model().objects.create_user("li")
    call_command("station_staff", "add", "--unit", station_a.title, "--user", "li")
    group = StationGroup.objects.get(unit=station_a).group
    assert set(group.user_set.values_list("username", flat=True)) == {"wang", "li"}
    call_command("station_staff", "remove", "--unit", str(station_a.pk), "--user", "li")
    assert not other.groups.filter(pk=group.pk).exists()


@override_settings(NOTICE_APPROVAL_REQUIRED=True)
def test_with_approval_on_a_station_notice_waits_for_review(editor_client, station_a):
    call_command("setup_notice_workflow")
    for action in ("action-publish", "action-submit"):
        _new_notice(editor_client, station_a, f"待审核{action}", action=action)
    tried_publish = NoticePage.objects.get(
        title="待审核action-publish", locale__language_code="zh-hans"
    )
    submitted = NoticePage.objects.get(title="待审核action-submit", locale__language_code="zh-hans")
    assert not tried_publish.live and not submitted.live
    assert submitted.workflow_in_progress
    assert submitted.current_workflow_state.workflow.name == "通知审核"

    reviewer = get_user_model().objects.create_user("reviewer")
    reviewer.groups.add(Group.objects.get(name="社区/区级审核员"))
    task_state = submitted.current_workflow_task_state
    task_state.task.specific.on_action(task_state, reviewer, "approve")
    submitted.refresh_from_db()
    assert submitted.live

    with override_settings(NOTICE_APPROVAL_REQUIRED=False):
        call_command("setup_notice_workflow")
    _new_notice(editor_client, station_a, "审核关闭后直接发布")
    assert NoticePage.objects.get(title="审核关闭后直接发布", locale__language_code="zh-hans").live


def test_station_staff_add_can_create_the_account(station_a, client):
    from io import StringIO

    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    out = StringIO()
    call_command(
        "station_staff",
        "add",
        "--unit",
        station_a.title,
        "--create",
        "--email",
        "new@example.test",
        stdout=out,
    )
    person = get_user_model().objects.get(email="new@example.test")
    assert person in members(station_a)
    assert EmailAddress.objects.get(user=person).verified
    text = out.getvalue()
    password = re.search(r"one-time password (\S+)", text).group(1)
    assert "/accounts/login/" in text and "authenticator" in text and "/admin/" in text
    # The printed password works: the new member of staff can log in by e-mail at once.
    response = client.post("/accounts/login/", {"login": "new@example.test", "password": password})
    assert response.status_code == 302 and "_auth_user_id" in client.session
    # Again: nothing changes, no second account.
    call_command(
        "station_staff",
        "add",
        "--unit",
        station_a.title,
        "--create",
        "--email",
        "new@example.test",
        stdout=StringIO(),
    )
    assert get_user_model().objects.filter(email="new@example.test").count() == 1


@pytest.mark.parametrize(
    "args,message",
    [
        (["--create"], "--email"),
        (["--create", "--email", "not-an-address"], "Not an e-mail"),
        (["--user", "nobody-here"], "--create --email"),
    ],
)
def test_station_staff_add_says_what_is_missing(station_a, args, message):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as error:
        call_command("station_staff", "add", "--unit", station_a.title, *args)
    assert message in str(error.value)
