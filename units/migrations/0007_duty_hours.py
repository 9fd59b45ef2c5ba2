"""Dispatched staff's duty hours become data (weekday, opens, closes) so that pages can show
them in the reader's language; text that does not read as hours is kept as a note."""

from django.db import migrations, models

import units.fields
from units.hours import rows_to_json, split_hours


def text_to_hours(apps, schema_editor):
    DispatchedStaff = apps.get_model("units", "DispatchedStaff")
    for person in DispatchedStaff.objects.exclude(duty="").iterator():
        rows, note = split_hours(person.duty)
        person.duty_hours, person.duty_note = rows_to_json(rows), note[:100]
        person.save(update_fields=["duty_hours", "duty_note"])


class Migration(migrations.Migration):
    dependencies = [("units", "0006_department_common_names")]

    operations = [
        migrations.AddField(
            model_name="dispatchedstaff",
            name="duty_hours",
            field=units.fields.HoursField(blank=True, default=list, verbose_name="值班时间"),
        ),
        migrations.AddField(
            model_name="dispatchedstaff",
            name="duty_note",
            field=models.CharField(
                blank=True, help_text="例如：节假日另行通知", max_length=100, verbose_name="值班说明"
            ),
        ),
        migrations.RunPython(text_to_hours, migrations.RunPython.noop),
        migrations.RemoveField(model_name="dispatchedstaff", name="duty"),
    ]
