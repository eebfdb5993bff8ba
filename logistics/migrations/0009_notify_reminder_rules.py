"""The reminder rules administrators start from: the days each kind reminds before and after its due date."""

from django.db import migrations

DEFAULTS = [
    ("oversight.recommendation_due", [30, 7, 1], [1, 7, 30]),
    ("construction.work_overdue", [7], [1, 30]),
    ("budget.advance_open", [], [0, 30]),
    ("budget.year_close", [], [1, 7, 30]),
    ("medical.isolation_end", [1], [0]),
]


def seed(apps, schema_editor):
    rule_model = apps.get_model("logistics", "ReminderRule")
    for kind, before, after in DEFAULTS:
        rule_model.objects.get_or_create(kind=kind, defaults={"days_before": before, "days_after": after})


class Migration(migrations.Migration):
    dependencies = [("logistics", "0008_notify_notifications")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
