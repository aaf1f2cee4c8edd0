"""Number-shaped PII: CPR, telephone, e-mail, case numbers (SAGSNR) and dates (DATO).

A label written right before a CPR or case number is redacted with it ("cpr-nr. 0907451187" →
"[CPR]", "j.nr. 24/30751" → "[SAGSNR]"). Opening hours after a weekday ("torsdag 9-11") and a
score standing alone ("10/10.") are no dates.
"""

from __future__ import annotations

import re

from analysis.pii import Hit
from analysis.pii.scan import key_starts, keyword_matches

# Separators accepted inside a CPR number: dash, en/em dash, (non-breaking) space.
_CPR_SEP = "[-\u2010\u2011\u2012\u2013\u2014 \u00a0\u202f]"
# Patterns start with a character class (the look-behind comes after the first character) so that
# the regex engine can skip ahead to candidate positions instead of trying every position.
# Between the birth date and the serial also " - " (spaced dash) and a slash ("300819/4471").
_CPR_GAP = rf"(?:[ \u00a0]?[-/\u2010-\u2014][ \u00a0]?|{_CPR_SEP})"
# Date parts may be split by a space or dot too: "0203 45 1126", "02 03 45-1126".
CPR_RE = re.compile(
    rf"([0-3](?<![0-9].)[0-9])[ .\u00a0]?([01][0-9])[ .\u00a0]?([0-9]{{2}}){_CPR_GAP}?"
    r"([0-9])[0-9]{3}(?![0-9])"
)
# Serial masked by the writer: "250359-xxxx" (the birth date alone still identifies).
CPR_MASKED_RE = re.compile(
    rf"([0-3](?<![0-9].)[0-9])[ .\u00a0]?([01][0-9])[ .\u00a0]?([0-9]{{2}}){_CPR_GAP}?"
    r"(?:[xX*]{4}|[0-9][xX*]{3})(?![\w*])"
)
# Dotted birth date + serial: 04.05.78-2213
CPR_DOTTED_RE = re.compile(
    rf"([0-3](?<![0-9].)[0-9])[./]([01][0-9])[./]([0-9]{{2}}){_CPR_SEP}([0-9])[0-9]{{3}}(?![0-9])"
)
# After an explicit keyword any ten digits count, even with an impossible date.
CPR_KEYWORD_RE = re.compile(
    rf"(?i)(?:cpr|personnummer|personnr|person-nr)[\w.\- ]{{0,12}}?[:.]?\s*"
    rf"(?<![0-9])([0-9](?:{_CPR_SEP}?[0-9]){{5}}{_CPR_GAP}?(?:[0-9]{{4}}|[0-9xX*]{{4}}))(?![\w*])"
)

_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def cpr_century(yy: int, seventh: int) -> int:
    """Full year from the two-digit year and the 7th digit (CPR rule)."""
    if seventh <= 3:
        return 1900 + yy
    if seventh in (4, 9):
        return 2000 + yy if yy <= 36 else 1900 + yy
    return 2000 + yy if yy <= 57 else 1800 + yy


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def valid_date(day: int, month: int, year: int | None = None) -> bool:
    if not 1 <= month <= 12 or day < 1:
        return False
    if month == 2 and year is not None and not _is_leap(year):
        return day <= 28
    return day <= _DAYS_IN_MONTH[month - 1]


def is_valid_cpr_digits(dd: str, mm: str, yy: str, seventh: str) -> bool:
    year = cpr_century(int(yy), int(seventh))
    return valid_date(int(dd), int(mm), year)


def find_cpr(text: str, low: str | None = None, digits_from: int = 0) -> list[Hit]:
    """CPR numbers; ``digits_from``: no ASCII digit stands before this index."""
    hits: list[Hit] = []
    for m in CPR_RE.finditer(text, digits_from):
        if is_valid_cpr_digits(m.group(1), m.group(2), m.group(3), m.group(4)):
            hits.append((m.start(), m.end(), "CPR"))
    if "x" in text or "X" in text or "*" in text:
        for m in CPR_MASKED_RE.finditer(text, digits_from):
            if valid_date(int(m.group(1)), int(m.group(2))):
                hits.append((m.start(), m.end(), "CPR"))
    for m in CPR_DOTTED_RE.finditer(text, digits_from):
        if is_valid_cpr_digits(m.group(1), m.group(2), m.group(3), m.group(4)):
            hits.append((m.start(), m.end(), "CPR"))
    if low is None:
        low = text.lower()
    if "cpr" in low or "person" in low:
        for m in keyword_matches(CPR_KEYWORD_RE, text, low, ("cpr", "person")):
            hits.append((m.start(1), m.end(1), "CPR"))
    return with_labels(text, hits)


