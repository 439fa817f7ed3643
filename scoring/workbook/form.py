"""The parts of an official form (Nghị định 30/2020/NĐ-CP, Phụ lục I) on a worksheet.

Every printed table of the workbook (the unit's input sheet, the scored copy's summary,
later the office's consolidated workbook) opens and closes like an annex of a Vietnamese
administrative document:

- top left, the superior body (plain capitals) over the unit (bold capitals) and a short
  rule under it (1/3 to 1/2 of the line, centred);
- top right, the quốc hiệu (bold capitals) over the tiêu ngữ (bold) with a rule as long
  as the tiêu ngữ, then the place and date line in italics;
- the title (bold capitals, never leaving a lone word such as the year on its last line)
  and italic subtitles across the table;
- at the end, the signature block: the preparer and the head of the unit, each with
  «(Ký, ghi rõ họ tên…)» in italics.

Rules are runs of underscores: Times New Roman's underscore spans its whole advance, so
the run prints as one line, and Liberation Serif (LibreOffice's substitute) has the same
metrics, so the length computed here is the printed length in both.

`write_heading` and `write_signature` take the sheet, the first and last column of the
table and the texts; they return the next free row. Blocks are merged cells over column
ranges found from the column widths (or given).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from openpyxl.styles import Alignment, Font
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.header_footer import HeaderFooterItem
from openpyxl.worksheet.worksheet import Worksheet

from . import limits, styles, texts
from .fit import column_points, height_for
from .spec import SUMMARY_TABLE_ROW, SUMMARY_WIDTHS

# Advance widths (1/1000 em) of Times New Roman, regular and bold, by base letter (the
# Adobe Times metrics, which TNR and Liberation Serif match closely). Vietnamese letters
# take their base letter's width (ộ → o, Đ → D).
_REGULAR = dict(zip("abcdefghijklmnopqrstuvwxyz", (444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778,
                                                   500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444),
                    strict=True))
_REGULAR |= dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889,
                                                    722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611),
                     strict=True))
_BOLD = dict(zip("abcdefghijklmnopqrstuvwxyz", (500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833,
                                                556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444),
                 strict=True))
_BOLD |= dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", (722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944,
                                                 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667),
                  strict=True))
_OTHER = {" ": 250, "-": 333, ",": 250, ".": 250, "_": 500, "(": 333, ")": 333, "…": 1000, "/": 278}
_DIGIT = 500
_BASE = str.maketrans({"đ": "d", "Đ": "D"})
#: Rules are drawn with underscores, as wide as half an em in both weights.
_RULE_EM = 0.5
#: Cell padding and the renderers' spread, so a line computed to fit really fits.
_FIT = 0.92


def text_em(text: str, *, bold: bool = False) -> float:
    """Printed width of one line of Times New Roman text, in em."""
    table = _BOLD if bold else _REGULAR
    total = 0
    for ch in text.translate(_BASE):
        base = unicodedata.normalize("NFD", ch)[0]
        total += table.get(base) or _OTHER.get(base) or (_DIGIT if base.isdigit() else 500)
    return total / 1000


def block_points(ws: Worksheet, first: str, last: str) -> float:
    """Printed width (points, before fit-to-page scaling) of columns first..last."""
    return sum(column_points(ws.column_dimensions[get_column_letter(i)].width or 8.43)
               for i in range(column_index_from_string(first), column_index_from_string(last) + 1))


#: Two-syllable words a title must not be broken inside (Vietnamese writes a word's
#: syllables apart, so a space is not always a place to break). A number (the year) is
#: never put at the start of a line either: it stays with the word before it.
GLUED = frozenset({
    "HƯỚNG DẪN", "ĐÁNH GIÁ", "CHẤM ĐIỂM", "CHỈ SỐ", "CẢI CÁCH", "HÀNH CHÍNH", "TỔNG HỢP", "KẾT QUẢ",
    "TRUY VẾT", "THÀNH PHỐ", "ĐƠN VỊ", "XÃ HỘI", "CHỦ NGHĨA", "VIỆT NAM", "TỰ ĐÁNH", "NHÂN DÂN", "ỦY BAN",
})


def _breakable(words: list[str], i: int) -> bool:
    """May a line end after words[i]?"""
    after = words[i + 1]
    if after[:1].isdigit() or after[:1] in ")»":
        return False
    return f"{words[i]} {after}".upper().strip(",.;:()«»") not in GLUED


def wrap_lines(text: str, width_pt: float, size: float, *, bold: bool = False) -> list[str]:
    """`text` broken into the lines it prints as in `width_pt`: as few lines as fit, balanced
    in length, broken only between words (never inside a GLUED pair, never before the year),
    so no title ends on a lone «2024». Explicit newlines are kept."""
    out: list[str] = []
    room = width_pt * _FIT
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        out += [" ".join(line) for line in _wrap(words, room / size, bold)]
    return out


def _wrap(words: list[str], room_em: float, bold: bool) -> list[list[str]]:
    def em(ws: list[str]) -> float:
        return text_em(" ".join(ws), bold=bold)

    if em(words) <= room_em or len(words) < 2:
        return [words]
    # greedy: as many words per line as fit, ending lines only where allowed
    lines: list[list[str]] = []
    start = 0
    while start < len(words):
        end = start + 1
        best = None
        while end <= len(words):
            if end == len(words) or _breakable(words, end - 1):
                if em(words[start:end]) <= room_em or best is None:
                    best = end
                else:
                    break
            end += 1
        best = best or len(words)
        lines.append(words[start:best])
        start = best
    if len(lines) < 2:
        return lines
    # balance the last two lines: the break that makes the longer of them shortest
    head = [w for line in lines[:-2] for w in line]
    tail = lines[-2] + lines[-1]
    offset = len(head)
    choices = [k for k in range(1, len(tail)) if _breakable(words, offset + k - 1)
               and em(tail[:k]) <= room_em and em(tail[k:]) <= room_em]
    if choices:
        k = min(choices, key=lambda k: max(em(tail[:k]), em(tail[k:])))
        lines = lines[:-2] + [tail[:k], tail[k:]]
    return lines


def rule(width_em: float) -> str:
    """A rule of underscores `width_em` long (at the font size of the cell it is put in)."""
    return "_" * max(3, round(width_em / _RULE_EM))


# --------------------------------------------------------------------------- who the form names

_COMMITTEE = ("ubnd ", "ủy ban nhân dân ", "uỷ ban nhân dân ")
_LOCALITY = ("thành phố ", "tỉnh ", "tp. ", "tp ", "quận ", "huyện ", "thị xã ", "phường ", "xã ", "thị trấn ")


def superior_body(given: str | None, issuer: str | None) -> str:
    """The superior body printed top left: the one given, else the rule set's issuer when it
    is a people's committee (the body over every unit a provincial index scores), else blank."""
    if given and given.strip():
        return " ".join(given.split())
    text = " ".join((issuer or "").split())
    return text if text.lower().startswith(_COMMITTEE) else ""


