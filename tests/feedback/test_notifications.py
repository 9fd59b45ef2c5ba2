"""The resident is told: a text message through SMS_SENDER (the console sender here, as phone
login uses it) and/or an e-mail for signed-in residents, on every public step, sent only after
the change is committed, never logged, each with a signed, expiring, revocable status link."""

import logging
import re

import pytest
from django.db import transaction

from demo.factories.accounts import with_verified_email
from feedback import links
from feedback.models import Report, Status
from feedback.services import (
    TransitionError,
    escalate,
    reassign,
    reopen,
    reply,
    revoke_links,
    submit_report,
    transition,
)

from .conftest import PHONE

SMS = re.compile(r"\[SMS → (\S+)\] (.+)")
LINK = re.compile(r"https?://\S+/feedback/s/[^\s/]+/")


@pytest.fixture(autouse=True)
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def _texts(capsys):
    return SMS.findall(capsys.readouterr().out)


def _report(category, unit, **kwargs):
    kwargs.setdefault("phone", PHONE)
    kwargs.setdefault("notify_sms", True)
    report, _ = submit_report(
        category=category, description="楼道漏水，请尽快处理", unit=unit, **kwargs
    )
    return report


def test_nothing_is_sent_for_a_rolled_back_report_and_one_message_after_commit(
    category, unit_x, django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                _report(category, unit_x)
                raise RuntimeError("forced rollback")
        except RuntimeError:
            pass
    assert callbacks == [] and _texts(capsys) == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        # Inside the transaction nothing has gone out yet.
        report = _report(category, unit_x)
        assert _texts(capsys) == []
    assert len(callbacks) == 1
    [(to, text)] = _texts(capsys)
    assert to == "138****5678" and PHONE not in text
    assert report.tracking_number in text and unit_x.title in text
    assert LINK.search(text)


def test_every_public_step_is_told_with_a_link(
    category, unit_x, unit_y, department, django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _report(category, unit_x)
        transition(report, Status.ACCEPTED)
        transition(report, Status.DISPATCHED, department=department)
        transition(report, Status.IN_PROGRESS)
        reply(report, "维修师傅明天上午上门。")
        escalate(report, "需要街镇协调")
        reassign(report, unit_y, note="不在本站服务范围")
        transition(report, Status.RESOLVED, public_reply="已修好。")
        reopen(report, "还在漏")
    texts = [text for _to, text in _texts(capsys)]
    assert len(texts) == 9
    expected = [
        "已提交",
        "已受理",
        f"已派给{department.title}办理",
        "正在处理",
        "有新的答复",
        "升级到街镇一级",
        f"已转交{unit_y.title}办理",
        "已办结，请查看答复并评价",
        "已重新办理",
    ]
    for text, words in zip(texts, expected, strict=True):
        assert words in text and LINK.search(text), text


def test_nothing_is_sent_without_consent_or_for_private_steps(
    category, unit_x, django_capture_on_commit_callbacks, capsys, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        quiet = _report(category, unit_x, notify_sms=False)
        transition(quiet, Status.ACCEPTED)
        told = _report(category, unit_x)
    capsys.readouterr()
    with django_capture_on_commit_callbacks(execute=True):
        revoke_links(told)
        transition(told, Status.ACCEPTED)
        transition(told, Status.RESOLVED, public_reply="好了")
        from feedback.services import confirm

        confirm(told, "satisfied")  # the resident's own step
    texts = [text for _to, text in _texts(capsys)]
    assert len(texts) == 2 and "已受理" in texts[0] and "已办结" in texts[1]
    assert all(told.tracking_number in text for text in texts)


def test_signed_in_residents_may_be_told_by_email(
    category, unit_x, django_user_model, django_capture_on_commit_callbacks, mailoutbox
):
    user = with_verified_email(
        django_user_model.objects.create_user("mailme", "mailme@example.test", "pw-静海-42")
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = _report(category, unit_x, phone="", notify_sms=False, notify_email=True, user=user)
        transition(report, Status.ACCEPTED)
    mine = [m for m in mailoutbox if m.to == ["mailme@example.test"]]
    assert len(mine) == 2
    assert report.tracking_number in mine[1].subject and "已受理" in mine[1].body
    assert LINK.search(mine[1].body)


def test_no_number_code_or_link_is_ever_logged(
    category, unit_x, settings, django_capture_on_commit_callbacks, capsys, logs
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _report(category, unit_x)
        transition(report, Status.ACCEPTED)
    [link] = {LINK.search(text).group(0) for _to, text in _texts(capsys)[-1:]}
    # A provider that fails: the step stands, the log says which report, nothing personal.
    settings.SMS_SENDER = "accounts.sms.SmsSender"
    with django_capture_on_commit_callbacks(execute=True):
        transition(report, Status.IN_PROGRESS)
    assert Report.objects.get(pk=report.pk).status == Status.IN_PROGRESS
    failures = [r for r in logs.records if "could not be sent" in r.getMessage()]
    assert len(failures) == 1 and str(report.pk) in failures[0].getMessage()
    token = link.rstrip("/").rsplit("/", 1)[-1]
    for record in logs.records:
        text = record.getMessage() + repr(record.args)
        for secret in (PHONE, "138****5678", token):
            assert secret not in text, record


def test_the_link_opens_the_status_on_a_fresh_device_until_revoked(
    client, category, unit_x, department, django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        report = _report(category, unit_x)
        transition(report, Status.ACCEPTED, public_reply="已受理，马上安排。")
    link = LINK.search(_texts(capsys)[-1][1]).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response["Location"] == f"/feedback/status/{report.tracking_number}/"
    html = client.get(response["Location"]).content.decode()
    assert "楼道漏水，请尽快处理" in html and "已受理，马上安排。" in html
    # Staff revoke it (a lost phone): the link and the session it opened stop working.
    revoke_links(report)
    assert client.get(f"/feedback/status/{report.tracking_number}/").status_code == 302
    other = client.__class__()
    response = other.get("/" + path, follow=True)
    assert "已过期或已被撤销" in response.content.decode()
    assert "楼道漏水" not in response.content.decode()


def test_links_expire_and_cannot_be_forged(client, category, unit_x, settings):
    report = _report(category, unit_x)
    token = links.make_token(report)
    settings.REPORT_STATUS_LINK_MAX_AGE = -1
    with pytest.raises(links.LinkError) as error:
        links.report_for(token)
    assert error.value.expired
    settings.REPORT_STATUS_LINK_MAX_AGE = 3600
    assert links.report_for(token) == report
    for forged in (token[:-2] + "xx", f"{report.pk + 1}.0" + token[token.index(":") :], "1.0"):
        with pytest.raises(links.LinkError):
            links.report_for(forged)
    response = client.get(f"/feedback/s/{token[:-2]}xx/", follow=True)
    assert "不完整或有误" in response.content.decode()


def test_staff_reply_to_a_closed_report_is_refused(category, unit_x):
    report = _report(category, unit_x)
    transition(report, Status.ACCEPTED)
    transition(report, Status.RESOLVED, public_reply="好了")
    from feedback.services import confirm

    confirm(report, "satisfied")
    with pytest.raises(TransitionError):
        reply(report, "再说一句")
    assert Report.objects.get(pk=report.pk).status == Status.CLOSED
