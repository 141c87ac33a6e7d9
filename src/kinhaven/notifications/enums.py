from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REPORT_ASSIGNED = "report_assigned", _("New report for your team")
    DEADLINE_OVERDUE = "deadline_overdue", _("Deadline overdue")
    DEADLINE_HARD_LIMIT = "deadline_hard_limit", _("Legal time limit passed")
    BREAK_GLASS = "break_glass", _("Break-glass access")
    REFERRAL = "referral", _("Referral")
    TASK = "task", _("Task")
    TRACING = "tracing", _("Family tracing")
    MISSING = "missing", _("Missing child")