# The label written right before a number belongs to the redaction: "cpr-nr. 0907451187",
# "Sagsnr 2025-018733", "j.nr. 24/30751", "Sag nr. BYG-2025-00981" become one [CPR] / [SAGSNR]
# (the placeholder names the kind; a bare label next to it adds nothing).
_LABEL_BEFORE_RE = re.compile(
    r"(?<![\w.-])(?:(?i:cpr(?:[-.]?\s?n(?:r|ummer)(?:et)?)?|person-?n(?:r|ummer)(?:et)?|"
    r"sags?-?n(?:r|ummer)(?:et)?|sag\s+nr|journal-?\s?n(?:r|ummer)(?:et)?|j\.\s?nr|jr\.\s?nr|"
    r"ref(?:erence)?-?(?:nummer|nr)?|løbe-?n(?:r|ummer))|[Ss]ag)"
    r"\.?(?:\s?nr\.?)?\s?[:#]?[ \u00a0]?\Z"
)


def with_labels(text: str, hits: list[Hit]) -> list[Hit]:
    """Each CPR / SAGSNR hit, widened over a label directly before it ("cpr 120379-1234")."""
    out: list[Hit] = []
    for start, end, kind in hits:
        if start > 1 and text[start - 1] in " :.#\u00a0rR":
            m = _LABEL_BEFORE_RE.search(text, max(0, start - 24), start)
            if m is not None:
                start = m.start()
        out.append((start, end, kind))
    return out


# ---------------------------------------------------------------- telephone
_PREFIX = r"(?:(?:\+|00)\s?45|\(\s?(?:\+|00)?45\s?\))[\s.-]?"
_PHONE_BODY = (
    r"(?:[0-9]{8}"
    r"|[0-9]{2}(?P<s1>[ .\-\u00a0])[0-9]{2}(?P=s1)[0-9]{2}(?P=s1)[0-9]{2}"
    r"|[0-9]{4}[ .\-\u00a0][0-9]{4}"
    r"|[0-9]{2}(?P<s2>[ .\-\u00a0])[0-9]{3}(?P=s2)[0-9]{3}"
    r"|[0-9]{3}(?P<s3>[ .\u00a0])[0-9]{2}(?P=s3)[0-9]{3}"
    r"|[0-9]{2}(?P<s4>[ .\-\u00a0])[0-9]{2}(?P=s4)[0-9]{4}"
    r"|[0-9]{4}(?P<s5>[ .\-\u00a0])[0-9]{2}(?P=s5)[0-9]{2})"
)
PHONE_RE = re.compile(
    rf"(?<![0-9])(?<![0-9][.,/-])(?P<prefix>{_PREFIX})?(?P<body>{_PHONE_BODY})(?![0-9])(?![.,/-][0-9])"
)
# The same numbers, split for speed: with a +45 / 0045 / (45) prefix, and bare (first digit first).
_PREFIX_FAST = r"(?:\+\s?45|00\s?45|\(\s?(?:\+|00)?45\s?\))[\s.-]?"
_PHONE_PREFIXED_RE = re.compile(
    rf"(?P<prefix>{_PREFIX_FAST})(?P<body>{_PHONE_BODY})(?![0-9])(?![.,/-][0-9])"
)
_PHONE_BARE_RE = re.compile(
    r"(?P<body>[0-9](?<![0-9].)(?<![0-9][.,/-].)"
    r"(?:[0-9]{7}"
    r"|[0-9](?P<s1>[ .\-\u00a0])[0-9]{2}(?P=s1)[0-9]{2}(?P=s1)[0-9]{2}"
    r"|[0-9]{3}[ .\-\u00a0][0-9]{4}"
    r"|[0-9](?P<s2>[ .\-\u00a0])[0-9]{3}(?P=s2)[0-9]{3}"
    r"|[0-9]{2}(?P<s3>[ .\u00a0])[0-9]{2}(?P=s3)[0-9]{3}"
    r"|[0-9](?P<s4>[ .\-\u00a0])[0-9]{2}(?P=s4)[0-9]{4}"
    r"|[0-9]{3}(?P<s5>[ .\-\u00a0])[0-9]{2}(?P=s5)[0-9]{2}))"
    r"(?![0-9])(?![.,/-][0-9])"
)
_AMOUNT_AFTER = re.compile(
    r"\s*(?:kr\b|kr\.|kroner|dkk|,-|euro|€|%|procent|timer|stk)", re.IGNORECASE
)
_AMOUNT_BEFORE = re.compile(r"(?:kr\.?|dkk|beløb(?:et)?(?: på)?|betale|betalt)\s*$", re.IGNORECASE)
_YEARS_RE = re.compile(
    r"^(?:19|20)[0-9]{2}[ .\-\u00a0](?:(?:19|20)[0-9]{2}|[0-9]{2}[ .\-\u00a0][0-9]{2})$"
)
# An extension written after the number belongs to it: "45 88 12 34 lokal 212", ", lok. 23".
_PHONE_EXT_RE = re.compile(
    r",?[ \u00a0]*\(?(?i:lokal(?:nummer|nr\.?)?|lok\.|ext\.?|extension|ekst\.?|tast|direkte)"
    r"[ \u00a0]*:?[ \u00a0]*[0-9]{1,5}(?![0-9])\)?"
)
_PHONE_KEYWORD_RE = re.compile(r"(?:tlf|telefon|mobil|ring|nummer|nr)\W{0,3}\s*$", re.IGNORECASE)


