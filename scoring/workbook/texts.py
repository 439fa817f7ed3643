"""Vietnamese text shown inside the workbook: headers, hints, the guide sheet.

Error messages live in `scoring.messages`; this module holds the workbook's own
labels so the generator, the reader and the add-in show the same words.
"""

from __future__ import annotations

from .spec import INPUT_SHEET, Columns

TITLE = "BIỂU TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}"
SUMMARY_TITLE = "BIỂU TỔNG HỢP KẾT QUẢ TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}"
TRACE_TITLE = "TRUY VẾT CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year}"
RULESET_SUBTITLE = "(Theo {title}, mã {id}, phiên bản {version})"

# The official form (NĐ 30/2020/NĐ-CP): quốc hiệu, tiêu ngữ, place and date, signers.
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DATE_LINE = "{place}, ngày …… tháng …… năm ……"
PLACE_BLANK = "……………"
SIGNER_PREPARER = "NGƯỜI LẬP BIỂU"
SIGN_HINT_PREPARER = "(Ký, ghi rõ họ tên)"
SIGNER_HEAD = "THỦ TRƯỞNG ĐƠN VỊ"
SIGN_HINT_HEAD = "(Ký, ghi rõ họ tên, đóng dấu)"

# Page footers: what the sheet is and whose it is (cut to Excel's 255 characters).
FOOTER_INPUT = "Tự đánh giá Chỉ số CCHC năm {year} — {unit}"
FOOTER_SUMMARY = "Tổng hợp kết quả tự đánh giá Chỉ số CCHC năm {year} — {unit}"
FOOTER_TRACE = "Truy vết chấm điểm Chỉ số CCHC năm {year} — {unit}"
PAGE_NUMBER = "Trang &P/&N"

UNIT_LABEL = "Tên đơn vị:"
ADDIN_NAME = "Chỉ số CCHC"
OFFICE_DEFAULT = "cơ quan thường trực công tác cải cách hành chính (theo văn bản hướng dẫn)"
NOT_SCORED = "Chưa chấm điểm. Trang «{sheet}» được điền khi chấm điểm (xem trang «{guide}», mục V)."
RULESET_LABEL = "Bộ chỉ số:"
HINT_LABEL = "Cách điền:"
HINT = ("Chỉ nhập vào các ô nền vàng (số liệu, tài liệu kiểm chứng, «Không áp dụng», giải trình). "
        "Cột «Điểm tự chấm» và «Kết quả kiểm tra, phát hiện» được ghi khi chấm điểm. Xem trang «Hướng dẫn».")

#: Column headers of the input sheet, by column role.
HEADERS = {
    "code": "Mã",
    "title": "Lĩnh vực, tiêu chí, tiêu chí thành phần",
    "max": "Điểm tối đa",
    "method": "Cách chấm điểm",
    "label": "Số liệu cần nhập",
    "value": "Giá trị",
    "unit": "Đơn vị tính",
    "documents": "Tài liệu kiểm chứng (số hiệu, ngày, trích yếu; mục/trang)",
    "not_applicable": "Không áp dụng",
    "explanation": "Giải trình",
    "points": "Điểm tự chấm",
    "findings": "Kết quả kiểm tra, phát hiện",
}


def cell_ref(cell: str, sheet: str | None = None, *, home: str = INPUT_SHEET) -> str:
    """How the workbook names a cell, the one way everywhere: «ô G10»; sheet-qualified, «ô G10,
    trang Tổng hợp», only when the cell is on another sheet than `home` (the input sheet)."""
    return f"ô {cell}" if sheet in (None, "", home) else f"ô {cell}, trang {sheet}"


def header_row(columns: Columns) -> dict[str, str]:
    """Column letter → header text."""
    return {getattr(columns, role): text for role, text in HEADERS.items()}


ADJUSTMENTS_TITLE = "Điểm thưởng, điểm trừ"
TOTAL_TITLE = "TỔNG ĐIỂM"
TOTAL_NOTE = "(tổng điểm các lĩnh vực + điểm thưởng − điểm trừ, trong khoảng 0–100)"
NO_BONUS = "Không có điểm thưởng"
NO_PENALTY = "Không bị trừ điểm"
SURVEY_NOTE = "Do cơ quan thường trực nhập kết quả điều tra XHH; đơn vị không tự chấm."
NOT_APPLICABLE_OPTION = "Không áp dụng"
YES, NO = "Có", "Không"