def place_of(agency: str) -> str:
    """The địa danh of the date line from a people's committee's name: «UBND thành phố Hải
    Phòng» → «Hải Phòng»; blank for any other body."""
    text = " ".join(agency.split()).lower()
    prefix = next((p for p in _COMMITTEE if text.startswith(p)), None)
    if prefix is None:
        return ""
    text = text[len(prefix):]
    locality = next((p for p in _LOCALITY if text.startswith(p)), "")
    return text[len(locality):].strip().title()


# --------------------------------------------------------------------------- the heading

@dataclass(frozen=True)
class Heading:
    """What the top of a form says.

    `agency` is the superior body («UBND thành phố Hải Phòng»; blank when unknown: the unit
    then stands alone on the left, as NĐ 30 allows). `unit_formula`, when given, is put in
    the unit's cell instead of the text (e.g. ``=UPPER(D10)``, so the heading follows the
    name typed on the sheet); `unit` is still used to size the row. `place` is the địa danh
    of the date line («Hải Phòng»; blank prints a dotted place to fill by hand).
    """

    unit: str
    title: str
    subtitles: tuple[str, ...] = ()
    agency: str = ""
    place: str = ""
    unit_formula: str | None = None


#: Font sizes (points, before the sheet is scaled to the page width): NĐ 30 asks 12-13 for
#: the bodies and the quốc hiệu, 13-14 for the tiêu ngữ, the date line and the signers.
SIZES = {"agency": 12, "unit": 12, "national": 12, "motto": 13, "rule": 12, "date": 13, "title": 14,
         "subtitle": 12, "signer": 13, "sign_hint": 12}


def _font(kind: str, *, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=styles.FONT, size=SIZES[kind], bold=bold, italic=italic)


