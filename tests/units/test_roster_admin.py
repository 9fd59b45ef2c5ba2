import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from demo.factories.accounts import login_with_mfa, with_mfa
from units.admin_views import SESSION_KEY, UPLOAD_ROOT
from units.models import UnitPage

pytestmark = pytest.mark.django_db

UNITS = (
    "\ufeff街镇,社区,邻里之家,覆盖小区,地址,电话,开放时间\n"
    "测试镇,望海社区,望海苑邻里之家,望海苑,测试镇望海苑1号楼,022-68123456,周一 08:30-17:30\n"
)
CONTACTS = "邻里之家,职务,姓名,电话\n望海苑邻里之家,网格员,甲（示例）,19900001111\n"
BAD_CONTACTS = CONTACTS + "火星邻里之家,网格员,乙（示例）,19900001112\n"


def upload(client, contacts, **extra):
    return client.post(
        reverse("units_roster_import"),
        {
            "units": SimpleUploadedFile("units.csv", UNITS.encode()),
            "contacts": SimpleUploadedFile("contacts.csv", contacts.encode()),
            **extra,
        },
    )


@pytest.fixture
def admin_client(client, django_user_model):
    user = with_mfa(
        django_user_model.objects.create_superuser("roster-admin", "a@example.invalid", "x")
    )
    login_with_mfa(client, user)
    return client


def test_only_superusers_see_and_open_the_import(demo, client, django_user_model):
    editor = with_mfa(django_user_model.objects.create_user("editor", "e@example.invalid", "x"))
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    login_with_mfa(client, editor)
    url = reverse("units_roster_import")
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.get(url)
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    response = upload(client, CONTACTS)
    assert response.status_code == 302
    assert not UnitPage.objects.filter(title="望海苑邻里之家").exists()


def test_upload_preview_shows_errors_and_writes_nothing(demo, admin_client):
    assert (
        reverse("units_roster_import")
        in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    )
    html = admin_client.get(reverse("units_roster_import")).content.decode()
    assert "邻里之家表" in html and "跳过无效行" in html
    html = upload(admin_client, BAD_CONTACTS).content.decode()
    assert "contacts.csv:3: 未知的邻里之家“火星邻里之家”" in html
    assert reverse("units_roster_confirm") not in html
    assert not UnitPage.objects.filter(title="望海苑邻里之家").exists()


def test_preview_then_confirm_writes(demo, admin_client):
    response = upload(admin_client, BAD_CONTACTS, skip_invalid="on")
    html = response.content.decode()
    assert "邻里之家：新建 1，更新 0，未变 0" in html
    assert "contacts.csv:3:" in html and reverse("units_roster_confirm") in html
    assert not UnitPage.objects.filter(title="望海苑邻里之家").exists()  # dry run only

    token = admin_client.session[SESSION_KEY]["token"]
    assert (UPLOAD_ROOT / token / "units").exists()
    wrong = admin_client.post(reverse("units_roster_confirm"), {"token": "guess"})
    assert wrong.status_code == 302
    assert not UnitPage.objects.filter(title="望海苑邻里之家").exists()

    response = admin_client.post(reverse("units_roster_confirm"), {"token": token}, follow=True)
    assert "导入完成" in response.content.decode()
    unit = UnitPage.objects.get(title="望海苑邻里之家", locale__language_code="zh-hans")
    assert [c.name for c in unit.contacts.all()] == ["甲（示例）"]
    assert unit.latest_revision.user.username == "roster-admin"
    assert not (UPLOAD_ROOT / token).exists()
    assert SESSION_KEY not in admin_client.session
