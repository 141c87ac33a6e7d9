"""Names in any script: the one normaliser for search, display and family tracing.

Names in any script become Latin tokens (anyascii, with our rules on top), each with a
spelling-tolerant key and a consonant skeleton that unify transliteration systems, so
Mohammed / Muhammad / Mohamed / محمد share a skeleton and Юлія / Yulia / Iuliia / Julija share a
key. Arabic articles and the "Abd al-" compounds are joined, so that Abdul Rahman,
Abderrahmane and عبد الرحمن compare as one name.

The tracing engine compares records by these keys (tracing.engine.normalize), the search keys
stored on each child are made of them (`search_keys`, `search_terms`, `search_patterns`), and
`to_latin` gives the readable Latin form shown beside a name in another script. They live here,
below both, because tracing builds on children and not the other way round.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from importlib import resources

from anyascii import anyascii

# Applied in order to lower-case ASCII letters (with the changes of `_FOLDS` below).
FOLDS: tuple[tuple[str, str], ...] = (
    ("tsch", "ch"),
    ("sch", "sh"),
    ("tch", "ch"),
    ("dzh", "j"),
    ("dj", "j"),
    ("ch", "\x01"),
    ("ck", "k"),
    ("c", "k"),
    ("\x01", "ch"),
    ("q", "k"),
    ("ph", "f"),
    ("kh", "h"),
    ("gh", "g"),
    ("th", "t"),
    ("dh", "d"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
    ("w", "v"),
    ("x", "ks"),
    ("y", "i"),
    ("j", "i"),
)


def _ascii(text: str) -> str:
    """Letter-by-letter ASCII transliteration of any script (the base of the keys)."""
    return " ".join(anyascii(unicodedata.normalize("NFKC", text)).split())


# Name parts that are articles or joiners, not names of their own.
_PARTICLES = frozenset({"al", "el", "ul", "ad", "ed", "ud", "ar", "er", "as", "es", "at", "et"})
_JOIN_AFTER = frozenset({"abd", "abdul", "abdel", "abdal", "abdil", "abdi", "abdu", "nur", "nour"})
_BIN = frozenset({"bin", "ben", "bn", "ibn", "bint", "wad", "ould", "binti"})
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
    latin = _MARKS.sub("", _ascii(text.translate(_NATIVE)).lower())
    return [t for t in _NON_LETTERS.split(latin) if t]


# Compounds written as two words: Habib Ullah, Saif al-Din are Habibullah, Saifuddin.
_JOIN_BEFORE = frozenset({"ullah", "ollah", "allah", "ulla", "din", "dyn", "deen", "dine"})


def name_tokens(text: str) -> list[str]:
    """Latin tokens of a name, with articles joined to what follows and compounds joined."""
    return list(_name_tokens(text))


@functools.lru_cache(maxsize=500_000)
def _name_tokens(text: str) -> tuple[str, ...]:
    return tuple(token for token, _parts in _name_token_parts(text))


@functools.lru_cache(maxsize=500_000)
def _name_token_parts(text: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The tokens of `_name_tokens`, each with the two words it joins where the join may be
    two names: Nour al-Huda is one given name, but Nour al-Halabi is a given name and a family
    name, and the words alone cannot tell which ("" parts elsewhere)."""
    # Names repeat: the same spelling is transliterated once.
    raw = _latin_tokens(_arabic(text))
    out: list[str] = []
    parts: list[tuple[str, ...]] = []
    pending = ""
    for tok in raw:
        if tok in _PARTICLES:
            pending = tok  # an article: dropped, or joined after "abd"
            continue
        if out and out[-1] in _JOIN_AFTER:
            # Abd al-Aziz keeps its article (the skeleton drops it); Nur al-Din does not.
            abd = out[-1].startswith("abd")
            parts[-1] = () if abd or tok in _JOIN_BEFORE else (out[-1], tok)
            out[-1] = out[-1] + (pending if abd else "") + tok
        elif out and tok in _JOIN_BEFORE:
            out[-1] = out[-1] + tok
            parts[-1] = ()
        elif out and out[-1] in _BIN:
            out[-1] = out[-1] + tok
            parts[-1] = ()
        else:
            out.append(tok)
            parts.append(())
        pending = ""
    return tuple(zip(out, parts, strict=True))


# The folds above, but j stays a consonant unless it is a glide (below), and th
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


def name_keys(text: str) -> tuple[str, ...]:
    """The loose keys of the words of a name, in order."""
    return _folded(text) if text else ()


@functools.lru_cache(maxsize=500_000)
def _folded(text: str) -> tuple[str, ...]:
    arabic = _ARABIC_LETTER.search(text) is not None
    return tuple(fold(t, arabic=arabic) for t in _name_tokens(text) if t)


# Search keys ------------------------------------------------------------------------------
# A child's stored search text is " key ... ~skeleton ... " over all its names. A query word
# finds a name when it starts one of its keys (a name typed in part: "Kovalch") or has its
# whole skeleton (vowels spelled otherwise: "Mohammed" for محمد, "Noor" for Nur).


