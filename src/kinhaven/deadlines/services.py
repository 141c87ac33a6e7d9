"""Writes on deadlines: rules, starting and closing timers, escalation to supervisors."""

from __future__ import annotations

import datetime as dt
import logging
from time import monotonic as _monotonic
from typing import Any

from django.db import transaction
from django.db.models import F, Model, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinhaven.accounts.enums import Capability, RoleCode
from kinhaven.accounts.models import Agency, Team, User
from kinhaven.accounts.services import capability_require
from kinhaven.audit.actions import AuditAction
from kinhaven.audit.services import audit_record
from kinhaven.cases.enums import CaseStatus
from kinhaven.cases.hooks import CaseOpened
from kinhaven.cases.models import Case
from kinhaven.cases.moves import CaseMoved
from kinhaven.core import time
from kinhaven.core.errors import ApplicationError, ErrorCode
from kinhaven.core.languages import text_lazy
from kinhaven.deadlines.calendar import add_period
from kinhaven.deadlines.enums import (
    MANUAL,
    MINIMUM_PERIODS,
    RECURRING,
    DeadlineCode,
    DeadlineOutcome,
    TimeUnit,
)
from kinhaven.deadlines.holds import deadline_held
from kinhaven.deadlines.models import Deadline, DeadlineRule
from kinhaven.deadlines.rules import (
    DEFAULT_RULES,
    LEGAL_MAXIMUM_LIMIT,
    LEGAL_MINIMUM_PERIOD,
    Bound,
)
from kinhaven.deadlines.schemas import CompletionIn
from kinhaven.notifications.enums import NotificationKind
from kinhaven.notifications.services import notify
from kinhaven.timeline.services import timeline_record

logger = logging.getLogger(__name__)
# A week outside any holiday season, from a Monday: periods given in different units compare
# from each day of it, as a period may start on any day (15 working days from a Saturday end
# earlier after it than from a Monday).
_STARTS = tuple(dt.datetime(2025, 6, 2 + k, 9, tzinfo=dt.UTC) for k in range(7))


def _span(amount: int, unit: str) -> dt.timedelta:
    """How long a period lasts from a Monday, for counting back from a date."""
    return add_period(_STARTS[0], amount, unit, country="") - _STARTS[0]


def _ends(amount: int, unit: str, than: Bound) -> list[tuple[dt.datetime, dt.datetime]]:
    """Where `amount` `unit` end, and where `than` ends, from each day of the week."""
    return [
        (add_period(s, amount, unit, country=""), add_period(s, *than, country="")) for s in _STARTS
    ]


@transaction.atomic
def deadline_rule_set(
    *, code: str, country: str, period: int, unit: str, hard_limit: int | None
) -> DeadlineRule:
    """Set a country's rule (country blank: the default), within the legal bounds."""
    if code not in DeadlineCode.values:
        raise ApplicationError(ErrorCode.INVALID, _("Unknown deadline."), field="code")
    if unit not in TimeUnit.values:
        raise ApplicationError(
            ErrorCode.INVALID, _("Use hours, days or working_days."), field="unit"
        )
    if period < 1:
        raise ApplicationError(ErrorCode.INVALID, _("Give a period of at least 1."), field="period")
    if hard_limit is not None and hard_limit < period:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("The legal limit cannot come before the period."),
            field="hard_limit",
        )
    minimum = LEGAL_MINIMUM_PERIOD.get(DeadlineCode(code))
    if minimum and any(mine < law for mine, law in _ends(period, unit, minimum)):
        raise ApplicationError(
            ErrorCode.INVALID,
            _("The law requires at least %(n)d %(unit)s.")
            % {"n": minimum.amount, "unit": minimum.unit.label},
            field="period",
        )
    maximum = LEGAL_MAXIMUM_LIMIT.get(DeadlineCode(code))
    if maximum and (
        hard_limit is None or any(mine > law for mine, law in _ends(hard_limit, unit, maximum))
    ):
        raise ApplicationError(
            ErrorCode.INVALID,
            _("The law allows at most %(n)d %(unit)s; give a legal limit within it.")
            % {"n": maximum.amount, "unit": maximum.unit.label},
            field="hard_limit",
        )
    deadline_rules_forget()
    rule, _created = DeadlineRule.objects.update_or_create(
        code=code,
        country=country,
        defaults={"period": period, "unit": unit, "hard_limit": hard_limit},
    )
    audit_record(
        actor=None,
        action=AuditAction.DEADLINE_RULE_SET,
        object_type="deadline_rule",
        detail={"code": code, "country": country, "period": period, "unit": unit},
    )
    return rule


