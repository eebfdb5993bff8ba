"""Clinic reminders (isolation ends) name the person only to readers who may see patients."""

import datetime

from django.contrib.auth.models import Permission

from logistics import services
from logistics.models import Notification
from logistics.roles import Role
from tests.medical.conftest import SECRET_NAME

END = datetime.date(2021, 2, 21)


def test_an_isolation_end_names_the_person_to_clinic_staff_only(exposure, clinic_staff, clinic, make_user, tree):
    commander = make_user(Role.UNIT_COMMANDER, tree.province)  # counts only: told nothing
    reader = make_user(None, tree.province)  # may read the epidemic list, not the patients
    reader.user_permissions.add(Permission.objects.get(codename="view_exposure"))
    assert services.send_reminders(today=END - datetime.timedelta(days=1)) >= 2
    staff_note = Notification.objects.get(recipient=clinic_staff, kind="medical.isolation_end")
    assert SECRET_NAME in staff_note.title
    reader_note = Notification.objects.get(recipient=reader, kind="medical.isolation_end")
    assert SECRET_NAME not in reader_note.title and clinic.name in reader_note.title
    assert not Notification.objects.filter(recipient=commander).exists()
    assert not Notification.objects.filter(title__contains=SECRET_NAME).exclude(recipient=clinic_staff).exists()
