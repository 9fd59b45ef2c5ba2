"""A sample history for the demo district: a few hundred whistle reports over the last two
quarters and residents' ratings of departments, so that station figures, department
scorecards and the ranking show real numbers on day one.

Everything is sample data: descriptions end in "（示例）", residents are 某某（示例） with the
demo's invented 1990… numbers, accounts cannot log in. The same seed gives the same history;
`load_demo_history` adds it once (its reports carry an idempotency token "demo-history-…").
Rows are written in bulk, past the services, so that no notification goes out for them.
"""

import datetime
import itertools
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.locale import source_locale
from core.periods import bounds, current_period, previous
from feedback.deadlines import WorkCalendar, add_working_days, add_working_minutes
from feedback.models import (
    Category,
    EventKind,
    MediationLevel,
    Report,
    ReportEvent,
    Satisfaction,
    StationMatch,
    Status,
)
from feedback.routing import common_town
from feedback.services import tracking_number
from ratings.models import Rating
from units.models import DepartmentPage, DispatchedStaff, UnitPage

from .samples import SAMPLE, sample_mobile, sample_name

TOKEN = "demo-history-"
REPORTS = 360
RESIDENTS = 48
SEED = 17
DESCRIPTIONS = {
    "楼道堆物、消防通道堵塞": ["{n}号楼楼道堆满纸箱和旧家具，影响通行", "消防通道被私家车长期占用"],
    "漏水、管道井淤塞": ["{n}号楼楼顶漏水，雨天楼道积水", "{n}号楼下水道堵塞，污水外溢"],
    "噪声、油烟扰民": ["小区门口餐馆油烟直排，晚上噪声大", "{n}号楼装修噪声持续到晚上十点"],
    "占道经营、私搭乱建": ["小区北门外早市占道经营", "{n}号楼一层住户私搭棚子"],
    "垃圾清运、环境卫生": ["{n}号楼旁垃圾桶三天没有清运", "小区绿地有建筑垃圾堆放"],
    "食品安全、价格投诉": ["小区超市出售过期食品", "菜市场价格标示不清"],
    "物业服务、老旧小区改造": ["{n}号楼电梯经常停运，物业不处理", "楼道灯坏了一个月没人修"],
    "治安隐患、电动车防盗": ["车棚电动车电瓶被盗", "{n}号楼单元门门禁坏了"],
    "邻里纠纷调解": ["楼上住户漏水到我家，协商不成", "邻居在公共区域养狗扰民"],
    "养老、低保、困难帮扶": ["独居老人需要上门帮扶", "咨询低保申请材料"],
    "其他问题": ["小区健身器材损坏", "建议增加充电桩"],
}
# Compounds typed by residents that fit two stations equally (the triage queue).
TRIAGE = [
    ("裕华", ["裕华园邻里之家", "裕华里邻里之家"]),
    ("馨园", ["海馨园邻里之家", "康馨园邻里之家"]),
]
COMMENTS = [
    "派驻人员上门很及时",
    "问题解决得很彻底",
    "处理速度还可以再快一点",
    "态度很好，耐心解释",
]


def load_demo_history(now=None, seed=SEED):
    """Add the sample history once; returns the number of reports added (0 if present)."""
    if Report.objects.filter(idempotency_token__startswith=TOKEN).exists():
        return 0
    now = now or timezone.now()
    rng = random.Random(seed)
    with transaction.atomic():
        count = _reports(rng, now)
        _ratings(rng, now)
    return count


class _Story:
    """One report's life, built step by step as (time, event) pairs."""

    def __init__(self, report, now):
        self.report, self.now, self.events, self.candidates = report, now, [], []

    def step(self, at, **fields):
        at = min(at, self.now - datetime.timedelta(minutes=5))
        fields.setdefault("kind", EventKind.STATUS)
        fields.setdefault("from_status", self.report.status)
        fields.setdefault("to_status", self.report.status)
        self.events.append(ReportEvent(created_at=at, **fields))
        self.report.status = fields["to_status"]
        return at


