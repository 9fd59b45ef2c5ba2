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

__all__ = [
    "CommunityPage",
    "Compound",
    "Contact",
    "ContactRole",
    "DepartmentIndexPage",
    "DepartmentPage",
    "DirectoryPage",
    "DispatchedStaff",
    "NoticeAttachment",
    "NoticeCategory",
    "NoticeIndexPage",
    "NoticePage",
    "OpeningHours",
    "TownPage",
    "UnitPage",
]