def find_phone(text: str, digits_from: int = 0) -> list[Hit]:
    """Telephone numbers; ``digits_from``: no ASCII digit stands before this index."""
    hits: list[Hit] = []
    matches: list[re.Match[str]] = []
    if "45" in text:
        # A prefix match starts at most three characters before its first digit: "( +45".
        for m in _PHONE_PREFIXED_RE.finditer(text, max(0, digits_from - 3)):
            if m.group(0).startswith("00") and m.start() > 0 and text[m.start() - 1].isdigit():
                continue
            matches.append(m)
    matches += _PHONE_BARE_RE.finditer(text, digits_from)
    for m in matches:
        body = m.group("body")
        has_prefix = "prefix" in m.re.groupindex and m.group("prefix") is not None
        start, end = m.start(), m.end()
        before = text[max(0, start - 24) : start]
        keyword = _PHONE_KEYWORD_RE.search(before) is not None
        if not has_prefix and not keyword:
            if body[0] in "01":
                continue
            if _YEARS_RE.match(body):
                continue
        if not has_prefix and not keyword:
            if _AMOUNT_AFTER.match(text, end) or _AMOUNT_BEFORE.search(before):
                continue
        ext = _PHONE_EXT_RE.match(text, end)
        if ext is not None:
            end = ext.end()
        hits.append((start, end, "TELEFON"))
    return hits


# ---------------------------------------------------------------- e-mail
EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+'-]+\s?(?:@|\(at\)|\[at\])\s?[\w-]+(?:\s?\.\s?[\w-]+)*\.[A-Za-z]{2,}(?![\w])"
)


# From the "@" on: domain and top-level domain. The local part is found by walking back.
_EMAIL_AT_RE = re.compile(r"(?:@|\(at\)|\[at\])\s?[\w-]+(?:\s?\.\s?[\w-]+)*\.[A-Za-z]{2,}(?![\w])")
_EMAIL_ANCHOR_RE = re.compile(r"@|\(at\)|\[at\]")
_LOCAL_EXTRA = frozenset(".+'-_")


def find_email(text: str) -> list[Hit]:
    hits: list[Hit] = []
    last_end = 0
    for a in _EMAIL_ANCHOR_RE.finditer(text):
        at = a.start()
        if at < last_end:
            continue
        m = _EMAIL_AT_RE.match(text, at)
        if m is None:
            continue
        j = at
        if j > 0 and text[j - 1] == " ":
            j -= 1  # "anne.holm @mail.dk"
        k = j
        while k > 0 and (text[k - 1].isalnum() or text[k - 1] in _LOCAL_EXTRA) and j - k < 64:
            k -= 1
        if k == j:
            continue
        # The local part never starts with a dot or dash (mirrors EMAIL_RE's look-behind).
        while k < j and text[k] in ".+-":
            k += 1
        if k == j:
            continue
        hits.append((k, m.end(), "EMAIL"))
        last_end = m.end()
    return hits


