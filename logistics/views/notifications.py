"""A person's notifications: the page listing them (with links to the records), marking read, muting
kinds; and, for administrators, the reminder rules. The bell in the top bar is
``logistics.context_processors.notifications``."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.postgres.forms import SimpleArrayField
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from logistics import services
from logistics.models import Notification, NotificationMute, ReminderRule
from logistics.registry import registry

PER_PAGE = 50


def own_notifications(user):
    return Notification.objects.filter(recipient=user)


@login_required
def notification_list(request):
    notifications = own_notifications(request.user).only(
        "pk", "kind", "title", "body", "link", "due_date", "created_at", "read_at"
    )
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    page = Paginator(notifications, PER_PAGE).get_page(request.GET.get("page"))
    muted = set(NotificationMute.objects.filter(user=request.user).values_list("kind", flat=True))
    labels = {kind.key: kind.label for kind in registry.reminder_kinds()}
    for notification in page:
        notification.kind_label = labels.get(notification.kind, notification.kind)
    context = {
        "title": _("Notifications"),
        "page_obj": page,
        "unread_only": unread_only,
        "kinds": [{"key": key, "label": label, "muted": key in muted} for key, label in labels.items()],
        "can_edit_rules": request.user.has_perm("logistics.change_reminderrule"),
    }
    return TemplateResponse(request, "logistics/notifications.html", context)


def _back(request):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) and target.startswith("/"):
        return redirect(target)
    return redirect("notifications")


@login_required
def notification_open(request, pk):
    """Follow a notification's link, marking it read."""
    notification = get_object_or_404(own_notifications(request.user), pk=pk)
    services.notification_mark_read(notification=notification, user=request.user)
    return redirect(notification.link or "notifications")


@login_required
def notification_read(request, pk):
    if request.method != "POST":
        return redirect("notifications")
    notification = get_object_or_404(own_notifications(request.user), pk=pk)
    services.notification_mark_read(notification=notification, user=request.user)
    return _back(request)


@login_required
def notification_read_all(request):
    if request.method == "POST":
        count = services.notifications_mark_all_read(user=request.user)
        messages.success(request, _("%(count)s notifications marked read.") % {"count": count})
    return _back(request)


@login_required
def notification_mute(request):
    if request.method == "POST":
        try:
            services.notification_kind_mute(
                user=request.user, kind=request.POST.get("kind", ""), muted=request.POST.get("muted") == "1"
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return _back(request)


class ReminderRuleForm(forms.ModelForm):
    days_before = SimpleArrayField(
        forms.IntegerField(min_value=0, max_value=366), required=False, label=gettext_lazy("days before")
    )
    days_after = SimpleArrayField(
        forms.IntegerField(min_value=0, max_value=366), required=False, label=gettext_lazy("days after")
    )

    class Meta:
        model = ReminderRule
        fields = ["enabled", "days_before", "days_after"]


@login_required
def reminder_rules(request):
    """Administrators set when each kind of reminder is sent."""
    if not request.user.has_perm("logistics.change_reminderrule"):
        raise PermissionDenied
    for kind in registry.reminder_kinds():
        if not ReminderRule.objects.filter(kind=kind.key).exists():
            services.reminder_rule_save(
                actor=request.user,
                kind=kind.key,
                enabled=True,
                days_before=kind.days_before,
                days_after=kind.days_after,
            )
    labels = {kind.key: kind.label for kind in registry.reminder_kinds()}
    rules = [rule for rule in ReminderRule.objects.order_by("kind") if rule.kind in labels]
    forms_by_rule = []
    saved = False
    for rule in rules:
        form = ReminderRuleForm(request.POST or None, instance=rule, prefix=f"rule-{rule.pk}")
        form.kind_label = labels[rule.kind]
        forms_by_rule.append(form)
    if request.method == "POST" and all(form.is_valid() for form in forms_by_rule):
        for form in forms_by_rule:
            services.reminder_rule_save(
                actor=request.user,
                kind=form.instance.kind,
                enabled=form.cleaned_data["enabled"],
                days_before=form.cleaned_data["days_before"],
                days_after=form.cleaned_data["days_after"],
            )
        saved = True
    if saved:
        messages.success(request, _("The reminder rules are saved."))
        return redirect("reminder_rules")
    return TemplateResponse(
        request, "logistics/reminder_rules.html", {"title": _("Reminder rules"), "forms": forms_by_rule}
    )
