"""Default deadline rules and the legal bounds no country setting may cross (DOMAIN.md)."""

from __future__ import annotations

from typing import NamedTuple

from kinhaven.deadlines.enums import DeadlineCode, TimeUnit


class RuleDefault(NamedTuple):
    period: int
    unit: TimeUnit
    hard_limit: int | None
    source: str


DEFAULT_RULES: dict[DeadlineCode, RuleDefault] = {
    DeadlineCode.REPORT_TRIAGE_URGENT: RuleDefault(
        1, TimeUnit.HOURS, None, "Directive 2011/36 Art. 13: immediate assistance"
    ),
    DeadlineCode.REPORT_TRIAGE: RuleDefault(1, TimeUnit.WORKING_DAYS, None, ""),
    DeadlineCode.CASE_OPEN: RuleDefault(
        24, TimeUnit.HOURS, None, "Seeds: response without unjustified delay"
    ),
    DeadlineCode.GUARDIAN_APPOINTMENT: RuleDefault(
        3,
        TimeUnit.WORKING_DAYS,
        15,
        "Directive 2011/36 Art. 14; EU asylum law (2024): at the latest 15 working days",
    ),
    DeadlineCode.REFLECTION_PERIOD: RuleDefault(
        30, TimeUnit.DAYS, None, "CETS 197 Art. 13: at least 30 days from reasonable grounds"
    ),
    DeadlineCode.CASE_REVIEW: RuleDefault(90, TimeUnit.DAYS, None, ""),
    DeadlineCode.REFERRAL_RESPONSE_URGENT: RuleDefault(24, TimeUnit.HOURS, None, ""),
    DeadlineCode.REFERRAL_RESPONSE: RuleDefault(5, TimeUnit.WORKING_DAYS, None, ""),
    # The sources set no period for an age assessment or an appeal against it: policy defaults,
    # set per country as data (docs/age-assessment.md).
    DeadlineCode.AGE_ASSESSMENT: RuleDefault(
        30, TimeUnit.DAYS, None, "Policy default; EUAA age assessment guide 2018: no set period"
    ),
    DeadlineCode.AGE_ASSESSMENT_APPEAL: RuleDefault(
        60, TimeUnit.DAYS, None, "Policy default; the remedy's period is the country's law"
    ),
    # Counted back from the permit's expiry. No source sets when a renewal must be applied for:
    # a policy default, set per country as data (docs/residence.md).
    DeadlineCode.PERMIT_RENEWAL: RuleDefault(
        60,
        TimeUnit.DAYS,
        None,
        "Policy default: apply 60 days before the permit expires; the country's law decides",
    ),
    # UNHCR Best Interests Procedure Guidelines 2021 ask for a BIA without delay and a BID
    # reviewed; they set no period in days: policy defaults, set per country as data
    # (docs/best-interests.md). A BID's review runs to the review date the panel sets; the rule
    # only has to exist for the deadline to start.
    DeadlineCode.BEST_INTERESTS_ASSESSMENT: RuleDefault(
        30, TimeUnit.DAYS, None, "Policy default; UNHCR BIP Guidelines 2021: no set period"
    ),
    DeadlineCode.BEST_INTERESTS_REVIEW: RuleDefault(
        180, TimeUnit.DAYS, None, "Policy default; the panel sets the review date of each BID"
    ),
    # A missing child (docs/missing.md): the hours are policy defaults after issue 22 and the
    # police protocols for missing children; countries set their own as data.
    DeadlineCode.MISSING_POLICE_INFORMED_URGENT: RuleDefault(
        1, TimeUnit.HOURS, None, "Policy default (issue 22): high risk, police within 1 hour"
    ),
    DeadlineCode.MISSING_POLICE_INFORMED: RuleDefault(
        4, TimeUnit.HOURS, None, "Policy default: medium or low risk"
    ),
    DeadlineCode.MISSING_NATIONAL_ALERT: RuleDefault(
        24, TimeUnit.HOURS, None, "Policy default: national alert, 116 000 / SIS; per country"
    ),
    DeadlineCode.MISSING_RETURN_INTERVIEW: RuleDefault(
        72, TimeUnit.HOURS, None, "Policy default (issue 22): return interview within 72 hours"
    ),
    # A request from a partner country's instance (docs/exchange.md): no source sets a period
    # for the answer; a policy default, set per country as data. The first hours matter for a
    # missing child (DOMAIN.md), so the default is short.
    DeadlineCode.EXCHANGE_ANSWER: RuleDefault(
        48, TimeUnit.HOURS, None, "Policy default; the partner countries' agreement decides"
    ),
    # A case plan's actions and reviews run to the dates the plan sets (docs/case-plans.md); the
    # rules only have to exist for the deadlines to start.
    DeadlineCode.PLAN_ACTION: RuleDefault(
        30, TimeUnit.DAYS, None, "Policy default; the case plan sets each action's due date"
    ),
    DeadlineCode.PLAN_REVIEW: RuleDefault(
        90, TimeUnit.DAYS, None, "Policy default; the case plan sets its review date"
    ),
}


class Bound(NamedTuple):
    amount: int
    unit: TimeUnit


# The reflection period lasts at least 30 days, whatever a country sets.
LEGAL_MINIMUM_PERIOD: dict[DeadlineCode, Bound] = {
    DeadlineCode.REFLECTION_PERIOD: Bound(30, TimeUnit.DAYS),
}
# A guardian (representative) is appointed within 15 working days at the latest.
LEGAL_MAXIMUM_LIMIT: dict[DeadlineCode, Bound] = {
    DeadlineCode.GUARDIAN_APPOINTMENT: Bound(15, TimeUnit.WORKING_DAYS),
}
