"""A believable, clearly fictional Jinghai district for demonstration and tests.

Place names of towns and of the three compounds named in the Xinhua article are real;
every person is a sample ("某某（示例）") and every phone number is invented.
"""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from wagtail.documents.models import Document

from core.locale import source_locale
from demo.categories import load_categories
from demo.factories import units as f
from demo.history import load_demo_history
from demo.samples import sample_landline, sample_mobile, sample_name
from demo.translations import load_demo_translations
from handbook.importer import DEMO_HANDBOOK, import_handbook_file
from units import tree
from units.models import (
    CommunityPage,
    ContactRole,
    DepartmentPage,
    NoticeAttachment,
    NoticeCategory,
    NoticePage,
    TownPage,
    UnitPage,
)

# (name, short name, description, hotline). The article names the first six.
DEPARTMENTS = [
    (
        "城市管理委员会（综合执法）",
        "城管综合执法",
        "市容环境、违法建设、占道经营、垃圾分类的管理与执法；道路两旁的路灯报修。",
        "022-68610001",
    ),
    ("市场监督管理局", "市场监管", "食品安全、价格、计量、消费投诉。", "022-68610002"),
    ("卫生健康委员会", "卫生健康", "家庭医生签约、疫苗接种、公共卫生。", "022-68610003"),
    ("民政局", "民政", "低保、特困供养、养老服务、残疾人两项补贴。", "022-68610004"),
    ("公安静海分局", "公安", "社区警务、户籍、治安、电动自行车防盗。", "022-68610005"),
    ("司法局", "司法", "人民调解、法律援助、普法宣传。", "022-68610006"),
    (
        "住房和城乡建设委员会",
        "住建",
        "物业监管（楼道灯、电梯、单元门等公共设施坏了找物业，物业不管找住建）、老旧小区改造、房屋安全（示例部门）。",
        "022-68610007",
    ),
    ("人力资源和社会保障局", "人社", "就业帮扶、社保、劳动争议（示例部门）。", "022-68610008"),
    ("生态环境局", "生态环境", "噪声、油烟、污染投诉（示例部门）。", "022-68610009"),
    ("应急管理局", "应急管理", "安全生产、防汛、应急避险（示例部门）。", "022-68610010"),
    ("消防救援支队", "消防", "消防通道、楼道堆物、消防设施检查（示例部门）。", "022-68610011"),
    ("水务局", "水务", "供水、排水、管道井淤塞（示例部门）。", "022-68610012"),
    ("退役军人事务局", "退役军人", "优抚、帮扶、退役军人服务（示例部门）。", "022-68610013"),
]

# What residents call each department (DepartmentPage.common_names), for search.
COMMON_NAMES = {
    "城市管理委员会（综合执法）": "城管、城管局、城管执法",
    "市场监督管理局": "市场监管局、市监局、工商",
    "卫生健康委员会": "卫健委、卫生局",
    "民政局": "民政",
    "公安静海分局": "公安局、派出所、公安",
    "司法局": "司法所",
    "住房和城乡建设委员会": "住建委、房管局",
    "人力资源和社会保障局": "人社局、社保局",
    "生态环境局": "环保局",
    "应急管理局": "应急局、安监局",
    "消防救援支队": "消防队",
    "水务局": "自来水公司",
    "退役军人事务局": "退役军人服务站",
}

