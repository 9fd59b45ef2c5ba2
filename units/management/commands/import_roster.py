from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from units.roster import KINDS, PROGRESS_THRESHOLD, import_roster


class TextProgress:
    """A one-line progress bar redrawn in place on stderr."""

    def __init__(self, stream, width=30):
        self.stream = stream
        self.width = width

    def __call__(self, done, total):
        filled = self.width * done // total
        bar = "#" * filled + "-" * (self.width - filled)
        end = "\n" if done == total else ""
        self.stream.write(f"\r[{bar}] {done}/{total}{end}", ending="")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import stations, contacts and dispatched staff from CSV or XLSX files. "
        "Nothing is written if any row is invalid, unless --skip-invalid is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--units", metavar="FILE", help="stations: 街镇, 社区, 邻里之家, …")
        parser.add_argument(
            "--contacts", metavar="FILE", help="contacts: 邻里之家, 职务, 姓名, 电话"
        )
        parser.add_argument("--staff", metavar="FILE", help="dispatched staff: 邻里之家, 部门, …")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the valid rows, report the rest"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and count, then roll everything back"
        )

    def handle(self, *args, **options):
        files = {}
        for kind in KINDS:
            if options[kind]:
                path = Path(options[kind])
                if not path.is_file():
                    raise CommandError(f"{path}: 文件不存在")
                files[kind] = (options[kind], path.read_bytes())
        if not files:
            raise CommandError("请至少指定 --units、--contacts、--staff 中的一个文件")
        rows = sum(data.count(b"\n") for _name, data in files.values())
        progress = TextProgress(self.stderr) if rows > PROGRESS_THRESHOLD else None
        result = import_roster(
            files,
            skip_invalid=options["skip_invalid"],
            dry_run=options["dry_run"],
            progress=progress,
        )
        for error in result.errors:
            self.stderr.write(error)
        if result.errors and not result.written and not options["dry_run"]:
            raise CommandError(f"导入失败：{len(result.errors)} 处错误，未写入任何数据。")
        for line in result.summary_lines():
            self.stdout.write(line)
        if options["dry_run"]:
            self.stdout.write("试运行：已全部回滚，未写入任何数据。")
