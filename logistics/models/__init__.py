from logistics.models.base import DomainModel
from logistics.models.changes import Change
from logistics.models.jobs import Job, JobState
from logistics.models.notifications import Notification, NotificationMute, ReminderRule
from logistics.models.people import Personnel, Rank, Supplier, SupplierKind
from logistics.models.records import Attachment, ExportFormat, ExportLog
from logistics.models.units import Unit, UnitKind
from logistics.models.users import User

__all__ = [
    "Attachment",
    "Change",
    "DomainModel",
    "ExportFormat",
    "ExportLog",
    "Job",
    "JobState",
    "Notification",
    "NotificationMute",
    "Personnel",
    "Rank",
    "ReminderRule",
    "Supplier",
    "SupplierKind",
    "Unit",
    "UnitKind",
    "User",
]
