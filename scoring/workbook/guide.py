"""The "Hướng dẫn" sheet: what to fill, by when, how points are computed, how to cite
evidence, and how to score and hand in the workbook, for a civil servant working in Excel
(the add-in's buttons, or whom to send the file to), never a command line.

Deadlines and classification bands are read from the rule set, so the guide always
matches the rules that score the workbook; the colour legend says what the engine marks
with each severity.
"""

from __future__ import annotations

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from .. import vn
from ..models.ruleset import DeadlineMethod
from ..ruleset import LoadedRuleSet
from ..values import parse_day_month
from . import form, styles, texts
from .fit import height_for, text_lines
from .spec import INPUT_SHEET, SUMMARY_SHEET, TRACE_SHEET

WIDTH = 100


def _font(size: float = 11, bold: bool = False, italic: bool = False) -> Font:
    return Font(name=styles.FONT, size=size, bold=bold, italic=italic)


def guide_lines(loaded: LoadedRuleSet, unit: str, year: int, deadline: str | None,
                contact: str = "", unit_cell: str = "D8") -> list[tuple[str, str]]:
    """(style, text) lines; style is title, head, text, bullet, sub (under a bullet), note or colour:<hex>."""
    rs = loaded.ruleset
    t = rs.totals
    office = contact or texts.OFFICE_DEFAULT
    by = f"trước hoặc đúng ngày {deadline}" if deadline else "đúng hạn ghi trong văn bản hướng dẫn"
    lines: list[tuple[str, str]] = [
        ("title", f"HƯỚNG DẪN TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}"),
        ("text", f"Đơn vị: {unit}"),
        ("text", f"Bộ chỉ số: {rs.title} (mã {rs.id}, phiên bản {rs.version})."),
        ("text", f"Hạn nộp sổ tự đánh giá: {deadline}." if deadline else
         "Hạn nộp sổ tự đánh giá: theo văn bản hướng dẫn của cơ quan thường trực CCHC."),
        ("text", f"Nơi nhận sổ: {office}."),
        ("head", "I. Cần điền những gì"),
        ("bullet", f"Mở sổ bằng Excel (Excel 2010 trở lên) hoặc LibreOffice Calc. Điền trên trang «{INPUT_SHEET}», "
                   "chỉ vào các ô nền vàng; các ô khác được khóa để tránh sửa nhầm. Mỗi tiêu chí thành phần là "
                   "một khối dòng: bên trái là nội dung, điểm tối đa và cách chấm; ở giữa là các số liệu cần nhập "
                   "(mỗi số liệu một dòng, có đơn vị tính). Chọn một ô vàng để xem gợi ý cách nhập."),
        ("bullet", f"Ghi đầy đủ tên đơn vị ở ô «{texts.UNIT_LABEL.rstrip(':')}» ({texts.cell_ref(unit_cell)}); "
                   "tên in hoa ở đầu biểu lấy từ ô này."),
        ("bullet", "Số liệu: nhập số nguyên cho số lượng (ví dụ 1343), tỷ lệ dạng phần trăm (ví dụ 93,81%), "
                   "ngày dạng ngày/tháng/năm (ví dụ 25/01/2024), chọn «Có»/«Không» hoặc mức trong danh sách. "
                   "Ô ngày nhập «Không» nếu văn bản, báo cáo không được ban hành/gửi."),
        ("bullet", "Tài liệu kiểm chứng (TLKC): bắt buộc để được điểm; xem mục IV."),
        ("bullet", "Không áp dụng: chỉ chọn ở tiêu chí cho phép (ô nền vàng ở cột «Không áp dụng») khi nội dung "
                   "không phát sinh ở đơn vị, và phải ghi giải trình."),
        ("bullet", "Giải trình: ghi khi chưa có TLKC, khi khai «Không áp dụng», hoặc khi số liệu cần làm rõ."),
        ("bullet", "Các ô nền xám (kết quả điều tra xã hội học, SIPAS) do cơ quan thường trực nhập; đơn vị không tự chấm."),
        ("bullet", "Cột «Điểm tự chấm» và «Kết quả kiểm tra, phát hiện» được ghi khi chấm điểm (mục V); "
                   "không nhập tay. Dòng tiêu chí, lĩnh vực và tổng điểm tự cộng khi đã có điểm."),
        ("head", "II. Thời hạn dùng để chấm điểm"),
    ]
    for item in rs.items():
        if isinstance(item.method, DeadlineMethod):
            dues = "; ".join(f"{d.label + ': ' if d.label else ''}trước hoặc đúng ngày "
                             f"{vn.date(parse_day_month(d.by, year))}" for d in item.method.due)
            lines.append(("bullet", f"{item.id} — {item.title}: {dues}."))
    lines += [
        ("note", "Nộp đúng ngày hạn chót được tính là đúng hạn."),
        ("head", "III. Cách tính điểm"),
        ("bullet", f"Tổng điểm tối đa {vn.points(t.total)}: tự đánh giá {vn.points(t.self_assessed)} điểm, "
                   f"điều tra xã hội học {vn.points(t.survey)} điểm; điểm thưởng tối đa {vn.points(t.bonus_limit)}, "
                   f"điểm trừ tối đa {vn.points(t.penalty_limit)}."),
        ("bullet", "Mỗi tiêu chí thành phần được chấm theo cách ghi ở cột «Cách chấm điểm» (tỷ lệ theo mức, đúng hạn, "
                   "Có/Không, theo mức đạt, trừ điểm theo số trường hợp...). Tỷ lệ so sánh chính xác: 80,00% là "
                   "«từ 80%»; điểm làm tròn 2 chữ số thập phân."),
        ("bullet", "Điểm tiêu chí = tổng điểm các tiêu chí thành phần; điểm lĩnh vực = tổng điểm các tiêu chí; "
                   "tổng điểm = tổng các lĩnh vực + điểm thưởng − điểm trừ, trong khoảng 0–100."),
        ("bullet", "Chỉ số CCHC (%) = tổng điểm ÷ tổng điểm tối đa của các tiêu chí được tính × 100. Tiêu chí "
                   "«Không áp dụng» không tính vào cả điểm đạt lẫn điểm tối đa. Khi chưa có kết quả điều tra "
                   "xã hội học, chỉ số là tạm tính trên các tiêu chí tự đánh giá."),
        ("bullet", "Xếp loại: " + "; ".join(f"{b.label} từ {vn.number(b.at_least)}%" for b in rs.classification) + "."),
        ("bullet", "Điểm được ghi kèm tài liệu kiểm chứng; tiêu chí có điểm nhưng thiếu TLKC sẽ bị nêu trong kết quả "
                   "kiểm tra và có thể bị trừ khi thẩm định."),
        ("head", "IV. Cách ghi tài liệu kiểm chứng"),
        ("bullet", "Ghi đủ: loại văn bản và số hiệu, ngày ban hành, trích yếu; nếu chỉ một phần văn bản là bằng "
                   "chứng thì ghi thêm mục/trang."),
        ("note", f"Ví dụ: Kế hoạch số 04/KH-SGDĐT ngày 13/01/{year} về thực hiện công tác CCHC năm {year}."),
        ("note", f"Ví dụ: Báo cáo số 120/BC-SGDĐT ngày 05/12/{year} về kết quả CCHC năm {year}, mục I.3, trang 4."),
        ("bullet", "Mỗi văn bản một dòng trong ô (Alt+Enter để xuống dòng trong Excel; Ctrl+Enter trong LibreOffice)."),
        ("bullet", "Gửi kèm bản điện tử các văn bản theo hướng dẫn của cơ quan thường trực."),
        ("head", "V. Chấm điểm, kiểm tra và nộp sổ"),
        ("bullet", f"Nếu cơ quan đã cài tiện ích «{texts.ADDIN_NAME}» cho Excel (Excel 2021, Microsoft 365 hoặc "
                   f"Excel trên web), thẻ «{texts.ADDIN_NAME}» trên thanh công cụ có ba nút:"),
        ("sub", f"«Chấm điểm»: ghi điểm tự chấm và kết quả kiểm tra vào trang «{INPUT_SHEET}», lập trang "
                 f"«{SUMMARY_SHEET}» (điểm, chỉ số theo lĩnh vực, xếp loại, biểu đồ) và trang «{TRACE_SHEET}» "
                 "(mỗi tiêu chí: số liệu và ô lấy số liệu, mức áp dụng, điểm). Các ô đã nhập không bị thay đổi."),
        ("sub", "«Kiểm tra thiếu sót»: liệt kê các phát hiện ở ngăn bên phải; bấm vào một phát hiện để đến ô cần sửa."),
        ("sub", f"«Giải thích»: chọn một ô trên dòng của tiêu chí ở trang «{INPUT_SHEET}» rồi bấm nút để xem "
                 "vì sao tiêu chí được số điểm đó và cần gì để đạt thêm điểm."),
        ("bullet", f"Nếu chưa có tiện ích: điền xong, lưu sổ (tệp .xlsx, giữ nguyên tên trang) và gửi cho {office} "
                   f"{by}. Cơ quan thường trực chấm điểm và gửi lại sổ đã chấm, có điểm tự chấm, kết quả kiểm tra "
                   f"từng tiêu chí, trang «{SUMMARY_SHEET}» và trang «{TRACE_SHEET}»."),
        ("bullet", "Sổ đã chấm vẫn là sổ để điền: sửa các ô nền vàng theo kết quả kiểm tra rồi chấm lại hoặc gửi lại."),
        ("bullet", "Màu ở cột «Kết quả kiểm tra, phát hiện»:"),
        (f"colour:{styles.SEVERITY_FILL['error']}", "Lỗi — số liệu không đọc được (chữ trong ô số, số âm, công thức...) "
                                                    "hoặc không khớp nhau; phải sửa trước khi nộp."),
        (f"colour:{styles.SEVERITY_FILL['warning']}", "Cảnh báo — thiếu số liệu hoặc thiếu tài liệu kiểm chứng; "
                                                      "cần bổ sung trước khi nộp."),
        (f"colour:{styles.SEVERITY_FILL['info']}", "Lưu ý — chưa đạt chỉ tiêu, trễ hạn hoặc mất điểm vì lý do khác "
                                                   "(kèm cách đạt thêm điểm); chờ kết quả điều tra XHH."),
        (f"colour:{styles.STATUS_FILL['achieved']}", "Đạt — đạt điểm tối đa, không có phát hiện."),
        (f"colour:{styles.INPUT_FILL}", "Ô nền vàng — ô đơn vị nhập số liệu."),
        (f"colour:{styles.SURVEY_FILL}", "Ô nền xám — ô cơ quan thường trực nhập (kết quả điều tra XHH)."),
        ("bullet", f"In và ký: trang «{INPUT_SHEET}» in khổ A4 ngang, trang «{SUMMARY_SHEET}» khổ A4 dọc; mỗi "
                   "biểu có quốc hiệu, tiêu ngữ, tên đơn vị ở đầu và phần ký ở cuối. Ghi ngày tháng ở dòng địa "
                   "danh; người lập biểu ký, ghi rõ họ tên; thủ trưởng đơn vị ký, ghi rõ họ tên, đóng dấu."),
        ("head", "VI. Lưu ý"),
        ("bullet", "Không đổi tên, xóa hoặc chèn trang; không chép đè cả dòng. Trang được khóa không đặt mật khẩu: "
                   "nếu thật cần, chọn Xem lại (Review) → Bỏ bảo vệ trang tính (Unprotect Sheet)."),
        ("bullet", "Lưu sổ ở dạng .xlsx (Excel 2010 trở lên hoặc LibreOffice Calc); không đặt mật khẩu mở tệp."),
        ("bullet", "Sổ chỉ dùng cho bộ chỉ số ghi ở trên; năm sau hoặc khi bộ chỉ số thay đổi, hãy dùng sổ mới."),
    ]
    return lines