# town → community → [(station title, [compounds], address)]
TREE = {
    "静海镇": {
        "众泰欣苑社区": [
            ("海馨园邻里之家", ["海馨园"], "静海镇众泰欣苑海馨园小区物业楼一层"),
            ("众泰欣苑邻里之家", ["众泰欣苑", "欣苑南区"], "静海镇众泰欣苑小区12号楼底商"),
            ("康馨园邻里之家", ["康馨园"], "静海镇康馨园小区门口"),
        ],
        "裕华园社区": [
            ("裕华园邻里之家", ["裕华园"], "静海镇裕华园小区3号楼一层"),
            ("裕华里邻里之家", ["裕华里", "裕华里平房片区"], "静海镇裕华里15号"),
            ("丽水园邻里之家", ["丽水园"], "静海镇丽水园小区会所"),
        ],
        "东方社区": [
            ("东方小区邻里之家", ["东方小区"], "静海镇东方小区楼门2号"),
            ("胜利街平房片区邻里之家", ["胜利街平房片区"], "静海镇胜利街46号"),
            ("光明里邻里之家", ["光明里"], "静海镇光明里小区1号楼旁"),
        ],
        "静海镇新华社区": [
            ("新华园邻里之家", ["新华园", "新华北里"], "静海镇新华园小区5号楼一层"),
            ("御景园邻里之家", ["御景园"], "静海镇御景园小区南门"),
            ("金海湾邻里之家", ["金海湾花园"], "静海镇金海湾花园物业中心"),
        ],
        "静海镇城北社区": [
            ("城北家园邻里之家", ["城北家园"], "静海镇城北家园小区8号楼"),
            ("博雅苑邻里之家", ["博雅苑", "文昌苑"], "静海镇博雅苑小区东门"),
            ("福顺园邻里之家", ["福顺园"], "静海镇福顺园小区2号楼底商"),
        ],
    },
    "朝阳街道": {
        "朝阳社区": [
            ("朝阳花园邻里之家", ["朝阳花园"], "朝阳街道朝阳花园小区会所"),
            ("锦绣家园邻里之家", ["锦绣家园"], "朝阳街道锦绣家园6号楼"),
            ("阳光新城邻里之家", ["阳光新城一期", "阳光新城二期"], "朝阳街道阳光新城北门"),
        ],
        "团结社区": [
            ("团结里邻里之家", ["团结里"], "朝阳街道团结里20号"),
            ("和平小区邻里之家", ["和平小区"], "朝阳街道和平小区4号楼"),
            ("静馨苑邻里之家", ["静馨苑"], "朝阳街道静馨苑小区门岗旁"),
        ],
    },
    "华康街道": {
        "华康社区": [
            ("华康苑邻里之家", ["华康苑"], "华康街道华康苑小区物业楼"),
            ("翠湖园邻里之家", ["翠湖园"], "华康街道翠湖园小区南门"),
            ("泰和园邻里之家", ["泰和园"], "华康街道泰和园小区9号楼"),
        ],
        "明珠社区": [
            ("明珠花园邻里之家", ["明珠花园"], "华康街道明珠花园会所二层"),
            ("学府里邻里之家", ["学府里"], "华康街道学府里小区东侧"),
            ("书香苑邻里之家", ["书香苑"], "华康街道书香苑小区3号楼"),
        ],
    },
    "唐官屯镇": {
        "唐官屯镇中心社区": [
            ("运河人家邻里之家", ["运河人家"], "唐官屯镇运河人家小区1号楼"),
            ("唐兴里平房片区邻里之家", ["唐兴里平房片区"], "唐官屯镇唐兴里8号"),
            ("铁锅店新苑邻里之家", ["新苑小区"], "唐官屯镇新苑小区门口"),
        ],
    },
}

ROLE_ORDER = [
    ContactRole.PARTY_SECRETARY,
    ContactRole.GRID_WORKER,
    ContactRole.PROPERTY_MANAGER,
    ContactRole.COMMITTEE_HEAD,
    ContactRole.POLICE,
    ContactRole.MEDIATOR,
]

NOTICE_TEMPLATES = [
    (
        NoticeCategory.UTILITIES,
        "{compound}计划停水通知",
        "因供水管网检修，{compound}将于本周六 08:00-14:00 停水，请提前储水。",
        7,
    ),
    (
        NoticeCategory.EVENT,
        "{unit}本月便民服务日",
        "本月第二个周六上午，理发、量血压、家电维修等志愿服务在{unit}门前开展。",
        30,
    ),
    (
        NoticeCategory.SAFETY,
        "电动自行车充电安全提示",
        "请勿在楼道、室内为电动自行车充电，请使用小区充电桩。楼道堆物请及时清理。",
        None,
    ),
]


def _child(model, parent, title):
    return model.objects.child_of(parent).filter(title=title).first()


def _ensure_page(factory, model, parent, title, **fields):
    page = _child(model, parent, title)
    if page is None:
        page = factory(parent=parent, title=title, **fields)
    return page


@transaction.atomic
def load_demo(stdout=None, history=True):
    """Build the demo district, and (`history`) its sample reports and ratings of the last two
    quarters. Running it again changes nothing."""

    def say(message):
        if stdout:
            stdout.write(message)

    directory = tree.directory_page()
    if not directory.intro:
        directory.intro = "全区邻里之家按街镇、社区排列。输入您的小区名称，最快找到服务站。"
        directory.save_revision().publish()
    dept_index = tree.department_index_page()
    tree.notice_index_page()

    departments = []
    for title, short, description, hotline in DEPARTMENTS:
        departments.append(
            _ensure_page(
                f.DepartmentPageFactory,
                DepartmentPage,
                dept_index,
                title,
                short_name=short,
                common_names=COMMON_NAMES.get(title, ""),
                description=description,
                hotline=hotline,
            )
        )

    created = 0
    today = timezone.localdate()
    for town_title, communities in TREE.items():
        town = _ensure_page(f.TownPageFactory, TownPage, directory, town_title)
        for community_title, units in communities.items():
            community = _ensure_page(
                f.CommunityPageFactory,
                CommunityPage,
                town,
                community_title,
                address=f"{town_title}{community_title}党群服务中心",
                phone=sample_landline(community_title),
            )
            for index, (unit_title, compounds, address) in enumerate(units):
                if _child(UnitPage, community, unit_title):
                    continue
                unit = f.UnitPageFactory(
                    parent=community,
                    title=unit_title,
                    address=address,
                    phone=sample_landline(unit_title),
                    intro=f"{unit_title}是{community_title}在{'、'.join(compounds)}设立的邻里服务站，党支部建在小区里，事情楼下办理。",
                )
                _fill_unit(unit, compounds, departments, index, today)
                created += 1
    _district_notices(today)
    import_handbook_file(DEMO_HANDBOOK)
    load_categories()
    _demo_attachment()
    load_demo_translations()
    reports = load_demo_history() if history else 0
    chinese = {"locale": source_locale()}  # not the English copies
    say(
        f"Demo data ready: {UnitPage.objects.filter(**chinese).count()} stations "
        f"({created} new), {DepartmentPage.objects.filter(**chinese).count()} departments, "
        f"{NoticePage.objects.filter(**chinese).count()} notices, {reports} sample reports "
        "added; the English tree in sync."
    )
    return created


