"""Scorecard figures: averages, counts and distributions from the public ratings."""

from dataclasses import dataclass, field

from core import periods
from feedback import stats as feedback_stats
from units.models import DepartmentPage

from . import tallies
from .models import DIMENSIONS, STAR_FIELDS, DepartmentTally, Rating, UnitTally

MIN_SAMPLE = 5
TREND_QUARTERS = 4
DIMENSION_NAMES = [name for name, _label in DIMENSIONS]


@dataclass
class Summary:
    period: str
    count: int = 0
    averages: dict = field(default_factory=dict)  # name -> float, only when the sample suffices
    distribution: dict = field(default_factory=dict)  # name -> [n1, n2, n3, n4, n5]

    @property
    def enough(self):
        return self.count >= MIN_SAMPLE

    @property
    def overall(self):
        if not self.enough:
            return None
        return round(sum(self.averages.values()) / len(self.averages), 2)

    def rows(self):
        """One row per dimension for templates: (label, average, distribution)."""
        return [
            (label, self.averages.get(name), self.distribution[name]) for name, label in DIMENSIONS
        ]


def summarise(period, row):
    """A Summary from one period's counts (a tally, a row of tallies.counts(), or None)."""
    summary = Summary(period=period, count=row["count"] if row else 0)
    for name in DIMENSION_NAMES:
        stars = [row[f"{name}_{star}"] if row else 0 for star in range(1, 6)]
        summary.distribution[name] = stars
        if summary.enough:
            total = sum(star * n for star, n in enumerate(stars, start=1))
            summary.averages[name] = round(total / summary.count, 2)
    return summary


def scorecard(*, department=None, unit=None, period=None, quarters=TREND_QUARTERS):
    """Summaries for the last `quarters` quarters up to `period`, oldest first. A department's
    or a station's figures are read from its tallies (ratings.tallies: one row per quarter,
    however many thousand ratings); one department at one station is counted from the ratings."""
    period = period or periods.current_period()
    wanted = periods.last_periods(period, quarters)
    if department is not None and unit is not None:
        rows = (
            Rating.objects.public()
            .filter(period__in=wanted, department=department, unit=unit)
            .order_by()
            .values("period")
            .annotate(**tallies.counts())
        )
    elif department is not None:
        rows = DepartmentTally.objects.filter(department=department, period__in=wanted)
    else:
        rows = UnitTally.objects.filter(unit=unit, period__in=wanted)
    if department is None or unit is None:
        rows = rows.values("period", "count", *STAR_FIELDS)
    by_period = {row["period"]: row for row in rows}
    return [summarise(p, by_period.get(p)) for p in wanted]


def ranking(period):
    """Departments ranked by their overall average for one quarter; those below the minimum
    sample come last, unranked."""
    figures = {
        row["department"]: summarise(period, row)
        for row in DepartmentTally.objects.filter(period=period).values(
            "department", "count", *STAR_FIELDS
        )
    }
    rows = []
    departments = DepartmentPage.objects.visible().source()
    for department in departments.order_by("path"):
        summary = figures.get(department.pk) or summarise(period, None)
        entry = {"department": department, "count": summary.count, "averages": {}, "overall": None}
        if summary.enough:
            entry["averages"] = summary.averages
            entry["overall"] = summary.overall
        rows.append(entry)
    ranked = sorted((r for r in rows if r["overall"] is not None), key=lambda r: -r["overall"])
    for position, entry in enumerate(ranked, start=1):
        entry["rank"] = position
    return ranked + [r for r in rows if r["overall"] is None]


def report_rates(*, department=None, unit=None, period=None):
    """响应率, 解决率, 满意率 from whistle reports for `period` and the quarter before it (oldest
    first). The satisfaction answer that closes a report
    counts in its department's 满意率.

    Returns {"quarters": [figures, figures], "rows": [(label, [rate, rate], definition)]}."""
    period = period or periods.current_period()
    wanted = [periods.previous(period), period]
    if department is not None:
        quarters = feedback_stats.department_quarters_stats(department, wanted)
    else:
        quarters = feedback_stats.unit_quarters_stats(unit, wanted)
    rows = [
        (label, [figures[name] for figures in quarters], definition)
        for name, (label, definition) in zip(
            feedback_stats.RATES, feedback_stats.QUARTER_DEFINITIONS, strict=True
        )
    ]
    return {"quarters": quarters, "rows": rows}


NO_REPORTS = {
    "received": 0,
    "response_rate": None,
    "resolution_rate": None,
    "satisfaction_rate": None,
}


def add_report_rates(rows, period):
    """Add each department's quarter report figures to ranking rows, in one query."""
    by_department = feedback_stats.rates_by_department(
        period, [row["department"].pk for row in rows]
    )
    for row in rows:
        row["reports"] = by_department.get(row["department"].pk, NO_REPORTS)
    return rows