def _reports(rng, now):
    units = list(UnitPage.objects.live().source().order_by("path").prefetch_related("compounds"))
    categories = list(Category.objects.active().select_related("department"))
    start = timezone.make_aware(
        datetime.datetime.combine(bounds(previous(current_period(now)))[0], datetime.time(8))
    )
    calendar = WorkCalendar({start.year, now.year, now.year + 1})
    weights = [1 + (index * 7) % 5 for index in range(len(units))]  # busier and quieter stations
    # "其他问题" has no department of its own: staff send it to those no category names, in turn.
    named = {c.department_id for c in categories}
    spare = itertools.cycle(DepartmentPage.objects.source().exclude(pk__in=named).order_by("path"))
    stories = []
    for number in range(REPORTS):
        created = start + (now - start) * (number + rng.random()) / REPORTS
        unit = rng.choices(units, weights)[0]
        category = rng.choice(categories)
        department = category.department or next(spare)
        story = _story(rng, number, unit, category, department, created, now, calendar)
        stories.append(story)
    reports = Report.objects.bulk_create([story.report for story in stories])
    for report in reports:
        report.tracking_number = tracking_number(report)
    Report.objects.bulk_update(reports, ["tracking_number"])
    for story in stories:
        if story.candidates:
            story.report.candidate_units.set(story.candidates)
    events = []
    for story in stories:
        for event in story.events:
            event.report = story.report
            events.append(event)
    ReportEvent.objects.bulk_create(events)
    return len(reports)


def _story(rng, number, unit, category, department, created, now, calendar):
    compounds = [c.name for c in unit.compounds.all()]
    seed = f"demo-history:{number}"
    respond_by = (
        add_working_minutes(created, 30, calendar)
        if category.urgency == "urgent"
        else add_working_days(created, 1, calendar)
    )
    report = Report(
        unit=unit,
        station_match=StationMatch.MATCHED if number % 3 else StationMatch.CHOSEN,
        category=category,
        proposed_department=category.department,
        description=rng.choice(DESCRIPTIONS.get(category.name, ["小区问题"])).format(
            n=rng.randint(1, 20)
        )
        + SAMPLE,
        compound=compounds[0] if compounds else "",
        building=f"{rng.randint(1, 20)}号楼",
        name=sample_name(seed) if number % 4 else "",
        phone=sample_mobile(seed) if number % 4 else "",
        consent=True,
        public_ok=number % 3 == 0,
        urgency=category.urgency,
        respond_by=respond_by,
        resolve_by=add_working_days(created, 2 if category.urgency != "normal" else 7, calendar),
        idempotency_token=f"{TOKEN}{number:04d}",
        created_at=created,
        status=Status.SUBMITTED,
    )
    story = _Story(report, now)
    story.step(created, from_status="", to_status=Status.SUBMITTED)
    if number >= REPORTS - len(TRIAGE):
        # The newest few named a compound that fits two stations: in the triage queue.
        report.compound, names = TRIAGE[REPORTS - number - 1]
        story.candidates = list(UnitPage.objects.source().filter(title__in=names))
        report.unit, report.station_match = None, StationMatch.AMBIGUOUS
        report.town = common_town(story.candidates)
        return story
    if number % 40 == 7:
        # Typed a neighbouring compound: the station passed it on to the right one.
        report.station_match = StationMatch.ASSIGNED
        story.step(
            created + datetime.timedelta(hours=1),
            kind=EventKind.REASSIGN,
            unit=unit,
            private_note="居民填写的小区名称不完整，由街镇工作人员分派。" + SAMPLE,
        )
    age = now - created
    # Most of the district's reports are accepted in time; one in eight is late.
    late = rng.random() < 0.125
    accepted = created + datetime.timedelta(
        hours=rng.uniform(26, 60) if late else rng.uniform(0.3, 6)
    )
    if age < datetime.timedelta(hours=8) or accepted >= now:
        return story
    report.responded_at = story.step(accepted, to_status=Status.ACCEPTED)
    report.department = department
    story.step(
        accepted + datetime.timedelta(hours=rng.uniform(0.5, 8)),
        to_status=Status.DISPATCHED,
        department=department,
    )
    if rng.random() < 0.06:
        report.mediation_level = MediationLevel.TOWN
        story.step(
            accepted + datetime.timedelta(days=1),
            kind=EventKind.ESCALATE,
            escalation_level=MediationLevel.TOWN,
            escalation_reason="涉及多个小区，需街镇协调。" + SAMPLE,
        )
    work_days = rng.uniform(0.5, 9)
    resolved = accepted + datetime.timedelta(days=work_days)
    if resolved >= now - datetime.timedelta(hours=2):
        if rng.random() < 0.7:
            story.step(accepted + datetime.timedelta(hours=12), to_status=Status.IN_PROGRESS)
        return story
    reply = (category.canned_reply_list() or ["已处理。"])[0] + SAMPLE
    report.resolved_at = story.step(resolved, to_status=Status.RESOLVED, public_reply=reply)
    if resolved + datetime.timedelta(days=2) >= now or rng.random() < 0.1:
        return story  # waiting for the resident's answer
    if rng.random() < 0.1:
        reopened = resolved + datetime.timedelta(days=1)
        report.satisfaction = Satisfaction.DISSATISFIED
        story.step(reopened, to_status=Status.REOPENED, public_reply="问题又出现了。" + SAMPLE)
        resolved = reopened + datetime.timedelta(days=rng.uniform(1, 4))
        if resolved >= now:
            return story
        report.resolved_at = story.step(
            resolved, to_status=Status.RESOLVED, public_reply="已再次处理。" + SAMPLE
        )
    report.satisfaction = rng.choices(
        [Satisfaction.SATISFIED, Satisfaction.BASICALLY, Satisfaction.DISSATISFIED], [70, 22, 8]
    )[0]
    report.closed_at = story.step(
        resolved + datetime.timedelta(days=rng.uniform(0.2, 2)), to_status=Status.CLOSED
    )
    return story


