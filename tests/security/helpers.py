"""What a visitor does on the running site, step by step, for the security suite."""

import re
import time

from feedback import conf

TRACKING = re.compile(r"JH-\d{4}-\d{6}")


def report_forms(client, count):
    """Open the report form `count` times and wait as long as a person needs to fill it in;
    returns the forms' hidden fields (CSRF token and ticket)."""
    forms = [client.form("/feedback/") for _ in range(count)]
    time.sleep(conf.DEFAULTS["REPORT_MIN_FILL_SECONDS"] + 0.2)
    return forms


def report_data(form, category, **fields):
    data = {
        "csrfmiddlewaretoken": form["csrfmiddlewaretoken"],
        "token": form["token"],
        "category": str(category.pk),
        "description": "楼道灯坏了，晚上看不见台阶。（安全测试）",
        "compound": "海馨园",
        "consent": "on",
        "website": "",
        **fields,
    }
    return {name: value for name, value in data.items() if value is not None}


def submit_reports(client, category, phones):
    """One report per phone number (or None for none); the responses."""
    forms = report_forms(client, len(phones))
    return [
        client.post("/feedback/", report_data(form, category, phone=phone or ""))
        for form, phone in zip(forms, phones, strict=True)
    ]


def tracking_number(response):
    found = TRACKING.search(response.text)
    return found and found.group()


def lookup(client, number, last4):
    token = client.csrf_token("/feedback/status/")
    return client.post(
        "/feedback/status/",
        {"csrfmiddlewaretoken": token, "tracking_number": number, "last4": last4},
    )


def password_login(client, login, password):
    token = client.csrf_token("/accounts/login/")
    return client.post(
        "/accounts/login/", {"csrfmiddlewaretoken": token, "login": login, "password": password}
    )
