"""Journeys that need an account or the admin: report a problem and follow it (3), sign up and
rate a department (4), station staff post a notice with two-factor login (6)."""

import base64
import email
import re
import secrets
import time
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from PIL import Image

from .conftest import axe_violations, screenshot

pytestmark = pytest.mark.browser

STATION = "/stations/jinghaizhen/zhongtaixinyuanshequ/haixinyuan/"
PASSWORD = "Linli-journey-2026!"
TRACKING = re.compile(r"JH-\d{4}-\d{6}")


def make_station_staff(manage_shell, address):
    """A verified user in 海馨园's editors' group with a TOTP authenticator; returns
    (TOTP secret, 海馨园's page id)."""
    secret = base64.b32encode(secrets.token_bytes(20)).decode()
    out = manage_shell(
        f"""
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from units.models import UnitPage
from units.teams import add_member
unit = UnitPage.objects.get(slug="haixinyuan", locale__language_code="zh-hans")
user = get_user_model().objects.create_user({address!r}, {address!r}, {PASSWORD!r})
EmailAddress.objects.create(user=user, email={address!r}, verified=True, primary=True)
add_member(unit, user)
TOTP.activate(user, {secret!r})
print(unit.pk)
"""
    )
    return secret, int(out.split()[-1])


def totp_code(secret):
    # A code typed in the last second of its period could be checked in the next one.
    if 30 - time.time() % 30 < 2:
        time.sleep(2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(page, address, secret=None):
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(address)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    if secret:
        page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.locator("input[name=code]").fill(totp_code(secret))
        page.locator("input[name=code]").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url and "/2fa/" not in url)


def test_report_a_problem_follow_it_and_confirm(phone, desk, manage_shell, tmp_path):
    photo = tmp_path / "leak.jpg"
    Image.new("RGB", (64, 48), (120, 140, 160)).save(photo, "JPEG")

    phone.goto(STATION)
    phone.get_by_role("link", name="在线反映问题").click()
    phone.wait_for_url(re.compile(r"/feedback/"))
    assert axe_violations(phone) == []

    # The form refuses (silently) what is sent faster than a person could fill it.
    phone.wait_for_timeout(3500)
    submit = phone.locator("main form button[type=submit]")
    with phone.expect_navigation():
        submit.click()
    assert phone.locator("[aria-invalid=true], .error-text").count() > 0
    assert axe_violations(phone) == []

    phone.locator("select[name=category]").select_option(index=1)
    phone.locator("textarea[name=description]").fill("3号楼楼道顶棚漏水，已经两天了。")
    phone.locator("input[name=compound]").fill("海馨园")
    phone.locator("input[name=building]").fill("3号楼2单元楼道")
    phone.locator("input[name=photos]").set_input_files(str(photo))
    phone.locator("input[name=phone]").fill("13912345678")
    phone.locator("input[name=consent]").check()
    submit.click()
    tracking_number = phone.locator(".tracking-number").inner_text().strip()
    assert TRACKING.fullmatch(tracking_number)
    screenshot(phone, "journey3-report-done")

    phone.get_by_role("link", name="查询办理进度").click()
    phone.locator("input[name=tracking_number]").fill(tracking_number)
    phone.locator("input[name=last4]").fill("5678")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url(re.compile(rf"/feedback/status/{tracking_number}/$"))
    assert "已提交" in phone.locator("dl.facts").inner_text()
    assert axe_violations(phone) == []

    # The station's staff take it up and resolve it in the admin.
    secret, _unit_pk = make_station_staff(manage_shell, "staff3@example.org")
    log_in(desk, "staff3@example.org", secret)
    desk.goto("/admin/reports/")
    desk.get_by_role("link", name=tracking_number).click()
    reply = "已联系物业维修楼顶防水层，漏水已处理。"
    for status, public_reply in (("in_progress", ""), ("resolved", reply)):
        form = desk.locator("form[action*='/transition/']")
        form.locator("select[name=to_status]").select_option(status)
        form.locator("textarea[name=public_reply]").fill(public_reply)
        with desk.expect_navigation():
            form.locator("button[type=submit]").click()
    assert reply in desk.locator("ol.report-history").inner_text()
    screenshot(desk, "journey3-admin-resolved")

    phone.reload()
    assert reply in phone.locator(".timeline").inner_text()
    phone.get_by_label("满意", exact=True).check()
    with phone.expect_navigation():
        phone.get_by_role("button", name="确认办结").click()
    facts = phone.locator("dl.facts").inner_text()
    assert "已确认" in facts and "满意" in facts
    screenshot(phone, "journey3-confirmed")


def _confirmation_link(mail_dir, address):
    for path in sorted(Path(mail_dir).glob("*.log"), key=lambda p: p.stat().st_mtime):
        for raw in path.read_text(encoding="utf-8").split("-" * 79):
            message = email.message_from_string(raw.strip())
            if address not in (message["To"] or ""):
                continue
            for part in message.walk():
                if part.get_content_maintype() != "text":
                    continue
                body = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
                found = re.search(r"https?://\S+/accounts/confirm-email/[^\s\"<>]+", body)
                if found:
                    return found.group(0)
    return None