# Rules change rarely; each process reads them again after this many seconds.
RULE_CACHE_SECONDS = 60
_rule_cache: dict[tuple[str, str], tuple[float, DeadlineRule | None]] = {}


def deadline_rule_for(*, code: DeadlineCode, country: str) -> DeadlineRule | None:
    """Return the rule in force for a deadline in a country, read at most once a minute."""
    key = (str(code), country)
    cached = _rule_cache.get(key)
    now = _monotonic()
    if cached is not None and now - cached[0] < RULE_CACHE_SECONDS:
        return cached[1]
    rule = _rule_lookup(code=code, country=country)
    _rule_cache[key] = (now, rule)
    return rule


def deadline_rules_forget() -> None:
    """Make this process read the rules again on next use."""
    _rule_cache.clear()


def _rule_lookup(*, code: DeadlineCode, country: str) -> DeadlineRule | None:
    """Return the country's rule for a deadline, the stored default, or the built-in one."""
    rules = {
        r.country: r for r in DeadlineRule.objects.filter(code=code, country__in=[country, ""])
    }
    rule = rules.get(country) or rules.get("")
    if rule is None and code in DEFAULT_RULES:
        default = DEFAULT_RULES[code]
        rule = DeadlineRule(
            code=code,
            country="",
            period=default.period,
            unit=default.unit,
            hard_limit=default.hard_limit,
            source=default.source,
        )
    return rule


def deadline_start(
    *,
    code: DeadlineCode,
    agency: Agency,
    starts_at: dt.datetime,
    team: Team | None = None,
    report: Model | None = None,
    case: Case | None = None,
    referral: Model | None = None,
    counted_back_from: dt.datetime | None = None,
    due_at: dt.datetime | None = None,
) -> Deadline | None:
    """Start a deadline by the agency's country rule; the sweep task escalates it when due.
    `due_at`, where a decision sets the date (a BID's review date), replaces the rule's period;
    the rule still has to exist for the country.

    A deadline counted back from a date (`counted_back_from`, a permit's expiry) is due the
    rule's period before that date.

    A report (intake) or a referral (referrals) is typed as a model: those apps sit above
    deadlines and call it, never the other way round.
    """
    rule = deadline_rule_for(code=code, country=agency.country)
    if rule is None:
        return None
    if counted_back_from is not None:
        due = counted_back_from - _span(rule.period, rule.unit)
    else:
        due = due_at or add_period(starts_at, rule.period, rule.unit, country=agency.country)
    hard = (
        add_period(starts_at, rule.hard_limit, rule.unit, country=agency.country)
        if rule.hard_limit
        else None
    )
    deadline = Deadline.objects.create(
        code=code,
        agency=agency,
        team=team,
        report_id=report.pk if report is not None else None,
        case=case,
        referral_id=referral.pk if referral is not None else None,
        starts_at=starts_at,
        due_at=due,
        hard_due_at=hard,
    )
    if case is not None:
        _case_event(case, None, "deadline_started", deadline)
    return deadline


def case_deadlines_start(opened: CaseOpened) -> None:
    """Start what every case has from the day it opens: its review and, for a child with no
    guardian who is not with a parent or legal carer, the guardian's appointment."""
    case, now = opened.case, time.now()
    if case.child.guardian_id is None and not opened.accompanied:
        deadline_start_once(code=DeadlineCode.GUARDIAN_APPOINTMENT, case=case, starts_at=now)
    deadline_start(
        code=DeadlineCode.CASE_REVIEW, agency=case.agency, team=case.team, case=case, starts_at=now
    )


