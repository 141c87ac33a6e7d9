from django.db import models
from django.utils.translation import gettext_lazy as _


class ParticipantRole(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    GUARDIAN = "guardian", _("Guardian")
    SOCIAL_SERVICES = "social_services", _("Social services")
    POLICE = "police", _("Police")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    PROSECUTOR = "prosecutor", _("Prosecutor or judge")
    ASYLUM = "asylum", _("Asylum authority")
    NGO = "ngo", _("NGO")
    INTERPRETER = "interpreter", _("Interpreter")
    CULTURAL_MEDIATOR = "cultural_mediator", _("Cultural mediator")
    OTHER = "other", _("Other")
