from django.db import models
from django.utils.translation import gettext_lazy as _


class Track(models.TextChoices):
    """The legal tracks a child's guardian follows besides assistance and child protection."""

    ASYLUM = "asylum", _("Asylum")
    RESIDENCE = "residence", _("Residence")
    CRIMINAL = "criminal", _("Criminal proceedings")


class ProceedingStatus(models.TextChoices):
    # Asylum
    NOT_LODGED = "not_lodged", _("Not lodged yet")
    LODGED = "lodged", _("Application lodged")
    INTERVIEW = "interview", _("Interview scheduled")
    REFUGEE = "refugee", _("Refugee status granted")
    SUBSIDIARY = "subsidiary", _("Subsidiary protection granted")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn or closed")
    # Residence (CETS 197 Art. 13-14)
    REFLECTION = "reflection", _("Recovery and reflection period")
    PERMIT_APPLIED = "permit_applied", _("Residence permit applied for")
    PERMIT_GRANTED = "permit_granted", _("Residence permit granted")
    PERMIT_REFUSED = "permit_refused", _("Residence permit refused")
    # Criminal proceedings
    COMPLAINT = "complaint", _("Complaint filed")
    INVESTIGATION = "investigation", _("Under investigation")
    PROSECUTION = "prosecution", _("Charges brought")
    TRIAL = "trial", _("Trial")
    JUDGMENT = "judgment", _("Judgment")
    DISCONTINUED = "discontinued", _("Discontinued")
    # Any track
    APPEAL = "appeal", _("Under appeal")


_P = ProceedingStatus
# The statuses each track may take, in their usual order.
TRACK_STATUSES: dict[str, list[ProceedingStatus]] = {
    Track.ASYLUM: [
        _P.NOT_LODGED,
        _P.LODGED,
        _P.INTERVIEW,
        _P.REFUGEE,
        _P.SUBSIDIARY,
        _P.REFUSED,
        _P.APPEAL,
        _P.WITHDRAWN,
    ],
    Track.RESIDENCE: [
        _P.REFLECTION,
        _P.PERMIT_APPLIED,
        _P.PERMIT_GRANTED,
        _P.PERMIT_REFUSED,
        _P.APPEAL,
    ],
    Track.CRIMINAL: [
        _P.COMPLAINT,
        _P.INVESTIGATION,
        _P.PROSECUTION,
        _P.TRIAL,
        _P.JUDGMENT,
        _P.APPEAL,
        _P.DISCONTINUED,
    ],
}


class ChildRole(models.TextChoices):
    """The child's part in criminal proceedings; a victim is not prosecuted for what they were
    made to do (CETS 197 Art. 26)."""

    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")