# ---------------------------------------------------------------- case numbers
# KLE journal number: 27.12.04-G01-33-25 (anywhere).
KLE_RE = re.compile(
    r"[0-9](?<![\w.].)[0-9]\.[0-9]{2}(?:\.[0-9]{2})?[-\u2013\s]?[A-ZÆØÅ][0-9]{2}"
    r"[-\u2013 \u00a0][0-9]{1,6}[-\u2013 \u00a0][0-9]{2}(?![0-9])"
)
# After a keyword: any token of digits (with separators and letters) that holds ≥ 3 digits.
SAGSNR_KEYWORD_RE = re.compile(
    r"(?i)(?<![\w])(?:sags?\.?\s?n(?:r|ummer)(?:et)?|sag\s+nr|journal\s?n(?:r|ummer)(?:et)?|"
    r"j\.\s?nr|jr\.\s?nr|j\.\s?nummer|ref(?:erence)?(?:nummer|nr)?|reference|løbenummer|"
    r"løbenr|id-?nummer|klage-?nummer|klagenr|ansøgningsnummer|sags-id|sagsid)\.?"
    r"(?:\s*(?:er|var|nr\.?|number|no\.?))?\s*[:.#]?\s*"
    r"(?P<num>(?:[A-ZÆØÅ]{2,6}[ \u00a0](?=[0-9])|[A-Za-zÆØÅæøå]{1,6}[-/])?"
    r"[A-Za-z]{0,4}[0-9][0-9A-Za-z]*"
    r"(?:[./\-\u2013][0-9A-Za-z]+|[ \u00a0]?[/\-\u2013][ \u00a0]?[0-9][0-9A-Za-z]*)*)"
)
# Where a case-number keyword may start (found in the lower-cased text, see ``key_starts``).
_SAGSNR_KEYS = ("sag", "journal", "j.", "jr.", "ref", "løbe", "id", "klage", "ansøgningsnummer")
# Year-based case numbers anywhere: 2025-004512, 2024-33198.
YEARCASE_RE = re.compile(
    r"(?:19|20)(?<![\w.\-/]..)[0-9]{2}(?:-(?!(?:19|20)[0-9]{2}(?![0-9]))"
    r"(?:[0-9]{4,8}|[A-ZÆØÅ]{1,4}-[0-9]{3,8})(?:-[A-Z]{1,3})?|/[A-ZÆØÅ]{1,4}/[0-9]{3,8})(?![\w/])"
)
# Letters, year and serial: BYG-2023-04417, SOC-24-1177.
LETTERCASE_RE = re.compile(
    r"[A-ZÆØÅ](?<![\w.\-/].)[A-ZÆØÅ]{1,5}-(?:19|20)?[0-9]{2}-[0-9]{3,8}(?![\w/])"
)
# Weak keywords ("min sag 24-31877", "sagen (23-9912)", "lejemål 4471-02"): the number must look
# like a case number (digits with a separator, at least five digits in all).
WEAK_KEYWORD_RE = re.compile(
    r"(?i)(?<![\w])(?:sag|sagen|sagens|klagesag|klagesagen|byggesag|byggesagen|lejemål|lejemålet|"
    r"lejemålsnummer|kontrakt|kontraktnummer|faktura|fakturanummer|fakturanr|kundenummer|kundenr|"
    r"medlemsnummer|medlemsnr|policenummer|policenr|borgernummer|ansøgning|ansøgningen)"
    r"(?:\s+(?:nr\.?|nummer|er|var|har|med))?(?:\s+(?:nr\.?|nummer|nummeret))?\s*[:(#]?\s*"
    r"(?P<num>(?:[A-Za-zÆØÅæøå]{1,6}-)?[0-9]{2,}(?:[-/.][0-9A-Za-zÆØÅ]+)+|[0-9]{5,12})(?![\w])"
)
_DIGITS3_RE = re.compile(r"[0-9][^0-9\s]{0,8}[0-9][^0-9\s]{0,8}[0-9]")
_CASE_SHAPE_RE = re.compile(r"[0-9]{2}(?:[-/.][0-9A-Za-zÆØÅ]|[0-9]{3})")
_WEAK_KEYS = (
    "sag",
    "klagesag",
    "byggesag",
    "lejemål",
    "kontrakt",
    "faktura",
    "kunde",
    "medlem",
    "police",
    "borgernummer",
    "ansøgning",
)


