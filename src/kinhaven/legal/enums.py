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
    # A child suspected of an offence: when the child is also a (possible) victim, the
    # proceeding carries the non-punishment principle (CETS 197 Art. 26; Directive 2011/36/EU
    # Art. 8).
    SUSPECT = "suspect", _("Suspect")


# The child's identification outcomes that make the child a (possible) victim.
VICTIM_OUTCOMES = frozenset({"PossibleVictimOfTrafficking", "ActualVictimOfTrafficking"})


class PermitBasis(models.TextChoices):
    """The ground on which a residence permit was granted to the child."""

    HUMANITARIAN = "humanitarian", _("Humanitarian grounds")
    MINORITY = "minority", _("Being a minor")
    PROTECTION = "protection", _("Asylum or international protection")
    # CETS 197 Art. 14(1)(b) and Directive 2004/81/EC: a permit for the victim's cooperation
    # with the authorities; the seeds ask that a child's residence not depend on it.
    COOPERATION = "cooperation", _("Cooperation with the authorities")
    PERMANENT_HUMANITARIAN = (
        "permanent_humanitarian",
        _("Permanent residence on humanitarian grounds"),
    )


class TaskKind(models.TextChoices):
    """Why a task on the child's legal tracks was opened."""

    INDEPENDENT_BASIS = (
        "independent_basis",
        _("Seek a residence basis that does not depend on the child's part in proceedings"),
    )
    NON_PUNISHMENT = (
        "non_punishment",
        _("Raise the non-punishment principle in the proceedings against the child"),
    )


class Understood(models.TextChoices):
    """Whether the child understood what they were told, as the one who told them judged."""

    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class SpecialMeasure(models.TextChoices):
    """Measures that spare the child: carried to the criminal proceeding the interview serves."""

    VIDEO_LINK = "video_link", _("Video link: the team and the parties watch from another room")
    NO_CONFRONTATION = "no_confrontation", _("No confrontation with the accused")
    BREAKS = "breaks", _("Breaks when the child needs them")