def _fill_unit(unit, compounds, departments, index, today):
    for order, name in enumerate(compounds):
        f.CompoundFactory(page=unit, name=name, sort_order=order)
    for day in range(5):
        f.OpeningHoursFactory(
            page=unit,
            weekday=day,
            opens=datetime.time(8, 30),
            closes=datetime.time(17, 30),
            sort_order=day,
        )
    f.OpeningHoursFactory(
        page=unit, weekday=5, opens=datetime.time(9, 0), closes=datetime.time(12, 0), sort_order=5
    )
    for order, role in enumerate(ROLE_ORDER):
        seed = f"{unit.title}:{role}"
        f.ContactFactory(
            page=unit,
            role=role,
            name=sample_name(seed),
            phone=sample_mobile(seed),
            sort_order=order,
            note="物业与邻里之家合署办公"
            if role == ContactRole.PROPERTY_MANAGER and index == 0
            else "",
        )
    # Each station gets staff from four of the thirteen departments, rotating.
    for order in range(4):
        department = departments[(unit.pk + order * 3) % len(departments)]
        seed = f"{unit.title}:staff:{order}"
        f.DispatchedStaffFactory(
            page=unit,
            department=department,
            name=sample_name(seed),
            post=f"{department.short_name}下沉干部",
            phone=sample_mobile(seed),
            duty="每周二、周四 09:00-11:30" if order % 2 else "每周一、周三 14:00-17:00",
            sort_order=order,
        )
    compound = compounds[0]
    for days_ago, (category, title, body, valid_days) in enumerate(NOTICE_TEMPLATES):
        date = today - datetime.timedelta(days=days_ago * 3)
        f.NoticePageFactory(
            parent=unit,
            title=title.format(compound=compound, unit=unit.title),
            summary=body.format(compound=compound, unit=unit.title)[:60],
            body=f"<p>{body.format(compound=compound, unit=unit.title)}</p><p>（示例通知）</p>",
            category=category,
            date=date,
            valid_until=date + datetime.timedelta(days=valid_days) if valid_days else None,
            pinned=category == NoticeCategory.SAFETY and index == 0,
        )


def _district_notices(today):
    index = tree.notice_index_page()
    items = [
        (
            "静海区邻里之家服务指南",
            NoticeCategory.GUIDE,
            "<p>邻里之家开放时间为工作日 08:30-17:30，周六上午半天。居民可到站反映问题，也可在本站在线“吹哨”。</p>",
        ),
        (
            "冬季供暖报修电话汇总",
            NoticeCategory.POLICY,
            "<p>供暖期内如遇暖气不热，请先联系小区物业，再联系邻里之家网格员。</p>",
        ),
    ]
    for title, category, body in items:
        if not NoticePage.objects.child_of(index).filter(title=title).exists():
            f.NoticePageFactory(parent=index, title=title, category=category, body=body, date=today)


def _demo_attachment():
    """A downloadable attachment on 海馨园's water-cut notice, so residents can open one."""
    unit = UnitPage.objects.source().filter(title="海馨园邻里之家").first()
    notice = unit and NoticePage.objects.child_of(unit).filter(title__contains="停水").first()
    if notice is None or notice.attachments.exists():
        return
    text = "海馨园停水安排（示例）\n日期：本周六\n时间：08:00-14:00\n范围：1-12号楼\n咨询：邻里之家值班电话\n"
    document = Document(title="停水安排表（示例）")
    document.file.save("tingshui-anpai.txt", ContentFile(text.encode("utf-8")), save=False)
    document.save()
    NoticeAttachment.objects.create(page=notice, document=document, title="停水安排表（示例）")
