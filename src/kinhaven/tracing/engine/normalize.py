"""From a raw record (CSV row or child record) to comparable keys.

Names in any script become Latin tokens (anyascii, with our folding rules on top), each with a
spelling-tolerant key and a consonant skeleton that unify transliteration systems, so
Mohammed / Muhammad / Mohamed / محمد share a skeleton and Юлія / Yulia / Iuliia / Julija share a
key. Arabic articles and the "Abd al-" compounds are joined, so that Abdul Rahman,
Abderrahmane and عبد الرحمن compare as one name.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from kinhaven.children.names import FOLDS, to_latin
from kinhaven.tracing.engine.places import PLACES

# Name parts that are articles or joiners, not names of their own.
_PARTICLES = frozenset({"al", "el", "ul", "ad", "ed", "ud", "ar", "er", "as", "es", "at", "et"})
_JOIN_AFTER = frozenset({"abd", "abdul", "abdel", "abdal", "abdil", "abdi", "abdu", "nur", "nour"})
_BIN = frozenset({"bin", "ben", "bn", "ibn", "bint", "wad", "ould", "binti"})
_DOC = re.compile(r"[^0-9A-Z]+")
_VOWELS = re.compile(r"[aeiou]+")
# w/v after a vowel is a glide or a vowel in another spelling (Chowdhury, Dawood and Daoud, Mousavi
# and Moussaoui, Kovalchuk and Ковальчук): no sound of its own in the skeleton.
_GLIDE = re.compile(r"(?<=[aeiou])v")
_REPEATS = re.compile(r"(.)\1+")
# Arabic script: "عبد" joins the name after it; the article "ال" and an initial ayn (which Latin
# spellings write as a vowel or not at all) carry no sound of the name's consonants.
_ARABIC_ABD = re.compile(r"عبد\s+")
_ARABIC_ARTICLE = re.compile(r"(?<![\u0600-\u06FF])ال(?=[\u0600-\u06FF]{2,})")
_ARABIC_AYN = re.compile(r"ع")
# Inside a word, waw is mostly the long vowel u/o (Yusuf, Nuri, Jabouri), not the consonant w;
# before alef, after a syllable, it is the consonant (پروانه, Parwana; عبد الواحد, Abdul Wahid),
# but not second in a word, where Latin spellings put a vowel before it (جواد, Jawad; نوال, Nawal).
_ARABIC_MEDIAL_WAW = re.compile(
    r"(?<=[\u0600-\u06FF])و(?![\u0627\u0622])|(?<=(?<![\u0600-\u06FF])[\u0600-\u06FF])و"
)


# Hamza carriers: the hamza goes, the letter that carries it stays (alef, ya, waw).
_HAMZA = str.maketrans(
    {"\u0621": "", "\u0626": "y", "\u0624": "u", "\u0623": "\u0627", "\u0625": "\u0627",
     "\u0622": "\u0627"}
)  # fmt: skip


# Sin, sad or zay before ha, kha or ta marbuta: a vowel the script leaves out stands between
# them in Latin (Sahar, Zahra, Sohrab, Sakhi), which must not read as the one sound sh.
_ARABIC_S_H = re.compile(r"(?<=[\u0633\u0635\u0632])(?=[\u0647\u062d\u0629\u062e])")


def _arabic(text: str) -> str:
    # The article goes before the hamza: إلياس (Ilyas) has none.
    text = _ARABIC_ABD.sub("عبد", text)
    text = _ARABIC_ARTICLE.sub("", text)
    text = text.translate(_HAMZA)
    text = _ARABIC_MEDIAL_WAW.sub("u", text)
    text = _ARABIC_S_H.sub("a", text)
    # anyascii drops alef (Javed as jwyd); tha is s (عثمان, Osman and Othman); dhal and za are z,
    # as Persian speaks them and most spellings write them (ذبيح الله, Zabihullah; ظفر, Zafar;
    # كاظم, Kazem, though Iraqi spellings write Kadhim).
    text = text.replace("\u0627", "a").replace("\u062b", "s")
    text = text.replace("\u0630", "z").replace("\u0638", "z")
    return _ARABIC_AYN.sub("", text)


# Before transliteration: Ukrainian ghe is h (Hanna, Olha, Serhii), ghe with upturn is g; the soft
# and hard signs carry no sound. Bengali ca is written ch in names (Chowdhury), not c, and
# chandrabindu, a nasal vowel, n (Chand, Bhuiyan), not m.
# Ethiopic ኸ..ኾ (khe) is written k in Tigrinya names (Tekle for ተኽለ).
_NATIVE = str.maketrans(
    {"\u0433": "h", "\u0413": "H", "\u0491": "g", "\u0490": "G", "\u044c": "", "\u044a": ""}
    | {"\u099a": "ch", "\u0981": "n"}
    | {chr(c): chr(c - 0x10) for c in range(0x12B8, 0x12BF)}
)
# After it: apostrophes mark a glottal stop or a soft sign (Mel'nyk, ሚካኤል as mika'el), not a
# break between names.
_MARKS = re.compile(r"['`\u2019\u02bc]")
_NON_LETTERS = re.compile(r"[^a-z]+")


def _latin_tokens(text: str) -> list[str]:
    latin = _MARKS.sub("", to_latin(text.translate(_NATIVE)).lower())
    return [t for t in _NON_LETTERS.split(latin) if t]


# Compounds written as two words: Habib Ullah, Saif al-Din are Habibullah, Saifuddin.
_JOIN_BEFORE = frozenset({"ullah", "ollah", "allah", "ulla", "din", "dyn", "deen", "dine"})


def name_tokens(text: str) -> list[str]:
    """Latin tokens of a name, with articles joined to what follows and compounds joined."""
    return list(_name_tokens(text))


@functools.lru_cache(maxsize=500_000)
def _name_tokens(text: str) -> tuple[str, ...]:
    # Names repeat: the same spelling is transliterated once.
    raw = _latin_tokens(_arabic(text))
    out: list[str] = []
    pending = ""
    for tok in raw:
        if tok in _PARTICLES:
            pending = tok  # an article: dropped, or joined after "abd"
            continue
        if out and out[-1] in _JOIN_AFTER:
            # Abd al-Aziz keeps its article (the skeleton drops it); Nur al-Din does not.
            out[-1] = out[-1] + (pending if out[-1].startswith("abd") else "") + tok
        elif out and tok in _JOIN_BEFORE:
            out[-1] = out[-1] + tok
        elif out and out[-1] in _BIN:
            out[-1] = out[-1] + tok
        else:
            out.append(tok)
        pending = ""
    return tuple(out)


# The folds of the search keys, but j stays a consonant unless it is a glide (below), and th
# is s: in these names it is the Arabic tha, which Persian, Turkish and French spellings write
# s (Othman and Osman, Kawthar and Kausar, Muath and Moaz). dh stays d: it is the Arabic dhal
# written z as often as d (Kadhimi, Kazemi), and d and h in Tigrinya (Gebremedhin).
_FOLDS = tuple(("th", "s") if rule == ("th", "t") else rule for rule in FOLDS if rule != ("j", "i"))
# From Arabic script t and h are two letters (طحان, Tahhan; فرشته, Fereshta): tha is made s
# before transliteration (`_arabic`), and th stays as it is.
_FOLDS_ARABIC = tuple(rule for rule in _FOLDS if rule != ("th", "s"))
# A j after i, or a first j before u or o, is a glide as in Julija, Jurij, Marija, Jusuf; so is
# a j after a vowel and before a consonant or at the end (Bojko, Mychajlo, Hasanaj), a j before
# u after most consonants (Hnatjuk for Hnatiuk) and tj before a (Tetjana for Tetiana); elsewhere
# it is the consonant of Najjar, Jamal, Majid, Abduljalil, of Albanian gj and of Bengali nj.
_J_GLIDE = re.compile(
    r"^j(?=[uo])|(?<=i)j|(?<=[aeou])j(?=[^aeiou]|$)|(?<=[^aeioudgn])j(?=u)|(?<=t)j(?=a)"
)
# In a name written in Arabic script j is jim, a consonant, before u too (جواد, Jawad); after i
# it goes as in the Latin spellings (خديجة, Khadija).
_J_GLIDE_ARABIC = re.compile(r"(?<=i)j")
_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
# French spellings: c before e or i is s (Yacine), an initial ou before a vowel is w (Oualid).
_SOFT_C = re.compile(r"c(?=[ei])")
_FRENCH_W = re.compile(r"^ou(?=[aei])")
# ch is k in Michael and Christian (Greek names), as Mikael and Kristian write it.
_GREEK_CH = re.compile(r"ch(?=ae)|^ch(?=r)")
# Muhammad as written short: Md (Bangladesh), Mhd (Syria), Mohd, Muhd.
_MUHAMMAD = frozenset({"md", "mhd", "mohd", "muhd"})
# Somali Abdi- compounds are Abdul- ones: Abdiwahab, Abdijalil, Abdirahman.
_SOMALI_ABDI = re.compile(r"^abdi(?=[a-z]{3})")


# One name in the forms other languages give it, which no spelling rule joins: West African
# (Fula, Mandinka, Hausa) and Turkish forms of Arabic names, and the Latin form of a Tigrinya
# one. Each is read as the form it comes from.
_FORMS = {
    "aisha": ("aissatou", "aissata", "aichatou", "ayshatu"),
    "khadija": (
        "hatice", "hatixhe", "hatidza", "kadiatou", "kadidiatou", "khadidiatou", "hadiza",
        "hadizatou", "hadiatou",
    ),
    "fatima": ("fatoumata", "fatimata", "fatoumatou", "fatmata", "fatimatou"),
    "amina": ("aminata", "aminatou"),
    "zainab": ("djenabou", "dienabou", "jenabou", "zeinabou", "zenabou", "djeinabou"),
    "ruqaya": ("rokiatou", "rukiye", "rukije"),
    "maryam": ("mariatou", "mariame"),
    "henok": ("enoch",),
}  # fmt: skip
_EQUIVALENT = {form: name for name, forms in _FORMS.items() for form in forms}


@functools.lru_cache(maxsize=500_000)
def fold(token: str, *, arabic: bool = False) -> str:
    """One ASCII word folded so that transliteration variants meet: Yulia, Iuliia, Julija ->
    iulia; Mohammed, Muhamad -> mohamed/muhamad (vowels differ; the skeleton joins them).
    `arabic`: the word was transliterated from Arabic script."""
    word = _EQUIVALENT.get(token, token)
    word = "muhammad" if word in _MUHAMMAD else _SOMALI_ABDI.sub("abdul", word)
    key = _FRENCH_W.sub("w", _SOFT_C.sub("s", _GREEK_CH.sub("k", word)))
    key = key.replace("dsch", "j")  # German Dschamal
    for old, new in _FOLDS_ARABIC if arabic else _FOLDS:
        key = key.replace(old, new)
    glide = _J_GLIDE_ARABIC if arabic else _J_GLIDE
    return _REPEATS.sub(r"\1", glide.sub("i", _REPEATS.sub(r"\1", key)))


def name_skeleton(key: str) -> str:
    """The consonants of a loose key: vowels vary between systems and Arabic script omits them.

    Mohammed, Muhammad, محمد -> mhmt (a final d is t); Omar, Umar, عمر -> mr; Abdul Rahman,
    Abderrahmane, عبد الرحمن -> bdrhmn; Fatemeh, فاطمة, Fatima -> ftm.
    """
    if key[:2] in {"al", "el"} and len(key) >= 6 and key[2] not in "eiou":
        key = key[2:]  # an article written as one word: Alshamari, Elamrani
    # "ch" is kh in German spellings (Chaled, Achmed) and sh in French ones (Chammari, Aicha),
    # "sch" and "sh" are sh, z is s in German (Sacharenko, Sahra) and zh is sh: all of them are
    # h in the skeleton, so that Rachid, Rashid and رشيد or Shevchenko, Schewtschenko and
    # Chevtchenko meet. g is j: Egyptian and Persian spellings write jim as g (Gamal and Jamal,
    # Hagar and Hajar, Narges and Narjis).
    key = key.replace("ch", "h").replace("z", "s").replace("sh", "h").replace("g", "j")
    sk = _VOWELS.sub("", _GLIDE.sub("", key))
    if len(sk) > 1 and sk.endswith("h"):
        sk = sk[:-1]  # a final -h or ta marbuta (Miah, Fatimah)
    # Final devoicing (Ahmet, Mehmet, Ferhat) before joining repeated letters, so that the d of
    # Dawid is not joined with the first (Dawit, Daoud).
    if len(sk) > 1 and sk.endswith("d"):
        sk = sk[:-1] + "t"
    elif sk.endswith("b"):
        sk = sk[:-1] + "p"  # Turkish writes a final b as p: Eyup, Habip, Zeynep, Recep
    sk = _REPEATS.sub(r"\1", sk)
    if sk.startswith("bdl") and len(sk) >= 4:
        sk = "bd" + sk[3:]  # the article of "abd al-"
    return sk or key


_COARSE = str.maketrans({"c": "k", "q": "k", "y": None, "h": None, "w": None})


@functools.lru_cache(maxsize=100_000)
def coarse_skeleton(skeleton: str) -> str:
    """A skeleton with the letters transliterations disagree on most folded or dropped, for
    fields compared whole (a place, a parent's name): Konakri and Conakry, Sylhet and Silet."""
    folded = _REPEATS.sub(r"\1", skeleton.translate(_COARSE))
    return folded or skeleton


@dataclass(slots=True)
class Norm:
    """A record ready for blocking and comparison."""

    rid: str
    given: list[str] = field(default_factory=list)  # loose keys of given names
    family: list[str] = field(default_factory=list)
    other: list[str] = field(default_factory=list)
    father: list[str] = field(default_factory=list)
    mother: list[str] = field(default_factory=list)
    sex: str = ""
    year: int | None = None
    month: int | None = None
    day: int | None = None
    placeholder: bool = False  # 1 January, or year only
    # The month of birth an estimated age points to (year * 12 + month - 1): the middle of the
    # year of birth it allows, counted back from the day it was recorded.
    est_month: int | None = None
    nationality: str = ""
    place: str = ""
    document: str = ""
    languages: frozenset[str] = frozenset()
    # The names written in a script other than Latin: their spellings are a transliteration's,
    # not a person's, and say nothing by how they are spelled.
    native: frozenset[str] = frozenset()

    @property
    def est_year(self) -> int | None:
        return None if self.est_month is None else self.est_month // 12

    def all_names(self) -> list[str]:
        return [*self.given, *self.family, *self.other]


def _keys(text: str) -> list[str]:
    return list(_folded(text)) if text else []


@functools.lru_cache(maxsize=500_000)
def _folded(text: str) -> tuple[str, ...]:
    arabic = _ARABIC_LETTER.search(text) is not None
    return tuple(fold(t, arabic=arabic) for t in _name_tokens(text) if t)


# A letter of a script other than Latin (Latin letters with diacritics are Latin).
_NATIVE_LETTER = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F\u1E00-\u1EFF]")


