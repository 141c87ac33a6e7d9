from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other")
    UNKNOWN = "U", _("Unknown")


class Tracing(models.TextChoices):
    """Whether family tracing may search for this child. Tracing can lead those who exploited a
    child to the child, so a person decides it, and until then the child is not searched."""

    ALLOWED = "allowed", _("Tracing allowed")
    REFUSED = "refused", _("Tracing not allowed")
    UNDECIDED = "undecided", _("Not yet decided")


class BirthRegistration(models.TextChoices):
    REGISTERED = "registered", _("Birth registered")
    NOT_REGISTERED = "not_registered", _("Birth not registered")
    UNKNOWN = "unknown", _("Unknown")


class VulnerabilityFactor(models.TextChoices):
    """Factors increasing vulnerability named by the 2017 Alliance conference."""

    NO_BIRTH_REGISTRATION = "no_birth_registration", _("No birth registration")
    POVERTY = "poverty", _("Poverty and lack of employment opportunities")
    LACK_OF_PARENTAL_CARE = "lack_of_parental_care", _("Lack of parental care")
    STREET_SITUATION = "street_situation", _("Street situation")
    DISADVANTAGED_GROUP = "disadvantaged_group", _("Member of a disadvantaged group")
    NO_ACCESS_TO_EDUCATION = "no_access_to_education", _("No access to education")
    MIGRANT = "migrant", _("Migrant")
    UNACCOMPANIED = "unaccompanied", _("Unaccompanied or separated")
    CRISIS_SITUATION = "crisis_situation", _("Crisis situation")


class DocumentType(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    NATIONAL_ID = "national_id", _("National identity card")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    TRAVEL_DOCUMENT = "travel_document", _("Travel document")
    OTHER = "other", _("Other document")
