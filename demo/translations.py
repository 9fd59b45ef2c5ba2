"""English for the demo district, made the way an editor would: through wagtail-localize.

The English tree mirrors the Chinese one (core/locale.py): every page has an English
alias that shows the Chinese content with a notice (templates/base.html). A few pages are
then translated with wagtail-localize's translation memory, which turns their aliases into
translations. Strings not listed here stay Chinese (wagtail-localize's fallback), like an
unfinished real translation.
"""

from wagtail_localize.models import Translation, TranslationSource

from core.locale import enable_sync, source_locale
from handbook.models import HandbookChapterPage, HandbookPage
from home.models import HomePage
from units.models import UnitPage

# Segment text (Chinese) → English. Slugs, anchors and phone numbers are left as they are.
ENGLISH = {
    # Home page
    "静海区邻里之家": "Jinghai Neighbourhood Stations",
    "静海区邻里之家 · 邻里服务站": "Jinghai Neighbourhood Stations · Neighbourhood service stations",
    "事情楼下办理，问题院内解决。找到您小区的邻里之家，联系网格员、物业和派驻部门。": (
        "Get things done downstairs and problems solved inside your compound. Find your "
        "compound's neighbourhood station and contact its grid worker, property manager and "
        "the departments' dispatched staff."
    ),
    # Stations
    "海馨园邻里之家": "Haixinyuan Neighbourhood Station",
    "海馨园邻里之家是众泰欣苑社区在海馨园设立的邻里服务站，党支部建在小区里，事情楼下办理。": (
        "Haixinyuan Neighbourhood Station is Zhongtai Xinyuan Community's service station for "
        "the Haixinyuan compound. Its party branch is inside the compound, so things get done "
        "downstairs."
    ),
    "静海镇众泰欣苑海馨园小区物业楼一层": (
        "Ground floor, property management building, Haixinyuan compound, Zhongtai Xinyuan, "
        "Jinghai Town"
    ),
    "裕华园邻里之家": "Yuhuayuan Neighbourhood Station",
    "裕华园邻里之家是裕华园社区在裕华园设立的邻里服务站，党支部建在小区里，事情楼下办理。": (
        "Yuhuayuan Neighbourhood Station is Yuhuayuan Community's service station for the "
        "Yuhuayuan compound. Its party branch is inside the compound, so things get done "
        "downstairs."
    ),
    "静海镇裕华园小区3号楼一层": "Ground floor, Building 3, Yuhuayuan compound, Jinghai Town",
    "东方小区邻里之家": "Dongfang Compound Neighbourhood Station",
    "东方小区邻里之家是东方社区在东方小区设立的邻里服务站，党支部建在小区里，事情楼下办理。": (
        "Dongfang Compound Neighbourhood Station is Dongfang Community's service station for "
        "the Dongfang compound. Its party branch is inside the compound, so things get done "
        "downstairs."
    ),
    "静海镇东方小区楼门2号": "Entrance 2, Dongfang compound, Jinghai Town",
    # Handbook
    "社区邻里之家工作法": "The Neighbourhood Station Handbook",
    "《社区邻里之家工作法》是静海区各邻里之家（邻里服务站、党群服务站）工作人员的工作手册，概括为“一轴、三活、四清、五百家、六必访、七履职”。党组织建在邻里间，事情楼下办理，问题院内解决，居民吹哨、部门报到。": (
        "The Neighbourhood Station Handbook is the working manual for the staff of Jinghai's "
        "neighbourhood stations (neighbourhood service stations, Party and public service "
        "stations). It is summed up as “one axis, three kinds of life, four clear facts, five "
        "hundred households, six must-visits, seven duties”. The Party organisation sits among "
        "neighbours, things get done downstairs, problems are solved inside the compound: "
        "residents blow the whistle, departments respond."
    ),
    "本手册为示例文本，根据公开报道整理编写。其中“三活”“七履职”两章的具体表述为示例，请以区委组织部印发的正式文本为准。": (
        "This handbook is a sample text compiled from public reports. The wording of the "
        "chapters “three kinds of life” and “seven duties” is a sample; the official text "
        "issued by the district's Organisation Department prevails."
    ),
    "一轴：以邻里之家党支部为轴心": "One axis: the station's Party branch at the centre",
    "“一轴”是整套工作法的根基：每个邻里之家同步建立党支部，以党支部为轴心，肩负起政治引领和基层治理职责，让党的领导“一根钢钎插到底”。": (
        "“One axis” is the foundation of the whole method: every neighbourhood station sets up "
        "a Party branch at the same time, and the branch is the axis that carries political "
        "leadership and grassroots governance, so that leadership reaches all the way down."
    ),
    "党支部建在邻里间": "A Party branch among neighbours",
    "静海区按照每3000户左右设置一个社区的标准重新划分社区，并以自然小区或平房片区为单元建立邻里之家，同步建立党支部。治理格局是：": (
        "Jinghai redrew its communities at about 3,000 households each, and set up a "
        "neighbourhood station, with its own Party branch, for each residential compound or "
        "bungalow area. Governance is organised as follows:"
    ),
    "区委统一领导": "the District Committee leads",
    "乡镇街统筹协调": "towns and street offices coordinate",
    "社区推动落实": "communities put things into practice",
    "邻里服务站分片治理": "neighbourhood stations govern their own areas",
    "楼栋里巷精准服务": "buildings and lanes get precise services",
    "社区工作人员下沉到邻里之家办公，居民出门就能找到人。": (
        "Community staff work from the neighbourhood stations, so residents find someone as "
        "soon as they step outside."
    ),
    "三位一体：党支部、业委会、物业": (
        "Three in one: Party branch, owners' committee, property management"
    ),
    "针对社区党组织对物业“管不过来、统不起来”的问题，由业委会主任、物业服务企业（项目）经理担任党支部委员或服务站成员，形成“三位一体”的服务体系。": (
        "Because community Party organisations could not oversee or coordinate property "
        "management, the chair of the owners' committee and the manager of the property "
        "company serve on the Party branch committee or the station team, forming a "
        "“three in one” service system."
    ),
    "凡涉及小区物业的重大事项，先经邻里之家讨论研究同意。": (
        "Every major matter concerning the compound's property management is first discussed "
        "and agreed at the neighbourhood station."
    ),
    "物业每月向邻里之家汇报工作，每季度评价一次，每年度测评一次。": (
        "The property company reports to the station every month, is evaluated every quarter "
        "and assessed every year."
    ),
    "有条件的小区，邻里之家与物业合署办公，居民一个门口办事。": (
        "Where possible, the station and the property office share premises, so residents "
        "have one door for everything."
    ),
    "牵头解决疑难问题": "Taking the lead on hard problems",
    "过去许多疑难问题长期得不到解决，关键是没人牵头。邻里之家党支部要敢于牵头、动真碰硬：电动自行车充电难，就协调物业、供电部门和充电设施企业选址建设充电桩；楼道堆物、私搭乱建、垃圾分类等难题，由党支部召集相关各方逐项解决。": (
        "Many hard problems went unsolved for years because nobody took the lead. The "
        "station's Party branch must dare to lead and tackle them: if charging e-bikes is "
        "hard, it brings the property company, the power utility and charging companies "
        "together to site and build charging points; clutter in stairwells, illegal "
        "structures and waste sorting are solved one by one with everyone concerned."
    ),
    "三活：组织活、阵地活、服务活": (
        "Three kinds of life: a lively organisation, a lively place, lively services"
    ),
    "本章“三活”的具体表述为示例，请以区里印发的正式文本替换。示例的含义是：党支部要让组织、阵地和服务都“活”起来，让居民愿意来、常来。": (
        "The wording of this chapter is a sample; replace it with the district's official "
        "text. The idea: the Party branch brings its organisation, its premises and its "
        "services to life, so that residents want to come, and come often."
    ),
    "组织活：党员亮身份、带头干": (
        "A lively organisation: Party members show who they are and lead the way"
    ),
    "在职党员到邻里之家报到，认领楼栋、认领服务项目。": (
        "Working Party members register at the station and take on a building or a service."
    ),
    "老党员、楼门长、志愿者组成服务队，按楼栋分片联系居民。": (
        "Veteran Party members, building heads and volunteers form service teams and keep in "
        "touch with residents building by building."
    ),
    "党支部每月召开一次组织生活会，通报小区大事，听取居民意见。": (
        "The Party branch meets monthly to report the compound's main affairs and hear "
        "residents' views."
    ),
    "阵地活：邻里之家天天开门": "A lively place: the station is open every day",
    "邻里之家是居民家门口的“客厅”。工作日 08:30–17:30 开放，周六上午半天。活动室、议事室、调解室一室多用；开放时间、值班人员、联系电话在门口公示。": (
        "The station is the residents' “living room” at their doorstep. It is open on "
        "weekdays 08:30–17:30 and on Saturday mornings. Rooms serve as activity room, meeting "
        "room and mediation room; opening hours, staff on duty and phone numbers are posted "
        "at the door."
    ),
    "服务活：居民需要什么就办什么": "Lively services: whatever residents need",
    "每月开展一次便民服务日，理发、量血压、家电维修、法律咨询进小区。服务项目根据入户走访收集的需求动态调整，办得好不好由居民评议。": (
        "Once a month a service day brings haircuts, blood-pressure checks, appliance repairs "
        "and legal advice into the compound. Services change with the needs heard on home "
        "visits, and residents judge how well they are done."
    ),
}

