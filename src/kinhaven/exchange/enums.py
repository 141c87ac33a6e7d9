from django.db import models
from django.utils.translation import gettext_lazy as _


class MessageKind(models.TextChoices):
    TRACING_REQUEST = "tracing_request", _("Tracing request")
    FAMILY_ASSESSMENT_REQUEST = "family_assessment_request", _("Family assessment request")
    FAMILY_ASSESSMENT_ANSWER = "family_assessment_answer", _("Family assessment answer")
    RETURN_ARRANGEMENT = "return_arrangement", _("Return or transfer arrangement")
    MISSING_ALERT = "missing_alert", _("Missing-child alert")
    CASE_TRANSFER = "case_transfer", _("Case transfer")
    REGISTRATION_QUERY = "registration_query", _("Registration query (encoded)")
    REGISTRATION_ANSWER = "registration_answer", _("Registration answer (handles only)")
    MATCH_CONFIRMATION = "match_confirmation", _("Encoded match confirmed: identity asked for")
    MATCH_DECLINED = "match_declined", _("Encoded match not confirmed")
    IDENTITY_DISCLOSURE = "identity_disclosure", _("Identity disclosure after a confirmed match")


class LegalBasis(models.TextChoices):
    """Why a message may cross the border: generic codes, each tied in docs/exchange.md to the
    provisions of DOMAIN.md it rests on. A country maps them to its own law."""

    CHILD_PROTECTION = (
        "child_protection",
        _("Protection of an unaccompanied or trafficked child (CETS 197 Art. 10(4); 2011/36)"),
    )
    MISSING_CHILD = "missing_child", _("Search for a missing child (alerts for missing children)")
    LAW_ENFORCEMENT = (
        "law_enforcement",
        _("Prevention and investigation of trafficking (Directive 2016/680)"),
    )
    CHILD_CONSENT = "child_consent", _("The child's informed consent, recorded")
    SPECIAL_CATEGORY_SAFEGUARDED = (
        "special_category_safeguarded",
        _("Special categories with safeguards (GDPR Art. 9-10), after a confirmed match"),
    )


class Purpose(models.TextChoices):
    FAMILY_TRACING = "family_tracing", _("Family tracing")
    LOCATE_MISSING_CHILD = "locate_missing_child", _("Locate a missing child")
    FAMILY_ASSESSMENT = "family_assessment", _("Assess a family for the child's return")
    DURABLE_SOLUTION = "durable_solution", _("Arrange a return or a transfer")
    CONTINUITY_OF_CARE = "continuity_of_care", _("Continuity of care after a move")
    REGISTRATION_CHECK = "registration_check", _("Check whether a child is registered")


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Delivered")
    RETRYING = "retrying", _("Failed, retrying")
    GAVE_UP = "gave_up", _("Not delivered, given up")


class RefusalReason(models.TextChoices):
    """Why a received message was refused: the codes in the audit entry."""

    UNREADABLE = "unreadable", _("Not a compact JWE, or not for our key")
    UNDECRYPTABLE = "undecryptable", _("Ciphertext does not decrypt (tampered or wrong key)")
    UNKNOWN_PEER = "unknown_peer", _("Signed by no registered peer")
    BAD_SIGNATURE = "bad_signature", _("Signature does not verify")
    WRONG_AUDIENCE = "wrong_audience", _("Addressed to another instance")
    WRONG_ISSUER = "wrong_issuer", _("Issuer is not the signing peer")
    EXPIRED = "expired", _("Past its expiry")
    NOT_YET_VALID = "not_yet_valid", _("Issued in the future")
    INVALID_CLAIMS = "invalid_claims", _("Claims or body do not follow the kind's schema")
    JTI_REUSED = "jti_reused", _("Message id seen before with other content")


class MatchStatus(models.TextChoices):
    """What became here of a candidate a partner answered an encoded query with."""

    PROPOSED = "proposed", _("Proposed by the partner")
    CONFIRMED = "confirmed", _("Confirmed here: identity asked for")
    DISCLOSED = "disclosed", _("Confirmed on both sides: identity received")
    DECLINED = "declined", _("Not confirmed by the partner")
