"""Read one evidence value as people write it in Vietnamese offices.

"93,81%", "1.343", "25/01/2024", "ngày 25 tháng 01 năm 2024", "Có", "Không áp dụng"
all become typed values. A value that cannot be read raises `ValueProblem` with a
message code; the caller turns it into a finding (never a crash).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .textclean import shorten


class ValueProblem(Exception):
    """A value that cannot be read as its declared type; `code` keys messages.CATALOGUE."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: Nothing was entered.
BLANK = _Marker("BLANK")
#: "Không áp dụng" was entered.
NOT_APPLICABLE = _Marker("NOT_APPLICABLE")
#: "Không" entered for a date or document: the document does not exist (not "unknown").
ABSENT = _Marker("ABSENT")


@dataclass(frozen=True)
class DocumentRef:
    """A cited document (tài liệu kiểm chứng): number, date, title, section/page."""

    text: str
    number: str | None = None
    date: dt.date | None = None


def fold(text: str) -> str:
    """Lower-case, strip diacritics and collapse spaces: for lenient matching only."""
    text = unicodedata.normalize("NFD", text.strip().lower()).replace("đ", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    return re.sub(r"\s+", " ", text)


_NA_WORDS = {"khong ap dung", "kad", "k/a/d", "n/a", "na", "khong ap dung (kad)"}
_YES_WORDS = {"co", "x", "yes", "true", "dat", "da", "da ban hanh", "da thuc hien", "1", "v", "✓", "✔"}
_NO_WORDS = {"khong", "no", "false", "chua", "khong dat", "chua ban hanh", "chua thuc hien", "0"}
_FORMULA_START = ("=", "+", "@")


#: What Excel shows in a cell whose formula failed (and what a reader gets for it): never a
#: document, a number or a date, even though it is text.
EXCEL_ERRORS = frozenset({
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!",
    "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#PYTHON!", "#EXTERNAL!",
})

#: Numbers people enter here (counts, percents, amounts) stay far below this; Excel keeps
#: 15 significant digits, and beyond 10^308 a number is not even a float.
MAX_INTEGER_DIGITS = 15
#: A float computed by a formula prints with up to ~17 significant digits and an exponent.
MAX_NUMBER_TEXT = 40


def is_excel_error(raw: Any) -> bool:
    """An Excel error value (#REF!, #N/A, …) as a cell or Office.js reports it."""
    return isinstance(raw, str) and 3 <= len(raw) <= 20 and raw.strip().upper() in EXCEL_ERRORS


def refuse_excel_error(raw: Any) -> None:
    if is_excel_error(raw):
        raise ValueProblem("excel_error_value", value=raw.strip().upper())


def is_not_applicable(raw: Any) -> bool:
    return isinstance(raw, str) and len(raw) <= 24 and fold(raw) in _NA_WORDS


def looks_like_formula(text: str) -> bool:
    """Text that a spreadsheet would run as a formula ("=", "+", "@", or "-" glued to a term).

    A dash followed by a space is the usual Vietnamese list bullet and is allowed.
    """
    s = text.lstrip()
    if not s:
        return False
    if s.startswith(_FORMULA_START):
        return True
    return s.startswith("-") and len(s) > 1 and not s[1].isspace() and not _NUMBER_RE.match(s)


def clean_text(raw: Any) -> str:
    """Normalise a text value (NFC, non-breaking spaces, trimmed)."""
    text = unicodedata.normalize("NFC", raw if isinstance(raw, str) else _plain_text(raw)).replace("\u00a0", " ").replace("\u200b", "")
    return re.sub(r"[ \t]+", " ", text).strip()


# ---------------------------------------------------------------- numbers

# ASCII digits only: «١٠٠» or «１００» are not numbers here, even though Python's \d and
# Decimal() would read them as 100.
_NUMBER_RE = re.compile(r"^[+-]?([0-9][0-9.,\s]*)?[0-9]([.,][0-9]+)?$|^[+-]?[0-9]+$")
_VN_THOUSANDS = re.compile(r"^[1-9][0-9]{0,2}(\.[0-9]{3})+$")
_EN_THOUSANDS = re.compile(r"^[1-9][0-9]{0,2}(,[0-9]{3})+$")
_ASCII_DIGITS = frozenset("0123456789")


def parse_decimal(raw: Any) -> Decimal:
    """A number in Vietnamese or international notation.

    Comma is the Vietnamese decimal separator ("98,4"); dot groups thousands when it
    splits the digits in threes ("1.343"); with both, the last one is the decimal mark.
    Only the digits 0-9 count, and a number must stay within what a spreadsheet holds
    (MAX_INTEGER_DIGITS before the decimal mark).
    """
    if isinstance(raw, bool):
        raise ValueProblem("not_a_number", value=str(raw))
    if isinstance(raw, int):
        return _bounded(Decimal(raw), raw)
    if isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise ValueProblem("not_a_number", value=str(raw))
        return _bounded(Decimal(repr(raw)), raw)
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise ValueProblem("not_a_number", value=str(raw))
        return _bounded(raw, raw)
    refuse_excel_error(raw)
    text = clean_text(raw).replace(" ", "")
    if len(text) > MAX_NUMBER_TEXT and set(text) <= _ASCII_DIGITS | set(".,+-"):
        raise ValueProblem("number_too_large", value=_show(raw), digits=MAX_INTEGER_DIGITS)
    sign = ""
    if text and text[0] in "+-":
        sign, text = text[0], text[1:]
    if not text or not set(text) <= _ASCII_DIGITS | {".", ","} or text[0] not in _ASCII_DIGITS \
            or text[-1] not in _ASCII_DIGITS:
        if any(ch.isdecimal() and ch not in _ASCII_DIGITS for ch in text):
            raise ValueProblem("non_ascii_digits", value=_show(raw))
        raise ValueProblem("not_a_number", value=_show(raw))
    if "." in text and "," in text:
        decimal_mark = "." if text.rfind(".") > text.rfind(",") else ","
        group_mark = "," if decimal_mark == "." else "."
        if text.count(decimal_mark) > 1:
            raise ValueProblem("not_a_number", value=_show(raw))
        text = text.replace(group_mark, "").replace(decimal_mark, ".")
    elif "," in text:
        # Vietnamese decimal comma, unless it is clearly an English thousands group
        # of more than one group ("1,343,000"); a single "1,343" stays 1.343 (decimal).
        if text.count(",") > 1:
            if not _EN_THOUSANDS.match(text):
                raise ValueProblem("not_a_number", value=_show(raw))
            text = text.replace(",", "")
        else:
            text = text.replace(",", ".")
    elif "." in text:
        if _VN_THOUSANDS.match(text) and (text.count(".") > 1 or len(text.split(".")[1]) == 3):
            text = text.replace(".", "")
        elif text.count(".") > 1:
            raise ValueProblem("not_a_number", value=_show(raw))
    try:
        return _bounded(Decimal(sign + text), raw)
    except InvalidOperation as exc:  # pragma: no cover - guarded by the checks above
        raise ValueProblem("not_a_number", value=_show(raw)) from exc


def _bounded(number: Decimal, raw: Any) -> Decimal:
    """`number`, unless it has more digits than a spreadsheet keeps (then a value problem)."""
    if number and (number.adjusted() >= MAX_INTEGER_DIGITS or len(number.as_tuple().digits) > MAX_NUMBER_TEXT):
        raise ValueProblem("number_too_large", value=_show(raw), digits=MAX_INTEGER_DIGITS)
    return number


def parse_count(raw: Any) -> int:
    """A whole number ≥ 0 (số lượng)."""
    number = parse_decimal(raw)
    if number != number.to_integral_value():
        raise ValueProblem("not_whole", value=_show(raw))
    if number < 0:
        raise ValueProblem("negative", value=_show(raw))
    return int(number)


def parse_percent(raw: Any) -> Decimal:
    """A percentage 0–100; "93,81%", "93.81 %", 93.81 all give Decimal("93.81")."""
    refuse_excel_error(raw)
    text = raw
    if isinstance(raw, str):
        text = clean_text(raw)
        if text.endswith("%"):
            text = text[:-1].strip()
    try:
        number = parse_decimal(text)
    except ValueProblem as exc:
        if exc.code in ("number_too_large", "non_ascii_digits"):
            raise ValueProblem(exc.code, **{**exc.params, "value": _show(raw)}) from exc
        raise ValueProblem("not_a_percent", value=_show(raw)) from exc
    if number < 0 or number > 100:
        raise ValueProblem("percent_out_of_range", value=_show(raw))
    return number


# ---------------------------------------------------------------- dates

_DMY = re.compile(r"^([0-9]{1,2})\s*[/.\-]\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{2}|[0-9]{4})$")
_YMD = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:[T ].*)?$")
_WORDS = re.compile(r"^(?:ngay\s*)?([0-9]{1,2})\s*thang\s*([0-9]{1,2})\s*nam\s*([0-9]{4})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(raw: Any) -> dt.date:
    """A calendar date, day first as written in Vietnam ("25/01/2024", "25/1/24")."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if 20000 <= raw <= 80000 and float(raw).is_integer():  # an Excel serial date
            return _EXCEL_EPOCH + dt.timedelta(days=int(raw))
        raise ValueProblem("not_a_date", value=_show(raw))
    refuse_excel_error(raw)
    text = fold(clean_text(raw)).replace(",", "")
    for pattern, order in ((_DMY, "dmy"), (_YMD, "ymd"), (_WORDS, "dmy")):
        m = pattern.match(text)
        if m:
            a, b, c = (int(g) for g in m.groups())
            day, month, year = (a, b, c) if order == "dmy" else (c, b, a)
            if year < 100:
                year += 2000
            try:
                return dt.date(year, month, day)
            except ValueError as exc:
                raise ValueProblem("impossible_date", value=_show(raw)) from exc
    if any(ch.isdecimal() and ch not in _ASCII_DIGITS for ch in text):
        raise ValueProblem("non_ascii_digits", value=_show(raw))
    raise ValueProblem("not_a_date", value=_show(raw))


def parse_day_month(text: str, year: int) -> dt.date:
    """A deadline written "25/01" (in the assessed year) or as a full date."""
    m = re.fullmatch(r"\s*([0-9]{1,2})/([0-9]{1,2})\s*", text)
    if m:
        return dt.date(year, int(m.group(2)), int(m.group(1)))
    return parse_date(text)


# ---------------------------------------------------------------- yes/no, choice, text

def parse_yes_no(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    refuse_excel_error(raw)
    if isinstance(raw, str) and len(raw) <= 100:
        word = fold(raw).rstrip(".")
        if word in _YES_WORDS:
            return True
        if word in _NO_WORDS:
            return False
    raise ValueProblem("not_yes_no", value=_show(raw))


def parse_choice(raw: Any, options: dict[str, str]) -> str:
    """Return the option code for `raw`, matching the code or the Vietnamese label.

    `options` maps code → label. Matching ignores case, spaces and diacritics only when
    that leaves no ambiguity.
    """
    refuse_excel_error(raw)
    text = clean_text(raw)
    if text in options:
        return text
    for code, label in options.items():
        if text.lower() == label.lower():
            return code
    folded = fold(text)
    hits = [code for code, label in options.items() if fold(label) == folded or fold(code) == folded]
    if len(hits) == 1:
        return hits[0]
    raise ValueProblem("not_an_option", value=shorten(text), options="; ".join(options.values()))


_DOC_NUMBER = re.compile(r"\b([0-9]{1,5}/[0-9A-ZĐa-zđ][\w\-Đđ/.]*)")
_DOC_DATE = re.compile(r"([0-9]{1,2}\s*/\s*[0-9]{1,2}\s*/\s*[0-9]{4})|(ngày\s*[0-9]{1,2}\s*tháng\s*[0-9]{1,2}\s*năm\s*[0-9]{4})",
                       re.I)


def parse_document(raw: Any) -> DocumentRef:
    """A document citation: free text, with its number and date picked out when present.

    Accepts a dict {number, date, title, section} (JSON/YAML evidence) or a string
    such as "Kế hoạch số 04/KH-SGDĐT ngày 13/01/2023 về ...".
    """
    refuse_excel_error(raw)
    if isinstance(raw, dict):
        unknown = set(raw) - {"number", "date", "title", "section", "text"}
        if unknown:
            raise ValueProblem("document_unknown_keys", keys=shorten(", ".join(sorted(map(str, unknown)))))
        for key in ("number", "date", "title", "section", "text"):
            refuse_excel_error(raw.get(key))
        parts = [_plain_text(raw[k]) for k in ("number", "date", "title", "section") if raw.get(k)]
        text = clean_text(raw.get("text") or " – ".join(parts))
        date = parse_date(raw["date"]) if raw.get("date") else None
        number = clean_text(raw["number"]) if raw.get("number") else None
        if not text:
            raise ValueProblem("document_empty")
        _reject_formula(text)
        return DocumentRef(text=text, number=number, date=date)
    text = clean_text(raw)
    if not text:
        raise ValueProblem("document_empty")
    _reject_formula(text)
    number_match = _DOC_NUMBER.search(text)
    date = None
    date_match = _DOC_DATE.search(text)
    if date_match:  # a date written but impossible (32/01/2024) is an error, not "no date"
        try:
            date = parse_date(date_match.group(0))
        except ValueProblem as exc:
            raise ValueProblem("impossible_document_date", value=" ".join(date_match.group(0).split())) from exc
    return DocumentRef(text=text, number=number_match.group(1) if number_match else None, date=date)


def parse_text(raw: Any, max_length: int = 4000) -> str:
    refuse_excel_error(raw)
    text = clean_text(raw)
    _reject_formula(text)
    if len(text) > max_length:
        raise ValueProblem("text_too_long", length=len(text), limit=max_length)
    return text


def _reject_formula(text: str) -> None:
    if looks_like_formula(text):
        raise ValueProblem("formula_text", value=shorten(text))


def _plain_text(raw: Any) -> str:
    """str(raw), except for an integer too long to print (Python refuses past 4,300 digits)."""
    if isinstance(raw, int) and not isinstance(raw, bool) and raw.bit_length() > 3_000:
        digits = int(raw.bit_length() * 0.30103)
        return f"(số có khoảng {digits:,} chữ số)".replace(",", ".")
    return str(raw)


def _show(raw: Any) -> str:
    """A value as echoed in a message: cleaned, one line, bounded."""
    return shorten(clean_text(raw) if isinstance(raw, str) else _plain_text(raw))
