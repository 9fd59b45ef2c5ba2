"""A Tianjin-wide dataset for the load benchmark (`manage.py generate_scale_data`).

Built on top of the demo district (its departments, report categories and page tree): 16
districts' worth of sample towns, communities and stations, their notices, reports and ratings.
Everything is sample data: towns are named "…（规模测试）", people "某某（示例）", phones are
the demo's invented 1990xxxxxxx numbers.

Pages are written with bulk inserts rather than one `add_child()` each, which would take hours
for 200,000 notices: this module computes the materialised paths itself (Wagtail's treebeard
layout: 4 base-36 characters per level) and fills `wagtailcore_page` and the specific table.
The result is what the editor would have made, minus revisions: pages are live, published, in
the default locale, with their own translation keys, and are added to the search index with the
backends' own `add_bulk`. Scale pages have no English copies; the benchmark measures the Chinese
site.
"""

import datetime
import random
import sys
import time
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from modelsearch.backends import get_search_backend
from wagtail.models import Page

from core.locale import source_locale
from core.periods import last_periods, period_of
from feedback.models import Category, Report, ReportEvent, Satisfaction, Status
from feedback.services import tracking_number
from ratings.models import Rating
from units import tree
from units.models import (
    CommunityPage,
    Compound,
    Contact,
    DepartmentPage,
    DispatchedStaff,
    NoticeCategory,
    NoticePage,
    OpeningHours,
    TownPage,
    UnitPage,
)

from .data import ROLE_ORDER, sample_mobile, sample_name

MARK = "（规模测试）"
DISTRICTS = [
    "和平区",
    "河东区",
    "河西区",
    "南开区",
    "河北区",
    "红桥区",
    "东丽区",
    "西青区",
    "津南区",
    "北辰区",
    "武清区",
    "宝坻区",
    "滨海新区",
    "宁河区",
    "静海区",
    "蓟州区",
]
TOWNS_PER_DISTRICT = 10
STATIONS_PER_COMMUNITY = 3
NAME_HEADS = "锦华康泰和顺福瑞祥安宁兴盛丰嘉悦美新明阳翠丽金银海龙凤春秋润德"
NAME_TAILS = "园苑里府庭居湾城"
NOTICE_TEXTS = [
    (
        NoticeCategory.UTILITIES,
        "{compound}计划停水通知",
        "因供水管网检修，{compound}{n}号楼至{m}号楼将于周六08:00至14:00停水，请提前储水。",
    ),
    (
        NoticeCategory.UTILITIES,
        "{compound}电力线路检修停电",
        "供电公司将对{compound}配电室检修，{n}号楼至{m}号楼暂停供电约四小时，电梯同时停运。",
    ),
    (
        NoticeCategory.EVENT,
        "{unit}便民服务日",
        "理发、量血压、磨剪子、家电维修等志愿服务在{unit}门前开展，第{n}期，欢迎居民参加。",
    ),
    (
        NoticeCategory.EVENT,
        "{compound}邻里节第{n}届",
        "百家宴、书画展和亲子游戏，地点在{compound}中心广场，请提前到{unit}报名。",
    ),
    (
        NoticeCategory.POLICY,
        "{n}年度城乡居民医保缴费提醒",
        "城乡居民基本医疗保险集中缴费期已开始，可在{unit}现场办理或线上缴纳。",
    ),
    (
        NoticeCategory.POLICY,
        "老旧小区改造意见征集",
        "{compound}列入改造计划，涉及外墙保温、管网更新和加装电梯，请到{unit}填写意见表。",
    ),
    (
        NoticeCategory.SAFETY,
        "电动自行车充电安全提示",
        "请勿在楼道、室内为电动自行车充电，请使用{compound}充电桩，楼道堆物请及时清理。",
    ),
    (
        NoticeCategory.SAFETY,
        "冬季燃气使用安全",
        "使用燃气时保持通风，离家关闭阀门。{compound}燃气巡检第{n}轮将入户检查。",
    ),
    (
        NoticeCategory.GUIDE,
        "居住证办理指南",
        "携带身份证、租房合同到{unit}登记，社区民警每周{n}上午在站受理。",
    ),
    (
        NoticeCategory.GUIDE,
        "高龄津贴申领流程",
        "年满八十周岁的老人可在{unit}申领高龄津贴，材料：身份证、户口本、银行卡，第{n}批次。",
    ),
]
REPORT_TEXTS = [
    "{compound}{n}号楼楼道灯坏了，晚上上下楼看不见。",
    "{compound}{n}号楼下水道堵塞，污水返到地面。",
    "{compound}门口有占道经营，早上堵得走不动。",
    "{compound}{n}号楼楼道堆放杂物，存在消防隐患。",
    "{compound}小区内电动车乱停，消防通道被占。",
    "{compound}{n}号楼楼上装修噪音，晚上十点后仍在施工。",
    "{compound}垃圾桶满了没人清运，有异味。",
    "{compound}{n}号楼暖气不热，室温只有十四度。",
]


