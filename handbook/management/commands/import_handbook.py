from django.core.management.base import BaseCommand, CommandError

from handbook.importer import HandbookFormatError, import_handbook_file

LABELS = {
    "created": "新增",
    "updated": "更新",
    "unchanged": "未变",
    "unpublished": "下线",
    "reordered": "调整章节顺序",
}


class Command(BaseCommand):
    help = (
        "Import 《社区邻里之家工作法》 from a Markdown file (# book, ## chapter, ### section). "
        "Running it again on the same file changes nothing; a changed file updates pages in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the Markdown handbook")

    def handle(self, *args, file, **options):
        try:
            changes = import_handbook_file(file)
        except FileNotFoundError as error:
            raise CommandError(f"找不到文件：{file}") from error
        except HandbookFormatError as error:
            raise CommandError(str(error)) from error
        for change in changes:
            line = f"{LABELS[change.action]}：{change.title}"
            if change.detail:
                line += f"（原标题：{change.detail}）"
            self.stdout.write(line)
