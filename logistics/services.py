"""Writes to the shared core: units, personnel, suppliers, attachments, and generic deletes.

Every function runs in one transaction, checks the actor's permission and scope, validates, and
records the actor on the history events it causes. Web views, the API, the admin and management
commands all call these; none of them saves a core record another way.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import os
import smtplib
from collections.abc import Iterable
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Model, ProtectedError, Q
from django.db.transaction import TransactionManagementError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from logistics import transaction_memo
from logistics.formatting import day_text
from logistics.history import actor_context
from logistics.links import absolute_url
from logistics.models import Attachment, Notification, NotificationMute, Personnel, ReminderRule, Supplier, Unit, User
from logistics.models.units import UnitKind
from logistics.registry import registry
from logistics.roles import Role
from logistics.scope import permission_name, require, restrict
from logistics.workflow import guarded_by, refuse

TREE_FIELDS = ["path", "depth", "numchild"]
#: Serialises changes to the unit tree: they are rare, and materialised paths must not race.
UNIT_TREE_LOCK = 7_300_001


#: True while a service runs: a service it calls shares its savepoint (:func:`service`).
_in_service: ContextVar[bool] = ContextVar("in_service", default=False)


def service(func):
    """Run ``func`` atomically with its ``actor`` recorded on every history event it writes.

    A service called by another runs inside the caller's savepoint instead of opening one of its
    own: a refusal of the inner one undoes the outer one's work with it, as the outer service
    passes it on. An outer service that went on after an inner one failed would have its work
    rolled back without a word, so that is refused loudly.
    """

    @functools.wraps(func)
    def wrapper(*args, actor=None, **kwargs):
        nested = _in_service.get()
        token = _in_service.set(True)
        try:
            with actor_context(actor), transaction.atomic(savepoint=not nested):
                result = func(*args, actor=actor, **kwargs)
                if connection.needs_rollback:
                    raise TransactionManagementError(
                        f"{func.__name__} went on after a service it called failed; its work cannot be kept."
                    )
                return result
        finally:
            _in_service.reset(token)

    return wrapper


@contextlib.contextmanager
def in_callers_savepoint():
    """Let the services called inside run in the caller's transaction without a savepoint each,
    as services called by a service do: for a caller that never goes on after a refusal, whose
    first refusal ends its whole transaction (``load_demo_data``). A refusal it means to step over
    it takes inside a ``transaction.atomic()`` block of its own."""
    token = _in_service.set(True)
    try:
        yield
    finally:
        _in_service.reset(token)


def _lock_unit_tree() -> None:
    transaction_memo.hold_advisory_lock(UNIT_TREE_LOCK)


# --- units ------------------------------------------------------------------------------------


def _check_parent(parent: Unit | None, *, on: datetime.date, field: str = "parent") -> None:
    if parent is None:
        return
    if parent.is_dissolved:
        raise ValidationError({field: _("%(unit)s was dissolved; choose a unit that still exists.") % {"unit": parent}})
    if on < parent.valid_from:
        raise ValidationError(
            {
                "valid_from": _("A unit cannot start before its parent unit (%(date)s).")
                % {"date": day_text(parent.valid_from)}
            }
        )


@service
def unit_create(
    *,
    actor,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    valid_from: datetime.date | None = None,
) -> Unit:
    _lock_unit_tree()
    if parent is not None:
        parent = Unit.objects.get(pk=parent.pk)
    unit = Unit(
        code=code.strip(),
        name=name.strip(),
        kind=kind,
        parent=parent,
        valid_from=valid_from or timezone.localdate(),
    )
    require(actor, "add", unit)
    if parent is None and kind != UnitKind.PROVINCE:
        raise ValidationError({"parent": _("Only a provincial police force stands at the top.")})
    _check_parent(parent, on=unit.valid_from)
    unit.full_clean(exclude=TREE_FIELDS)
    if parent is None:
        return Unit.objects.add_root(instance=unit)
    return Unit.objects.add_child(parent, instance=unit)


@service
def unit_rename(*, actor, unit: Unit, name: str, code: str | None = None) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    require(actor, "change", unit)
    unit.name = name.strip()
    if code is not None:
        unit.code = code.strip()
    unit.full_clean(exclude=TREE_FIELDS)
    unit.save(update_fields=["name", "code", "updated_at"])
    return unit


def _move(unit: Unit, parent: Unit) -> Unit:
    if parent.path.startswith(unit.path):
        raise ValidationError({"parent": _("A unit cannot be moved under itself or its own units.")})
    if unit.parent_id != parent.pk:
        Unit.objects.move(unit, parent, "sorted-child")
        Unit.objects.filter(pk=unit.pk).update(parent=parent, updated_at=timezone.now())
    return Unit.objects.get(pk=unit.pk)


@service
def unit_move(*, actor, unit: Unit, parent: Unit) -> Unit:
    _lock_unit_tree()
    unit = Unit.objects.get(pk=unit.pk)
    parent = Unit.objects.get(pk=parent.pk)
    require(actor, "change", unit)
    require(actor, "change", parent)
    if unit.is_dissolved:
        raise ValidationError(_("A dissolved unit stays where it was; it cannot be moved."))
    _check_parent(parent, on=timezone.localdate())
    return _move(unit, parent)


@service
def unit_update(*, actor, unit: Unit, name: str, code: str, kind: str, parent: Unit | None, valid_from) -> Unit:
    """The edit form: rename, change kind or start date, and move when the parent changes."""
    _lock_unit_tree()
    current = Unit.objects.get(pk=unit.pk)
    require(actor, "change", current)
    if parent is not None and parent.pk != current.parent_id:
        current = unit_move(actor=actor, unit=current, parent=parent)
    elif parent is None and current.parent_id is not None:
        raise ValidationError({"parent": _("A unit that has a parent cannot become a top unit.")})
    current.name, current.code, current.kind = name.strip(), code.strip(), kind
    current.valid_from = valid_from
    if current.parent_id:
        parent_unit = Unit.objects.get(pk=current.parent_id)
        if valid_from < parent_unit.valid_from:
            _check_parent(parent_unit, on=valid_from)
    current.full_clean(exclude=TREE_FIELDS)
    current.save(update_fields=["name", "code", "kind", "valid_from", "updated_at"])
    return current


def unit_dissolve_blockers(unit: Unit) -> list[str]:
    if unit.is_dissolved:
        return [
            _("%(unit)s was already dissolved on %(date)s.")
            % {"unit": unit, "date": day_text(unit.valid_to + datetime.timedelta(days=1))}
        ]
    return []


@guarded_by(unit_dissolve_blockers)
@service
def unit_dissolve(*, actor, unit: Unit, successor: Unit, effective_date: datetime.date) -> Unit:
    """Dissolve ``unit`` on ``effective_date`` into ``successor``.

    The unit keeps its records and history (they still point at it), its last day is the day
    before ``effective_date``, and the units still under it move under the successor. Roll-up
    reports and scope then count the dissolved unit under its successor. What the unit holds
    passes to the successor on ``effective_date``, in this transaction, by what the apps
    registered (``registry.dissolution_handlers()``: the equipment's merger voucher).
    """
    _lock_unit_tree()
    unit = Unit.objects.get(pk=unit.pk)
    successor = Unit.objects.get(pk=successor.pk)
    require(actor, "change", unit)
    require(actor, "change", successor)
    refuse(unit_dissolve_blockers(unit))
    if successor.pk == unit.pk or successor.path.startswith(unit.path):
        raise ValidationError({"successor": _("The successor must be a unit outside the one being dissolved.")})
    if successor.is_dissolved:
        raise ValidationError({"successor": _("The successor has itself been dissolved.")})
    if effective_date <= unit.valid_from:
        raise ValidationError({"effective_date": _("A unit can only be dissolved after the day it was created.")})
    if effective_date < successor.valid_from:
        raise ValidationError({"effective_date": _("The successor did not exist yet on that date.")})
    for child in Unit.objects.filter(parent=unit, valid_to__isnull=True).order_by("path"):
        _move(Unit.objects.get(pk=child.pk), Unit.objects.get(pk=successor.pk))
    unit.refresh_from_db()
    unit.valid_to = effective_date - datetime.timedelta(days=1)
    unit.successor = successor
    unit.full_clean(exclude=TREE_FIELDS)
    unit.save(update_fields=["valid_to", "successor", "updated_at"])
    for handler in registry.dissolution_handlers():
        handler(actor=actor, unit=unit, successor=Unit.objects.get(pk=successor.pk), effective_date=effective_date)
    return unit


# --- personnel and suppliers --------------------------------------------------------------------


def _check_current_unit(unit: Unit | None, field: str = "unit") -> None:
    if unit is not None and unit.is_dissolved:
        raise ValidationError({field: _("%(unit)s was dissolved; choose a unit that still exists.") % {"unit": unit}})


def create_record(model: type[Model], *, actor, fields: dict, check=None) -> Model:
    """Validate and save a new record of a simple model (call it inside a service); ``check``, a
    rule of the service that reads the record's values once they are valid."""
    record = model(**fields)
    require(actor, "add", record)
    record.full_clean()
    if check is not None:
        check(record)
    record.save()
    return record


def missing_reference(model, field_name: str, value) -> str:
    """Django's own message for a reference to a record that does not exist."""
    field = model._meta.get_field(field_name)
    return field.error_messages["invalid"] % {
        "model": field.remote_field.model._meta.verbose_name,
        "pk": value,
        "field": field.remote_field.field_name,
        "value": value,
    }


def load_references(model, records: list, field_name: str, related_model) -> dict[int, str]:
    """Load the records ``records`` refer to by ``field_name`` in one query and attach them, for a
    service that checks many rows at once; returns, by position in ``records``, the message of each
    reference that leads nowhere (the message ``full_clean`` would give)."""
    attname = model._meta.get_field(field_name).attname
    wanted = {getattr(record, attname) for record in records} - {None}
    found = related_model._base_manager.in_bulk(wanted) if wanted else {}
    missing = {}
    for index, record in enumerate(records):
        value = getattr(record, attname)
        if value is None:
            continue
        if value in found:
            setattr(record, field_name, found[value])
        else:
            missing[index] = missing_reference(model, field_name, value)
    return missing


def numbered_problems(number: int, model, errors, *, labels: dict | None = None) -> list[str]:
    """The refusals of the row at position ``number`` of a service that records many rows at once
    (``errors``: by field, or a ValidationError), each message saying which row and field."""
    if isinstance(errors, ValidationError):
        errors = errors.message_dict if hasattr(errors, "error_dict") else {NON_FIELD_ERRORS: errors.messages}
    messages = []
    for field, texts in errors.items():
        for text in texts:
            if field == NON_FIELD_ERRORS:
                messages.append(_("Row %(number)s: %(message)s") % {"number": number, "message": text})
                continue
            label = (labels or {}).get(field) or model._meta.get_field(field).verbose_name
            messages.append(
                _("Row %(number)s, %(field)s: %(message)s") % {"number": number, "field": label, "message": text}
            )
    return messages


def raise_if_errors(errors: dict) -> None:
    """Refuse with every error a service collected, field by field, if it collected any."""
    if errors:
        raise ValidationError(errors)


def editable_changes(fields: dict, editable: tuple[str, ...]):
    """The changes an update service applies: only the fields it names as a user's to change.

    What a user may change is the service's decision, not the form's or the serializer's: a field
    that one of them passes by mistake (a status, a posting time) is a programming error, refused
    before anything is set.
    """
    refused = sorted(set(fields) - set(editable))
    if refused:
        raise TypeError(f"These fields are not changed by this service: {', '.join(refused)}.")
    return fields.items()


def update_record(record: Model, *, actor, fields: dict, editable: tuple[str, ...], check=None) -> Model:
    """Lock, check, change and save a simple record (call it inside a service); ``editable``: the
    fields a user may change (:func:`editable_changes`); ``check``: as for :func:`create_record`."""
    changes = editable_changes(fields, editable)
    record = type(record).objects.select_for_update().get(pk=record.pk)
    require(actor, "change", record)
    if record.is_locked:
        raise ValidationError(_("This record is final and cannot be changed."))
    for name, value in changes:
        setattr(record, name, value)
    record.full_clean()
    if check is not None:
        check(record)
    record.save()
    require(actor, "change", record)  # the new values must still be within the actor's scope
    return record


@service
def personnel_create(*, actor, **fields) -> Personnel:
    _check_current_unit(fields.get("unit"))
    return create_record(Personnel, actor=actor, fields=fields)


@service
def personnel_create_many(*, actor, people: Iterable[dict]) -> list[Personnel]:
    """Record many officers at once (a unit's roll typed from one sheet), each under the rules of
    :func:`personnel_create`: every row is checked, the refusals name the row, and nothing is saved
    unless every row passes. The units and the service numbers already taken are read together."""
    records = [Personnel(**fields) for fields in people]
    missing_units = load_references(Personnel, records, "unit", Unit)
    numbers = [record.service_number for record in records]
    taken = set(Personnel.objects.filter(service_number__in=numbers).values_list("service_number", flat=True))
    listed: dict[str, int] = {}
    problems = []
    for index, record in enumerate(records):
        number = index + 1
        try:
            if index in missing_units:
                raise ValidationError({"unit": missing_units[index]})
            _check_current_unit(record.unit if record.unit_id else None)
            require(actor, "add", record)
            errors: dict[str, list] = {}
            try:
                # The units and the taken service numbers were read above, for every row at once.
                record.full_clean(exclude=["unit"], validate_unique=False)
            except ValidationError as error:
                errors = error.message_dict
            if "service_number" not in errors and record.service_number in taken:
                errors["service_number"] = record.unique_error_message(Personnel, ["service_number"]).messages
            elif "service_number" not in errors and record.service_number in listed:
                errors["service_number"] = [
                    _("This officer is already on row %(number)s.") % {"number": listed[record.service_number]}
                ]
            listed.setdefault(record.service_number, number)
            raise_if_errors(errors)
        except ValidationError as error:
            problems.extend(numbered_problems(number, Personnel, error))
    if problems:
        raise ValidationError({"people": problems})
    return Personnel.objects.bulk_create(records)


PERSONNEL_EDITABLE = (
    "full_name",
    "service_number",
    "rank",
    "position",
    "unit",
    "date_of_birth",
    "is_party_member",
    "is_active",
)
SUPPLIER_EDITABLE = ("name", "kind", "tax_code", "address", "contact_person", "phone", "email", "is_active")


@service
def personnel_update(*, actor, personnel: Personnel, **fields) -> Personnel:
    if "unit" in fields and fields["unit"] is not None and fields["unit"].pk != personnel.unit_id:
        _check_current_unit(fields["unit"])
    return update_record(personnel, actor=actor, fields=fields, editable=PERSONNEL_EDITABLE)


@service
def supplier_create(*, actor, **fields) -> Supplier:
    return create_record(Supplier, actor=actor, fields=fields)


@service
def supplier_update(*, actor, supplier: Supplier, **fields) -> Supplier:
    return update_record(supplier, actor=actor, fields=fields, editable=SUPPLIER_EDITABLE)


@service
def record_delete(*, actor, record: Model) -> None:
    """Delete a draft or a reference record. Final records and records others use stay."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    require(actor, "delete", record)
    if getattr(record, "is_locked", False):
        raise ValidationError(_("This record is final and cannot be deleted; record a correction instead."))
    try:
        with transaction.atomic():
            attachments = Attachment.objects.filter(
                content_type__app_label=record._meta.app_label,
                content_type__model=record._meta.model_name,
                object_id=record.pk,
            )
            stored = [(a.file.storage, a.file.name) for a in attachments]
            attachments.delete()
            record.delete()
            for storage, name in stored:
                transaction.on_commit(functools.partial(storage.delete, name))
    except ProtectedError as exc:
        used_by = sorted({str(obj._meta.verbose_name_plural) for obj in exc.protected_objects})
        raise ValidationError(
            _("It cannot be deleted because other records refer to it: %(used_by)s.") % {"used_by": ", ".join(used_by)}
        ) from exc


# --- attachments --------------------------------------------------------------------------------


def check_upload(uploaded_file) -> None:
    """Refuse a file of a type not accepted, too big, or empty (field errors on ``file``)."""
    extension = os.path.splitext(uploaded_file.name)[1].lower().lstrip(".")
    allowed = settings.ATTACHMENT_EXTENSIONS
    if extension not in allowed:
        raise ValidationError(
            {
                "file": _("Files of type .%(ext)s are not accepted. Accepted: %(allowed)s.")
                % {"ext": extension or "?", "allowed": ", ".join(allowed)}
            }
        )
    if uploaded_file.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {
                    "size": f"{uploaded_file.size / 1048576:.1f}".replace(".", ","),
                    "limit": settings.ATTACHMENT_MAX_BYTES // 1048576,
                }
            }
        )
    if uploaded_file.size == 0:
        raise ValidationError({"file": _("The file is empty.")})


@service
def attachment_add(*, actor, record: Model, uploaded_file, description: str = "") -> Attachment:
    require(actor, "view", record)
    if not actor.has_perm("logistics.add_attachment"):
        raise PermissionDenied
    attachment = Attachment(record=record, uploaded_by=actor, description=description.strip())
    check_upload(uploaded_file)
    digest = hashlib.sha256()
    for chunk in uploaded_file.chunks():
        digest.update(chunk)
    uploaded_file.seek(0)
    attachment.checksum = digest.hexdigest()
    attachment.original_name = os.path.basename(uploaded_file.name)[:255]
    attachment.size = uploaded_file.size
    attachment.file.save(attachment.original_name, uploaded_file, save=False)
    attachment.save()
    return attachment


@service
def attachment_delete(*, actor, attachment: Attachment) -> None:
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
    record = attachment.record
    require(actor, "view", record)
    if not actor.has_perm("logistics.delete_attachment"):
        raise PermissionDenied
    if getattr(record, "is_locked", False):
        raise ValidationError(_("Files of a final record are kept; they cannot be removed."))
    stored = attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: attachment.file.storage.delete(stored))


# --- accounts -----------------------------------------------------------------------------------


@service
def account_provide(
    *, actor, username: str, full_name: str, unit: Unit, role: Role, password: str, is_staff: bool = False
) -> User:
    """Create the account ``username``, or bring an existing one to what is given: its person and
    unit, one role (the role's group; an administrator is also a superuser) and its password."""
    user = User.objects.select_for_update().filter(username=username).first() or User(username=username)
    require(actor, "change" if user.pk else "add", user)
    user.full_name = full_name.strip()
    user.unit = unit
    user.is_staff = is_staff
    user.is_superuser = role == Role.ADMINISTRATOR
    user.set_password(password)
    user.full_clean(exclude=["password", "last_login"])
    user.save()
    user.groups.set([Group.objects.get(name=Role(role).value)])
    require(actor, "change", user)  # the account must stay within the actor's scope
    return user


@service
def account_grant(*, actor, user: User, permission: str) -> User:
    """Give ``user`` one permission (``app_label.codename``) on top of their roles' permissions."""
    user = User.objects.select_for_update().get(pk=user.pk)
    require(actor, "change", user)
    app_label, _dot, codename = permission.partition(".")
    granted = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
    if granted is None:
        raise ValidationError(_("There is no permission %(permission)s.") % {"permission": permission})
    user.user_permissions.add(granted)
    return user


# --- reminders and notifications ------------------------------------------------------------------

#: Serialises runs of the reminders, so that two at once make each reminder once.
REMINDERS_LOCK = 7_300_002
#: A reminder whose day was missed (the run did not happen) is still made this many days later.
REMINDER_CATCH_UP_DAYS = 7
#: Only notifications this recent are emailed: turning email on does not send the old ones.
EMAIL_RECENT = datetime.timedelta(days=3)


def reminder_offsets(kind, rules: dict) -> list[int]:
    """The kind's signed offsets from the due date (its rule's, else its defaults); [] when disabled."""
    rule = rules.get(kind.key)
    if rule is None:
        return kind.default_offsets()
    return rule.offsets() if rule.enabled else []


def timing_text(offset: int) -> str:
    """How far ``today`` is from the due date: −7 → due in 7 days, 3 → 3 days overdue."""
    if offset < 0:
        return _("due in %(days)s days") % {"days": -offset}
    if offset == 0:
        return _("due today")
    return _("%(days)s days overdue") % {"days": offset}


def users_with_permission(permission: str):
    """Active users holding ``permission`` (``app.codename``) through a role, personally or as superusers."""
    app_label, codename = permission.split(".", 1)
    held = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__permissions__in=held) | Q(user_permissions__in=held))
        .distinct()
        .order_by("pk")
    )