def write_guide(ws: Worksheet, loaded: LoadedRuleSet, unit: str, year: int, deadline: str | None,
                contact: str = "", unit_cell: str = "D8") -> None:
    ws.column_dimensions["A"].width = 3
    ws.column_dimensions["B"].width = WIDTH
    thin = Side(style="thin", color=styles.BORDER)
    row = 1
    for style, text in guide_lines(loaded, unit, year, deadline, contact, unit_cell):
        cell = ws.cell(row=row, column=2, value=text)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        lines = text_lines(text, WIDTH - 1, 11)
        if style == "title":
            title = form.wrap_lines(text, form.block_points(ws, "B", "B"), 14, bold=True)
            cell.value = "\n".join(title)
            cell.font = _font(14, bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            ws.row_dimensions[row].height = height_for(len(title), 14) + 12
        elif style == "head":
            cell.font = _font(12, bold=True)
            ws.row_dimensions[row].height = 24
            cell.alignment = Alignment(vertical="bottom")
        elif style == "bullet":
            cell.value = f"•  {text}"
            cell.font = _font()
            ws.row_dimensions[row].height = height_for(lines, 11)
        elif style == "sub":
            cell.value = f"      –  {text}"
            cell.font = _font()
            ws.row_dimensions[row].height = height_for(lines, 11)
        elif style == "note":
            cell.value = f"    {text}"
            cell.font = _font(italic=True)
            ws.row_dimensions[row].height = height_for(lines, 11)
        elif style.startswith("colour:"):
            swatch = ws.cell(row=row, column=1)
            swatch.fill = PatternFill(fill_type="solid", fgColor=style.split(":", 1)[1])
            swatch.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.font = _font()
            ws.row_dimensions[row].height = 16
        else:
            cell.font = _font()
        row += 1
    ws.sheet_view.showGridLines = False
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = f"A1:B{row - 1}"
    ws.protection.sheet = True