class Progress:
    """A one-line progress bar on stderr: label, bar, count, rate and elapsed time."""

    def __init__(self, label, total, stream=None, width=30):
        self.label, self.total, self.width = label, total, width
        self.stream = stream or sys.stderr
        self.done = 0
        self.started = time.monotonic()
        self._last = 0.0

    def advance(self, count):
        if not count:
            return
        self.done += count
        now = time.monotonic()
        if now - self._last >= 0.5 or self.done >= self.total:
            self._last = now
            self._draw(now)

    def _draw(self, now):
        elapsed = now - self.started
        filled = int(self.width * self.done / self.total) if self.total else self.width
        rate = self.done / elapsed if elapsed else 0
        self.stream.write(
            f"\r{self.label:<10} [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{self.done:>7}/{self.total} {rate:,.0f}/s {elapsed:5.0f}s"
        )
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class PageWriter:
    """Appends children to pages with bulk inserts, keeping paths, depths and counts right."""

    BATCH = 2000

    def __init__(self):
        self.locale = source_locale()
        self.now = timezone.now()
        self._next_position = {}

    def _position(self, parent):
        if parent.pk not in self._next_position:
            last = parent.get_last_child()
            self._next_position[parent.pk] = (
                Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
            )
        position = self._next_position[parent.pk]
        self._next_position[parent.pk] += 1
        return position

    def build(self, model, parent, *, title, slug, published_at=None, **fields):
        """An unsaved page of `model` under `parent` with its tree fields filled in."""
        published_at = published_at or self.now
        return model(
            title=title,
            draft_title=title,
            slug=slug,
            path=Page._get_path(parent.path, parent.depth + 1, self._position(parent)),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{slug}/",
            live=True,
            has_unpublished_changes=False,
            first_published_at=published_at,
            last_published_at=published_at,
            locale_id=self.locale.pk,
            translation_key=uuid.uuid4(),
            **fields,
        )

    def insert(self, model, pages, progress=None):
        """Insert `pages` (built by build(), all of `model`) and bump their parents' numchild."""
        content_type = ContentType.objects.get_for_model(model)
        base_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
        own_fields = model._meta.local_concrete_fields
        for batch in _chunks(pages, self.BATCH):
            bases = [Page(**{f.attname: getattr(p, f.attname) for f in base_fields}) for p in batch]
            for base in bases:
                base.content_type_id = content_type.pk
            Page.objects.bulk_create(bases)
            for page, base in zip(batch, bases, strict=True):
                page.pk = page.page_ptr_id = base.pk
                page.content_type_id = content_type.pk
            model._base_manager._insert(batch, fields=own_fields, using=connection.alias)
            if progress:
                progress.advance(len(batch))
        children = {}
        for page in pages:
            parent_path = page.path[: -Page.steplen]
            children[parent_path] = children.get(parent_path, 0) + 1
        by_count = {}
        for parent_path, count in children.items():
            by_count.setdefault(count, []).append(parent_path)
        for count, paths in by_count.items():
            for some in _chunks(paths, 500):
                Page.objects.filter(path__in=some).update(numchild=F("numchild") + count)
        return pages