def send_reminders(*, today: datetime.date, catch_up_days: int = REMINDER_CATCH_UP_DAYS) -> int:
    """Make the reminders due on ``today`` for everyone they concern; returns how many were made.

    For each registered kind (``logistics.reminders``) and each record it says is due, the latest
    offset of its rule that has been reached (at most ``catch_up_days`` ago) is told to every
    active user who may view the record (``restrict``) and holds the kind's permission, unless they
    muted the kind. A reminder is made once per person, record, due date and offset (a unique key):
    run twice on a day, the second run makes nothing; the next day makes only the newly reached offsets.
    """
    created = 0
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REMINDERS_LOCK])
        rules = {rule.kind: rule for rule in ReminderRule.objects.all()}
        for kind in registry.reminder_kinds():
            created += _send_kind(kind, reminder_offsets(kind, rules), today, catch_up_days)
    return created


def _send_kind(kind, offsets: list[int], today: datetime.date, catch_up_days: int) -> int:
    if not offsets:
        return 0
    earliest = today - datetime.timedelta(days=max(catch_up_days, 1) - 1)
    first = earliest - datetime.timedelta(days=max(offsets))
    last = today - datetime.timedelta(days=min(offsets))
    reached = []
    for due in kind.due(first, last, today):
        passed = [offset for offset in offsets if earliest <= due.due_date + datetime.timedelta(days=offset) <= today]
        if passed:
            reached.append((due, max(passed)))
    if not reached:
        return 0
    model = kind.model
    content_type = ContentType.objects.get_for_model(model)
    record_ids = sorted({due.record_id for due, _offset in reached})
    muted = set(NotificationMute.objects.filter(kind=kind.key).values_list("user_id", flat=True))
    recipients = users_with_permission(permission_name(model, "view"))
    if kind.permission:
        recipients = recipients.filter(pk__in=users_with_permission(kind.permission).values("pk"))
    wanted = []
    for user in recipients.exclude(pk__in=muted):
        visible = set(
            restrict(model._base_manager.filter(pk__in=record_ids), user, "view").values_list("pk", flat=True)
        )
        named = not kind.names_permission or user.has_perm(kind.names_permission)
        for due, offset in reached:
            if due.record_id not in visible or (due.unit_id is not None and due.unit_id != user.unit_id):
                continue
            title = due.title if named or not due.anonymous_title else due.anonymous_title
            key = f"{kind.key}:{due.record_id}:{due.due_date.isoformat()}:{offset}"
            if due.unit_id is not None:
                key += f":{due.unit_id}"
            wanted.append(
                Notification(
                    recipient=user,
                    kind=kind.key,
                    title=f"{title} ({timing_text((today - due.due_date).days)})"[:300],
                    body=due.body,
                    link=due.link,
                    content_type=content_type,
                    object_id=due.record_id,
                    due_date=due.due_date,
                    dedupe_key=key,
                )
            )
    if not wanted:
        return 0
    existing = set(
        Notification.objects.filter(kind=kind.key, dedupe_key__in={note.dedupe_key for note in wanted}).values_list(
            "recipient_id", "dedupe_key"
        )
    )
    fresh = [note for note in wanted if (note.recipient_id, note.dedupe_key) not in existing]
    Notification.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=1000)
    return len(fresh)


