"""A starting list of the words residents use for the same thing; editors keep it from here on
(Snippets → 搜索同义词). English names of departments and of the handbook's chapters are here too,
so that English queries find the Chinese pages that have no translation yet."""

from django.db import migrations

GROUPS = [
    # Departments by their everyday and English names.
    ("公安、派出所、民警、警察、社区民警、片警、报警、police、police station、policeman", "公安"),
    ("城管、城市管理、综合执法、城管局、城管执法、urban management、city management、chengguan", "城管"),
    ("市场监管、市场监督管理、工商、市监局、market regulation、market supervision、consumer complaint", "市场监管"),
    ("卫生健康、卫健委、卫生局、health commission、public health", "卫生健康"),
    ("民政、民政局、civil affairs", "民政"),
    ("司法、司法局、司法所、justice、legal affairs", "司法"),
    ("住建、住建委、房管局、住房和城乡建设、housing、housing and construction", "住建"),
    ("人社、人社局、社保局、人力资源和社会保障、human resources、social security", "人社"),
    ("生态环境、环保、环保局、环境保护、environment、environmental protection、pollution", "生态环境"),
    ("应急管理、应急、安监、emergency management、emergency", "应急管理"),
    ("消防、消防队、火警、119、fire brigade、fire department、fire safety、fire", "消防"),
    ("水务、水务局、自来水公司、供水、自来水、water authority、water supply、water", "水务"),
    ("退役军人、退伍军人、老兵、复员军人、转业军人、veterans、veteran", "退役军人"),
    # Things residents ask about.
    ("户籍、户口、落户、迁户口、户口本、household registration、hukou", ""),
    ("排水、下水道、下水、下水管、管道井、污水、drain、sewer", ""),
    ("违法建设、私搭乱建、违建、乱搭乱建、违章建筑、illegal construction", ""),
    ("居委会、居民委员会、社区居委会、社区、residents committee、community", ""),
    ("低保、最低生活保障、低保户、困难群众、特困、subsistence allowance、dibao、low income", ""),
    ("医保、医疗保险、城乡居民医保、医保卡、社保、社会保险、养老保险、medical insurance、health insurance", ""),
    ("暖气、供暖、供热、取暖、暖气不热、heating、radiator", ""),
    ("噪声、噪音、扰民、太吵、吵闹、noise", ""),
    ("停电、断电、没电、电力检修、power cut、power outage", ""),
    ("停水、断水、没水、不来水、water cut、water outage", ""),
    ("物业、物业公司、物业管理、物管、property management、property company、property manager", ""),
    ("业委会、业主委员会、owners committee、homeowners association", ""),
    ("网格员、网格长、grid worker", ""),
    ("党支部、支部、party branch", ""),
    ("党员、在职党员、老党员、party member", ""),
    ("养老、老年人、老人、高龄、敬老、elderly、senior", ""),
    ("独居老人、空巢老人、孤寡老人、elderly living alone、living alone", ""),
    ("残疾人、残疾、残障、disabled、disability", ""),
    ("调解、调处、纠纷调解、人民调解、吵架、邻里纠纷、mediation、dispute", ""),
    ("法律援助、法律咨询、律师、打官司、legal aid、lawyer、legal advice", ""),
    ("电动自行车、电动车、电瓶车、e-bike、electric bike、electric bicycle", ""),
    ("充电、充电桩、充电站、charging、charger", ""),
    ("楼道堆物、楼道杂物、堆放杂物、堆杂物、堆东西、乱堆乱放、clutter、stairwell", ""),
    ("垃圾分类、垃圾、垃圾桶、清运、garbage、rubbish、waste sorting、trash", ""),
    ("占道经营、摆摊、小摊贩、流动摊贩、street vendor", ""),
    ("食品安全、过期食品、食物中毒、food safety", ""),
    ("消费投诉、假货、假冒伪劣、价格欺诈、乱收费、缺斤短两、fake goods、counterfeit", ""),
    ("疫苗、打疫苗、接种、预防针、vaccine、vaccination", ""),
    ("家庭医生、签约医生、family doctor", ""),
    ("就业、找工作、再就业、失业、招聘、job、employment、unemployment", ""),
    ("老旧小区改造、旧改、加装电梯、小区改造、renovation", ""),
    ("开放时间、几点开门、开门时间、上班时间、办公时间、营业时间、opening hours、opening time", ""),
    ("邻里之家、邻里服务站、党群服务站、服务站、neighbourhood station、neighborhood station、station", ""),
    ("吹哨、反映问题、投诉、报修、whistle、report a problem、complaint", ""),
    ("工单编号、工单、查询进度、tracking number", ""),
    ("便民服务日、便民服务、义诊、义剪、service day", ""),
    ("通知、公告、通知公告、notice、announcement", ""),
    # The handbook's chapters by their English names.
    ("一轴、one axis", "工作法"),
    ("三活、three kinds of life、three lively", "工作法"),
    ("四清、four clear facts、four clears", "工作法"),
    ("五百家、five hundred households", "工作法"),
    ("六必访、six must-visits、six must visits、six visits", "工作法"),
    ("七履职、seven duties", "工作法"),
    ("四级调处、four-level mediation、four level mediation", "工作法"),
    ("工作法、社区邻里之家工作法、handbook、working method", "工作法"),
]


def seed(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    if SynonymGroup.objects.exists():
        return
    SynonymGroup.objects.bulk_create(
        SynonymGroup(terms=terms, note=note) for terms, note in GROUPS
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_synonymgroup")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