def find_sagsnr(text: str, low: str | None = None, digits_from: int = 0) -> list[Hit]:
    """Case numbers; ``digits_from``: no ASCII digit stands before this index."""
    hits: list[Hit] = []
    for m in KLE_RE.finditer(text, digits_from):
        hits.append((m.start(), m.end(), "SAGSNR"))
    if _DIGITS3_RE.search(text, digits_from) is None:
        return hits  # every other case number holds three digits within one word
    if low is None:
        low = text.lower()
    if len(low) != len(text):
        low = text
    keyword_hits: list[re.Match[str]] = []
    last_end = 0
    for pos in key_starts(low, _SAGSNR_KEYS):
        if pos < last_end:
            continue
        km = SAGSNR_KEYWORD_RE.match(text, pos)
        if km is not None:
            keyword_hits.append(km)
            last_end = km.end()
    for m in keyword_hits:
        num = m.group("num")
        if sum(c.isdigit() for c in num) >= 3:
            end = m.end("num")
            while end > m.start("num") and text[end - 1] in ".-/":
                end -= 1
            hits.append((m.start("num"), end, "SAGSNR"))
    for m in YEARCASE_RE.finditer(text, digits_from):
        hits.append((m.start(), m.end(), "SAGSNR"))
    if "-" in text:
        # A match starts at most seven characters before its first digit: "BYGNIN-24-…".
        for m in LETTERCASE_RE.finditer(text, max(0, digits_from - 7)):
            hits.append((m.start(), m.end(), "SAGSNR"))
    last_end = 0
    weak = _CASE_SHAPE_RE.search(text, digits_from) is not None
    for pos in key_starts(low, _WEAK_KEYS) if weak else ():
        if pos < last_end:
            continue
        wm = WEAK_KEYWORD_RE.match(text, pos)
        if wm is None:
            continue
        last_end = wm.end()
        num = wm.group("num")
        digits = sum(c.isdigit() for c in num)
        if digits < 5 and not (digits >= 4 and "-" in num):
            continue
        if YEARS_ONLY_RE.fullmatch(num):
            continue
        dm = DATE_NUM_RE.fullmatch(num)
        if dm is not None and dm.group(5) is not None and valid_date(int(dm[1]), int(dm[3])):
            continue  # "ansøgningen 12/03/2024": a date (found by ``find_dates``)
        hits.append((wm.start("num"), wm.end("num"), "SAGSNR"))
    return with_labels(text, hits)


# "2019-2020", "2024", "1.000.000": years and amounts after "sagen" are no case numbers.
YEARS_ONLY_RE = re.compile(
    r"(?:19|20)[0-9]{2}(?:[-/](?:19|20)?[0-9]{2})?|[0-9]{1,3}(?:\.[0-9]{3})+"
)


# ---------------------------------------------------------------- dates
_MONTHS = (
    "(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|"
    "january|february|march|may|june|july|october)\\b|"
    "(?:jan|feb|febr|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec)\\b\\.?"
)
# Full month names only ("den fjerde jul" is Christmas, not July).
_MONTHS_FULL = "januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december"
_ORDINAL = r"(?:\.|ste|nde|den|dje|die|de|te|th|st|nd|rd)?"
# "1. og 2. juni", "14.-16. marts": the first day of a range.
DATE_RANGE_RE = re.compile(
    rf"(?i)([0-9](?<![0-9.,].)(?:(?<=[0-3])[0-9])?){_ORDINAL}\s?(?:og|-|–|til|eller)\s?[0-3]?[0-9]{_ORDINAL}\s?(?:{_MONTHS})"
)
# English order: "March 3rd", "may 5 2025"
# Run on the lower-cased text (a literal first lets the engine skip ahead); the word start is
# checked in Python.
_DATE_EN_LOW_RE = re.compile(
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"\s([0-3]?[0-9])(?:st|nd|rd|th)?(?![0-9])(?:,?\s(?:19|20)[0-9]{2}(?![0-9]))?"
)
DATE_EN_RE = re.compile(
    r"(?i)\b(?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"\s([0-3]?[0-9])(?:st|nd|rd|th)?(?![0-9])(?:,?\s(?:19|20)[0-9]{2}(?![0-9]))?"
)
# 3. februar, 21. august 2015, 3 feb., den 1.maj
DATE_WORD_RE = re.compile(
    rf"(?i)([0-9](?<![0-9.,].)(?:(?<=[0-3])[0-9])?){_ORDINAL}\s?(?:{_MONTHS})(?:\s?(?:19|20)[0-9]{{2}}(?![0-9])|\s?'[0-9]{{2}}(?![0-9]))?"
)
# 03.02.2025, 3/2-25, 3-2-2025, 12.06.2011, 2025-02-03
DATE_NUM_RE = re.compile(
    r"([0-9](?<![0-9,/-].)(?<![0-9]\..)(?:(?<=[0-3])[0-9])?)([./-])([01]?[0-9])(?:([./-])((?:19|20)?[0-9]{2}))?"
    r"(?![0-9])(?![.,/-][0-9])"
)
DATE_ISO_RE = re.compile(r"((?:19|20)(?<![0-9.,/-]..)[0-9]{2})-([01][0-9])-([0-3][0-9])(?![0-9])")
_DATE_CUE_RE = re.compile(
    r"(?i)(?:\bd\.|\bden|\bfra|\btil|\bsiden|\bfør|\befter|\bom|\bpr\.|\bper|\bi\s+dag|dag|dato|"
    r"født|\bindtil|\bmødet|\bmøde|dateret|modtaget|sendt|skrevet|\bbrev|\bbrevet)\s*$"
)
_FRACTION_AFTER_RE = re.compile(
    r"\s*(?:af|dele?|del|time|timer|dagen|dage|døgn|uger?|måneder|mdr|år|gange?|kr|kroner|procent|%|"
    r"point|km|meter|m|minutter|min|personer|børn|mennesker|klasse|years?|days?|weeks?|months?|hours?|times)(?![\w])",
    re.IGNORECASE,
)
_CLOCK_BEFORE_RE = re.compile(r"(?i)(?:\bkl\.?|\bklokken|\bkvart over|\bhalv)\s*$")


