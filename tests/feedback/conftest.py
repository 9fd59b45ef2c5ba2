import time

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from feedback import tickets
from feedback.models import Category
from units.models import DepartmentPage, UnitPage
from units.teams import add_member

PHONE = "13812345678"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def unit_x(demo):
    return UnitPage.objects.get(title="海馨园邻里之家")


@pytest.fixture
def unit_y(demo):
    return UnitPage.objects.get(title="裕华园邻里之家")


@pytest.fixture
def category(demo):
    return Category.objects.get(name="漏水、管道井淤塞")


@pytest.fixture
def department(category):
    return category.department


@pytest.fixture
def other_department(demo, department):
    return DepartmentPage.objects.exclude(pk=department.pk).first()


def _user(username, **extra):
    user = get_user_model().objects.create_user(username, password="pw-test-123", **extra)
    if apps.is_installed("allauth.mfa"):
        # Admin pages require an enrolled authenticator (accounts.middleware).
        from allauth.mfa.models import Authenticator

        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


@pytest.fixture
def users(unit_x, unit_y, department, other_department):
    staff_x = _user("staff_x")
    add_member(unit_x, staff_x)
    staff_y = _user("staff_y")
    add_member(unit_y, staff_y)
    dept = _user("dept")
    add_member(department, dept)
    other_dept = _user("other_dept")
    add_member(other_department, other_dept)
    admin = _user("admin", is_superuser=True, is_staff=True)
    return {
        "staff_x": staff_x,
        "staff_y": staff_y,
        "dept": dept,
        "other_dept": other_dept,
        "admin": admin,
    }


@pytest.fixture
def form_data(unit_x, category):
    def build(**overrides):
        data = {
            "unit": str(unit_x.pk),
            "category": str(category.pk),
            "description": "3号楼楼道水管漏水，地面积水很深。",
            "compound": "海馨园",
            "building": "3号楼2单元",
            "name": "王先生",
            "phone": PHONE,
            "consent": "on",
            "website": "",
            "token": tickets.issue(time.time() - 60),
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return build
