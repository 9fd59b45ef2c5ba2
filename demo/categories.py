"""The demo district's report categories, each mapped to its responsible department."""

from feedback.models import Category, Urgency
from units.models import DepartmentPage
from units.teams import ensure_department_group

# (name, English name, department short name, urgency, canned replies)
CATEGORIES = [
    (
        "楼道堆物、消防通道堵塞",
        "Clutter in stairwells, blocked fire exits",
        "消防",
        Urgency.PRIORITY,
        "已联系物业清理楼道堆物，并张贴消防安全提示。",
    ),
    (
        "漏水、管道井淤塞",
        "Water leaks, blocked pipes",
        "水务",
        Urgency.URGENT,
        "已安排维修人员上门处理。",
    ),
    (
        "噪声、油烟扰民",
        "Noise, cooking fumes",
        "生态环境",
        Urgency.NORMAL,
        "已现场核查并责令整改。",
    ),
    (
        "占道经营、私搭乱建",
        "Street stalls, illegal structures",
        "城管综合执法",
        Urgency.NORMAL,
        "执法人员已到场处理。",
    ),
    (
        "垃圾清运、环境卫生",
        "Rubbish collection, cleanliness",
        "城管综合执法",
        Urgency.NORMAL,
        "已通知保洁公司清运。",
    ),
    (
        "食品安全、价格投诉",
        "Food safety, prices",
        "市场监管",
        Urgency.NORMAL,
        "已转市场监管所调查处理。",
    ),
    (
        "物业服务、老旧小区改造",
        "Property management, renovation of old compounds",
        "住建",
        Urgency.NORMAL,
        "已约谈物业公司限期整改。",
    ),
    (
        "治安隐患、电动车防盗",
        "Public safety, e-bike theft",
        "公安",
        Urgency.PRIORITY,
        "社区民警已到场处置。",
    ),
    (
        "邻里纠纷调解",
        "Disputes between neighbours",
        "司法",
        Urgency.NORMAL,
        "人民调解员已与双方约定调解时间。",
    ),
    (
        "养老、低保、困难帮扶",
        "Elderly care, basic allowance, hardship",
        "民政",
        Urgency.NORMAL,
        "已由民政专干上门了解情况。",
    ),
    ("其他问题", "Other problems", None, Urgency.NORMAL, ""),
]


def load_categories():
    """Create the demo categories (once; later edits by the district are kept) and the
    teams that department staff are added to."""
    departments = {d.short_name: d for d in DepartmentPage.objects.source()}
    for order, (name, name_en, short, urgency, replies) in enumerate(CATEGORIES):
        category, _created = Category.objects.get_or_create(
            name=name,
            defaults={
                "department": departments.get(short),
                "urgency": urgency,
                "canned_replies": replies,
                "sort_order": order,
            },
        )
        if not category.name_en:  # added after the first demo: fill in, never overwrite
            category.name_en = name_en
            category.save(update_fields=["name_en"])
    for department in departments.values():
        ensure_department_group(department)