STATIONS = ["海馨园邻里之家", "裕华园邻里之家", "东方小区邻里之家"]
HANDBOOK_CHAPTERS = 2


def pages_to_translate(chinese):
    pages = list(HomePage.objects.filter(locale=chinese)[:1])
    pages += list(UnitPage.objects.filter(locale=chinese, title__in=STATIONS).order_by("path"))
    book = HandbookPage.objects.filter(locale=chinese).first()
    if book:
        pages.append(book)
        chapters = HandbookChapterPage.objects.child_of(book).filter(locale=chinese)
        pages += list(chapters.order_by("path")[:HANDBOOK_CHAPTERS])
    return pages


def translate_page(page, locale, strings=ENGLISH):
    """Translate `page` into `locale` with wagtail-localize, as its editor does. Idempotent."""
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    target = page.get_translation_or_none(locale)
    if target is not None and not target.alias_of_id:
        return target  # already translated: leave the editors' work alone
    po = translation.export_po()
    for entry in po:
        if entry.msgid in strings:
            entry.msgstr = strings[entry.msgid]
    translation.import_po(po)
    translation.save_target(publish=True)
    return page.get_translation(locale)


def load_demo_translations():
    """Sync the English tree and translate the demo's showcase pages. Running it again
    changes nothing."""
    english = enable_sync("en")
    return [translate_page(page, english) for page in pages_to_translate(source_locale())]