def search_keys(names: Iterable[str]) -> str:
    """Return the stored search text for a record's names: ' key ~skeleton ... '."""
    keys: set[str] = set()
    for name in names:
        arabic = _ARABIC_LETTER.search(name) is not None
        for key in name_keys(name):
            keys.add(key)
            skeleton = name_skeleton(key)
            if len(skeleton) > 1 or (arabic and _short_skeleton_finds(key)):
                keys.add("~" + skeleton)
    return " " + " ".join(sorted(keys)) + " " if keys else ""


def _short_skeleton_finds(key: str) -> bool:
    # A skeleton of one letter (Layla, Leo, Ali, Yulia: l) would find too many names: it is
    # kept only for names in Arabic script, which write no short vowels (ليلى is Layla), and
    # only for a name that starts with its consonant; Ali and علي, whose initial ayn the keys
    # drop, meet through the readable Latin form of the Arabic, which is searched too.
    return key[:1] not in _VOWEL_LETTERS


_VOWEL_LETTERS = frozenset("aeiou")


def search_terms(keys: str) -> frozenset[str]:
    """The terms a child's stored search text is found by: every start of each key, and each
    whole skeleton. PostgreSQL indexes the same terms (`kinhaven_name_terms`, migration
    children 0007), so that a word of a query is one lookup in that index."""
    terms: set[str] = set()
    for token in keys.split():
        if token.startswith("~"):
            terms.add(token)
        else:
            terms.update(token[:n] for n in range(1, len(token) + 1))
    return frozenset(terms)


def search_patterns(query: str) -> list[tuple[str, ...]]:
    """For each word of a query, the terms (see `search_terms`) that find it: the word as the
    start of a key, or its whole skeleton. Every word must be found."""
    arabic = _ARABIC_LETTER.search(query) is not None
    tokens = _name_token_parts(query) if query else ()
    if not tokens:
        # Only articles or joiners ("El", "Al"): typed as the start of a name (Elena, Alina).
        tokens = tuple((t, ()) for t in _latin_tokens(query))
    out: list[tuple[str, ...]] = []
    for token, parts in tokens:
        found_by = _found_by(fold(token, arabic=arabic))
        if not parts:
            out.append(found_by)
            continue
        # A join that may be two names (Nour al-Halabi): the record holds the joined name, or
        # it holds both words. (J or (A and B)) is asked as (J or A) and (J or B).
        out.extend((*found_by, *_found_by(fold(part, arabic=arabic))) for part in parts)
    return out


def _found_by(key: str) -> tuple[str, ...]:
    skeleton = name_skeleton(key)
    if len(skeleton) > 1 or _short_skeleton_finds(key):
        return (key, f"~{skeleton}")
    return (key,)


# The readable Latin form ------------------------------------------------------------------
# A name in Arabic script (Arabic, Persian, Dari, Pashto, Urdu) is written without its short
# vowels, so a letter-by-letter transliteration is unreadable (محمد as "mhmd"). Common names
# take their most frequent Latin spelling from a table derived from Wikidata (arabic_names.tsv,
# docs/names.md); any other word is spelled by rule, with the short vowels guessed. Names in
# other scripts keep their letter-by-letter transliteration (Юлия as "Yuliya").

# Short vowels, shadda, sukun and tatweel: rarely written in names, and not part of a lookup.
_HARAKAT = re.compile(r"[\u064b-\u065f\u0670\u0640]")
# Letters written differently in Arabic and Persian, hamza seats and ta marbuta: one form each
# for a lookup, so that فاطمه and فاطمة, کریمی and كريمي are the same word.
_KEY_LETTERS = str.maketrans(
    {"\u06cc": "\u064a", "\u0649": "\u064a", "\u06a9": "\u0643", "\u0623": "\u0627",
     "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627", "\u0629": "\u0647",
     "\u06c0": "\u0647", "\u06be": "\u0647"}
)  # fmt: skip
_ARTICLE = "\u0627\u0644"  # al-
_ABD = "\u0639\u0628\u062f"  # Abd, "servant of", joined to the name after it


def _arabic_key(word: str) -> str:
    return _HARAKAT.sub("", unicodedata.normalize("NFC", word)).translate(_KEY_LETTERS)


@functools.cache
def _spellings() -> dict[str, str]:
    """Arabic-script word (as `_arabic_key` gives it, without the article) -> Latin."""
    table = resources.files("kinhaven.children").joinpath("arabic_names.tsv")
    out: dict[str, str] = {}
    for line in table.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            arabic, latin, _people = line.split("\t")
            out[arabic] = latin
    return out


