"""The same notice posted by many stations (a district-wide safety reminder, say) is one entry
in the district list, naming the stations that posted it, rather than a screenful of copies."""

from dataclasses import dataclass, field


@dataclass
class NoticeGroup:
    notice: object  # the newest copy: its link and date represent the group
    copies: list = field(default_factory=list)

    @property
    def count(self):
        return len(self.copies)


def group_notices(notices):
    """Notices (with `source`, see models.notices.with_sources) grouped by title, summary and
    category, in the order of their first appearance."""
    groups = {}
    for notice in notices:
        key = (notice.title, notice.summary, notice.category)
        groups.setdefault(key, NoticeGroup(notice)).copies.append(notice)
    return list(groups.values())
