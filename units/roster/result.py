"""What an import found and did."""

from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass
class Plan:
    """What the files say about one station."""

    title: str
    line: tuple  # (file name, line) of the first row naming the station, for errors
    unit: dict | None = None
    contacts: list | None = None
    staff: list | None = None


@dataclass
class Result:
    errors: list = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    written: bool = False

    def summary_lines(self):
        c = self.counts
        return [
            _("邻里之家：新建 %(units_created)s，更新 %(units_updated)s，未变 %(units_unchanged)s")
            % c,
            _(
                "街镇：新建 %(towns_created)s；社区：新建 %(communities_created)s；"
                "职能部门：新建 %(departments_created)s"
            )
            % c,
            _("联系人：%(contacts)s 行；派驻人员：%(staff)s 行") % c,
            _("无效行：%(count)s") % {"count": len(self.errors)}
            + (_("（已跳过）") if self.errors and self.written else ""),
        ]