def _ratings(rng, now):
    """Each department rated at stations where it has dispatched staff, by sample residents,
    in both quarters: enough ratings per department for the scorecards and the ranking."""
    User = get_user_model()
    joined = now - datetime.timedelta(days=400)
    names = [f"demo-resident-{n:02d}" for n in range(RESIDENTS)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    User.objects.bulk_create(
        [
            User(
                username=name,
                email=f"{name}@example.invalid",
                password="!",  # unusable: sample accounts cannot log in
                date_joined=joined,
            )
            for name in names
            if name not in existing
        ]
    )
    residents = list(User.objects.filter(username__in=names).order_by("username"))
    posts = sorted(
        set(
            DispatchedStaff.objects.filter(page__locale=source_locale()).values_list(
                "department_id", "page_id"
            )
        )
    )
    periods = [previous(current_period(now)), current_period(now)]
    ratings, seen = [], set()
    for period in periods:
        for index, resident in enumerate(residents):
            for department_id, unit_id in rng.sample(posts, 5):
                key = (resident.pk, department_id, unit_id, period)
                if key in seen:
                    continue
                seen.add(key)
                base = rng.gauss(4.0 + (department_id % 3) * 0.2, 0.7)
                scores = [max(1, min(5, round(base + rng.uniform(-0.6, 0.6)))) for _ in range(3)]
                ratings.append(
                    Rating(
                        user=resident,
                        department_id=department_id,
                        unit_id=unit_id,
                        period=period,
                        attitude=scores[0],
                        efficiency=scores[1],
                        effectiveness=scores[2],
                        comment=rng.choice(COMMENTS) + SAMPLE if index % 4 == 0 else "",
                        comment_status=Rating.CommentStatus.APPROVED,
                    )
                )
    Rating.objects.bulk_create(ratings)