def compound_names(count, rng):
    """`count` distinct, made-up compound names such as 锦华园 or 福瑞苑二期."""
    names = [
        head1 + head2 + tail
        for head1 in NAME_HEADS
        for head2 in NAME_HEADS
        if head1 != head2
        for tail in NAME_TAILS
    ]
    rng.shuffle(names)
    phases = ["", "二期", "三期", "南区", "北区"]
    result = []
    for phase in phases:
        result.extend(name + phase for name in names)
        if len(result) >= count:
            break
    return result[:count]


def exists():
    return TownPage.objects.filter(title__endswith=MARK).exists()


def generate(
    *,
    stations=2000,
    notices=200_000,
    reports=500_000,
    ratings=500_000,
    seed=2026,
    index=True,
    stdout=None,
    stream=None,
):
    """Build the dataset; returns a dict of counts. Requires the demo district (load_demo)."""
    rng = random.Random(seed)
    say = stdout.write if stdout else (lambda message: None)
    departments = list(DepartmentPage.objects.source().order_by("pk"))
    categories = list(Category.objects.order_by("pk"))
    if not departments or not categories:
        raise RuntimeError("Load the demo district first: python manage.py load_demo_data")
    started = time.monotonic()
    today = timezone.localdate()
    writer = PageWriter()

    with transaction.atomic():
        towns, communities, units = _stations(writer, stations, rng, stream)
        _station_details(units, departments, rng)
        notice_ids = _notices(writer, units, notices, rng, today, stream)
    with transaction.atomic():
        _reports(units, departments, categories, reports, rng, stream)
    with transaction.atomic():
        _ratings(units, departments, ratings, rng, stream)
    if index:
        for model, pages in ((TownPage, towns), (CommunityPage, communities), (UnitPage, units)):
            _index(model, [page.pk for page in pages], stream)
        _index(NoticePage, notice_ids, stream)
    # Fresh statistics for the query planner: without them SQLite sorts all 200,000 notices
    # or reads every page for lookups that an index answers (bench/RESULTS.md).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    counts = {
        "stations": len(units),
        "notices": len(notice_ids),
        "reports": reports,
        "ratings": ratings,
        "seconds": round(time.monotonic() - started),
    }
    say(
        f"Scale data ready in {counts['seconds']} s: {counts['stations']} stations, "
        f"{counts['notices']} notices, {reports} reports, {ratings} ratings."
    )
    return counts


