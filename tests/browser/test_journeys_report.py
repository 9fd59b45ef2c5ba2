"""Issue 17's journeys in a real browser: a resident who knows only her compound, writes her
phone the way she always does, closes the browser, and is still told what happened; and the
staff who triage reports on a phone."""

import base64
import re
import secrets
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.feedback.test_photos import phone_photo

from .conftest import axe_violations, has_horizontal_overflow, screenshot
from .test_journeys_accounts import PASSWORD, TRACKING, log_in, make_station_staff

pytestmark = pytest.mark.browser

SMS = re.compile(r"\[SMS → (\S+)\] (.+)")
LINK = re.compile(r"https?://\S+/feedback/s/[^\s/]+/")


def fill_report(
    page, *, compound, phone="", notify=False, description="楼道灯坏了一周，晚上看不见路。"
):
    page.goto("/feedback/")
    page.locator("select[name=category]").select_option(label="物业服务、老旧小区改造")
    page.locator("textarea[name=description]").fill(description)
    page.locator("input[name=compound]").fill(compound)
    if phone:
        page.locator("input[name=phone]").fill(phone)
    if notify:
        page.locator("input[name=notify_sms]").check()
    page.locator("input[name=consent]").check()


def submit(page):
    page.wait_for_timeout(3200)  # a person takes longer than the form's minimum fill time
    with page.expect_navigation():
        page.locator("main form.report-form button[type=submit]").click()
    number = page.locator(".tracking-number").inner_text().strip()
    assert TRACKING.fullmatch(number)
    return number


def texts_for(server_env, number):
    """The text messages the console sender printed (in the server's log) about a report."""
    log = (Path(server_env["VAR_DIR"]) / "server.log").read_text()
    return [(to, text) for to, text in SMS.findall(log) if number in text]


def test_compound_only_report_reaches_its_stations_staff_list(phone, desk, manage_shell):
    fill_report(phone, compound="海心园", phone="139 1234 5678")  # a same-sounding typo
    # Before submitting, the form says where the report will go, so a wrong match can be fixed.
    expect(phone.locator("#station-preview")).to_contain_text("将提交给：海馨园邻里之家")
    assert phone.locator("select[name=unit]").input_value() == ""  # nothing chosen
    assert axe_violations(phone) == []
    screenshot(phone, "journey17-1-form-preview")
    # A compound that fits two stations offers both; one tap chooses.
    phone.locator("input[name=compound]").fill("裕华")
    choices = phone.locator("#station-preview .preview-choices button")
    expect(choices).to_have_count(2)
    screenshot(phone, "journey17-1b-form-ambiguous")
    phone.locator("input[name=compound]").fill("海心园")
    expect(phone.locator("#station-preview")).to_contain_text("将提交给：海馨园邻里之家")
    number = submit(phone)
    facts = phone.locator("dl.facts").inner_text()
    assert "海馨园邻里之家" in facts and "住房和城乡建设委员会" in facts  # who will answer
    assert not has_horizontal_overflow(phone)
    screenshot(phone, "journey17-2-receipt")

    secret, _unit = make_station_staff(manage_shell, "staff17@example.org")
    log_in(desk, "staff17@example.org", secret)
    desk.goto("/admin/reports/")
    row = desk.locator("#listing-results tr", has_text=number)
    expect(row).to_contain_text("海馨园邻里之家")
    expect(row).to_contain_text("139****5678")
    assert "13912345678" not in desk.content()
    screenshot(desk, "journey17-3-staff-list")


def test_the_text_message_link_opens_the_status_on_another_device(
    phone, browser, site_url, server_env
):
    fill_report(phone, compound="东方小区 2号楼", phone="+86 139-8765-4321", notify=True)
    number = submit(phone)
    # The receipt offers the same link, with a button that copies it.
    link = phone.locator("input.status-link").input_value()
    assert LINK.fullmatch(link)
    expect(phone.get_by_role("button", name="复制链接")).to_be_visible()
    screenshot(phone, "journey17-4-receipt-link")
    phone.context.close()  # she closes the browser

    [(to, text)] = texts_for(server_env, number)
    assert to == "139****4321" and "由东方小区邻里之家受理" in text
    sent = LINK.search(text).group(0)
    assert sent.startswith(site_url)
    other = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    page = other.new_page()
    page.goto(sent)
    page.wait_for_url(re.compile(rf"/feedback/status/{number}/$"))
    main = page.locator("main").inner_text()
    assert "楼道灯坏了一周" in main and "东方小区 2号楼" in main and "已提交" in main
    assert axe_violations(page) == []
    screenshot(page, "journey17-5-status-from-sms")
    other.close()


