from .categories import Category, Urgency
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
