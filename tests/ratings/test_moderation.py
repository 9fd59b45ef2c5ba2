import pytest
from django.contrib.auth.models import Group

from demo.factories.accounts import login_with_mfa, with_mfa
from ratings.models import Rating
from ratings.services import submit_rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def rating(post, resident):
    department, unit = post
    rating, _created = submit_rating(
        resident,
        department,
        unit,
        attitude=4,
        efficiency=4,
        effectiveness=4,
        comment="派驻干部很耐心",
    )
    return rating


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("mod", "mod@example.test", "x")
    user.groups.add(Group.objects.get(name="评议审核员"))
    return with_mfa(user)


def _public(client, rating):
    return client.get(f"{rating.department.url}scorecard/").content.decode()


def test_comments_wait_for_approval(client, rating, moderator):
    assert "派驻干部很耐心" not in _public(client, rating)
    login_with_mfa(client, moderator)
    html = client.get("/admin/ratings/moderation/").content.decode()
    assert "派驻干部很耐心" in html
    client.post(f"/admin/ratings/moderation/{rating.pk}/comment/", {"decision": "approved"})
    rating.refresh_from_db()
    assert rating.comment_status == Rating.CommentStatus.APPROVED
    client.logout()
    assert "派驻干部很耐心" in _public(client, rating)


def test_rejection_needs_a_reason(client, rating, moderator):
    login_with_mfa(client, moderator)
    url = f"/admin/ratings/moderation/{rating.pk}/comment/"
    client.post(url, {"decision": "rejected"})
    rating.refresh_from_db()
    assert rating.comment_status == Rating.CommentStatus.PENDING
    client.post(url, {"decision": "rejected", "reason": "含有他人电话号码"})
    rating.refresh_from_db()
    assert rating.comment_status == Rating.CommentStatus.REJECTED
    assert rating.reject_reason == "含有他人电话号码"
    assert "派驻干部很耐心" not in _public(client, rating)


def test_other_staff_cannot_moderate(client, rating, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("ed", "ed@example.test", "x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    login_with_mfa(client, editor)
    assert client.get("/admin/ratings/moderation/").status_code == 302
    client.post(f"/admin/ratings/moderation/{rating.pk}/comment/", {"decision": "approved"})
    rating.refresh_from_db()
    assert rating.comment_status == Rating.CommentStatus.PENDING


def test_changing_the_comment_sends_it_back_to_moderation(rating, resident):
    rating.comment_status = Rating.CommentStatus.APPROVED
    rating.save()
    rating, _created = submit_rating(
        resident,
        rating.department,
        rating.unit,
        attitude=4,
        efficiency=4,
        effectiveness=4,
        comment="改过的留言",
    )
    assert rating.comment_status == Rating.CommentStatus.PENDING
