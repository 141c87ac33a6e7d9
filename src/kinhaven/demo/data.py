"""Fictional demo names by origin: each child is a random combination, no real person."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Origin:
    nationality: str
    languages: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]
    places: tuple[str, ...]


ORIGINS: tuple[Origin, ...] = (
    Origin(
        "UKR",
        ("uk", "ru"),
        ("Олена", "Юлія", "Анастасія", "Марія", "Софія", "Дарина"),
        ("Олександр", "Дмитро", "Андрій", "Максим", "Богдан", "Артем"),
        ("Коваленко", "Шевченко", "Бондаренко", "Ткаченко", "Кравченко", "Мельник"),
        ("Харків", "Одеса", "Запоріжжя"),
    ),
    Origin(
        "AFG",
        ("prs", "ps"),
        ("زهرا", "مریم", "فاطمه", "نرگس", "شبنم"),
        ("احمد", "محمد", "علی", "رحیم", "فرید", "جاوید"),
        ("احمدی", "رحیمی", "حیدری", "کریمی", "نوری"),
        ("کابل", "هرات", "مزار شریف"),
    ),
    Origin(
        "SYR",
        ("ar",),
        ("ليلى", "سارة", "نور", "رنا", "هبة"),
        ("عمر", "يوسف", "خالد", "أحمد", "سامر"),
        ("الحسن", "الأحمد", "الخطيب", "العلي", "الحلبي"),
        ("حلب", "حمص", "دمشق"),
    ),
    Origin(
        "ERI",
        ("ti",),
        ("ሄለን", "ሰላም", "ፍረወይኒ", "ሳባ"),
        ("ዮሃንስ", "ሳምኤል", "ዳዊት", "ሄኖክ"),
        ("ተስፋይ", "ገብረመድህን", "ሃብተ", "ኪዳነ"),
        ("ኣስመራ", "ከረን"),
    ),
    Origin(
        "ALB",
        ("sq",),
        ("Elira", "Jonida", "Blerta", "Klea"),
        ("Arben", "Besnik", "Dritan", "Ergys"),
        ("Hoxha", "Krasniqi", "Gashi", "Berisha"),
        ("Shkodër", "Elbasan", "Durrës"),
    ),
    Origin(
        "NGA",
        ("en", "yo", "ig"),
        ("Blessing", "Amaka", "Funmilayo", "Precious"),
        ("Chinedu", "Emeka", "Tunde", "Godwin"),
        ("Okafor", "Adeyemi", "Eze", "Okonkwo"),
        ("Benin City", "Lagos", "Enugu"),
    ),
    Origin(
        "BGD",
        ("bn",),
        ("সুমাইয়া", "তানিয়া", "নুসরাত"),
        ("রহিম", "করিম", "সাকিব"),
        ("হোসেন", "ইসলাম", "আহমেদ"),
        ("সিলেট", "ঢাকা"),
    ),
    Origin(
        "MAR",
        ("ar", "zgh", "fr"),
        ("Salma", "Imane", "Khadija"),
        ("Youssef", "Hamza", "Mehdi", "Ayoub"),
        ("El Amrani", "Benali", "Ouazzani"),
        ("Tanger", "Casablanca", "Oujda"),
    ),
    Origin(
        "ROU",
        ("ro", "rom"),
        ("Roxana", "Denisa", "Florentina"),
        ("Florin", "Marian", "Ionuț"),
        ("Stoica", "Lăcătuș", "Rostaș"),
        ("Craiova", "Bacău"),
    ),
    Origin(
        "SOM",
        ("so",),
        ("Hodan", "Amina", "Fadumo"),
        ("Abdirahman", "Mohamed", "Abdullahi"),
        ("Farah", "Warsame", "Jama"),
        ("Muqdisho", "Baydhabo"),
    ),
    Origin(
        "GIN",
        ("fr", "ff"),
        ("Fatoumata", "Mariama", "Aissatou"),
        ("Mamadou", "Ibrahima", "Alpha"),
        ("Diallo", "Barry", "Camara", "Bah"),
        ("Conakry", "Labé"),
    ),
)


# Fictional reports waiting in the triage queue, as the public would send them.
DEMO_REPORTS: tuple[dict[str, Any], ...] = (
    {
        "what_happened": "A girl of about 14 sells flowers at the station every night until 2 am. "
        "A man collects the money from her each hour.",
        "location": "Central station, east entrance",
        "exploitation_types": ["ForcedBegging"],
        "child_sex": "F",
        "child_age_estimate": 14,
    },
    {
        "what_happened": "Two boys who speak only Dari sleep in the car wash where they work.",
        "location": "Car wash on the ring road",
        "immediate_danger": False,
        "exploitation_types": ["ChildLabour"],
        "child_sex": "M",
        "child_languages": ["prs"],
    },
    {
        "what_happened": "A boy left the reception centre last night with an unknown adult.",
        "child_missing": True,
        "child_given_name": "Samir",
        "child_sex": "M",
        "child_age_estimate": 15,
    },
    {
        "what_happened": "A child is locked in a flat upstairs and is crying for help now.",
        "immediate_danger": True,
        "location": "Block C, fourth floor",
    },
)


# The demo agencies' services, as (agency key, fields).
DEMO_SERVICES: tuple[tuple[str, dict[str, Any]], ...] = (
    (
        "b",
        {
            "kind": "shelter",
            "name": "Safe Harbour girls' house",
            "location": "North district",
            "sexes": ["F"],
            "min_age": 10,
            "max_age": 17,
            "capacity": 12,
            "languages": ["en", "ar", "ti"],
        },
    ),
    (
        "b",
        {
            "kind": "health",
            "name": "Harbour clinic",
            "location": "Harbour street",
            "languages": ["en", "fa", "ar"],
            "capacity": 40,
        },
    ),
    (
        "b",
        {
            "kind": "psychosocial",
            "name": "Trauma counselling for children",
            "min_age": 6,
            "max_age": 18,
            "languages": ["en", "uk", "ru"],
        },
    ),
    (
        "a",
        {
            "kind": "interpretation",
            "name": "Interpreters and cultural mediators",
            "languages": ["ar", "fa", "prs", "ps", "ti", "so", "bn", "uk", "ru", "sq"],
        },
    ),
    (
        "a",
        {"kind": "legal_aid", "name": "Children's legal advice desk", "location": "City hall"},
    ),
)


# A best-interests assessment and a panel's determination for a demo ward (fictional).
DEMO_ASSESSMENT: dict[str, Any] = {
    "safety_risks": "The recruiter knows the family's address; no contact since the placement.",
    "family_relationships": "Mother and a younger brother at home; regular calls with the mother.",
    "health": "Sleeps badly; sees the shelter's psychologist weekly.",
    "education": "Attends the reception class; wants to finish school.",
    "identity": "Passport held by the recruiter; birth certificate requested from the embassy.",
    "culture_language": "Speaks Tigrinya and some English; keeps up the family's faith.",
    "child_views": "Wants to stay at the shelter for now and to finish school here.",
    "heard_how": "with_interpreter",
    "heard_language": "ti",
    "heard_with": "The guardian and a Tigrinya interpreter",
    "guardian_view": "Supports staying here while the family is assessed.",
}
DEMO_DETERMINATION: dict[str, Any] = {
    "purposes": ["durable_solution"],
    "options": "Local integration; reunification with the mother; a third country.",
    "factors": "Safety from the recruiter, schooling, the child's wish, the mother's capacity.",
    "decision": "Local integration, with contact with the mother.",
    "reasons": "Return is not safe while the recruiter is at large; the child wishes to stay.",
    "child_views": "Wants to stay and keep in touch with her mother.",
    "heard_how": "with_interpreter",
    "heard_language": "ti",
    "heard_with": "The guardian and a Tigrinya interpreter",
    "guardian_present": True,
    "members": [
        {"name": "Social worker on the panel", "discipline": "social_work", "position": "agree"},
        {"name": "Lawyer on the panel", "discipline": "legal", "position": "agree"},
        {
            "name": "Psychologist on the panel",
            "discipline": "psychology",
            "position": "dissent",
            "reasons": "Contact with the mother should wait until therapy has progressed.",
        },
    ],
}


# What staff write down when a child comes to them (fictional), by the main type of exploitation.
DEMO_ACCOUNTS: dict[str, tuple[str, ...]] = {
    "SexualExploitation": (
        "Found by the police at a flat advertised online; an older 'boyfriend' keeps her phone.",
        "Brought to the reception point by outreach workers from the night-time bus station.",
        "Says a man promised a job in a café and then sold her to clients in a hotel.",
    ),
    "ForcedLabour": (
        "Worked fourteen hours a day on a building site to pay back the journey; no wages.",
        "Found sleeping in a greenhouse with other minors during a labour inspection.",
        "Works in a nail salon every day; the owner holds the passport 'for safety'.",
    ),
    "ChildLabour": (
        "Sorts scrap metal for a relative instead of going to school.",
        "Delivers food late at night on a rented scooter to send money home.",
    ),
    "ForcedBegging": (
        "Begs at the main crossroads every day; an adult takes the money each evening.",
        "Sells tissues on the tram; says he must bring back a fixed sum or is beaten.",
    ),
    "ForcedMarriage": (
        "Says she was promised to a man twice her age and ran away before the wedding.",
    ),
    "Servitude": ("Cooks and cleans for a family from dawn to night and may not leave the house.",),
    "ForcedMilitaryByNonStateActors": (
        "Was taken by an armed group at twelve and made to carry supplies.",
    ),
    "Other": ("Made to carry parcels across the city for people he does not know.",),
}
# How often each type of exploitation is found among the demo's reports.
DEMO_EXPLOITATION_WEIGHTS: dict[str, int] = {
    "SexualExploitation": 34,
    "ForcedLabour": 28,
    "ForcedBegging": 12,
    "ChildLabour": 10,
    "Servitude": 6,
    "ForcedMarriage": 5,
    "Other": 3,
    "ForcedMilitaryByNonStateActors": 2,
}
# Why a child is referred to a kind of service (fictional).
DEMO_REFERRAL_REASONS: dict[str, str] = {
    "shelter": "Needs a safe place to stay away from the exploiters.",
    "health": "Needs a medical check-up and follow-up.",
    "psychosocial": "Nightmares and anxiety since arrival; needs counselling.",
    "interpretation": "Interviews and appointments need an interpreter.",
    "legal_aid": "Needs advice on the asylum and residence procedures.",
}
