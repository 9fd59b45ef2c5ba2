import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook
from wagtail.models import Page, Revision

from units.models import (
    CommunityPage,
    Contact,
    ContactRole,
    DepartmentPage,
    DispatchedStaff,
    TownPage,
    UnitPage,
)
from units.roster import export_roster, import_roster

pytestmark = pytest.mark.django_db

UNITS_HEADER = ["街镇", "社区", "邻里之家", "覆盖小区", "地址", "电话", "开放时间"]
NEW_UNIT = [
    "测试镇",
    "望海社区",
    "望海苑邻里之家",
    "望海苑、望海北里;望海南里",
    "测试镇望海苑1号楼",
    "022-68123456",
    "周一至周五 08:30-17:30；周六 09:00-12:00",
]
CONTACTS_HEADER = ["邻里之家", "职务", "姓名", "电话"]
STAFF_HEADER = ["邻里之家", "部门", "姓名", "岗位", "电话", "值班时间"]


def write_csv(path, rows, bom=True):
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_bytes(("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8"))
    return path


def write_xlsx(path, rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def new_station_files(tmp_path):
    return {
        "units": write_csv(tmp_path / "units.csv", [UNITS_HEADER, NEW_UNIT]),
        "contacts": write_csv(
            tmp_path / "contacts.csv",
            [
                CONTACTS_HEADER,
                ["望海苑邻里之家", "党支部书记", "李某某（示例）", "19900001111"],
                ["望海苑邻里之家", "grid_worker", "王某某（示例）", "199 0000 2222"],
            ],
        ),
        "staff": write_csv(
            tmp_path / "staff.csv",
            [
                STAFF_HEADER,
                [
                    "望海苑邻里之家",
                    "市场监管",
                    "赵某某（示例）",
                    "下沉干部",
                    "19900003333",
                    "每周一 09:00-11:00",
                ],
                ["望海苑邻里之家", "测试新局", "钱某某（示例）", "", "19900004444", ""],
            ],
        ),
    }


def run(files, **options):
    out, err = io.StringIO(), io.StringIO()
    args = {kind: str(path) for kind, path in files.items()}
    call_command("import_roster", stdout=out, stderr=err, **args, **options)
    return out.getvalue(), err.getvalue()


def snapshot():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        Contact.objects.count(),
        DispatchedStaff.objects.count(),
        dict(Page.objects.values_list("pk", "latest_revision_id")),
    )


def test_first_import_creates_everything_and_reimport_changes_nothing(demo, tmp_path):
    files = new_station_files(tmp_path)
    out, _err = run(files)
    assert "邻里之家：新建 1，更新 0，未变 0" in out
    assert "街镇：新建 1；社区：新建 1；职能部门：新建 1" in out

    unit = UnitPage.objects.get(title="望海苑邻里之家", locale__language_code="zh-hans")
    assert unit.live and unit.latest_revision_id and not unit.has_unpublished_changes
    community = unit.get_parent().specific
    assert isinstance(community, CommunityPage) and community.title == "望海社区"
    assert TownPage.objects.get(title="测试镇", locale__language_code="zh-hans").live
    assert unit.compound_names == ["望海苑", "望海北里", "望海南里"]
    assert unit.phone == "022-68123456"
    assert unit.hours_text() == NEW_UNIT[6]
    assert [(c.role, c.phone) for c in unit.contacts.all()] == [
        (ContactRole.PARTY_SECRETARY, "19900001111"),
        (ContactRole.GRID_WORKER, "19900002222"),
    ]
    staff = list(unit.staff.select_related("department"))
    assert [s.department.title for s in staff] == ["市场监督管理局", "测试新局"]
    assert DepartmentPage.objects.get(title="测试新局", locale__language_code="zh-hans").live

    before = snapshot()
    out, _err = run(files)
    assert "邻里之家：新建 0，更新 0，未变 1" in out
    assert snapshot() == before