def _has_month_key(low: str) -> bool:
    """Whether a month (abbreviation) occurs in ``low``, which every month date needs (plain
    substring tests: faster than a regex search for the alternation)."""
    return (
        "mar" in low
        or "maj" in low
        or "jan" in low
        or "feb" in low
        or "apr" in low
        or "may" in low
        or "jun" in low
        or "jul" in low
        or "aug" in low
        or "sep" in low
        or "okt" in low
        or "oct" in low
        or "nov" in low
        or "dec" in low
    )


_NUMDATE_PRE_RE = re.compile(r"[0-9][./-][0-9]")


_WEEKDAYS = "mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag"
# "mandag den 4. marts", "fredag d. 3/2": the weekday belongs to the date.
_WEEKDAY_BEFORE_RE = re.compile(rf"(?i:{_WEEKDAYS})(?:en)?[ \u00a0]+(?:(?:den|d\.)[ \u00a0]*)?\Z")
# A day without a month: "den 3.", "d. 17." (the month is understood).
_DAY_ONLY_RE = re.compile(r"([1-9])(?<![0-9.,].)([0-9]?)\.(?![0-9])")
_DAY_CUE_BEFORE_RE = re.compile(r"(?:^|[^\w])(?i:den|d\.)[ \u00a0]?\Z")
_DAY_CONTEXT_BEFORE_RE = re.compile(
    rf"(?i:(?:{_WEEKDAYS})(?:en)?|i\s+går|i\s+dag|i\s+morgen|i\s+forgårs|i\s+overmorgen|"
    r"fra|til|siden|indtil|inden|før|efter|senest|om|på|mødet|møde|dato(?:en)?)"
    r"[ \u00a0]+(?:den|d\.)[ \u00a0]?\Z"
)
_DAY_CONTEXT_AFTER_RE = re.compile(
    r"(?:[ \u00a0]*(?:[,;:!?)]|\Z|\.|-|–)"
    r"|[ \u00a0]+(?:og|eller|til|kl\.?|klokken|om\s+(?:morgenen|formiddagen|eftermiddagen|aftenen)|"
    # a pronoun or finite verb next: "den 3. ringede jeg", "den 4. fik vi svar" (an ordinal
    # before a noun, "den 3. gang", stays)
    r"jeg|han|hun|vi|de|du|man|fik|kom|var|blev|ringede|skrev|sendte|havde|har|skulle|kunne|"
    r"ville|gik|modtog|mødtes|holdt|men|hvor|da|så|uden|efter|før|fordi|selvom|hvilket|"
    r"også|igen|ikke|sammen|om\s+aftenen|om\s+natten|blev|fra|"
    r"i\s+(?:denne|næste|sidste|den)\s+måned|denne\s+måned|næste\s+måned|sidste\s+måned)"
    r"(?![\w])"
    r"|[ \u00a0]+[A-ZÆØÅ])"
)


def find_dates(text: str, low: str | None = None, digits_from: int = 0) -> list[Hit]:
    """Dates; ``digits_from``: no ASCII digit stands before this index."""
    hits: list[Hit] = []
    if low is None:
        low = text.lower()
    if _has_month_key(low):
        hits += _find_month_dates(text, low, digits_from)
    if _NUMDATE_PRE_RE.search(text, digits_from) is not None:
        hits += _find_numeric_dates(text, digits_from)
    if "." in text:
        hits += _find_day_only(text, digits_from)
    if len(low) == len(text) and ("den " in low or "d. " in low):
        hits += _find_day_no_dot(text, low, digits_from)
    if hits:
        # "d. 22/5", "den 3. marts": the "d."/"den" before a date belongs to it.
        out_: list[Hit] = []
        for start, end, kind in hits:
            d = _DEN_BEFORE_RE.search(text, max(0, start - 5), start)
            out_.append((d.start() if d is not None else start, end, kind))
        hits = out_
    if len(hits) > 1:
        hits = _join_ranges(text, hits)
    if hits and ("dag" in text or "DAG" in text):
        out: list[Hit] = []
        for start, end, kind in hits:
            w = _WEEKDAY_BEFORE_RE.search(text, max(0, start - 24), start)
            out.append((w.start() if w is not None else start, end, kind))
        hits = out
    return hits