def test_sign_up_verify_rate_and_see_scorecard(phone, server_env):
    address = "resident4@example.org"
    phone.goto("/accounts/login/")
    assert axe_violations(phone) == []
    phone.goto("/accounts/signup/")
    phone.locator("input[name=email]").fill(address)
    phone.locator("input[name=password1]").fill(PASSWORD)
    phone.locator("input[name=password2]").fill(PASSWORD)
    phone.locator("input[name=password2]").press("Enter")
    phone.wait_for_url(re.compile(r"/accounts/confirm-email/"))

    link = _confirmation_link(server_env["EMAIL_FILE_PATH"], address)
    assert link, "no confirmation mail was sent"
    phone.goto(link)
    with phone.expect_navigation():
        phone.locator("main form button[type=submit]").click()
    # Confirming logs this browser in; log in afresh, as from another device.
    phone.context.clear_cookies()
    log_in(phone, address)

    phone.goto("/ratings/")
    phone.locator("#rating-unit").select_option(label="海馨园邻里之家")
    phone.get_by_role("button", name="查看派驻部门").click()
    phone.locator("main a.button", has_text="评议").first.click()
    phone.wait_for_url(re.compile(r"/ratings/rate/\d+/\d+/"))
    assert axe_violations(phone) == []
    for name, score in (("attitude", 5), ("efficiency", 4), ("effectiveness", 5)):
        phone.locator(f"input[name={name}][value='{score}']").check()
    phone.get_by_role("button", name="提交评议").click()
    phone.wait_for_url(re.compile(r"/departments/[^/]+/scorecard/"))
    assert "感谢您的评议" in phone.locator("body").inner_text()
    assert axe_violations(phone) == []
    screenshot(phone, "journey4-scorecard")


def test_station_staff_log_in_with_two_factor_and_post_a_notice(desk, manage_shell):
    secret, unit_pk = make_station_staff(manage_shell, "staff6@example.org")
    log_in(desk, "staff6@example.org", secret)

    title = "海馨园周六上午义诊通知"
    desk.goto(f"/admin/pages/add/units/noticepage/{unit_pk}/")
    desk.locator("#id_title").fill(title)
    body = desk.locator(".Draftail-Editor [contenteditable=true]").first
    body.click()
    # Draft.js ignores text inserted without key events, so the text is pasted, as staff do.
    text = "本周六上午9点，社区卫生服务站在活动室义诊，欢迎居民参加。"
    body.evaluate(
        """(el, text) => { const data = new DataTransfer(); data.setData('text/plain', text);
            el.dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true,
            cancelable: true})); }""",
        text,
    )
    # The editor saves into the hidden input a moment later.
    desk.wait_for_function(
        "t => document.querySelector('input[name=body]').value.includes(t)", arg=text
    )
    desk.locator("footer [data-w-dropdown-target=toggle]").first.click()
    with desk.expect_navigation():
        desk.locator("button[name=action-publish]").click()
    # Published pages go back to the station's page listing; a failed save stays on the form.
    assert re.search(rf"/admin/pages/{unit_pk}/$", desk.url)
    screenshot(desk, "journey6-published")

    desk.goto(STATION)
    assert title in desk.locator("main").inner_text()
    screenshot(desk, "journey6-station")


def _sms_code(server_env, masked):
    """The newest code the console SMS sender printed in the server's log for `masked`."""
    log = (Path(server_env["VAR_DIR"]) / "server.log").read_text()
    codes = re.findall(rf"\[SMS → {re.escape(masked)}\] 静海区邻里之家验证码：(\d{{6}})", log)
    assert codes, "no SMS code was printed"
    return codes[-1]


def test_add_a_phone_on_the_account_page_then_sign_in_with_an_sms_code(
    phone, manage_shell, server_env
):
    address, mobile, masked = "resident-phone@example.org", "13912345678", "139****5678"
    manage_shell(
        f"""
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
user = get_user_model().objects.create_user("resident-phone", {address!r}, {PASSWORD!r})
EmailAddress.objects.create(user=user, email={address!r}, verified=True, primary=True)
"""
    )
    log_in(phone, address)
    phone.goto("/accounts/profile/")
    assert "尚未绑定手机号码" in phone.locator("main").inner_text()
    phone.get_by_role("link", name="绑定手机号码").click()
    assert axe_violations(phone) == []
    phone.get_by_label("手机号码").fill("139 1234 5678")
    phone.get_by_role("button", name="发送验证码").click()
    phone.wait_for_url(re.compile(r"/accounts/phone/verify/"))
    assert masked in phone.locator("main").inner_text()
    assert mobile not in phone.content()
    assert axe_violations(phone) == []
    phone.locator("input[name=code]").fill(_sms_code(server_env, masked))
    phone.locator("input[name=code]").press("Enter")
    phone.wait_for_url(lambda url: "/phone/verify/" not in url)
    phone.goto("/accounts/profile/")
    assert f"{masked} — 已验证，可用于登录" in phone.locator("main").inner_text()

    # Another day, another device: sign in with the phone alone.
    phone.context.clear_cookies()
    phone.goto("/accounts/login/code/")
    phone.locator("input[name=phone]").fill("1391234567")  # one digit short
    phone.get_by_role("button", name="发送验证码").click()
    assert "请输入有效的中国大陆手机号码" in phone.locator("main").inner_text()
    assert phone.locator("input[name=phone]").input_value() == "1391234567"  # kept
    assert axe_violations(phone) == []
    phone.locator("input[name=phone]").fill(mobile)
    phone.get_by_role("button", name="发送验证码").click()
    phone.wait_for_url(re.compile(r"/accounts/login/code/confirm/"))
    phone.locator("input[name=code]").fill(_sms_code(server_env, masked))
    phone.locator("input[name=code]").press("Enter")
    phone.wait_for_url(lambda url: "/accounts/login/" not in url)
    phone.goto("/accounts/profile/")
    assert address in phone.locator("main").inner_text()
    screenshot(phone, "journey7-phone-login")
