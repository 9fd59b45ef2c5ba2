from .categories import Category, Urgency
from .holidays import DayKind, HolidayDay, HolidayYear
from .reports import (
    AccessLog,
    EventKind,
    ImmutableError,
    MediationLevel,
    PhoneReveal,
    Report,
    ReportEvent,
    ReportPhoto,
    Satisfaction,
    StationMatch,
    Status,
)

__all__ = [
    "AccessLog",
    "Category",
    "DayKind",
    "EventKind",
    "HolidayDay",
    "HolidayYear",
    "ImmutableError",
    "MediationLevel",
    "PhoneReveal",
    "Report",
    "ReportEvent",
    "ReportPhoto",
    "Satisfaction",
    "StationMatch",
    "Status",
    "Urgency",
]
