from django.db import models
from django.utils.translation import gettext_lazy as _


class InterviewStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    AWAITING_APPROVAL = "awaiting_approval", _("Repeat interview: awaiting approval")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


# An interview that counts as one of the child's on its matter: a later one is a repeat.
COUNTED_STATUSES = (
    InterviewStatus.PLANNED.value,
    InterviewStatus.AWAITING_APPROVAL.value,
    InterviewStatus.HELD.value,
)


class InterviewerRole(models.TextChoices):
    POLICE = "police", _("Police officer trained in forensic interviews")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    OTHER = "other", _("Other trained interviewer")


class TeamRole(models.TextChoices):
    """Who watches the interview from another room (Barnahus: the multidisciplinary team)."""

    POLICE = "police", _("Police")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    DEFENCE = "defence", _("Defence (where the law provides)")
    JUDGE = "judge", _("Judge")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    GUARDIAN = "guardian", _("Guardian")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    OTHER = "other", _("Other")


class LanguageSupport(models.TextChoices):
    INTERPRETER = "interpreter", _("Interpreter")
    CULTURAL_MEDIATOR = "cultural_mediator", _("Cultural mediator")


class RecordingStatus(models.TextChoices):
    UPLOADING = "uploading", _("Uploading")
    COMPLETE = "complete", _("Complete")


class CustodyAction(models.TextChoices):
    """What the custody log of a recording records: each is one event in its chain."""

    INGEST = "ingest", _("Received and sealed")
    VIEW = "view", _("Played")
    DOWNLOAD = "download", _("Downloaded")
    EXPORT = "export", _("Exported for a court")


# Custody actions that take a copy out of the system: each needs a written reason.
CUSTODY_NEEDS_REASON = (CustodyAction.DOWNLOAD.value, CustodyAction.EXPORT.value)