def email_is_configured() -> bool:
    return bool(settings.EMAIL_HOST)


def _notification_text(notification) -> str:
    lines = [notification.title]
    if notification.body:
        lines.append(notification.body)
    if notification.link:
        lines.append(absolute_url(notification.link) if settings.PUBLIC_BASE_URL else notification.link)
    return "\n".join(lines)


def email_notifications(*, now: datetime.datetime | None = None) -> int:
    """Email each recent unread notification to its recipient, once: ``emailed_at`` is set in the
    same transaction that locked the row, so two runs never send one twice. Nothing is sent when
    ``EMAIL_HOST`` is unset. Returns how many were sent."""
    if not email_is_configured():
        return 0
    now = now or timezone.now()
    sent_ids = []
    with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
        pending = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(emailed_at__isnull=True, read_at__isnull=True, created_at__gte=now - EMAIL_RECENT)
            .exclude(recipient__email="")
            .select_related("recipient")
            .order_by("pk")
        )
        if not pending:
            return 0
        subject_prefix = _("[Police logistics] ")
        failure = None
        try:
            with mail.get_connection() as smtp:
                for notification in pending:
                    message = mail.EmailMessage(
                        subject=(subject_prefix + notification.title)[:250],
                        body=_notification_text(notification),
                        to=[notification.recipient.email],
                        connection=smtp,
                    )
                    message.send()
                    sent_ids.append(notification.pk)
        except (OSError, smtplib.SMTPException) as error:
            # What went out is marked (and committed) before the failure is raised: never sent twice.
            failure = error
        Notification.objects.filter(pk__in=sent_ids).update(emailed_at=now)
    if failure is not None:
        raise failure
    return len(sent_ids)


