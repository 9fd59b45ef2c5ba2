import pytest

from demo.factories.accounts import with_verified_email

pytestmark = pytest.mark.django_db

PASSWORD = "静海 correct horse 42"


@pytest.fixture
def resident(django_user_model):
    return with_verified_email(
        django_user_model.objects.create_user("lock", "lock@example.test", PASSWORD)
    )


def _login(client, password, **headers):
    return client.post(
        "/accounts/login/", {"login": "lock@example.test", "password": password}, **headers
    )


def test_sixth_attempt_is_refused_even_with_the_right_password(client, resident):
    for _attempt in range(5):
        assert _login(client, "wrong").status_code == 200
    response = _login(client, PASSWORD)
    assert response.status_code == 429
    assert "尝试次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_correct_password_before_the_limit_logs_in(client, resident):
    for _attempt in range(4):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302


def test_spoofed_forwarded_for_does_not_reset_the_ip_counter(client, django_user_model):
    # 10 failures a minute per IP, across different accounts.
    for n in range(10):
        client.post(
            "/accounts/login/",
            {"login": f"nobody{n}@example.test", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    response = client.post(
        "/accounts/login/",
        {"login": "another@example.test", "password": "x"},
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    assert response.status_code == 429