def _stations(writer, count, rng, stream):
    directory = tree.directory_page()
    communities_needed = -(-count // STATIONS_PER_COMMUNITY)
    towns_needed = min(len(DISTRICTS) * TOWNS_PER_DISTRICT, communities_needed)
    per_town = -(-communities_needed // towns_needed)
    progress = Progress("stations", count, stream)
    towns = [
        writer.build(
            TownPage,
            directory,
            title=f"{district}第{number:02d}街道{MARK}",
            slug=f"scale-{d:02d}-{number:02d}",
            intro=f"{district}的示例街道，用于规模测试。",
        )
        for d, district in enumerate(DISTRICTS)
        for number in range(1, TOWNS_PER_DISTRICT + 1)
    ][:towns_needed]
    writer.insert(TownPage, towns)
    communities = []
    for town in towns:
        for number in range(1, per_town + 1):
            if len(communities) == communities_needed:
                break
            communities.append(
                writer.build(
                    CommunityPage,
                    town,
                    title=f"{town.title[: -len(MARK)]}第{number}社区{MARK}",
                    slug=f"c{number:02d}",
                    address=f"{town.title[: -len(MARK)]}第{number}社区党群服务中心",
                    phone="022-6860" + f"{len(communities) % 10000:04d}",
                )
            )
    writer.insert(CommunityPage, communities)
    names = compound_names(count, rng)
    units = []
    for number, name in enumerate(names):
        community = communities[number // STATIONS_PER_COMMUNITY]
        unit = writer.build(
            UnitPage,
            community,
            title=f"{name}邻里之家",
            slug=f"s{number:04d}",
            address=f"{community.title[: -len(MARK)]}{name}小区物业楼一层",
            phone="022-6861" + f"{number % 10000:04d}",
            intro=f"{name}邻里之家（示例站点，规模测试用）。",
        )
        unit.compound = name
        units.append(unit)
    writer.insert(UnitPage, units, progress)
    return towns, communities, units


def _station_details(units, departments, rng):
    """Compounds, opening hours, six contacts and four dispatched staff per station."""
    compounds, hours, contacts, staff = [], [], [], []
    for unit in units:
        compounds.append(Compound(page_id=unit.pk, name=unit.compound, sort_order=0))
        for day in range(6):
            closes = datetime.time(12, 0) if day == 5 else datetime.time(17, 30)
            hours.append(
                OpeningHours(
                    page_id=unit.pk,
                    weekday=day,
                    opens=datetime.time(8, 30),
                    closes=closes,
                    sort_order=day,
                )
            )
        for order, role in enumerate(ROLE_ORDER):
            seed = f"scale:{unit.pk}:{role}"
            contacts.append(
                Contact(
                    page_id=unit.pk,
                    role=role,
                    name=sample_name(seed),
                    phone=sample_mobile(seed),
                    sort_order=order,
                )
            )
        for order, department in enumerate(rng.sample(departments, 4)):
            seed = f"scale:{unit.pk}:staff:{order}"
            staff.append(
                DispatchedStaff(
                    page_id=unit.pk,
                    department_id=department.pk,
                    name=sample_name(seed),
                    post=f"{department.short_name}下沉干部",
                    phone=sample_mobile(seed),
                    duty="每周二、周四 09:00-11:30",
                    sort_order=order,
                )
            )
    for model, rows in (
        (Compound, compounds),
        (OpeningHours, hours),
        (Contact, contacts),
        (DispatchedStaff, staff),
    ):
        model.objects.bulk_create(rows, batch_size=2000)


def _notices(writer, units, count, rng, today, stream):
    progress = Progress("notices", count, stream)
    pages, ids = [], []
    for number in range(count):
        unit = units[number % len(units)]
        category, title, body = NOTICE_TEXTS[rng.randrange(len(NOTICE_TEXTS))]
        values = {"compound": unit.compound, "unit": unit.title, "n": rng.randint(1, 30)}
        values["m"] = values["n"] + rng.randint(1, 8)
        text = body.format(**values)
        date = today - datetime.timedelta(days=rng.randrange(730))
        published = timezone.make_aware(datetime.datetime.combine(date, datetime.time(9, 0)))
        pages.append(
            writer.build(
                NoticePage,
                unit,
                title=title.format(**values),
                slug=f"n{number:06d}",
                published_at=published,
                date=date,
                category=category,
                summary=text[:60],
                body=f"<p>{text}</p><p>（示例通知，规模测试用）</p>",
                valid_until=date + datetime.timedelta(days=rng.choice([7, 30, 90]))
                if category in (NoticeCategory.UTILITIES, NoticeCategory.EVENT)
                else None,
                pinned=False,
            )
        )
        if len(pages) == PageWriter.BATCH * 5:
            # Insert as we go and keep only the ids: 200,000 page objects would fill memory.
            ids.extend(page.pk for page in writer.insert(NoticePage, pages, progress))
            pages = []
    ids.extend(page.pk for page in writer.insert(NoticePage, pages, progress))
    return ids


def _reports(units, departments, categories, count, rng, stream):
    """Reports spread over two years, most finished, with their first and last events."""
    progress = Progress("reports", count, stream)
    now = timezone.now()
    next_id = (Report.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    statuses = [Status.CLOSED] * 6 + [Status.RESOLVED] * 2 + [Status.IN_PROGRESS, Status.SUBMITTED]
    moods = (
        [Satisfaction.SATISFIED] * 7 + [Satisfaction.BASICALLY] * 2 + [Satisfaction.DISSATISFIED]
    )
    batch, events = [], []
    for number in range(count):
        unit = units[rng.randrange(len(units))]
        category = categories[rng.randrange(len(categories))]
        created = now - datetime.timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        status = statuses[rng.randrange(len(statuses))]
        responded = created + datetime.timedelta(hours=rng.randint(1, 30))
        resolved = created + datetime.timedelta(days=rng.randint(1, 9))
        done = status in (Status.CLOSED, Status.RESOLVED)
        report = Report(
            pk=next_id + number,
            unit_id=unit.pk,
            category_id=category.pk,
            department_id=category.department_id or departments[number % len(departments)].pk,
            description=REPORT_TEXTS[rng.randrange(len(REPORT_TEXTS))].format(
                compound=unit.compound, n=rng.randint(1, 30)
            ),
            compound=unit.compound,
            consent=True,
            status=status,
            urgency=category.urgency,
            respond_by=created + datetime.timedelta(days=1),
            resolve_by=created + datetime.timedelta(days=7),
            responded_at=responded if status != Status.SUBMITTED else None,
            resolved_at=resolved if done else None,
            closed_at=resolved + datetime.timedelta(days=1) if status == Status.CLOSED else None,
            satisfaction=moods[rng.randrange(len(moods))] if status == Status.CLOSED else "",
            created_at=created,
        )
        report.tracking_number = tracking_number(report)
        batch.append(report)
        events.append(
            ReportEvent(report_id=report.pk, to_status=Status.SUBMITTED, created_at=created)
        )
        if status != Status.SUBMITTED:
            events.append(
                ReportEvent(
                    report_id=report.pk,
                    from_status=Status.SUBMITTED,
                    to_status=status,
                    created_at=report.closed_at or report.resolved_at or responded,
                    public_reply="已联系责任单位处理。（示例答复）" if done else "",
                )
            )
        if len(batch) == 5000:
            _flush_reports(batch, events, progress)
    _flush_reports(batch, events, progress)
    _reset_sequences(Report, ReportEvent)


def _flush_reports(batch, events, progress):
    Report.objects.bulk_create(batch)
    ReportEvent.objects.bulk_create(events)
    progress.advance(len(batch))
    batch.clear()
    events.clear()


def _reset_sequences(*models):
    """After rows with explicit ids, PostgreSQL's id sequence must move past them."""
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def _ratings(units, departments, count, rng, stream):
    """Ratings by sample residents, each rating departments at their own station, over the
    last eight quarters; every (resident, department, station, quarter) appears once."""
    progress = Progress("ratings", count, stream)
    User = get_user_model()
    per_user = 20
    user_count = -(-count // per_user)
    prefix = uuid.uuid4().hex[:6]
    users = User.objects.bulk_create(
        [
            User(
                username=f"scale-{prefix}-{n:06d}",
                email=f"scale-{prefix}-{n:06d}@example.invalid",
                password="!",  # unusable: sample accounts cannot log in
                is_active=True,
            )
            for n in range(user_count)
        ],
        batch_size=5000,
    )
    periods = last_periods(period_of(timezone.localdate()), 8)
    combos = [(d, p) for d in range(len(departments)) for p in range(len(periods))]
    batch = []
    made = 0
    for number, user in enumerate(users):
        unit = units[number % len(units)]
        for d, p in rng.sample(combos, min(per_user, count - made)):
            scores = [max(1, min(5, round(rng.gauss(4.1, 0.8)))) for _dimension in range(3)]
            batch.append(
                Rating(
                    user_id=user.pk,
                    department_id=departments[d].pk,
                    unit_id=unit.pk,
                    period=periods[p],
                    attitude=scores[0],
                    efficiency=scores[1],
                    effectiveness=scores[2],
                    comment_status=Rating.CommentStatus.APPROVED,
                )
            )
            made += 1
        if len(batch) >= 5000:
            Rating.objects.bulk_create(batch)
            progress.advance(len(batch))
            batch = []
        if made >= count:
            break
    Rating.objects.bulk_create(batch)
    progress.advance(len(batch))


def _index(model, ids, stream):
    """Add the new pages to every search backend with the backends' own bulk API."""
    for name in settings.WAGTAILSEARCH_BACKENDS:
        backend = get_search_backend(name)
        progress = Progress(f"index:{model._meta.model_name[:-4]}", len(ids), stream)
        for chunk in _chunks(ids, 1000):
            backend.add_bulk(model, list(model.objects.filter(pk__in=chunk)))
            progress.advance(len(chunk))