def test_changed_row_updates_in_place(demo, tmp_path):
    unit = UnitPage.objects.get(title="海馨园邻里之家", locale__language_code="zh-hans")
    url, revision = unit.url, unit.latest_revision_id
    row = [
        "静海镇",
        "众泰欣苑社区",
        "海馨园邻里之家",
        "海馨园、海馨东里",
        "新地址1号",
        "022-68000000",
        "周一 08:00-12:00",
    ]
    out, _err = run({"units": write_csv(tmp_path / "u.csv", [UNITS_HEADER, row])})
    assert "邻里之家：新建 0，更新 1，未变 0" in out
    unit = UnitPage.objects.get(pk=unit.pk)
    assert unit.url == url
    assert unit.latest_revision_id != revision and unit.live
    assert (unit.address, unit.phone, unit.compound_names) == (
        "新地址1号",
        "022-68000000",
        ["海馨园", "海馨东里"],
    )
    assert unit.hours_text() == "周一 08:00-12:00"
    assert unit.contacts.count() == 6  # no contacts file: contacts untouched


def test_contacts_file_replaces_the_stations_contacts_and_keeps_notes(demo, tmp_path):
    unit = UnitPage.objects.get(title="海馨园邻里之家", locale__language_code="zh-hans")
    manager = unit.contacts.get(role=ContactRole.PROPERTY_MANAGER)
    assert manager.note
    rows = [
        CONTACTS_HEADER,
        ["海馨园邻里之家", "物业经理", manager.name, manager.phone],
        ["海馨园邻里之家", "网格员", "新人（示例）", "19900009999"],
    ]
    run({"contacts": write_csv(tmp_path / "c.csv", rows)})
    contacts = list(UnitPage.objects.get(pk=unit.pk).contacts.all())
    assert [(c.name, c.note) for c in contacts] == [
        (manager.name, manager.note),
        ("新人（示例）", ""),
    ]


def test_invalid_rows_abort_with_exact_messages_and_write_nothing(demo, tmp_path):
    files = {
        "units": write_csv(tmp_path / "units.csv", [UNITS_HEADER, NEW_UNIT]),
        "contacts": write_csv(
            tmp_path / "contacts.csv",
            [
                CONTACTS_HEADER,
                ["望海苑邻里之家", "网格员", "甲（示例）", "19900001111"],
                ["火星邻里之家", "网格员", "乙（示例）", "19900001112"],
                ["海馨园邻里之家", "网格员", "丙（示例）", "12345abc"],
                ["海馨园邻里之家", "厨师", "丁（示例）", "19900001113"],
            ],
        ),
        "staff": write_csv(tmp_path / "staff.csv", [["邻里之家", "部门", "姓名", "电话"]]),
    }
    before = snapshot()
    with pytest.raises(CommandError, match="未写入任何数据"):
        run(files)
    result = import_roster({k: (p.name, p.read_bytes()) for k, p in files.items()})
    assert result.errors == [
        "contacts.csv:3: 未知的邻里之家“火星邻里之家”",
        "contacts.csv:4: 电话“12345abc”格式不正确",
        "contacts.csv:5: 未知的职务“厨师”",
        "staff.csv:1: 缺少列：“岗位”、“值班时间”",
    ]
    assert not result.written
    assert snapshot() == before
    assert not UnitPage.objects.filter(title="望海苑邻里之家").exists()


def test_bad_units_rows_are_reported(demo, tmp_path):
    rows = [
        UNITS_HEADER,
        ["静海镇", "裕华园社区", "海馨园邻里之家", "海馨园", "地址", "", ""],
        ["测试镇", "测试社区", "甲邻里之家", "", "", "", ""],
        ["测试镇", "测试社区", "乙邻里之家", "", "地址", "", "周八 08:00-09:00"],
        NEW_UNIT,
        NEW_UNIT,
    ]
    result = import_roster({"units": ("u.csv", write_csv(tmp_path / "u.csv", rows).read_bytes())})
    assert result.errors == [
        "u.csv:2: 邻里之家“海馨园邻里之家”属于静海镇众泰欣苑社区，与表中的静海镇裕华园社区不一致（导入不会移动站点）",
        "u.csv:3: “地址”不能为空",
        "u.csv:4: 开放时间“周八 08:00-09:00”中的星期无法识别",
        "u.csv:6: 邻里之家“望海苑邻里之家”重复（第 5 行已出现）",
    ]