_DEN_BEFORE_RE = re.compile(r"(?<![\w])(?i:den[ \u00a0]?|d\.[ \u00a0]?|d[ \u00a0])\Z")
# A day without a month or a dot: "møde den 14 og den 21.", "fra d. 5 til d. 9".
_DAY_NO_DOT_RE = re.compile(
    r"(?:den|d\.)[ \u00a0]([1-9][0-9]?)(?:ste|nde|dje|ende|te|de)?(?![0-9.,/:-])(?![^\W\d_])"
)
_DAY_NO_DOT_AFTER_RE = re.compile(
    r"[ \u00a0]*(?:[,;!?)]|\Z|\.(?![0-9]))"
    r"|[ \u00a0]+(?:og|eller|til|kl\.?|klokken|om\s+(?:morgenen|formiddagen|eftermiddagen|aftenen)|"
    r"jeg|han|hun|vi|de|men|hvor|da)(?![\w])"
)


def _find_day_no_dot(text: str, low: str, digits_from: int = 0) -> list[Hit]:
    """Run on the lower-cased text (same length), so the literal "d" lets the engine skip ahead;
    a match starts at most four characters before its digit ("den 5")."""
    hits: list[Hit] = []
    for m in _DAY_NO_DOT_RE.finditer(low, max(0, digits_from - 4)):
        start, after = m.start(), m.end()
        if start > 0 and (low[start - 1].isalnum() or low[start - 1] == "_"):
            continue
        if not 1 <= int(m.group(1)) <= 31:
            continue
        strong = _DAY_CONTEXT_BEFORE_RE.search(text, max(0, m.start(1) - 36), m.start(1))
        if _FRACTION_AFTER_RE.match(text, after) or _MONTH_AFTER_RE.match(text, after):
            continue
        if strong is None and _DAY_NO_DOT_AFTER_RE.match(text, after) is None:
            continue
        hits.append((start, after, "DATO"))
    return hits


_RANGE_GAPS = frozenset((" til ", "-", " - ", "–", " – ", " og ", " eller "))


def _join_ranges(text: str, hits: list[Hit]) -> list[Hit]:
    """ "fra 5/8 til 5/9", "3.-5. maj": two dates joined by "til"/"-" are one span."""
    hits = sorted(hits)
    out = [hits[0]]
    for start, end, kind in hits[1:]:
        p_start, p_end, p_kind = out[-1]
        gap = text[p_end:start] if 0 <= start - p_end <= 7 else ""
        if p_kind == kind == "DATO" and gap in _RANGE_GAPS:
            out[-1] = (p_start, max(p_end, end), kind)
        else:
            out.append((start, end, kind))
    return out


def _find_day_only(text: str, digits_from: int = 0) -> list[Hit]:
    """ "mandag den 3.", "i går den 4.", "den 3. kl. 10", "fra den 3. til den 5." """
    hits: list[Hit] = []
    for m in _DAY_ONLY_RE.finditer(text, digits_from):
        day = int(m.group(1) + m.group(2))
        if not 1 <= day <= 31:
            continue
        start = m.start()
        cue = _DAY_CUE_BEFORE_RE.search(text, max(0, start - 5), start)
        if cue is None:
            continue
        after = m.end()
        if _MONTH_AFTER_RE.match(text, after) or _RECURRING_AFTER_RE.match(text, after):
            continue  # "den 3. februar" (found above); "den 3. i måneden" (every month)
        strong = _DAY_CONTEXT_BEFORE_RE.search(text, max(0, start - 30), start) is not None
        if not strong:
            if _FRACTION_AFTER_RE.match(text, after):
                continue
            if _DAY_CONTEXT_AFTER_RE.match(text, after) is None:
                continue
        first = cue.start()
        if not text[first].isalpha():
            first += 1
        hits.append((first, m.end(), "DATO"))
    return hits


_RECURRING_AFTER_RE = re.compile(
    r"[ \u00a0]+(?:i\s+måneden|hver\s+måned|i\s+hver\s+måned|i\s+træk|i\s+rækken)"
)
_MONTH_AFTER_RE = re.compile(rf"\s?(?i:{_MONTHS})")


# A day written as an ordinal word: "den første marts", "d. enogtyvende juni".
_ORDINAL_WORDS = (
    "første|anden|andet|tredje|fjerde|femte|sjette|syvende|ottende|niende|tiende|ellevte|"
    "tolvte|trettende|fjortende|femtende|sekstende|syttende|attende|nittende|tyvende|"
    "(?:en|to|tre|fire|fem|seks|syv|otte|ni)ogtyvende|tredivte|enogtredivte"
)
_DATE_ORDWORD_LOW_RE = re.compile(
    rf"(?:den|d\.)[ \u00a0]+(?:{_ORDINAL_WORDS})[ \u00a0]+(?:{_MONTHS_FULL})(?![\w])"
)