def deadline_start_once(
    *, code: DeadlineCode, case: Case, starts_at: dt.datetime
) -> Deadline | None:
    """Start the deadline on an open case by its agency's rule, unless one of its kind is
    running there already: a guardian's appointment (a case opened, a child who lost their
    guardian), the reflection period (reasonable grounds found)."""
    if case.status == CaseStatus.CLOSED:
        return None
    if case.deadlines.filter(code=code, completed_at__isnull=True).exists():
        return None
    return deadline_start(
        code=code, agency=case.agency, team=case.team, case=case, starts_at=starts_at
    )


def _case_event(case: Case, actor: User | None, kind: str, deadline: Deadline) -> None:
    timeline_record(
        case=case,
        kind=kind,
        actor=actor,
        data={"deadline": deadline.code, "due": deadline.due_at.isoformat()},
    )


def deadlines_close(
    *,
    code: DeadlineCode,
    actor: User | None,
    report: Model | None = None,
    case: Case | None = None,
    referral: Model | None = None,
    outcome: DeadlineOutcome = DeadlineOutcome.MET,
) -> int:
    """Close the open deadlines of a kind on a report, case or referral, when the work they wait
    for is done (or no longer needed)."""
    if referral is not None:
        scope = Q(referral=referral)
    elif report is not None:
        scope = Q(report=report)
    else:
        scope = Q(case=case)
    now = time.now()
    open_ones = list(Deadline.objects.filter(scope, code=code, completed_at__isnull=True))
    for deadline in open_ones:
        _close(deadline, actor=actor, outcome=outcome, note="", now=now)
    return len(open_ones)


def deadline_close(
    *, deadline: Deadline, actor: User | None, outcome: DeadlineOutcome = DeadlineOutcome.MET
) -> bool:
    """Close one deadline that its app started with a date of its own (a case plan's action),
    when the work is done or the date no longer holds; False if it was closed already."""
    return _close(deadline, actor=actor, outcome=outcome, note="", now=time.now())


def _close(
    deadline: Deadline, *, actor: User | None, outcome: DeadlineOutcome, note: str, now: dt.datetime
) -> bool:
    closed = Deadline.objects.filter(pk=deadline.pk, completed_at__isnull=True).update(
        completed_at=now, completed_by=actor, outcome=outcome, note=note
    )
    if not closed:
        return False
    deadline.refresh_from_db()
    if deadline.case_id is not None:
        _case_event(deadline.case, actor, "deadline_closed", deadline)  # type: ignore[arg-type]  # case_id is set
    audit_record(
        actor=actor,
        action=AuditAction.DEADLINE_CLOSE,
        object_type="deadline",
        object_id=deadline.public_id,
        detail={"code": deadline.code, "outcome": outcome, "late": now > deadline.due_at},
    )
    return True


@transaction.atomic
def deadline_complete(*, actor: User, deadline: Deadline, data: CompletionIn) -> Deadline:
    """Record that a deadline a person closes (end of reflection period, review) was met, with
    what was decided or done."""
    capability_require(actor, Capability.DEADLINE_COMPLETE)
    if deadline.code not in MANUAL:
        raise ApplicationError(
            ErrorCode.INVALID,
            _("This deadline closes by itself when the work is done."),
            field="deadline",
        )
    now = time.now()
    if deadline.code in MINIMUM_PERIODS and now <= deadline.due_at:
        raise ApplicationError(
            ErrorCode.CONFLICT,
            _("This period lasts until its date; its end is recorded on that date or after."),
            field="deadline",
        )
    held = deadline_held(deadline)
    if held:
        raise ApplicationError(ErrorCode.CONFLICT, held, field="deadline")
    closed = _close(deadline, actor=actor, outcome=DeadlineOutcome.MET, note=data.note, now=now)
    if not closed:
        raise ApplicationError(
            ErrorCode.CONFLICT, _("This deadline is closed already."), field="deadline"
        )
    if deadline.code in RECURRING and deadline.case is not None:
        deadline_start(
            code=DeadlineCode(deadline.code),
            agency=deadline.agency,
            team=deadline.team,
            case=deadline.case,
            starts_at=time.now(),
        )
    return deadline