def test_skip_invalid_imports_the_valid_rows(demo, tmp_path):
    files = {
        "units": write_csv(tmp_path / "units.csv", [UNITS_HEADER, NEW_UNIT]),
        "contacts": write_csv(
            tmp_path / "contacts.csv",
            [
                CONTACTS_HEADER,
                ["望海苑邻里之家", "网格员", "甲（示例）", "19900001111"],
                ["火星邻里之家", "网格员", "乙（示例）", "19900001112"],
                ["海馨园邻里之家", "网格员", "丙（示例）", "19x"],
            ],
        ),
    }
    haixin = UnitPage.objects.get(title="海馨园邻里之家", locale__language_code="zh-hans")
    out, err = run(files, skip_invalid=True)
    assert "contacts.csv:3: 未知的邻里之家“火星邻里之家”" in err
    assert "contacts.csv:4: 电话“19x”格式不正确" in err
    assert "邻里之家：新建 1，更新 0，未变 0" in out
    unit = UnitPage.objects.get(title="望海苑邻里之家", locale__language_code="zh-hans")
    assert [c.name for c in unit.contacts.all()] == ["甲（示例）"]
    # the station with an invalid row keeps all of its contacts
    assert UnitPage.objects.get(pk=haixin.pk).contacts.count() == 6


def test_english_headers_without_bom_and_xlsx(demo, tmp_path):
    english = ["town", "community", "unit", "compounds", "address", "phone", "hours"]
    files = {
        "units": write_csv(tmp_path / "units.csv", [english, NEW_UNIT], bom=False),
        "contacts": write_xlsx(
            tmp_path / "contacts.xlsx",
            [
                ["Unit", "Role", "Name", "Phone"],
                ["望海苑邻里之家", "mediator", "调解员（示例）", 19900005555],
            ],
        ),
        "staff": write_xlsx(
            tmp_path / "staff.xlsx",
            [
                STAFF_HEADER,
                ["望海苑邻里之家", "民政局", "孙某某（示例）", None, "19900006666", None],
            ],
        ),
    }
    run(files)
    unit = UnitPage.objects.get(title="望海苑邻里之家", locale__language_code="zh-hans")
    assert [(c.role, c.phone) for c in unit.contacts.all()] == [
        (ContactRole.MEDIATOR, "19900005555")
    ]
    assert [(s.department.title, s.post) for s in unit.staff.all()] == [("民政局", "")]


def test_export_import_round_trip_is_exact(demo, tmp_path):
    paths = {kind: tmp_path / f"{kind}.csv" for kind in ("units", "contacts", "staff")}
    export_roster(paths)
    first = {kind: path.read_bytes() for kind, path in paths.items()}
    assert first["units"].startswith("\ufeff街镇,社区,邻里之家".encode())

    before = snapshot()
    out, err = run(paths)
    assert f"未变 {UnitPage.objects.filter(locale__language_code='zh-hans').count()}" in out
    assert "[" in err and "#" in err  # progress bar: the demo roster has over 200 rows
    assert snapshot() == before

    # A changed canonical file comes back byte for byte.
    text = (
        first["staff"]
        .decode("utf-8-sig")
        .replace("每周一、周三 14:00-17:00", "每周五 09:00-10:00", 1)
    )
    paths["staff"].write_bytes(b"\xef\xbb\xbf" + text.encode())
    run({"staff": paths["staff"]})
    export_roster({"staff": tmp_path / "again.csv"})
    assert (tmp_path / "again.csv").read_bytes() == paths["staff"].read_bytes()

    xlsx = {kind: tmp_path / f"{kind}.xlsx" for kind in ("units", "contacts", "staff")}
    call_command("export_roster", stdout=io.StringIO(), **{k: str(p) for k, p in xlsx.items()})
    before = snapshot()
    run(xlsx)
    assert snapshot() == before
