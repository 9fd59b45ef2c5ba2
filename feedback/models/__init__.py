from .categories import Category, DepartmentGroup, Urgency
from .reports import (
    AccessLog,
    ImmutableError,
    MediationLevel,
    PhoneReveal,
    Report,
    ReportEvent,
    ReportPhoto,
    Satisfaction,
    Status,
)

__all__ = [
    "AccessLog",
    "Category",
    "DepartmentGroup",
    "ImmutableError",
    "MediationLevel",
    "PhoneReveal",
    "Report",
    "ReportEvent",
    "ReportPhoto",
    "Satisfaction",
    "Status",
    "Urgency",
]
