from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from units.roster import EXTENSIONS, KINDS, export_roster


class Command(BaseCommand):
    help = "Export stations, contacts and dispatched staff as CSV or XLSX (by file extension)."

    def add_arguments(self, parser):
        for kind in KINDS:
            parser.add_argument(f"--{kind}", metavar="FILE")

    def handle(self, *args, **options):
        paths = {kind: Path(options[kind]) for kind in KINDS if options[kind]}
        if not paths:
            raise CommandError("请至少指定 --units、--contacts、--staff 中的一个文件")
        for path in paths.values():
            if path.suffix.lower() not in EXTENSIONS:
                raise CommandError(f"{path}: 只支持 .csv 或 .xlsx")
        for kind, count in export_roster(paths).items():
            self.stdout.write(f"{paths[kind]}: {count} 行")
