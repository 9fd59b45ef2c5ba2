"""Reading and writing roster spreadsheets: CSV (UTF-8, with or without BOM) or XLSX."""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

# kind → [(code name, Chinese header, required value)], in export order.
COLUMNS = {
    "units": [
        ("town", "街镇", True),
        ("community", "社区", True),
        ("unit", "邻里之家", True),
        ("compounds", "覆盖小区", False),
        ("address", "地址", True),
        ("phone", "电话", False),
        ("hours", "开放时间", False),
    ],
    "contacts": [
        ("unit", "邻里之家", True),
        ("role", "职务", True),
        ("name", "姓名", True),
        ("phone", "电话", True),
    ],
    "staff": [
        ("unit", "邻里之家", True),
        ("department", "部门", True),
        ("name", "姓名", True),
        ("post", "岗位", False),
        ("phone", "电话", True),
        ("duty", "值班时间", False),
    ],
}
KINDS = tuple(COLUMNS)
EXTENSIONS = (".csv", ".xlsx")


class RosterFileError(ValueError):
    """A whole file cannot be read: `line` is where the problem is."""

    def __init__(self, line, reason):
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass
class Row:
    line: int
    values: dict = field(default_factory=dict)


def label(kind, column):
    return next(zh for code, zh, _required in COLUMNS[kind] if code == column)


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number typed into Excel as a number
    return str(value).strip()


def _csv_rows(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterFileError(1, _("文件不是 UTF-8 编码，请在表格软件中另存为“CSV UTF-8”")) from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    for cells in reader:
        yield line, [_cell(c) for c in cells]
        line = reader.line_num + 1


def _xlsx_rows(data):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise RosterFileError(1, _("无法读取 XLSX 文件")) from exc
    try:
        sheet = book.worksheets[0]
        for line, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, [_cell(c) for c in cells]
    finally:
        book.close()


def read_rows(kind, name, data):
    """Return the data rows of a roster file as Rows keyed by column code.

    `name` is the file name (its extension picks the format), `data` its bytes.
    Raises RosterFileError when the header lacks a column.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in EXTENSIONS:
        raise RosterFileError(1, _("只支持 CSV 或 XLSX 文件"))
    rows = iter((_xlsx_rows if suffix == ".xlsx" else _csv_rows)(data))
    aliases = {}
    for code, zh, _required in COLUMNS[kind]:
        aliases[code] = code
        aliases[zh] = code
    header = next(rows, None)
    if header is None:
        raise RosterFileError(1, _("文件是空的"))
    positions = {}
    for index, title in enumerate(header[1]):
        code = aliases.get(title.lower()) or aliases.get(title)
        if code and code not in positions:
            positions[code] = index
    missing = [zh for code, zh, _required in COLUMNS[kind] if code not in positions]
    if missing:
        raise RosterFileError(
            header[0],
            _("缺少列：%(columns)s") % {"columns": "、".join(f"“{zh}”" for zh in missing)},
        )
    result = []
    for line, cells in rows:
        if not any(cells):
            continue
        values = {
            code: cells[index] if index < len(cells) else "" for code, index in positions.items()
        }
        result.append(Row(line, values))
    return result


def write_rows(kind, path, records):
    """Write records (lists in COLUMNS order) with Chinese headers; format by extension."""
    path = Path(path)
    header = [zh for _code, zh, _required in COLUMNS[kind]]
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        book = Workbook()
        sheet = book.active
        sheet.title = {"units": "邻里之家", "contacts": "联系人", "staff": "派驻人员"}[kind]
        sheet.append(header)
        for record in records:
            sheet.append(record)
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                cell.number_format = "@"  # keep phone numbers as text
        book.save(path)
        return
    # UTF-8 with BOM so that Excel on Windows shows the Chinese correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(records)