@functools.lru_cache(maxsize=200_000)
def _native_keys(text: str) -> frozenset[str]:
    """The keys of the words of `text` written in a script other than Latin."""
    if not _NATIVE_LETTER.search(text):
        return frozenset()
    words = [w for w in text.split() if _NATIVE_LETTER.search(w)]
    return frozenset(_folded(" ".join(words)))


def _place_key(text: str) -> str:
    return " ".join(_folded(text))


@functools.cache
def _gazetteer() -> dict[str, str]:
    """Every listed name of a place -> one key for the place."""
    out: dict[str, str] = {}
    for names in PLACES:
        canonical = "=" + names[0]
        for name in names:
            out.setdefault(_place_key(name), canonical)
    return out


@functools.lru_cache(maxsize=50_000)
def _place(text: str) -> str:
    """One key for a listed place in any of its names (places.py), or else the skeleton of the
    place's first word."""
    listed = _gazetteer().get(_place_key(text))
    if listed:
        return listed
    place = name_tokens(text)
    return name_skeleton(place[0]) if place else ""


@functools.lru_cache(maxsize=10_000)
def _languages(text: str) -> frozenset[str]:
    return frozenset(x.strip().lower() for x in text.split(";") if x.strip())


@functools.lru_cache(maxsize=100_000)
def parse_date(value: str) -> tuple[int | None, int | None, int | None]:
    """YYYY-MM-DD, YYYY-MM or YYYY; raise ValueError for anything else."""
    value = value.strip()
    if not value:
        return None, None, None
    parts = value.split("-")
    if len(parts) > 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        raise ValueError(value)
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else None
    day = int(parts[2]) if len(parts) > 2 else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(value)
    if day is not None:
        dt.date(year, month or 1, day)  # raises for an impossible day
    return year, month, day