# Units shown beside a value by field type when the rule set gives none.
# A choice has none: its cell's drop-down list says what to pick.
TYPE_UNIT = {"percent": "%", "date": "ngày", "yes_no": "Có/Không", "choice": "", "document": "văn bản",
             "text": ""}

# Data validation: (title ≤ 32 chars, message ≤ 255 chars) for the input message and the error.
PROMPT = {
    "count": ("Số nguyên ≥ 0", "Nhập số nguyên không âm, ví dụ 1343 (không ghi chữ)."),
    "number": ("Số", "Nhập một số, ví dụ 1250,5."),
    "percent": ("Tỷ lệ %", "Nhập tỷ lệ từ 0% đến 100%, ví dụ 93,81%."),
    "date": ("Ngày", "Nhập ngày dạng ngày/tháng/năm, ví dụ 25/01/2024; nhập «Không» nếu không có."),
    "yes_no": ("Có/Không", "Chọn «Có» hoặc «Không» trong danh sách."),
    "choice": ("Chọn mức", "Chọn một mức trong danh sách."),
    "document": ("Văn bản", "Ghi số hiệu, ngày, trích yếu, ví dụ: Kế hoạch số 04/KH-SGDĐT ngày 13/01/2024 "
                            "về ...; nhập «Không» nếu chưa ban hành."),
    "text": ("Nội dung", "Ghi nội dung ngắn gọn."),
    "documents": ("Tài liệu kiểm chứng", "Mỗi văn bản một dòng (Alt+Enter để xuống dòng): số hiệu, ngày, "
                                         "trích yếu; ghi mục/trang nếu chỉ một phần là bằng chứng."),
    "not_applicable": ("Không áp dụng", "Chỉ chọn khi nội dung này không phát sinh ở đơn vị; phải ghi "
                                        "giải trình ở cột bên cạnh."),
    "explanation": ("Giải trình", "Giải trình khi chưa có tài liệu kiểm chứng, khi khai «Không áp dụng», "
                                  "hoặc khi số liệu cần làm rõ."),
    "unit": ("Tên đơn vị", "Ghi đầy đủ tên đơn vị tự đánh giá."),
}
ERROR = {
    "count": ("Số liệu không hợp lệ", "Chỉ nhập số nguyên ≥ 0, ví dụ 1343."),
    "number": ("Số liệu không hợp lệ", "Chỉ nhập số, ví dụ 1250,5."),
    "percent": ("Tỷ lệ không hợp lệ", "Tỷ lệ phải từ 0% đến 100%, ví dụ 93,81%."),
    "date": ("Ngày không hợp lệ", "Nhập ngày dạng ngày/tháng/năm (ví dụ 25/01/2024) hoặc «Không»."),
    "yes_no": ("Giá trị không hợp lệ", "Chỉ chọn «Có» hoặc «Không»."),
    "choice": ("Giá trị không hợp lệ", "Chỉ chọn một mức trong danh sách."),
    "not_applicable": ("Giá trị không hợp lệ", "Chỉ chọn «Không áp dụng» hoặc để trống."),
    "text": ("Nội dung quá dài", "Nội dung tối đa 4.000 ký tự."),
}

METHOD_INTRO = {
    "ratio": "Tỷ lệ = {num} ÷ {den}.",
    "proportional": "Tỷ lệ = {num} ÷ {den}; chỉ tiêu {target}%.",
    "deadline": "So ngày ban hành/gửi với hạn.",
    "yes_no": "Có/Không.",
    "choice": "Theo mức đạt được.",
    "checklist": "Đếm số nội dung đã thực hiện.",
    "deduction": "Trừ điểm theo số trường hợp.",
    "count": "Cộng điểm theo số lượng.",
    "within_limit": "So với giới hạn được giao.",
    "survey": "Theo kết quả điều tra XHH (điểm tối đa × tỷ lệ %).",
}

# The summary and trace sheets.
SUMMARY_HEADER = ["Mã", "Lĩnh vực", "Điểm tự đánh giá", "Điểm điều tra XHH", "Điểm đạt", "Điểm tối đa",
                  "Điểm tối đa áp dụng", "Chỉ số (%)"]
TRACE_HEADER = ["Mã", "Tiêu chí thành phần", "Số liệu đầu vào (ô)", "Số đo", "Quy tắc áp dụng", "Cách tính",
                "Điểm", "Điểm tối đa", "Trạng thái"]
