"""QuickSelect draws exactly the HTML of Django's Select, without its per-option templates."""

import pytest
from django import forms

from core.widgets import QuickSelect

CHOICES = [
    ("", "全部"),
    ("a", "A & <b>"),
    ('组 "甲"', [(1, "一"), (2, "二")]),
    (3, "三"),
]


@pytest.mark.parametrize("value", ["a", 2, None, ""])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_status", "required": True, "disabled": False, "data-x": 'q"<'}]
)
def test_same_html_as_djangos_select(value, attrs):
    expected = forms.Select(choices=CHOICES).render("status", value, attrs)
    assert QuickSelect(choices=CHOICES).render("status", value, attrs) == expected


@pytest.mark.django_db
def test_the_report_filters_use_it():
    from feedback.admin_forms import ReportFilterSet

    selects = [
        name
        for name, field in ReportFilterSet().form.fields.items()
        if isinstance(field.widget, forms.Select)
    ]
    assert selects and all(
        isinstance(ReportFilterSet().form.fields[name].widget, QuickSelect) for name in selects
    )