def find_ordinal_word_dates(text: str, low: str) -> list[Hit]:
    """ "den første marts": a date without digits (run on the lower-cased text, same length)."""
    hits: list[Hit] = []
    if len(low) != len(text):
        return hits
    for m in _DATE_ORDWORD_LOW_RE.finditer(low):
        if m.start() == 0 or not low[m.start() - 1].isalnum():
            hits.append((m.start(), m.end(), "DATO"))
    return hits


def _find_month_dates(text: str, low: str, digits_from: int = 0) -> list[Hit]:
    hits: list[Hit] = find_ordinal_word_dates(text, low)
    for m in DATE_WORD_RE.finditer(text, digits_from):
        day = int(m.group(1))
        if 1 <= day <= 31:
            end = m.end()
            hits.append((m.start(), end, "DATO"))
    for m in DATE_RANGE_RE.finditer(text, digits_from):
        if 1 <= int(m.group(1)) <= 31:
            hits.append((m.start(), m.end(), "DATO"))
    if len(low) != len(text):
        low = text  # a lower-cased letter changed length: fall back to the original text
    # The month name (at most nine letters) and a space stand before the day's first digit.
    for m in _DATE_EN_LOW_RE.finditer(low, max(0, digits_from - 10)):
        st = m.start()
        if st > 0 and (low[st - 1].isalnum() or low[st - 1] == "_"):
            continue
        if text.startswith("may", st) or _FRACTION_AFTER_RE.match(text, m.end()):
            continue
        if 1 <= int(m.group(1)) <= 31:
            hits.append((m.start(), m.end(), "DATO"))
    return hits


def _find_numeric_dates(text: str, digits_from: int = 0) -> list[Hit]:
    hits: list[Hit] = []
    for m in DATE_ISO_RE.finditer(text, digits_from):
        if valid_date(int(m.group(3)), int(m.group(2))):
            hits.append((m.start(), m.end(), "DATO"))
    for m in DATE_NUM_RE.finditer(text, digits_from):
        day, sep, month = int(m.group(1)), m.group(2), int(m.group(3))
        # "31/2": a day the month lacks is still a date written with a slash (a slip of the pen).
        if not valid_date(day, month) and not (sep == "/" and 1 <= month <= 12 and 1 <= day <= 31):
            continue
        if m.group(5) is not None:
            hits.append((m.start(), m.end(), "DATO"))
            continue
        # Day and month only: "14/3", "d. 14.3", "3-2". Guard against fractions, decimals, scores.
        before = text[max(0, m.start() - 12) : m.start()]
        if _CLOCK_BEFORE_RE.search(before) or _FRACTION_AFTER_RE.match(text, m.end()):
            continue
        cue = _DATE_CUE_RE.search(before) is not None or (
            sep == "."
            and m.group(4) is None
            and text.startswith(".", m.end())
            and _SECTION_BEFORE_RE.search(before) is None
        )
        if sep == "/":
            if (day, month) == (24, 7):
                continue
            if not cue and day < month and month <= 4:
                continue
            if not cue and _rating(text, m, day, month):
                continue
            hits.append((m.start(), m.end(), "DATO"))
        elif cue:
            if sep == "-" and day < month and _WEEKDAY_END_RE.search(before) is not None:
                continue  # "tirsdag og torsdag 9-11": opening hours, not 9 November
            hits.append((m.start(), m.end(), "DATO"))
    return hits


# "§ 3.12.", "afsnit 3.12.": section numbers, not dates.
_SECTION_BEFORE_RE = re.compile(
    r"(?i:§|kap\.?|kapitel|afsnit|punkt|pkt\.?|version|side|s\.)[ \u00a0]*\Z"
)
_WEEKDAY_END_RE = re.compile(rf"(?i:{_WEEKDAYS})[ \u00a0]*\Z")
_RATING_AFTER_RE = re.compile(r"[ \u00a0]*(?:[.!]|\Z|(?i:stjerner|point)(?![\w]))")


def _rating(text: str, m: re.Match[str], day: int, month: int) -> bool:
    """ "Tak til Mikala. 10/10.": a score out of ten standing alone, not 10 October."""
    if month != 10 or day > 10 or m.group(4) is not None:
        return False
    head = text[: m.start()].rstrip(" \u00a0")
    if head and head[-1] not in ".!?\n":
        return False
    return _RATING_AFTER_RE.match(text, m.end()) is not None
