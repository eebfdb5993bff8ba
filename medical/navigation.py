from django.utils.translation import gettext_lazy as _

from logistics.navigation import MenuItem

ITEMS = [
    MenuItem(_("Record an encounter"), "medical:encounter_add", "medical.add_encounter", "plus-circle"),
    MenuItem(_("Encounters"), "medical:encounter_list", "medical.view_encounter", "clipboard2-pulse"),
    MenuItem(_("Patients"), "medical:patient_list", "medical.view_patient", "person-vcard"),
    MenuItem(_("Epidemic lists"), "medical:exposure_list", "medical.view_exposure", "virus"),
    MenuItem(_("Clinic caseload"), "medical:caseload", "medical.caseload_encounter", "bar-chart"),
    MenuItem(_("Epidemic lists in figures"), "medical:epidemic", "medical.caseload_encounter", "graph-up"),
    MenuItem(_("Health standards"), "medical:fitnessstandard_list", "medical.view_fitnessstandard", "card-checklist"),
    MenuItem(_("Health record access log"), "medical:accesslog_list", "medical.view_accesslog", "eye"),
]
