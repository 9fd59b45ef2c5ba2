"""A resident's ratings in their personal-data download, account page and account deletion
(core.personal_data)."""

from core.personal_data import Part


def ratings_of(user):
    return list(user.ratings.select_related("department", "unit").order_by("-period"))


def export(user):
    return [
        {
            "period": r.period,
            "department": r.department.title,
            "unit": r.unit.title,
            "attitude": r.attitude,
            "efficiency": r.efficiency,
            "effectiveness": r.effectiveness,
            "comment": r.comment,
            "comment_status": r.comment_status,
            "created": r.created,
            "updated": r.updated,
        }
        for r in ratings_of(user)
    ]


def erase(user):
    """Scores stay in the published figures without pointing to a person; comments, which
    may name someone, are erased."""
    user.ratings.update(user=None, comment="", reject_reason="")


PART = Part(
    key="ratings",
    export=export,
    erase=erase,
    profile_template="ratings/includes/profile_ratings.html",
    profile_context=lambda user: {"ratings": ratings_of(user)},
)
