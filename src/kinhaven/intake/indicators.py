"""ILO operational indicators of trafficking in children (2009), as coded data, and screening.

Each indicator belongs to one dimension of the trafficking definition and has a strength. An
element (dimension) is present when its indicators reach one of ELEMENT_THRESHOLDS.

The child rule follows the Palermo Protocol (UN Protocol to Prevent, Suppress and Punish
Trafficking in Persons, Especially Women and Children, 2000), Art. 3(c)-(d): the recruitment,
transportation, transfer, harbouring or receipt of a child (a person under eighteen) for the
purpose of exploitation is trafficking even without any of the means of Art. 3(a). For a child,
then, the act and the purpose suffice:

- the purpose: the exploitation element;
- the act: a recruitment element (deceptive, coercive or by abuse of vulnerability), or the
  child held and controlled at destination (coercion, or abuse of vulnerability, at
  destination): the harbouring or receipt of the child. For a child these are evidence of the
  act, not a means the rule requires;
- some facts suffice on their own (SUFFICIENT_FOR_A_CHILD): a child sold, abducted, or given in
  forced marriage or adoption; a child used in prostitution, pornography or other sexual
  exploitation, the "exploitation of the prostitution of others or other forms of sexual
  exploitation" of Art. 3(a).

For an adult, recruitment, exploitation and coercion or abuse of vulnerability at destination
must all be present. Screening only suggests; a person decides, and the deciding body is
recorded. The worked cases in intake/tests/test_screening_cases.py and docs/intake.md show the
rule case by case.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Dimension(models.TextChoices):
    DECEPTIVE_RECRUITMENT = "deceptive_recruitment", _("Deceptive recruitment")
    COERCIVE_RECRUITMENT = "coercive_recruitment", _("Coercive recruitment")
    RECRUITMENT_VULNERABILITY = (
        "recruitment_vulnerability",
        _("Recruitment by abuse of vulnerability"),
    )
    EXPLOITATION = "exploitation", _("Exploitative conditions")
    COERCION_DESTINATION = "coercion_destination", _("Coercion at destination")
    VULNERABILITY_DESTINATION = (
        "vulnerability_destination",
        _("Abuse of vulnerability at destination"),
    )


class Strength(models.TextChoices):
    STRONG = "strong", _("strong")
    MEDIUM = "medium", _("medium")
    WEAK = "weak", _("weak")


class IndicatorList(models.TextChoices):
    LABOUR = "labour", _("Children: labour exploitation")
    SEXUAL = "sexual", _("Children: sexual exploitation")


RECRUITMENT = frozenset(
    {
        Dimension.DECEPTIVE_RECRUITMENT,
        Dimension.COERCIVE_RECRUITMENT,
        Dimension.RECRUITMENT_VULNERABILITY,
    }
)
MEANS = frozenset({Dimension.COERCION_DESTINATION, Dimension.VULNERABILITY_DESTINATION})
# Palermo Protocol Art. 3(c): for a child, harbouring or receipt is the act; a child held and
# controlled at destination shows it.
CHILD_ACT = RECRUITMENT | MEANS

# (strong, medium, weak) minimums; an element is present when its counts reach any one of them.
ELEMENT_THRESHOLDS: tuple[tuple[int, int, int], ...] = (
    (2, 0, 0),
    (1, 1, 0),
    (1, 0, 1),
    (0, 3, 0),
    (0, 2, 1),
)


@dataclass(frozen=True)
class Indicator:
    code: str
    dimension: Dimension
    strength: Strength
    label: Promise
    lists: frozenset[IndicatorList] = field(
        default=frozenset({IndicatorList.LABOUR, IndicatorList.SEXUAL})
    )


_D, _S, _L = Dimension, Strength, IndicatorList
_LABOUR = frozenset({_L.LABOUR})
_SEXUAL = frozenset({_L.SEXUAL})

INDICATORS: tuple[Indicator, ...] = (
    # Deceptive recruitment
    Indicator(
        "dr_job",
        _D.DECEPTIVE_RECRUITMENT,
        _S.STRONG,
        _("Deceived about the nature of the job, the place or the employer"),
    ),
    Indicator(
        "dr_education", _D.DECEPTIVE_RECRUITMENT, _S.MEDIUM, _("Deceived about access to education")
    ),
    Indicator(
        "dr_conditions", _D.DECEPTIVE_RECRUITMENT, _S.MEDIUM, _("Deceived about conditions of work")
    ),
    Indicator(
        "dr_family_reunion",
        _D.DECEPTIVE_RECRUITMENT,
        _S.MEDIUM,
        _("Deceived about family reunification"),
    ),
    Indicator(
        "dr_housing",
        _D.DECEPTIVE_RECRUITMENT,
        _S.MEDIUM,
        _("Deceived about housing and living conditions"),
    ),
    Indicator(
        "dr_documents",
        _D.DECEPTIVE_RECRUITMENT,
        _S.MEDIUM,
        _("Deceived about documents or legal migration status"),
    ),
    Indicator(
        "dr_travel",
        _D.DECEPTIVE_RECRUITMENT,
        _S.MEDIUM,
        _("Deceived about travel and recruitment conditions"),
    ),
    Indicator(
        "dr_wages", _D.DECEPTIVE_RECRUITMENT, _S.MEDIUM, _("Deceived about wages or earnings")
    ),
    Indicator(
        "dr_marriage_adoption",
        _D.DECEPTIVE_RECRUITMENT,
        _S.MEDIUM,
        _("Deceived by promises of marriage or adoption"),
    ),
    # Coercive recruitment
    Indicator(
        "cr_abduction",
        _D.COERCIVE_RECRUITMENT,
        _S.STRONG,
        _("Abduction, forced marriage, forced adoption or sale of the child"),
    ),
    Indicator(
        "cr_documents",
        _D.COERCIVE_RECRUITMENT,
        _S.MEDIUM,
        _("Documents taken away during recruitment or travel"),
    ),
    Indicator(
        "cr_debt",
        _D.COERCIVE_RECRUITMENT,
        _S.MEDIUM,
        _("Debt bondage from recruitment or travel costs"),
    ),
    Indicator(
        "cr_confinement",
        _D.COERCIVE_RECRUITMENT,
        _S.MEDIUM,
        _("Isolation, confinement or surveillance during travel"),
    ),
    Indicator(
        "cr_threats",
        _D.COERCIVE_RECRUITMENT,
        _S.MEDIUM,
        _("Threats of violence against the child or the family"),
    ),
    # Violence on victims is a strong indicator of coercive recruitment.
    Indicator("cr_violence", _D.COERCIVE_RECRUITMENT, _S.STRONG, _("Violence against the child")),
    # Recruitment by abuse of vulnerability
    Indicator(
        "rv_family",
        _D.RECRUITMENT_VULNERABILITY,
        _S.MEDIUM,
        _("Abuse of a difficult family situation"),
    ),
    Indicator(
        "rv_status",
        _D.RECRUITMENT_VULNERABILITY,
        _S.MEDIUM,
        _("Abuse of irregular migration status"),
    ),
    Indicator(
        "rv_information",
        _D.RECRUITMENT_VULNERABILITY,
        _S.MEDIUM,
        _("Abuse of lack of information or education"),
    ),
    Indicator(
        "rv_control",
        _D.RECRUITMENT_VULNERABILITY,
        _S.MEDIUM,
        _("Control by the exploiters over the child or the parents"),
    ),
    Indicator(
        "rv_dependency",
        _D.RECRUITMENT_VULNERABILITY,
        _S.MEDIUM,
        _("Psychological or emotional dependency"),
    ),
    Indicator(
        "rv_false_migration",
        _D.RECRUITMENT_VULNERABILITY,
        _S.MEDIUM,
        _("False information about migration or the authorities"),
    ),
    Indicator(
        "rv_economic",
        _D.RECRUITMENT_VULNERABILITY,
        _S.WEAK,
        _("Economic hardship of the child or family"),
    ),
    Indicator(
        "rv_personal",
        _D.RECRUITMENT_VULNERABILITY,
        _S.WEAK,
        _("Personal situation (disability, illness, addiction)"),
    ),
    # Exploitative conditions
    Indicator(
        "ex_hours", _D.EXPLOITATION, _S.STRONG, _("Excessive working days or hours"), _LABOUR
    ),
    Indicator("ex_hazardous", _D.EXPLOITATION, _S.STRONG, _("Hazardous work"), _LABOUR),
    Indicator("ex_no_pay", _D.EXPLOITATION, _S.STRONG, _("Low or no pay")),
    Indicator(
        "ex_worst_forms",
        _D.EXPLOITATION,
        _S.STRONG,
        _("Worst forms of child labour (begging, criminal activities, domestic servitude)"),
        _LABOUR,
    ),
    Indicator(
        "ex_sexual",
        _D.EXPLOITATION,
        _S.STRONG,
        _("Used in prostitution, pornography or other sexual exploitation"),
        _SEXUAL,
    ),
    Indicator(
        "ex_clients",
        _D.EXPLOITATION,
        _S.STRONG,
        _("Forced to see many clients or to provide sexual services"),
        _SEXUAL,
    ),
    Indicator("ex_living", _D.EXPLOITATION, _S.STRONG, _("Very bad living conditions")),
    Indicator("ex_education", _D.EXPLOITATION, _S.MEDIUM, _("No access to education")),
    Indicator("ex_earnings", _D.EXPLOITATION, _S.MEDIUM, _("No control over earnings")),
    Indicator("ex_health", _D.EXPLOITATION, _S.WEAK, _("No access to health care")),
    Indicator("ex_protection", _D.EXPLOITATION, _S.WEAK, _("No social protection")),
    # Coercion at destination
    Indicator("cd_documents", _D.COERCION_DESTINATION, _S.STRONG, _("Documents confiscated")),
    Indicator("cd_debt", _D.COERCION_DESTINATION, _S.STRONG, _("Debt bondage")),
    Indicator(
        "cd_confinement",
        _D.COERCION_DESTINATION,
        _S.STRONG,
        _("Isolation, confinement or surveillance"),
    ),
    Indicator("cd_violence", _D.COERCION_DESTINATION, _S.STRONG, _("Violence against the child")),
    Indicator(
        "cd_criminal",
        _D.COERCION_DESTINATION,
        _S.MEDIUM,
        _("Forced into illicit or criminal activities"),
    ),
    Indicator("cd_drugs", _D.COERCION_DESTINATION, _S.MEDIUM, _("Forced to take drugs or alcohol")),
    Indicator(
        "cd_lie",
        _D.COERCION_DESTINATION,
        _S.MEDIUM,
        _("Forced to lie to the authorities or the family"),
    ),
    Indicator(
        "cd_threats",
        _D.COERCION_DESTINATION,
        _S.MEDIUM,
        _("Threats of violence, or of denunciation to the authorities"),
    ),
    Indicator("cd_wages", _D.COERCION_DESTINATION, _S.MEDIUM, _("Wages withheld")),
    Indicator(
        "cd_influence",
        _D.COERCION_DESTINATION,
        _S.WEAK,
        _("Under the strong influence of the exploiters"),
    ),
    # Abuse of vulnerability at destination
    Indicator(
        "vd_dependency", _D.VULNERABILITY_DESTINATION, _S.MEDIUM, _("Dependent on the exploiters")
    ),
    Indicator(
        "vd_communication",
        _D.VULNERABILITY_DESTINATION,
        _S.MEDIUM,
        _("Cannot communicate (language, isolation)"),
    ),
    Indicator(
        "vd_status",
        _D.VULNERABILITY_DESTINATION,
        _S.MEDIUM,
        _("Irregular status, fear of the authorities"),
    ),
    Indicator("vd_family", _D.VULNERABILITY_DESTINATION, _S.WEAK, _("Family situation")),
    Indicator("vd_past", _D.VULNERABILITY_DESTINATION, _S.WEAK, _("Difficulties in the past")),
)

BY_CODE: dict[str, Indicator] = {i.code: i for i in INDICATORS}


# Facts that make a child a possible victim on their own (Palermo Protocol Art. 3(a), (c)).
SUFFICIENT_FOR_A_CHILD: frozenset[str] = frozenset({"cr_abduction", "ex_sexual"})


class Suggestion(models.TextChoices):
    POSSIBLE_VICTIM = "possible_victim", _("Possible victim: decide on identification")
    FURTHER_ASSESSMENT = "further_assessment", _("Indicators present: assess further")
    NO_INDICATION = "no_indication", _("No indicators recorded")


def element_present(counts: Counter[str]) -> bool:
    """Tell whether a dimension's strong/medium/weak counts establish the element."""
    have = (counts[Strength.STRONG], counts[Strength.MEDIUM], counts[Strength.WEAK])
    # A stronger indicator stands in for a weaker one.
    for strong, medium, weak in ELEMENT_THRESHOLDS:
        spare_strong = have[0] - strong
        if spare_strong < 0:
            continue
        spare_medium = have[1] + spare_strong - medium
        if spare_medium < 0:
            continue
        if have[2] + spare_medium >= weak:
            return True
    return False


