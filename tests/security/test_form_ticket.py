"""Issue 15, item 9: anti-bot checks that hold and do not hurt people.

Through the shipped topology: a genuine resident who submits quickly gets the form back with
everything typed and a short request to submit again, and the second click is stored; a ticket
makes one report however often it is sent; only the honeypot earns the silent fake receipt."""

import time

import pytest

from feedback import conf
from feedback.models import Category, Report

from .helpers import report_data, tracking_number

pytestmark = pytest.mark.slow


@pytest.fixture
def category(committed):
    return Category.objects.active().first()


def test_a_quick_resident_is_asked_to_submit_again_and_then_stored(fresh_site, category):
    resident = fresh_site.client("127.0.0.70")
    form = resident.form("/feedback/")
    typed = report_data(
        form, category, description="电梯停了两天，老人下不了楼。", building="7号楼"
    )
    quick = resident.post("/feedback/", typed)
    assert quick.status_code == 200 and not tracking_number(quick)
    assert "提交得太快了" in quick.text
    assert "电梯停了两天，老人下不了楼。" in quick.text and 'value="7号楼"' in quick.text
    assert not Report.objects.filter(description__startswith="电梯停了两天").exists()

    time.sleep(conf.DEFAULTS["REPORT_MIN_FILL_SECONDS"])
    again = resident.post("/feedback/", typed)  # the same form, clicked once more
    assert tracking_number(again)
    assert Report.objects.filter(description__startswith="电梯停了两天").count() == 1


def test_a_ticket_makes_one_report_and_only_the_honeypot_gets_a_fake_receipt(fresh_site, category):
    resident, bot = fresh_site.client("127.0.0.71"), fresh_site.client("127.0.0.72")
    form = resident.form("/feedback/")
    trap = bot.form("/feedback/")
    time.sleep(conf.DEFAULTS["REPORT_MIN_FILL_SECONDS"] + 0.2)
    before = Report.objects.count()

    first = resident.post("/feedback/", report_data(form, category, description="第一次的内容啊"))
    resent = resident.post("/feedback/", report_data(form, category, description="第一次的内容啊"))
    assert tracking_number(first) and tracking_number(resent) == tracking_number(first)
    # The same ticket with other content: the form again, never the first report's receipt.
    other = resident.post("/feedback/", report_data(form, category, description="换个内容再来"))
    assert other.status_code == 200 and tracking_number(other) is None
    assert "已经提交过一次" in other.text and "换个内容再来" in other.text

    fake = bot.post("/feedback/", report_data(trap, category, website="http://spam.example"))
    assert fake.status_code == 200 and tracking_number(fake)
    assert Report.objects.count() == before + 1
    assert not Report.objects.filter(tracking_number=tracking_number(fake)).exists()
