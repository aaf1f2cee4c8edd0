"""Number-shaped PII: CPR, telephone, e-mail, case numbers (SAGSNR) and dates (DATO)."""

from __future__ import annotations

import re

from analysis.pii import Hit

# Separators accepted inside a CPR number: dash, en/em dash, (non-breaking) space.
_CPR_SEP = "[-\u2010\u2011\u2012\u2013\u2014 \u00a0\u202f]"
CPR_RE = re.compile(
    rf"(?<![0-9])([0-3][0-9])([01][0-9])([0-9]{{2}}){_CPR_SEP}?([0-9])[0-9]{{3}}(?![0-9])"
)
# Dotted birth date + serial: 04.05.78-2213
CPR_DOTTED_RE = re.compile(
    rf"(?<![0-9])([0-3][0-9])[./]([01][0-9])[./]([0-9]{{2}}){_CPR_SEP}([0-9])[0-9]{{3}}(?![0-9])"
)
# After an explicit keyword any ten digits count, even with an impossible date.
CPR_KEYWORD_RE = re.compile(
    rf"(?i)(?:cpr|personnummer|personnr|person-nr)[\w.\- ]{{0,12}}?[:.]?\s*"
    rf"(?<![0-9])([0-9]{{6}}{_CPR_SEP}?[0-9]{{4}})(?![0-9])"
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


def find_cpr(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for m in CPR_RE.finditer(text):
        if is_valid_cpr_digits(m.group(1), m.group(2), m.group(3), m.group(4)):
            hits.append((m.start(), m.end(), "CPR"))
    for m in CPR_DOTTED_RE.finditer(text):
        if is_valid_cpr_digits(m.group(1), m.group(2), m.group(3), m.group(4)):
            hits.append((m.start(), m.end(), "CPR"))
    for m in CPR_KEYWORD_RE.finditer(text):
        hits.append((m.start(1), m.end(1), "CPR"))
    return hits


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
_AMOUNT_AFTER = re.compile(
    r"\s*(?:kr\b|kr\.|kroner|dkk|,-|euro|€|%|procent|timer|stk)", re.IGNORECASE
)
_AMOUNT_BEFORE = re.compile(r"(?:kr\.?|dkk|beløb(?:et)?(?: på)?|betale|betalt)\s*$", re.IGNORECASE)
_YEARS_RE = re.compile(
    r"^(?:19|20)[0-9]{2}[ .\-\u00a0](?:(?:19|20)[0-9]{2}|[0-9]{2}[ .\-\u00a0][0-9]{2})$"
)
_PHONE_KEYWORD_RE = re.compile(r"(?:tlf|telefon|mobil|ring|nummer|nr)\W{0,3}\s*$", re.IGNORECASE)


def find_phone(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for m in PHONE_RE.finditer(text):
        body = m.group("body")
        has_prefix = m.group("prefix") is not None
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
        hits.append((start, end, "TELEFON"))
    return hits


# ---------------------------------------------------------------- e-mail
EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+'-]+\s?(?:@|\(at\)|\[at\])\s?[\w-]+(?:\s?\.\s?[\w-]+)*\.[A-Za-z]{2,}(?![\w])"
)


def find_email(text: str) -> list[Hit]:
    return [(m.start(), m.end(), "EMAIL") for m in EMAIL_RE.finditer(text)]


# ---------------------------------------------------------------- case numbers
# KLE journal number: 27.12.04-G01-33-25 (anywhere).
KLE_RE = re.compile(
    r"(?<![\w.])[0-9]{2}\.[0-9]{2}(?:\.[0-9]{2})?[-\u2013\s]?[A-ZÆØÅ][0-9]{2}[-\u2013][0-9]{1,6}[-\u2013][0-9]{2}(?![0-9])"
)
# After a keyword: any token of digits (with separators and letters) that holds ≥ 3 digits.
SAGSNR_KEYWORD_RE = re.compile(
    r"(?i)(?<![\w])(?:sags?\.?\s?n(?:r|ummer)(?:et)?|sag\s+nr|journal\s?n(?:r|ummer)(?:et)?|"
    r"j\.\s?nr|jr\.\s?nr|j\.\s?nummer|ref(?:erence)?(?:nummer|nr)?|reference|løbenummer|"
    r"løbenr|id-?nummer|klage-?nummer|klagenr|ansøgningsnummer|sags-id|sagsid)\.?"
    r"(?:\s*(?:er|var|nr\.?|number|no\.?))?\s*[:.#]?\s*"
    r"(?P<num>[A-Za-z]{0,4}[0-9][0-9A-Za-z]*(?:[./\-\u2013][0-9A-Za-z]+)*)"
)
# Year-based case numbers anywhere: 2025-004512, 2024-33198.
YEARCASE_RE = re.compile(
    r"(?<![\w.\-/])(?:19|20)[0-9]{2}-(?!(?:19|20)[0-9]{2}(?![0-9]))[0-9]{4,8}(?:-[A-Z]{1,3})?(?![\w/])"
)


def find_sagsnr(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for m in KLE_RE.finditer(text):
        hits.append((m.start(), m.end(), "SAGSNR"))
    for m in SAGSNR_KEYWORD_RE.finditer(text):
        num = m.group("num")
        if sum(c.isdigit() for c in num) >= 3:
            end = m.end("num")
            while end > m.start("num") and text[end - 1] in ".-/":
                end -= 1
            hits.append((m.start("num"), end, "SAGSNR"))
    for m in YEARCASE_RE.finditer(text):
        hits.append((m.start(), m.end(), "SAGSNR"))
    return hits


# ---------------------------------------------------------------- dates
_MONTHS = (
    "(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|"
    "january|february|march|may|june|july|october)\\b|"
    "(?:jan|feb|febr|mar|apr|jun|jul|aug|sep|sept|okt|oct|nov|dec)\\b\\.?"
)
_ORDINAL = r"(?:\.|ste|nde|den|dje|die|de|te|th|st|nd|rd)?"
# "1. og 2. juni", "14.-16. marts": the first day of a range.
DATE_RANGE_RE = re.compile(
    rf"(?i)(?<![0-9.,])([0-3]?[0-9]){_ORDINAL}\s?(?:og|-|–|til|eller)\s?[0-3]?[0-9]{_ORDINAL}\s?(?:{_MONTHS})"
)
# English order: "March 3rd", "may 5 2025"
DATE_EN_RE = re.compile(
    r"(?i)\b(?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"\s([0-3]?[0-9])(?:st|nd|rd|th)?(?![0-9])(?:,?\s(?:19|20)[0-9]{2}(?![0-9]))?"
)
# 3. februar, 21. august 2015, 3 feb., den 1.maj
DATE_WORD_RE = re.compile(
    rf"(?i)(?<![0-9.,])([0-3]?[0-9]){_ORDINAL}\s?(?:{_MONTHS})(?:\s?(?:19|20)[0-9]{{2}}(?![0-9])|\s?'[0-9]{{2}}(?![0-9]))?"
)
# 03.02.2025, 3/2-25, 3-2-2025, 12.06.2011, 2025-02-03
DATE_NUM_RE = re.compile(
    r"(?<![0-9.,/-])([0-3]?[0-9])([./-])([01]?[0-9])(?:([./-])((?:19|20)?[0-9]{2}))?(?![0-9])(?![.,/-][0-9])"
)
DATE_ISO_RE = re.compile(r"(?<![0-9.,/-])((?:19|20)[0-9]{2})-([01][0-9])-([0-3][0-9])(?![0-9])")
_DATE_CUE_RE = re.compile(
    r"(?i)(?:\bd\.|\bden|\bfra|\btil|\bsiden|\bfør|\befter|\bom|\bpr\.|\bper|\bi\s+dag|dag|dato|"
    r"født|\bindtil|\bmødet|\bmøde)\s*$"
)
_FRACTION_AFTER_RE = re.compile(
    r"\s*(?:af|dele?|del|time|timer|dagen|dage|døgn|uger?|måneder|mdr|år|gange?|kr|kroner|procent|%|"
    r"point|km|meter|m|minutter|min|personer|børn|mennesker|klasse|years?|days?|weeks?|months?|hours?|times)(?![\w])",
    re.IGNORECASE,
)
_CLOCK_BEFORE_RE = re.compile(r"(?i)(?:\bkl\.?|\bklokken|\bkvart over|\bhalv)\s*$")


_MONTH_PRE_RE = re.compile(r"jan|feb|mar|apr|maj|may|jun|jul|aug|sep|okt|oct|nov|dec")
_NUMDATE_PRE_RE = re.compile(r"[0-9][./-][0-9]")


def find_dates(text: str) -> list[Hit]:
    hits: list[Hit] = []
    if _MONTH_PRE_RE.search(text.lower()) is not None:
        hits += _find_month_dates(text)
    if _NUMDATE_PRE_RE.search(text) is not None:
        hits += _find_numeric_dates(text)
    return hits


def _find_month_dates(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for m in DATE_WORD_RE.finditer(text):
        day = int(m.group(1))
        if 1 <= day <= 31:
            end = m.end()
            hits.append((m.start(), end, "DATO"))
    for m in DATE_RANGE_RE.finditer(text):
        if 1 <= int(m.group(1)) <= 31:
            hits.append((m.start(), m.end(), "DATO"))
    for m in DATE_EN_RE.finditer(text):
        if m.group(0).startswith("may") or _FRACTION_AFTER_RE.match(text, m.end()):
            continue
        if 1 <= int(m.group(1)) <= 31:
            hits.append((m.start(), m.end(), "DATO"))
    return hits


def _find_numeric_dates(text: str) -> list[Hit]:
    hits: list[Hit] = []
    for m in DATE_ISO_RE.finditer(text):
        if valid_date(int(m.group(3)), int(m.group(2))):
            hits.append((m.start(), m.end(), "DATO"))
    for m in DATE_NUM_RE.finditer(text):
        day, sep, month = int(m.group(1)), m.group(2), int(m.group(3))
        if not valid_date(day, month):
            continue
        if m.group(5) is not None:
            hits.append((m.start(), m.end(), "DATO"))
            continue
        # Day and month only: "14/3", "d. 14.3", "3-2". Guard against fractions, decimals, scores.
        before = text[max(0, m.start() - 12) : m.start()]
        if _CLOCK_BEFORE_RE.search(before) or _FRACTION_AFTER_RE.match(text, m.end()):
            continue
        cue = _DATE_CUE_RE.search(before) is not None
        if sep == "/":
            if (day, month) == (24, 7):
                continue
            if not cue and day < month and month <= 4:
                continue
            hits.append((m.start(), m.end(), "DATO"))
        elif cue:
            hits.append((m.start(), m.end(), "DATO"))
    return hits