def validate_indicators(codes: list[str]) -> list[str]:
    unknown = [c for c in codes if c not in BY_CODE]
    if unknown:
        raise ValueError(_("Unknown indicator code."))
    return sorted(set(codes))


def screen(codes: list[str], *, child: bool) -> dict[str, Any]:
    """Apply the rule to the indicators found; return what it suggests and why.

    `elements` are the dimensions established and `met_by` the indicators of each; `act`,
    `exploitation` and `means` say which parts of the definition are shown, and
    `sufficient` the facts that suffice alone for a child.
    """
    per_dimension: dict[str, Counter[str]] = {d.value: Counter() for d in Dimension}
    by_dimension: dict[str, list[str]] = {d.value: [] for d in Dimension}
    for code in sorted(set(codes)):
        indicator = BY_CODE[code]
        per_dimension[indicator.dimension][indicator.strength] += 1
        by_dimension[indicator.dimension].append(code)
    present = sorted(d for d, counts in per_dimension.items() if element_present(counts))
    recruitment = any(d in RECRUITMENT for d in present)
    exploitation = Dimension.EXPLOITATION in present
    means = any(d in MEANS for d in present)
    act = any(d in CHILD_ACT for d in present) if child else recruitment
    sufficient = sorted(SUFFICIENT_FOR_A_CHILD.intersection(codes)) if child else []
    if sufficient or (act and exploitation and (child or means)):
        suggestion = Suggestion.POSSIBLE_VICTIM
    elif codes:
        suggestion = Suggestion.FURTHER_ASSESSMENT
    else:
        suggestion = Suggestion.NO_INDICATION
    return {
        "rule": "child" if child else "adult",
        "elements": present,
        "met_by": {d: by_dimension[d] for d in present},
        "recruitment": recruitment,
        "act": act,
        "exploitation": exploitation,
        "means": means,
        "sufficient": sufficient,
        "suggestion": suggestion.value,
    }