def split_columns(ws: Worksheet, first: str, last: str) -> tuple[str, str]:
    """(last column of the left block, first column of the right block): the left block takes
    at least 28% of the table's width, the right one at least 40%, as on a printed page."""
    a, b = column_index_from_string(first), column_index_from_string(last)
    widths = [ws.column_dimensions[get_column_letter(i)].width or 8.43 for i in range(a, b + 1)]
    total = sum(widths)
    left, acc = a, 0.0
    for i, w in enumerate(widths):
        acc += w
        left = a + i
        if acc >= 0.28 * total:
            break
    right, acc = b, 0.0
    for i, w in enumerate(reversed(widths)):
        acc += w
        right = b - i
        if acc >= 0.40 * total:
            break
    right = max(right, left + 1)
    return get_column_letter(left), get_column_letter(right)


def _put(ws: Worksheet, row: int, first: str, last: str, value: str, font: Font, *, height: float | None = None,
         wrap: bool = False) -> None:
    cell = ws[f"{first}{row}"]
    cell.value = value
    cell.font = font
    cell.alignment = Alignment(horizontal="center", vertical="center" if not wrap else "top", wrap_text=wrap)
    if first != last:
        ws.merge_cells(f"{first}{row}:{last}{row}")
    if height is not None:
        ws.row_dimensions[row].height = max(ws.row_dimensions[row].height or 0, height)


def write_heading(ws: Worksheet, first: str, last: str, heading: Heading, *, row: int = 1,
                  split: tuple[str, str] | None = None) -> int:
    """Write the heading from `row` over columns first..last; returns the next free row."""
    left_end, right_start = split or split_columns(ws, first, last)
    left_pt, all_pt = block_points(ws, first, left_end), block_points(ws, first, last)

    # left: superior body, unit, short rule
    left_rows: list[tuple[str, str, Font, bool]] = []
    if heading.agency.strip():
        left_rows.append(("agency", heading.agency.strip().upper(), _font("agency"), False))
    left_rows.append(("unit", heading.unit.strip().upper(), _font("unit", bold=True), True))
    # right: quốc hiệu, tiêu ngữ and its rule, date line
    motto_em = text_em(texts.MOTTO, bold=True)
    right_rows = [(texts.NATIONAL_NAME, _font("national", bold=True)), (texts.MOTTO, _font("motto", bold=True)),
                  (rule(motto_em * SIZES["motto"] / SIZES["rule"]), _font("rule", bold=True))]

    r = row
    for i, (kind, text, font, is_unit) in enumerate(left_rows):
        lines = wrap_lines(text, left_pt, SIZES[kind], bold=font.bold)
        value = heading.unit_formula if is_unit and heading.unit_formula else "\n".join(lines)
        _put(ws, r + i, first, left_end, value, font, height=height_for(len(lines), SIZES[kind]),
             wrap=len(lines) > 1 or is_unit)
    unit_lines = wrap_lines(left_rows[-1][1], left_pt, SIZES["unit"], bold=True)
    unit_em = max(text_em(line, bold=True) for line in unit_lines)
    rule_row = r + len(left_rows)
    _put(ws, rule_row, first, left_end, rule(unit_em * 0.4), _font("rule", bold=True), height=12)
    for i, (text, font) in enumerate(right_rows):
        _put(ws, r + i, right_start, last, text, font, height=height_for(1, font.sz or 12) if i < 2 else 12)
    place = heading.place.strip() or texts.PLACE_BLANK
    date_row = max(rule_row, r + len(right_rows) - 1) + 1
    _put(ws, date_row, right_start, last, texts.DATE_LINE.format(place=place), _font("date", italic=True),
         height=height_for(1, SIZES["date"]) + 4)
    for x in range(r, date_row + 1):  # the rule rows hold only a rule: keep them short
        if ws[f"{first}{x}"].value and set(str(ws[f"{first}{x}"].value)) == {"_"}:
            ws.row_dimensions[x].height = 12

    # title and subtitles across the table
    r = date_row + 2
    ws.row_dimensions[date_row + 1].height = 8
    title_lines = wrap_lines(heading.title, all_pt, SIZES["title"], bold=True)
    _put(ws, r, first, last, "\n".join(title_lines), _font("title", bold=True),
         height=height_for(len(title_lines), SIZES["title"]), wrap=True)
    r += 1
    for sub in heading.subtitles:
        lines = wrap_lines(sub, all_pt, SIZES["subtitle"])
        _put(ws, r, first, last, "\n".join(lines), _font("subtitle", italic=True),
             height=height_for(len(lines), SIZES["subtitle"]), wrap=True)
        r += 1
    return r


# --------------------------------------------------------------------------- the signature block