def _supervisors(agency_id: int) -> list[User]:
    return list(
        User.objects.filter(agency_id=agency_id, is_active=True, role__code=RoleCode.SUPERVISOR)
    )


def _link(deadline: Deadline) -> str:
    if deadline.referral is not None:
        return reverse("referrals:detail", args=[deadline.referral.public_id])
    if deadline.case is not None:
        return reverse("cases:detail", args=[deadline.case.public_id])
    if deadline.report is not None:
        return reverse("intake:detail", args=[deadline.report.public_id])
    return reverse("deadlines:dashboard")


@transaction.atomic
def deadline_escalate(*, deadline_id: int) -> bool:
    """Escalate an open deadline that has fallen due, once per limit; tell whether it did.

    Supervisors of the agency and whoever holds the matter get an inbox message and an
    e-mail: the kind of deadline and a link, never the child's data.
    """
    now = time.now()
    deadline = (
        Deadline.objects.select_related("case", "report", "referral", "agency")
        .filter(pk=deadline_id)
        .first()
    )
    if deadline is None or deadline.completed_at is not None:
        return False
    hard = deadline.hard_due_at is not None and now >= deadline.hard_due_at
    field = "hard_escalated_at" if hard else "escalated_at"
    if now < deadline.due_at:
        return False
    # A deadline another rule holds open is not overdue.
    if deadline_held(deadline):
        return False
    # Conditional update: a timer and a sweep escalate the same limit only once.
    changes: dict[str, Any] = {field: now}
    if hard:
        changes["escalated_at"] = Coalesce(F("escalated_at"), Value(now))
    if not Deadline.objects.filter(pk=deadline.pk, **{f"{field}__isnull": True}).update(**changes):
        return False
    recipients = _supervisors(deadline.agency_id)
    if deadline.case is not None and deadline.case.assigned_to is not None:
        recipients.append(deadline.case.assigned_to)
    label = DeadlineCode(deadline.code).label
    if hard:
        title = text_lazy(gettext_lazy("Legal time limit passed: %(deadline)s"), deadline=label)
        kind = NotificationKind.DEADLINE_HARD_LIMIT
    else:
        title = text_lazy(gettext_lazy("Overdue: %(deadline)s"), deadline=label)
        kind = NotificationKind.DEADLINE_OVERDUE
    notify(recipients=recipients, kind=kind, title=title, path=_link(deadline))
    if deadline.case is not None:
        _case_event(deadline.case, None, "deadline_escalated", deadline)
    audit_record(
        actor=None,
        action=AuditAction.DEADLINE_ESCALATE,
        object_type="deadline",
        object_id=deadline.public_id,
        detail={"code": deadline.code, "hard_limit": hard},
    )
    logger.info("deadline %s escalated", deadline.public_id)
    return True


def deadlines_escalate_due() -> int:
    """Escalate every open deadline past its due time or legal limit; return how many."""
    now = time.now()
    due = Deadline.objects.filter(completed_at__isnull=True).filter(
        Q(due_at__lte=now, escalated_at__isnull=True)
        | Q(hard_due_at__lte=now, hard_escalated_at__isnull=True)
    )
    return sum(deadline_escalate(deadline_id=pk) for pk in due.values_list("pk", flat=True))


def case_deadlines_follow(moved: CaseMoved) -> None:
    """Open deadlines of a moved case that the sending agency was to meet go to the receiving
    one (who is told when they are late); deadlines of referrals stay with their agencies."""
    Deadline.objects.filter(
        case=moved.case,
        referral__isnull=True,
        completed_at__isnull=True,
        agency=moved.from_agency,
    ).update(agency=moved.to_agency, team=moved.case.team, updated_at=time.now())