Record = dict[str, str]

# The columns a record may have, in the order files are written (all optional but id); others
# are ignored.
COLUMNS = (
    "id", "given_name", "family_name", "other_names", "sex", "date_of_birth", "age",
    "recorded_on", "nationality", "place_of_birth", "mother_name", "father_name",
    "document_number", "address", "languages",
)  # fmt: skip


def as_norm(record: Record | Norm) -> Norm:
    """A record normalised, or as it is if it already is (a file reader checked it so)."""
    return record if isinstance(record, Norm) else normalize(record)


def normalize(row: Record) -> Norm:
    """Normalise one record; raise ValueError naming the field for malformed values."""
    get = row.get
    sex = (get("sex") or "").strip().upper()
    if sex not in {"", "F", "M", "X"}:
        raise ValueError("sex")
    try:
        year, month, day = parse_date(get("date_of_birth") or "")
    except ValueError:
        raise ValueError("date_of_birth") from None
    est_month = None
    age = (get("age") or "").strip()
    if age:
        try:
            years = float(age)
        except ValueError:
            raise ValueError("age") from None
        recorded = (get("recorded_on") or "").strip()
        try:
            on = dt.date.fromisoformat(recorded) if recorded else None
        except ValueError:
            raise ValueError("recorded_on") from None
        if on is not None:
            # Aged `years` on that day: born between years + 1 and `years` years before it.
            est_month = on.year * 12 + on.month - 1 - round((years + 0.5) * 12)
    other = get("other_names") or ""
    given, family = get("given_name") or "", get("family_name") or ""
    native = _native_keys(given).union(_native_keys(family), *map(_native_keys, other.split(";")))
    return Norm(
        rid=row["id"],
        given=_keys(given),
        family=_keys(family),
        other=[k for name in other.split(";") for k in _keys(name)] if other else [],
        father=_keys(get("father_name") or ""),
        mother=_keys(get("mother_name") or ""),
        sex=sex if sex in {"F", "M"} else "",
        year=year,
        month=month,
        day=day,
        placeholder=year is not None and (month is None or (month == 1 and day in (None, 1))),
        est_month=est_month,
        nationality=(get("nationality") or "").strip().upper()[:3],
        place=_place(get("place_of_birth") or ""),
        document=_DOC.sub("", (get("document_number") or "").upper()),
        languages=_languages(get("languages") or ""),
        native=native,
    )