#: (signer, hint) on the left and on the right.
SIGNERS = ((texts.SIGNER_PREPARER, texts.SIGN_HINT_PREPARER), (texts.SIGNER_HEAD, texts.SIGN_HINT_HEAD))
#: Blank space (points) left for the signature and the seal.
SIGN_SPACE = 62


def write_signature(ws: Worksheet, first: str, last: str, row: int, *, split: tuple[str, str] | None = None,
                    signers: tuple[tuple[str, str], tuple[str, str]] = SIGNERS) -> int:
    """The signature block from `row` (after one blank row); returns the next free row.
    Plain locked cells: names and signatures go on the printed copy."""
    left_end, right_start = split or split_columns(ws, first, last)
    ws.row_dimensions[row].height = 14
    r = row + 1
    for (first_col, last_col), (signer, hint) in zip(((first, left_end), (right_start, last)), signers, strict=True):
        _put(ws, r, first_col, last_col, signer, _font("signer", bold=True), height=height_for(1, SIZES["signer"]))
        _put(ws, r + 1, first_col, last_col, hint, _font("sign_hint", italic=True),
             height=height_for(1, SIZES["sign_hint"]))
    ws.row_dimensions[r + 2].height = SIGN_SPACE
    return r + 3


# --------------------------------------------------------------------------- pages

def fits_one_page(ws: Worksheet, first: str, last: str, top: int, bottom: int, *, landscape: bool) -> bool:
    """Whether rows top..bottom print on one A4 page when the sheet is fitted to the width of
    first..last (with the same safety margin as the page breaks of the input sheet)."""
    from .fit import A4_LANDSCAPE_PT, SAFETY

    page_w, page_h = A4_LANDSCAPE_PT if landscape else A4_LANDSCAPE_PT[::-1]
    m = ws.page_margins
    scale = min(1.0, (page_w - (m.left + m.right) * 72) / block_points(ws, first, last))
    height = sum(ws.row_dimensions[r].height or 15.0 for r in range(top, bottom + 1))
    return height * scale <= (page_h - (m.top + m.bottom) * 72) * SAFETY



def _escape(text: str) -> str:
    """A literal «&» in a header or footer is written «&&» (a lone one starts a code)."""
    return text.replace("&", "&&")


def set_header_footer(item: HeaderFooterItem, *, left: str | None = None, center: str | None = None,
                      right: str | None = None, size: int = 8) -> None:
    """Set the sections of a page header or footer, the whole string within Excel's 255
    characters: the longest literal section is cut, with a visible mark, until it fits.
    `left` and `center` are literal text (an «&» is escaped); `right` may hold codes (&P, &N)."""
    raw = {"left": left or "", "center": center or ""}

    def apply() -> int:
        for name, text in (("left", _escape(raw["left"])), ("center", _escape(raw["center"])), ("right", right or "")):
            section = getattr(item, name)
            section.text = text or None
            section.size = size if text else None
        return len(str(item)) - limits.HEADER_TEXT_MAX

    over = apply()
    while over > 0:
        name = max(raw, key=lambda n: len(raw[n]))
        text = raw[name]
        raw[name] = limits.fit(text, max(len(limits.MARK) + 1, len(text) - over))
        if raw[name] == text:  # nothing left to cut
            break
        over = apply()


# --------------------------------------------------------------------------- the summary form

def summary_heading(ws: Worksheet, *, unit: str, year: int, ruleset_title: str, ruleset_id: str,
                    ruleset_version: str, office: dict[str, str]) -> int:
    """The «Tổng hợp» sheet's column widths and form heading; returns the table's header row,
    SUMMARY_TABLE_ROW on every workbook (the add-in writes its table there, below the heading)."""
    last = get_column_letter(len(SUMMARY_WIDTHS))
    for i, width in enumerate(SUMMARY_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    heading = Heading(unit=unit, agency=office.get("agency", ""), place=office.get("place", ""),
                      title=texts.SUMMARY_TITLE.format(year=year),
                      subtitles=(texts.RULESET_SUBTITLE.format(title=ruleset_title, id=ruleset_id,
                                                               version=ruleset_version),))
    top = write_heading(ws, "A", last, heading, row=1) + 1
    ws.row_dimensions[top - 1].height = 8
    if top != SUMMARY_TABLE_ROW:  # the layout contract with the add-in
        raise ValueError(f"summary heading ends at row {top - 1}, not {SUMMARY_TABLE_ROW - 1}")
    return top


def print_setup(ws: Worksheet, *, landscape: bool, title_rows: str | None) -> None:
    """A4, fit to the page's width."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.7