# By rule: consonants, and the letters that also write long vowels (alef, waw, ya).
_CONSONANTS = {
    "\u0628": "b", "\u062a": "t", "\u062b": "th", "\u062c": "j", "\u062d": "h", "\u062e": "kh",
    "\u062f": "d", "\u0630": "dh", "\u0631": "r", "\u0632": "z", "\u0633": "s", "\u0634": "sh",
    "\u0635": "s", "\u0636": "d", "\u0637": "t", "\u0638": "z", "\u063a": "gh", "\u0641": "f",
    "\u0642": "q", "\u0643": "k", "\u06a9": "k", "\u0644": "l", "\u0645": "m", "\u0646": "n",
    "\u0647": "h", "\u067e": "p", "\u0686": "ch", "\u0698": "zh", "\u06af": "g",
    # Ayn and hamza: a consonant with no Latin letter of its own (Saeed, Sa'id; Raed)
    "\u0639": "", "\u0621": "", "\u0626": "",
}  # fmt: skip
_ALEF = frozenset("\u0627\u0622\u0623\u0625\u0671")
_WAW = frozenset("\u0648\u0624")
_YA = frozenset("\u064a\u06cc\u0649")


def _by_rule(word: str) -> str:
    """Spell one Arabic-script word (without harakat) in Latin letters, guessing the short
    vowels: none is written, so a vowel goes between consonants in turn (Shabnam, Narjas,
    Zahra), i after a long a (Khalid, Fatima), and none after the vowel an initial alef
    carries (Ahmad)."""
    letters = list(word)
    out: list[str] = []
    # Consonants since the last vowel, and whether the first of them closes a syllable.
    run = 0
    closing = False
    after_long_a = False
    for i, c in enumerate(letters):
        last = i == len(letters) - 1
        nxt = letters[i + 1] if not last else ""
        if c in _ALEF:
            out.append("a")
            # An initial alef carries a short vowel that the next consonant closes (Ahmad,
            # Aslam); elsewhere it is a long a, after which the next consonant opens a syllable.
            closing, after_long_a, run = i == 0, i > 0, 0
            continue
        if c in _WAW or c in _YA:
            glide = i == 0 or nxt in _ALEF or (i > 0 and letters[i - 1] in _ALEF)
            if c == "\u0649" and last:
                vowel = "a"  # alef maksura: Layla, Musa
            elif c in _WAW:
                vowel = "u"
            else:
                vowel = "i"
            if glide and not last:
                c_latin = "w" if c in _WAW else "y"
            else:
                if i == 1 and letters[0] in _ALEF and vowel == "i":
                    out.pop()  # an initial alef and ya are the vowel i alone (Iman)
                out.append(vowel)
                closing, after_long_a, run = False, False, 0
                continue
        elif c in ("\u0629", "\u06c0") or (c == "\u0647" and last and run > 0):
            out.append("a")  # ta marbuta, or a final ha after a consonant: Fatima, Fereshta
            continue
        else:
            c_latin = _CONSONANTS.get(c, _ascii(c).lower())
        out.append(c_latin)
        # A vowel after this consonant unless a vowel letter follows, the word ends, or the
        # consonant closes the syllable before it.
        next_is_vowel = (
            nxt in _ALEF
            or nxt in ("\u0629",)
            or (
                (nxt in _WAW or nxt in _YA)
                and not (i + 2 < len(letters) and letters[i + 2] in _ALEF)
            )
        )
        inserts = (run % 2 == 1) if closing else (run % 2 == 0)
        if not last and not next_is_vowel and inserts:
            out.append("i" if after_long_a and run == 0 else "a")
        run += 1
    return "".join(out)


def _spell(word: str) -> str:
    """One Arabic-script word in Latin letters, capitalised; the article as "al-"."""
    plain = _HARAKAT.sub("", unicodedata.normalize("NFC", word))
    key = plain.translate(_KEY_LETTERS)
    table = _spellings()
    if key in table:
        return table[key].capitalize()
    if key.startswith(_ARTICLE) and len(key) >= 4:
        return "al-" + (table.get(key[2:]) or _by_rule(plain[2:])).capitalize()
    return _by_rule(plain).capitalize()


@functools.lru_cache(maxsize=100_000)
def to_latin(text: str) -> str:
    """The readable Latin form of a name in any script, shown beside it and searched."""
    if not _ARABIC_LETTER.search(text):
        return _ascii(text)
    words = unicodedata.normalize("NFKC", text).split()
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if not _ARABIC_LETTER.search(word):
            out.append(_ascii(word))
        elif (
            _arabic_key(word) == _ABD
            and i + 1 < len(words)
            and _arabic_key(words[i + 1]).startswith(_ARTICLE)
        ):
            # Abd and the name after it are one name: عبد الرحمن is Abdulrahman (as the table
            # has it, written as one word) or else Abd al-Rahman.
            joined = _arabic_key(word + words[i + 1])
            if joined in _spellings():
                out.append(_spellings()[joined].capitalize())
            else:
                out.append("Abd " + _spell(words[i + 1]))
            i += 1
        else:
            out.append(_spell(word))
        i += 1
    return " ".join(p for p in out if p)