def send_digest(*, now: datetime.datetime | None = None) -> int:
    """One email to each commander (``Role.UNIT_COMMANDER``) summarising their unread notifications;
    nothing when ``EMAIL_HOST`` is unset. Returns how many emails were sent."""
    if not email_is_configured():
        return 0
    commanders = (
        User.objects.filter(is_active=True, groups__name=Role.UNIT_COMMANDER, notifications__read_at__isnull=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )
    unread = {}
    for notification in Notification.objects.filter(recipient__in=commanders, read_at__isnull=True).order_by(
        "due_date", "pk"
    ):
        unread.setdefault(notification.recipient_id, []).append(notification)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE), mail.get_connection() as smtp:
        for commander in commanders:
            notes = unread.get(commander.pk, [])
            if not notes:
                continue
            body = "\n\n".join(
                [_("Your unread notifications: %(count)s.") % {"count": len(notes)}]
                + [_notification_text(note) for note in notes[:100]]
            )
            mail.EmailMessage(
                subject=_("[Police logistics] Weekly digest: %(count)s unread notifications") % {"count": len(notes)},
                body=body,
                to=[commander.email],
                connection=smtp,
            ).send()
            sent += 1
    return sent


def notification_mark_read(*, notification, user) -> None:
    """Mark ``user``'s own notification read (once: the first reading time is kept)."""
    if notification.recipient_id != user.pk:
        raise PermissionDenied
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def notification_kind_mute(*, user, kind: str, muted: bool) -> None:
    """Mute (or unmute) a registered reminder kind for ``user``."""
    if registry.reminder_kind(kind) is None:
        raise ValidationError({"kind": _("No such kind of reminder.")})
    with transaction.atomic(), actor_context(user):
        if muted:
            NotificationMute.objects.get_or_create(user=user, kind=kind)
        else:
            NotificationMute.objects.filter(user=user, kind=kind).delete()


def reminder_rule_save(*, actor, kind: str, enabled: bool, days_before, days_after) -> ReminderRule:
    """Set when a kind of reminder is sent (administrators: ``logistics.change_reminderrule``)."""
    if registry.reminder_kind(kind) is None:
        raise ValidationError({"kind": _("No such kind of reminder.")})
    if actor is not None and not actor.has_perm("logistics.change_reminderrule"):
        raise PermissionDenied
    with transaction.atomic(), actor_context(actor):
        rule, _created = ReminderRule.objects.select_for_update().get_or_create(kind=kind)
        rule.enabled = enabled
        rule.days_before = sorted(set(days_before), reverse=True)
        rule.days_after = sorted(set(days_after))
        rule.full_clean()
        rule.save()
    return rule
