from .departments import DepartmentIndexPage, DepartmentPage
from .notices import NoticeAttachment, NoticeCategory, NoticeIndexPage, NoticePage
from .pages import (
    CommunityPage,
    Compound,
    Contact,
    ContactRole,
    DirectoryPage,
    DispatchedStaff,
    OpeningHours,
    TownPage,
    UnitPage,
)
from .teams import DepartmentGroup, StationGroup

__all__ = [
    "CommunityPage",
    "Compound",
    "Contact",
    "ContactRole",
    "DepartmentGroup",
    "DepartmentIndexPage",
    "DepartmentPage",
    "DirectoryPage",
    "DispatchedStaff",
    "NoticeAttachment",
    "NoticeCategory",
    "NoticeIndexPage",
    "NoticePage",
    "OpeningHours",
    "StationGroup",
    "TownPage",
    "UnitPage",
]
