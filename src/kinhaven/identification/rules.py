"""The identification rule a country follows when it has none of its own (IdentificationRule).

Who may decide is for each country to say: CETS 197 Art. 10(1)-(2) leaves it to the Parties'
"competent authorities", and Directive 2011/36/EU Art. 11(4) to the national mechanisms for the
early identification of victims. These defaults are therefore Kinhaven's policy, not the law's:

- a preliminary decision (reasonable grounds) is recorded by caseworkers, supervisors and police
  investigators, the roles that meet the child first and hold the file;
- a conclusive decision, and a review of one, by supervisors and police investigators only: a
  second, more senior look before identification is completed;
- the recovery and reflection period (CETS 197 Art. 13: at least 30 days from reasonable grounds)
  does not end while the conclusive decision is pending: Art. 10(2) keeps a person with
  reasonable grounds from removal "until the identification process ... has been completed", and
  the child's protection should not lapse before it is.
"""

from __future__ import annotations

from typing import NamedTuple

from kinhaven.accounts.enums import RoleCode


class IdentificationRuleDefault(NamedTuple):
    reflection_until_conclusive: bool
    preliminary_roles: tuple[str, ...]
    conclusive_roles: tuple[str, ...]
    source: str


DEFAULT_RULE = IdentificationRuleDefault(
    reflection_until_conclusive=True,
    preliminary_roles=(
        RoleCode.CASEWORKER.value,
        RoleCode.SUPERVISOR.value,
        RoleCode.POLICE_INVESTIGATOR.value,
    ),
    conclusive_roles=(RoleCode.SUPERVISOR.value, RoleCode.POLICE_INVESTIGATOR.value),
    source="Kinhaven policy default; CETS 197 Art. 10(2), Art. 13",
)