def test_lookup_with_a_sloppy_number(phone, browser, site_url):
    fill_report(phone, compound="裕华园", phone="13911112222")
    number = submit(phone)
    year, serial = number.split("-")[1:]
    other = browser.new_context(viewport={"width": 375, "height": 740}, base_url=site_url)
    page = other.new_page()
    page.goto("/feedback/status/")
    page.locator("input[name=tracking_number]").fill(f"jh{year}{int(serial)}")
    page.locator("input[name=last4]").fill("２２２２")  # full-width, as a Chinese keyboard types
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/feedback/status/{number}/$"))
    assert "裕华园邻里之家" in page.locator("dl.facts").inner_text()
    screenshot(page, "journey17-6-sloppy-lookup")
    other.close()


def test_a_12_mb_phone_photo_is_accepted(phone, manage_shell, tmp_path):
    photo = tmp_path / "IMG_20261129_081500.jpg"
    photo.write_bytes(phone_photo(12))
    assert photo.stat().st_size > 10 * 1024 * 1024
    fill_report(phone, compound="康馨园", phone="13933334444", description="楼道墙皮大面积脱落。")
    phone.locator("input[name=photos]").set_input_files(str(photo))
    number = submit(phone)
    stored = manage_shell(
        f"""
from feedback.models import ReportPhoto
from PIL import Image
photo = ReportPhoto.objects.get(report__tracking_number={number!r})
print(Image.open(photo.file.path).size, photo.file.size, Image.open(photo.thumbnail.path).size)
"""
    )
    assert "(1920, 2560)" in stored
    # The owner sees it as a thumbnail on the status page (link from the receipt).
    phone.goto(phone.locator("input.status-link").input_value())
    thumb = phone.locator(".photo-thumbs img").first
    expect(thumb).to_be_visible()
    assert thumb.evaluate("img => img.complete && img.naturalWidth") <= 320
    screenshot(phone, "journey17-7-photo-thumbnail")


def make_district_admin(manage_shell, address):
    secret = base64.b32encode(secrets.token_bytes(20)).decode()
    manage_shell(
        f"""
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from core.groups import role_group
user = get_user_model().objects.create_user({address!r}, {address!r}, {PASSWORD!r})
EmailAddress.objects.create(user=user, email={address!r}, verified=True, primary=True)
user.groups.add(role_group("feedback.handle_all_reports"))
TOTP.activate(user, {secret!r})
"""
    )
    return secret


def test_staff_triage_on_a_375px_screen(phone, manage_shell):
    secret = make_district_admin(manage_shell, "district17@example.org")
    log_in(phone, "district17@example.org", secret)
    phone.goto("/admin/reports/?queue=triage")
    listing = phone.locator("#listing-results")
    expect(listing).to_contain_text("待分派")
    assert not has_horizontal_overflow(phone)
    # The filters are folded away behind one button until asked for.
    drawer = phone.locator("#filters-drawer, [data-w-drilldown-target], .w-filter-button").first
    assert drawer.count() == 0 or not phone.locator("select[name=status]").is_visible()
    screenshot(phone, "journey17-8-triage-375")

    # One tap assigns a queued report to the station its compound names.
    phone.locator("#listing-results tbody tr a").first.click()
    assign = phone.get_by_role("button", name=re.compile(r"^分派给"))
    expect(assign.first).to_be_visible()
    assert not has_horizontal_overflow(phone)
    screenshot(phone, "journey17-9-inspect-375")
    with phone.expect_navigation():
        assign.first.click()
    expect(phone.locator(".messages")).to_contain_text("已转派")
    expect(phone.locator("ol.report-history")).to_contain_text("转派邻里之家")

    # A report with a photo: thumbnail, a canned reply in one tap, escalate in one action.
    phone.goto("/admin/reports/?q=楼道墙皮")
    phone.locator("#listing-results tbody tr a").first.click()
    expect(phone.locator(".report-photos img").first).to_be_visible()
    phone.locator("select[name=to_status]").select_option("accepted")
    phone.locator("[data-canned-reply]").first.tap()
    reply = phone.locator("textarea[name=public_reply]")
    assert reply.input_value() == "已约谈物业公司限期整改。"
    screenshot(phone, "journey17-10-canned-reply-375")
    with phone.expect_navigation():
        phone.locator("form[action*='/transition/'] button[type=submit]").click()
    expect(phone.locator(".messages")).to_contain_text("已更新工单")
    phone.locator("textarea[name=reason]").fill("涉及整栋楼外墙，需街镇协调。")
    with phone.expect_navigation():
        phone.get_by_role("button", name="升级到上一级").click()
    expect(phone.locator("ol.report-history")).to_contain_text("升级至街镇")
    assert not has_horizontal_overflow(phone)
    screenshot(phone, "journey17-11-escalated-375")
