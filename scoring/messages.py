"""Every user-visible text, in Vietnamese, keyed by a stable English code.

Numbers passed as Decimal/int/Fraction are formatted the Vietnamese way (1.343; 98,22);
dates as dd/mm/yyyy. A test checks that every code raised or emitted has a text here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

from . import vn

STATUS = {
    "achieved": "Đạt",
    "not_achieved": "Chưa đạt",
    "not_applicable": "Không áp dụng",
    "missing_data": "Thiếu dữ liệu",
}
SEVERITY = {"error": "Lỗi", "warning": "Cảnh báo", "info": "Lưu ý"}
KIND = {
    "missing_data": "Thiếu dữ liệu",
    "missing_documents": "Thiếu TLKC",
    "invalid_value": "Giá trị không hợp lệ",
    "inconsistent": "Số liệu không khớp",
    "target_missed": "Chưa đạt chỉ tiêu",
    "deadline_missed": "Trễ hạn",
    "points_lost": "Mất điểm",
    "note": "Ghi chú",
}
FIELD_TYPE = {
    "count": "số nguyên ≥ 0",
    "percent": "tỷ lệ % (0–100)",
    "number": "số",
    "date": "ngày (dd/mm/yyyy)",
    "yes_no": "Có/Không",
    "choice": "chọn trong danh sách",
    "document": "văn bản (số, ngày, trích yếu)",
    "text": "văn bản tự do",
}
METHOD = {
    "deadline": "Đúng hạn",
    "ratio": "Tỷ lệ theo mức",
    "proportional": "Tỷ lệ so với chỉ tiêu",
    "yes_no": "Có/Không",
    "choice": "Chọn mức",
    "checklist": "Số nội dung thực hiện",
    "deduction": "Trừ điểm",
    "count": "Đếm số lượng",
    "within_limit": "Không vượt giới hạn",
    "survey": "Điều tra XHH",
}

CATALOGUE: dict[str, str] = {
    # ---- rule-set loading and static checks
    "yaml_syntax": "Lỗi cú pháp YAML: {detail}",
    "not_a_mapping": "Tệp bộ chỉ số phải là một bảng khóa–giá trị (YAML mapping).",
    "model_invalid": "Không hợp lệ: {detail}",
    "file_unreadable": "Không đọc được tệp {path}: {detail}",
    "ruleset_invalid": "Bộ chỉ số {path} có {count} lỗi:\n{details}",
    "ruleset_not_found": "Không tìm thấy bộ chỉ số «{ref}». Các bộ hiện có: {known}.{hint}",
    "duplicate_id": "Mã «{id}» bị trùng (đã dùng tại {other}).",
    "id_not_under_parent": "Mã «{id}» không thuộc mục cha «{parent}» (phải bắt đầu bằng «{parent}.»).",
    "points_dont_add_up": "{what}: khai {declared} điểm nhưng tổng các mục con là {actual} điểm.",
    "effect_outside_adjustments": "Mục {id}: điểm thưởng/điểm trừ chỉ khai trong phần adjustments.",
    "adjustment_needs_effect": "Mục {id} trong adjustments phải có effect: bonus hoặc penalty.",
    "survey_adjustment": "Mục {id}: điểm thưởng/trừ không chấm bằng điều tra XHH.",
    "duplicate_label": "Tên xếp loại «{label}» bị trùng.",
    "classification_order": "Ngưỡng xếp loại {value} phải nhỏ hơn ngưỡng trước ({previous}).",
    "classification_gap": "Ngưỡng xếp loại cuối cùng phải là 0 (đang là {value}): chỉ số thấp hơn sẽ không được xếp loại.",
    "unknown_item_ref": "Không có mục «{ref}» trong bộ chỉ số.{hint}",
    "follows_itself": "Mục {id} không thể «không áp dụng theo» chính nó.",
    "follows_cycle": "Các mục «không áp dụng theo» nhau thành vòng: {cycle}.",
    "check_repeats_figure": "Kiểm tra «{id}» dùng một số liệu hai lần.",
    "unknown_check_ref": "Kiểm tra tham chiếu «{ref}» không tồn tại (dạng «mục:trường»).{hint}",
    "duplicate_field": "Mục {item}: trường «{name}» khai hai lần.",
    "unknown_field": "Mục {item}: phương pháp chấm dùng trường «{name}» chưa khai trong evidence.{hint}",
    "field_type_mismatch": "Trường «{name}» có kiểu {type}, phương pháp chấm cần kiểu {expected}.",
    "points_above_max": "Mục {item}: {value} điểm vượt điểm tối đa {max}.",
    "bad_deadline": "Thời hạn «{value}» không phải ngày hợp lệ (dạng 25/01 hoặc 25/01/2024).",
    "deadline_points_order": "Điểm phải giảm dần: đúng hạn ≥ trễ hạn ≥ không có.",
    "threshold_precision": "Ngưỡng {value} có quá {digits} chữ số thập phân.",
    "threshold_not_whole": "Ngưỡng {value} phải là số nguyên (đếm số nội dung).",
    "choice_points_mismatch": "Điểm của các lựa chọn không khớp danh sách lựa chọn (thiếu: {missing}; thừa: {extra}).",
    "survey_field_required": "Trường kết quả điều tra «{name}» không được bắt buộc (đơn vị không tự chấm).",
    "duplicate_band_id": "Mã mức «{key}» bị trùng.",
    "band_unreachable": "Mức «{band}» không bao giờ đạt được: {why}.",
    "why_negative": "ngưỡng âm",
    "why_above_ceiling": "ngưỡng vượt giá trị lớn nhất có thể ({ceiling})",
    "band_overlap": "Mức «{band}» trùng với mức trước «{previous}».",
    "band_order": "Mức «{band}» phải đứng trước mức «{previous}» (các mức xếp theo ngưỡng giảm dần).",
    "band_points_order": "Mức «{band}» cho nhiều điểm hơn mức cao hơn «{previous}».",
    "did_you_mean": " Có phải «{name}»?",
    "schema_unknown_key": "Khóa không hợp lệ: {keys}.{hint}",
    "schema_required": "Thiếu khóa bắt buộc «{detail}».",
    "schema_method": "Phương pháp chấm «{kind}» không có. Các phương pháp: deadline, ratio, proportional, yes_no, choice, checklist, deduction, count, within_limit, survey.",
    "schema_enum": "Giá trị «{value}» không hợp lệ; cho phép: {allowed}.",
    "schema_other": "Không hợp lệ: {detail}",
    # ---- rule-set test cases
    "test_points_differ": "Ca kiểm thử «{name}», mục {item}: mong đợi {expected}, thực tế {actual}.",
    "test_total_differs": "Ca kiểm thử «{name}», {what}: mong đợi {expected}, thực tế {actual}.",
    "test_finding_missing": "Ca kiểm thử «{name}», mục {item}: mong đợi phát hiện «{kind}» nhưng không có.",
    "test_evidence_invalid": "Ca kiểm thử «{name}»: số liệu không hợp lệ: {detail}",
    # ---- value parsing (values.py)
    "not_a_number": "«{value}» không phải là số (ví dụ: 1.343 hoặc 98,4).",
    "not_whole": "«{value}» không phải số nguyên.",
    "negative": "«{value}» là số âm; số lượng phải ≥ 0.",
    "not_a_percent": "«{value}» không phải tỷ lệ phần trăm (ví dụ: 93,81%).",
    "percent_out_of_range": "Tỷ lệ «{value}» phải từ 0 đến 100%.",
    "not_a_date": "«{value}» không phải ngày (ví dụ: 25/01/2024).",
    "impossible_date": "Ngày «{value}» không tồn tại.",
    "impossible_document_date": "Ngày «{value}» ghi trong văn bản không tồn tại; hãy sửa lại ngày ban hành.",
    "not_yes_no": "«{value}» không phải Có/Không.",
    "not_an_option": "«{value}» không có trong danh sách: {options}.",
    "document_unknown_keys": "Văn bản có khóa không hợp lệ: «{keys}» (chỉ nhận: number, date, title, section, text).",
    "document_empty": "Văn bản trống.",
    "text_too_long": "Nội dung quá dài ({length} ký tự, tối đa {limit}).",
    "formula_text": "«{value}» bắt đầu như một công thức (=, +, -, @); nội dung bị bỏ qua để an toàn. Nếu là văn bản, thêm dấu nháy đơn (') ở đầu.",
    # ---- findings (engine): the text of Finding(code, params); see finding_text()
    "value_problem": "«{label}»: {problem}",
    "missing_value": "Chưa nhập «{label}».",
    "missing_values": "Chưa nhập {labels:quoted}.",
    "document_without_date": "«{label}» chưa ghi ngày ban hành (ví dụ: «Kế hoạch số 04/KH-SGDĐT ngày 13/01/2024»); cần ngày để chấm đúng hạn.",
    "missing_value_item": "Chưa nhập «{label}» — mục {item} chưa chấm được (mất {lost} điểm).",
    "missing_values_item": "Chưa nhập {labels:quoted} — mục {item} chưa chấm được (mất {lost} điểm).",
    "unknown_item": "Mục «{item}» không có trong bộ chỉ số {ruleset}; số liệu bị bỏ qua.{hint}",
    "unknown_field_value": "Mục {item} không có trường «{field}»; giá trị bị bỏ qua.{hint}",
    "not_applicable_not_allowed": "Mục {item} không được khai «Không áp dụng» cho «{label}»; cần nhập số liệu.",
    "not_applicable_not_allowed_item": "Mục {item} không được khai «Không áp dụng»; mục vẫn được chấm theo số liệu.",
    "not_applicable_no_explanation": "Mục {item} khai «Không áp dụng» nhưng chưa có giải trình.",
    "not_applicable_bad_value": "«{value}» không phải Có/Không áp dụng.",
    "check_failed": "{label}: {left_text} = {left} nhưng {right_text} = {right}.",
    "check_failed_le": "{label}: {left_text} = {left} lớn hơn {right_text} = {right}.",
    "part_exceeds_whole": "{num_label} ({num}) lớn hơn {den_label} ({den}); mục {item} không chấm được cho đến khi sửa số liệu.",
    "negative_denominator": "{den_label} = {den} là số âm; mục {item} không chấm được.",
    "date_outside_year": "«{label}» ngày {date} không thuộc năm đánh giá {year:plain}.",
    "missing_documents": "Mục {item} được {points} điểm nhưng chưa có tài liệu kiểm chứng (TLKC); cần bổ sung hoặc giải trình.",
    "missing_documents_explained": "Mục {item} chưa có TLKC; đã có giải trình, chờ thẩm định.",
    "target_missed": "Tỷ lệ {num}/{den} = {percent:pct} chưa đạt mức «{band}»: được {points}/{max} điểm.",
    "target_missed_proportional": "Tỷ lệ {num}/{den} = {percent:pct} chưa đạt chỉ tiêu {target}%: được {points}/{max} điểm.",
    "recover_ratio": "Cần thêm {need} {unit} «{label}» (lên {value}) để đạt {points} điểm.",
    "recover_ratio_phrase": "Cần thêm {need} {unit} {label} (lên {value}) để đạt {points} điểm.",
    "recover_ratio_nounit": "Cần tăng «{label}» thêm {need} (lên {value}) để đạt {points} điểm.",
    "recover_impossible": "Không thể đạt mức cao hơn với tổng hiện có; cần rà soát lại «{label}».",
    "deadline_missed": "{what} ngày {date}, trễ {days} ngày so với hạn {deadline}: được {points}/{max} điểm.",
    "deadline_absent": "{what}: không có (khai «Không»): được {points}/{max} điểm.",
    "recover_deadline": "Ban hành/gửi trước hoặc đúng hạn ({deadlines}) để đạt {max} điểm.",
    "recover_deadline_absent": "Cần có {what} và gửi đúng hạn để đạt điểm.",
    "points_lost_no": "Khai «Không» cho «{label}»: được {points}/{max} điểm.",
    "recover_yes": "Cần thực hiện «{label}» và có TLKC để đạt {max} điểm.",
    "points_lost_choice": "Mức «{option}»: được {points}/{max} điểm.",
    "recover_choice": "Mức «{best}» đạt {max} điểm.",
    "points_lost_checklist": "Mới thực hiện {done}/{total} nội dung: được {points}/{max} điểm.",
    "recover_checklist": "Cần thực hiện thêm: {missing:quoted}.",
    "points_lost_deduction": "{count} {unit} «{label}»: bị trừ {deducted} điểm.",
    "recover_deduction": "Mỗi trường hợp bị trừ {step} điểm; không để phát sinh để giữ {max} điểm.",
    "points_lost_count": "Có {count} «{label}»: được {points}/{max} điểm.",
    "recover_count": "Mỗi {unit} được {each} điểm; cần thêm {need} để đạt {max} điểm.",
    "points_lost_limit": "«{value_label}» {value} vượt «{limit_label}» {limit}: được {points}/{max} điểm.",
    "recover_limit": "Giảm {over} để không vượt «{limit_label}».",
    "points_lost_zero": "{label} bằng 0: được {points}/{max} điểm.",
    "recover_zero": "Cần thực hiện và khai {label} lớn hơn 0 để được chấm theo tỷ lệ.",
    "penalty_applied": "Bị trừ {points} điểm ({count} trường hợp).",
    "survey_pending": "Chưa có kết quả điều tra XHH (đơn vị không tự chấm); chỉ số đang tạm tính.",
    "survey_pending_items": "Các mục {items}: chưa có kết quả điều tra XHH (đơn vị không tự chấm); chỉ số đang tạm tính.",
    "year_mismatch": "Bộ chỉ số năm {ruleset_year:plain} được áp dụng cho số liệu năm {year:plain}.",
    "ruleset_mismatch": "Số liệu được chuẩn bị cho bộ chỉ số «{declared}» nhưng đang chấm theo «{used}».",
    # ---- measures, calculations and decision rows (the trace, reports, the workbook)
    "points": "{points} điểm",
    "measure_ratio": "{num}/{den} = {percent:pct}",
    "measure_fraction": "{num}/{den}",
    "measure_yes_no": "{value}",
    "measure_choice": "{option}",
    "measure_checklist": "{done}/{total} nội dung",
    "measure_count": "{count}",
    "measure_rate": "{rate}%",
    "calc_proportional": "{max} × {percent:pct} ÷ {target}% = {points}",
    "calc_deduction": "{max} − {step} × {count} = {points}",
    "calc_count": "{each} × {count} = {points}",
    "calc_survey": "{max} × {rate}% = {points}",
    "calc_row": "{measure} → {row}",
    "deadline_on_time": "đúng hạn",
    "deadline_late": "trễ {days} ngày",
    "deadline_part": "{date} ({state}, hạn {deadline})",
    "deadline_part_absent": "không có",
    "row_band": "{sign} {threshold}{unit} → {points} điểm",
    "band_short": "{sign} {threshold}%",
    "row_declared_na": "Không áp dụng (đơn vị khai, kèm giải trình)",
    "row_missing": "Thiếu dữ liệu → 0 điểm",
    "row_follows_na": "Không áp dụng vì mục {item} không áp dụng",
    "row_negative": "Mẫu số âm → chưa chấm được (số liệu sai)",
    "row_exceeds": "Tử số lớn hơn mẫu số → chưa chấm được (số liệu sai)",
    "row_zero_na": "Mẫu số bằng 0 → không áp dụng",
    "row_zero_points": "Mẫu số bằng 0 → {points} điểm",
    "row_on_time": "Đúng hạn (hạn {deadlines}) → {points} điểm",
    "row_all_on_time": "Tất cả đúng hạn (hạn {deadlines}) → {points} điểm",
    "row_late": "Trễ hạn → {points} điểm",
    "row_some_late": "Đủ nhưng có văn bản trễ hạn → {points} điểm",
    "row_absent": "Không có → {points} điểm",
    "row_some_absent": "Thiếu văn bản → {points} điểm",
    "row_target_reached": "≥ {target}% (chỉ tiêu) → {points} điểm",
    "row_target_below": "< {target}% → {max} × tỷ lệ ÷ {target}%",
    "row_yes": "Có → {points} điểm",
    "row_no": "Không → {points} điểm",
    "row_choice": "«{option}» → {points} điểm",
    "row_no_case": "Không có trường hợp nào → {points} điểm",
    "row_each_case": "Mỗi trường hợp trừ {step} điểm",
    "row_from_cases": "Từ {count} trường hợp → {points} điểm",
    "row_none_counted": "Không có → 0 điểm",
    "row_each_counted": "{each} điểm mỗi lần",
    "row_cap": "Từ {count} trở lên → {points} điểm (tối đa)",
    "row_within": "Không vượt → {points} điểm",
    "row_over": "Vượt → {points} điểm",
    "row_survey": "{max} × kết quả điều tra (%)",
    "method_ratio": "Tỷ lệ = {num} ÷ {den}.",
    "method_proportional": "Tỷ lệ = {num} ÷ {den}; chỉ tiêu {target}%.",
    "method_deadline": "So ngày ban hành/gửi với hạn.",
    "method_yes_no": "Có/Không.",
    "method_choice": "Theo mức đạt được.",
    "method_checklist": "Đếm số nội dung đã thực hiện.",
    "method_deduction": "Trừ điểm theo số trường hợp.",
    "method_count": "Cộng điểm theo số lượng.",
    "method_penalty": "Trừ điểm theo số trường hợp.",
    "method_within_limit": "So với giới hạn được giao.",
    "method_survey": "Theo kết quả điều tra XHH (điểm tối đa × tỷ lệ %).",
    "method_declarable": "Được khai «Không áp dụng» (kèm giải trình).",
    "trace_input_blank": "(trống)",
    "trace_input_absent": "Không có",
    "trace_input_unreadable": "(không đọc được)",
    "trace_input_not_applicable": "(khai «Không áp dụng» không hợp lệ)",
    # ---- evidence files
    "evidence_unreadable": "Không đọc được tệp số liệu {path}: {detail}",
    "evidence_not_mapping": "Tệp số liệu {path} phải là một bảng khóa–giá trị (JSON object / YAML mapping).",
    "evidence_invalid": "Tệp số liệu {path} không hợp lệ:\n{details}",
    "evidence_format_unknown": "Không nhận dạng được tệp {path}: chỉ nhận .json, .yaml, .yml hoặc .xlsx.",
    "evidence_too_large": "Tệp {path} quá lớn ({size} MB; tối đa {limit} MB).",
    "output_is_input": "Không ghi đè tệp đầu vào {path}; hãy chọn tệp kết quả khác (--out).",
    # ---- workbook
    "workbook_not_ours": "Tệp {path} không phải sổ chấm điểm Chỉ số CCHC do phần mềm tạo (không có trang thông tin ẩn; các trang: {sheets}). Hãy tạo sổ bằng lệnh «scoring workbook new» rồi chép số liệu sang.",
    "workbook_template_unsupported": "Sổ {path} dùng mẫu phiên bản {version}; phần mềm này đọc được mẫu phiên bản {supported}. Hãy tạo lại sổ bằng «scoring workbook new».",
    "workbook_meta_invalid": "Sổ {path}: thông tin ẩn «{key}» không hợp lệ («{value}»); sổ có thể đã bị sửa. Hãy tạo lại sổ.",
    "workbook_other_ruleset": "Sổ {path} được tạo cho bộ chỉ số «{made_id}» phiên bản {made_version} (năm {made_year}: {made_title}), không phải «{used_id}» phiên bản {used_version}. Hãy chấm theo đúng bộ chỉ số (--rules {made_id}) hoặc tạo sổ mới từ bộ chỉ số đang dùng.",
    "workbook_ruleset_unavailable": "Sổ {path} được tạo cho bộ chỉ số «{made_id}» phiên bản {made_version} (năm {made_year}: {made_title}), nhưng bộ chỉ số này không có trong thư mục rules/. Hãy thêm tệp bộ chỉ số đó hoặc chỉ rõ bằng --rules.",
    "workbook_ruleset_changed": "Sổ {path} được tạo từ bộ chỉ số «{made_id}» phiên bản {made_version} (mã băm {made_hash}…), nhưng bộ chỉ số cùng phiên bản hiện có đã bị sửa (mã băm {hash}…). Hãy tạo lại sổ từ bộ chỉ số hiện hành và chép số liệu sang, hoặc dùng lại đúng tệp bộ chỉ số cũ.",
    "workbook_sheet_missing": "Sổ {path} thiếu trang «{sheet}».",
    "workbook_sheet_broken": "Trang «{sheet}» không còn cột khóa ẩn (cột A); sổ có thể đã bị sửa cấu trúc. Hãy tạo lại sổ.",
    "workbook_row_missing": "Sổ {path}, trang «{sheet}»: không tìm thấy dòng của mục {item} (khóa «{key}»); sổ có thể đã bị xóa dòng. Hãy tạo lại sổ và chép số liệu sang.",
    "workbook_not_xlsx": "Tệp {path} không phải sổ Excel .xlsx (có thể là tệp .xls cũ, .ods hoặc tệp khác). Hãy mở bằng Excel hoặc LibreOffice rồi «Lưu thành» dạng .xlsx.",
    "workbook_corrupted": "Tệp {path} bị hỏng, không đọc được ({detail}). Hãy mở lại bằng Excel hoặc LibreOffice và lưu lại, hoặc dùng bản sao lưu.",
    "workbook_encrypted": "Tệp {path} được đặt mật khẩu mở tệp nên phần mềm không đọc được. Hãy gỡ mật khẩu (Excel: Tệp → Thông tin → Bảo vệ sổ làm việc → Mã hóa bằng mật khẩu, xóa mật khẩu) rồi thử lại.",
    "workbook_too_large": "Tệp {path} quá lớn ({size} MB; tối đa {limit} MB); sổ chấm điểm thường dưới 1 MB.",
    "workbook_unpacked_too_large": "Tệp {path} khi giải nén lớn tới {size} MB (tối đa {limit} MB); đây không phải sổ chấm điểm bình thường.",
    "workbook_out_suffix": "Tệp sổ phải có đuôi .xlsx: {path}",
    "workbook_exists": "Tệp {path} đã có; chọn tên khác, hoặc thêm --force nếu chắc chắn muốn ghi đè.",
    "wb_provisional_yes": "Có — chưa có đủ kết quả điều tra XHH; chỉ số tính trên các mục tự đánh giá (và các mục điều tra XHH đã có kết quả).",
    "provisional_note": "Tạm tính: chưa có đủ kết quả điều tra xã hội học; chỉ số tính trên các mục tự đánh giá (và các mục điều tra XHH đã có kết quả).",
    "wb_findings_count": "{errors} lỗi, {warnings} cảnh báo, {infos} lưu ý",
    # ---- engine self-checks
    "engine_incomplete": "Lỗi bộ máy chấm điểm: mục {items} không nhận được kết quả. Không có điểm nào được đưa ra.",
    "engine_duplicate_outcome": "Lỗi bộ máy chấm điểm: mục {items} nhận hai kết quả ({rules}). Không có điểm nào được đưa ra.",
    "engine_check_twice": "Lỗi bộ máy chấm điểm: phép kiểm tra «{check}» cho hai kết quả. Không có điểm nào được đưa ra.",
    "engine_check_incomplete": "Lỗi bộ máy chấm điểm: phép kiểm tra {checks} không được đánh giá đúng một lần. Không có điểm nào được đưa ra.",
    "engine_class_incomplete": "Lỗi bộ máy chấm điểm: chỉ số {index} không được xếp đúng một loại ({rules}). Không có điểm nào được đưa ra.",
    "engine_false_duplicate": "Lỗi bộ máy chấm điểm: durable_rules từ chối một dữ kiện (trùng lặp giả) cả hai lần thử. Không có điểm nào được đưa ra.",
    "engine_unhandled_fact": "Lỗi bộ máy chấm điểm: có dữ kiện không quy tắc nào xét tới; bộ chỉ số biên dịch chưa đầy đủ. Không có điểm nào được đưa ra.",
    "engine_failure": "Lỗi bộ máy chấm điểm (durable_rules mã {code}) ở mục {item}.",
    # ---- replay
    "replay_ruleset_changed": "Bộ chỉ số đã thay đổi: mã băm khi chấm {recorded}, hiện tại {current}.",
    "replay_evidence_changed": "Số liệu trong tệp truy vết đã bị sửa: mã băm ghi {recorded}, tính lại {current}.",
    "replay_item_differs": "Mục {item}: {what} khi chấm {recorded}, chấm lại {current}.",
    "replay_item_gone": "Mục {item}: có khi chấm, không còn trong bộ chỉ số.",
    "replay_item_new": "Mục {item}: không có khi chấm, nay có trong bộ chỉ số.",
    "replay_input_edited": "Mục {item}, «{label}»: khi chấm là «{recorded}», trong tệp nay là «{current}».",
    "replay_new_finding": "Phát hiện mới khi chấm lại: {text}",
    # ---- terminal report
    "loc_file": "tệp {file}",
    "loc_sheet": "trang «{sheet}»",
    "loc_cell": "ô {cell}",
    "loc_line": "dòng {line:plain}",
    "loc_column": "cột {column:plain}",
    "loc_key": "khóa «{key}»",
    "report_grouped": "(Các ô chưa nhập của cùng một mục, và các mục chờ kết quả điều tra XHH, được gộp thành một dòng; số đếm ở trên tính từng phát hiện.)",
    "replay_total_differs": "{what}: khi chấm {recorded}, chấm lại {current}.",
    "replay_index_differs": "Chỉ số: khi chấm {recorded:pct}, chấm lại {current:pct}.",
    "replay_unreadable": "Không đọc được tệp truy vết {path}: {detail}",
    "replay_not_utf8": "Tệp truy vết {path} không phải văn bản UTF-8; hãy dùng đúng tệp .json do «scoring score --format json» ghi.",
    "replay_not_json": "không phải JSON hợp lệ; tệp truy vết là tệp .json do lệnh chấm điểm ghi (--format json).",
    "replay_not_a_result": "Tệp {path} không phải kết quả chấm điểm có truy vết ({count} chỗ không đúng, đầu tiên ở «{where}»); hãy dùng tệp do «scoring score --format json» ghi.",
    "replay_match": "khớp",
    # ---- add-in
    "addin_no_license": "Chưa có khóa giấy phép xlwings. Cơ quan nhà nước được dùng miễn phí theo giấy phép PolyForm Noncommercial: đặt biến môi trường XLWINGS_LICENSE_KEY=noncommercial rồi chạy lại (xem README, mục «Add-in Excel»).",
    "addin_bad_url": "Địa chỉ «{url}» không hợp lệ; cần dạng https://ten-may-chu:8443.",
    "addin_http_url": "Lưu ý: Excel chỉ nạp add-in qua https; địa chỉ http chỉ dùng được khi đặt sau một máy chủ proxy có https.",
    "addin_wrong_project": "xlwings Server đang dùng thư mục dự án khác ({path}); hãy chạy lệnh trong một tiến trình mới.",
    "addin_cert_files": "Cần cả --cert và --key (tệp chứng chỉ và khóa riêng PEM).",
    "addin_server_error": "Máy chủ gặp lỗi khi {action} (mã tra cứu {ref}). Vui lòng thử lại; nếu vẫn lỗi, báo bộ phận CNTT kèm mã này.",
    "addin_no_selection": "Chưa chọn ô nào. Hãy bấm vào một ô trên dòng của tiêu chí cần giải thích ở trang «{sheet}», rồi bấm «Giải thích».",
    "addin_selection_other_sheet": "Ô đang chọn ở trang «{current}». Hãy chọn một ô trên dòng của tiêu chí ở trang «{sheet}», rồi bấm «Giải thích».",
    "addin_not_item_row": "Dòng {row} không thuộc tiêu chí nào được chấm điểm. Hãy chọn một ô trên dòng có mã tiêu chí (ví dụ 1.6), rồi bấm «Giải thích».",
    "addin_no_item_id": "Chưa ghi mã tiêu chí (ví dụ \"1.6\") ở đối số đầu tiên của công thức.",
    "addin_unknown_item": "Không có tiêu chí «{item}» trong bộ chỉ số {ruleset}.{hint}",
    "addin_too_many_values": "Tiêu chí {item} có {expected} số liệu ({labels}) nhưng công thức đưa vào {given} giá trị.",
    "addin_range_not_workbook": "Công thức cần hai vùng ô tính từ ô A1: trang «{sheet}» (ví dụ '{sheet}'!A1:M200) và trang thông tin ẩn «{meta}» (ví dụ {meta}!A1:C40).",
    "addin_scored": "Đã chấm: {total}/{max} điểm, chỉ số {index}%, xếp loại «{classification}»{provisional}.",
    "addin_provisional": " (tạm tính, chưa có kết quả điều tra XHH)",
    "addin_findings_count": "{count} thiếu sót: {errors} lỗi, {warnings} cảnh báo, {infos} lưu ý.",
    "addin_no_findings": "Không có thiếu sót nào.",
    "addin_written": "Đã ghi điểm và thiếu sót vào cột «{points}» và «{findings}» của trang «{sheet}»; cập nhật trang «{summary}» và «{trace}».",
    "addin_recover_none": "Mục đã đạt điểm tối đa.",
    # shown by the task pane itself (no server round trip)
    "addin_js_protected": "Trang «{sheet}» được bảo vệ bằng mật khẩu nên phần mềm không ghi được kết quả. Bỏ bảo vệ trang (Xem lại → Bỏ bảo vệ trang tính, nhập mật khẩu; tiếng Anh: Review → Unprotect Sheet) rồi bấm «Chấm điểm» lại. Chưa ô nào bị thay đổi.",
    "addin_js_no_server": "Không kết nối được máy chủ chấm điểm. Kiểm tra máy chủ CCHC đang chạy và mạng nội bộ, rồi thử lại.",
    "addin_js_http": "Máy chủ chấm điểm trả lời lỗi {status}. Vui lòng thử lại; nếu vẫn lỗi, báo bộ phận CNTT.",
    "addin_js_write_failed": "Không ghi được kết quả vào sổ ({detail}). Kiểm tra sổ không ở chế độ chỉ đọc và không có trang bị bảo vệ, rồi thử lại.",
    "addin_js_busy": "Đang xử lý…",
    "addin_port_busy": "Cổng {port:plain} trên {host} đang được một chương trình khác dùng (có thể là một máy chủ CCHC đang chạy). Dừng chương trình đó, hoặc chọn cổng khác bằng --port.",
    "addin_port_denied": "Không được phép mở cổng {port:plain} trên {host} (cổng dưới 1024 cần quyền quản trị). Hãy chọn cổng từ 1024 trở lên, ví dụ --port 8443.",
    "addin_host_unavailable": "Địa chỉ {host} không phải của máy này nên không lắng nghe được. Dùng --host 127.0.0.1 (chỉ máy này) hoặc --host 0.0.0.0 (cả mạng nội bộ, cần mã truy cập).",
    "addin_cannot_listen": "Không mở được cổng {port:plain} trên {host}: {detail}.",
    "addin_not_started": "Máy chủ add-in không khởi động được trên {host}:{port:plain}; xem các dòng nhật ký ở trên, hoặc thử lại với cổng khác (--port).",
    "addin_js_not_excel": "Ngăn này chỉ hoạt động khi mở trong Excel (bản cài đặt hoặc Excel trên web).",
    "addin_js_selected": "Đã chọn {where}.",
    "addin_js_cell_missing": "Không tìm thấy {where} (trang đã bị đổi tên hoặc xóa?).",
    # ---- hostile and broken input (issue 11): values, files, rule-set names, the add-in server
    "excel_error_value": "«{value}» là giá trị lỗi của Excel (công thức hỏng hoặc tham chiếu mất), không phải số liệu hay tài liệu; hãy nhập lại giá trị thật.",
    "non_ascii_digits": "«{value}» có chữ số không phải 0–9 thông thường (chữ số toàn độ rộng hoặc chữ số Ả Rập); hãy gõ lại bằng bàn phím số.",
    "number_too_large": "«{value}» quá lớn hoặc quá nhiều chữ số (tối đa {digits} chữ số phần nguyên).",
    "yaml_syntax_at": "Lỗi cú pháp YAML ở dòng {line}, cột {column}: {problem}.",
    "yaml_problem_tab": "dùng ký tự Tab để thụt lề (YAML chỉ nhận dấu cách)",
    "yaml_problem_colon": "dấu «:» không đúng chỗ (nội dung có dấu hai chấm cần đặt trong dấu nháy kép)",
    "yaml_problem_missing_colon": "thiếu dấu «:» sau khóa",
    "yaml_problem_unclosed": "tệp kết thúc khi còn dấu ngoặc chưa đóng",
    "yaml_problem_quote": "thiếu dấu nháy đóng",
    "yaml_problem_indent": "thụt lề không đúng hoặc thiếu dấu ngoặc đóng",
    "yaml_problem_alias": "dùng bí danh (*tên) chưa được định nghĩa",
    "yaml_problem_tag": "thẻ (!tên) không hợp lệ",
    "yaml_problem_depth": "cấu trúc lồng nhau quá sâu",
    "yaml_problem_escape": "ký tự thoát (\\) không hợp lệ trong chuỗi nháy kép",
    "yaml_problem_token": "có ký tự không được phép đứng ở đầu giá trị (ví dụ @ hoặc `); hãy đặt giá trị trong dấu nháy kép",
    "yaml_problem_anchor": "tên neo (&tên) bị trùng",
    "yaml_problem_documents": "tệp chứa nhiều tài liệu YAML (nhiều dòng ---)",
    "yaml_problem_other": "cú pháp không hợp lệ",
    "yaml_bad_character": "Tệp YAML chứa ký tự không được phép ({detail}).",
    "yaml_reader_character": "ký tự {character} ở vị trí {position}",
    "yaml_alias_refused": "Dòng {line}: tệp số liệu không được dùng neo/bí danh YAML (&tên, *tên); hãy ghi đầy đủ từng giá trị.",
    "yaml_alias_unknown": "Dòng {line}: bí danh «*{anchor}» chưa được định nghĩa.",
    "yaml_alias_recursive": "Dòng {line}: bí danh «*{anchor}» tham chiếu chính nó.",
    "yaml_too_many_nodes": "Dòng {line}: tệp YAML có quá nhiều phần tử (tính cả bí danh khi mở rộng, tối đa {limit}).",
    "yaml_complex_key": "Dòng {line}: khóa phải là một giá trị đơn (văn bản hoặc số), không phải danh sách hay bảng.",
    "yaml_tag_unsupported": "Dòng {line}: thẻ YAML «{tag}» không được hỗ trợ.",
    "yaml_many_documents": "Dòng {line}: tệp chỉ được chứa một tài liệu YAML (bỏ dòng --- thứ hai).",
    "yaml_bad_merge": "Dòng {line}: khóa gộp «<<» phải trỏ tới một bảng khóa–giá trị.",
    "duplicate_key_ruleset": "Khóa «{key}» khai hai lần (lần đầu ở dòng {first_line}); hãy giữ một.",
    "ruleset_control_characters": "Nội dung có ký tự điều khiển hoặc ký tự không hợp lệ; hãy gõ lại.",
    "ruleset_not_a_file": "{path} không phải tệp bộ chỉ số (.yaml).",
    "ruleset_too_large": "Tệp {path} quá lớn để là bộ chỉ số (tối đa {limit} MB).",
    "file_not_utf8": "Tệp {path} không phải văn bản UTF-8 (byte lỗi ở vị trí {position}); hãy lưu lại với mã hóa UTF-8.",
    "pyd_missing": "thiếu khóa bắt buộc",
    "pyd_extra": "khóa không hợp lệ (không có trong mẫu)",
    "pyd_string": "phải là văn bản (đang là {kind})",
    "pyd_int": "phải là số nguyên (đang là {kind})",
    "pyd_bool": "phải là true hoặc false (đang là {kind})",
    "pyd_mapping": "phải là một bảng khóa–giá trị (đang là {kind})",
    "pyd_list": "phải là danh sách (đang là {kind})",
    "pyd_ge": "phải lớn hơn hoặc bằng {ge}",
    "pyd_le": "phải nhỏ hơn hoặc bằng {le}",
    "pyd_gt": "phải lớn hơn {gt}",
    "pyd_lt": "phải nhỏ hơn {lt}",
    "pyd_empty": "không được để trống",
    "pyd_too_long": "quá dài (tối đa {max_length} ký tự)",
    "pyd_pattern": "không đúng định dạng",
    "pyd_literal": "không hợp lệ; cho phép: {expected}",
    "pyd_number": "phải là số (đang là {kind})",
    "pyd_decimals": "có quá {decimal_places} chữ số thập phân",
    "pyd_date": "phải là ngày (đang là {kind})",
    "pyd_union_tag": "loại «kind» không hợp lệ; cho phép: {expected_tags}",
    "pyd_value": "phải là số, văn bản, ngày, Có/Không hoặc bảng {{value, source}} (đang là {kind})",
    "pyd_invalid": "không hợp lệ",
    "pyd_choice_options": "kiểu choice cần danh sách options, và chỉ kiểu choice mới có options",
    "pyd_options_unique": "các giá trị trong options phải khác nhau",
    "pyd_required_default": "trường bắt buộc (required) không có giá trị mặc định (default)",
    "pyd_band_threshold": "mỗi mức cần đúng một trong hai ngưỡng at_least hoặc above",
    "evidence_not_utf8": "tệp không phải văn bản UTF-8 (byte lỗi ở vị trí {position}); hãy lưu lại với mã hóa UTF-8",
    "json_syntax_at": "lỗi cú pháp JSON ở dòng {line}, cột {column}: {problem}",
    "json_problem_key": "tên khóa phải đặt trong dấu nháy kép",
    "json_problem_comma": "thiếu dấu phẩy giữa hai phần tử",
    "json_problem_colon": "thiếu dấu hai chấm sau tên khóa",
    "json_problem_value": "thiếu giá trị (hoặc có dấu phẩy thừa)",
    "json_problem_string": "chuỗi chưa có dấu nháy đóng",
    "json_problem_control": "có ký tự điều khiển trong chuỗi",
    "json_problem_escape": "ký tự thoát (\\) không hợp lệ",
    "json_problem_extra": "có nội dung thừa sau dữ liệu",
    "json_problem_other": "cú pháp không hợp lệ",
    "json_too_deep": "dữ liệu JSON lồng nhau quá sâu",
    "json_too_many_nodes": "tệp có quá nhiều phần tử (tối đa {limit}); tệp số liệu bình thường chỉ có vài nghìn",
    "duplicate_key": "Khóa «{path}» xuất hiện nhiều lần trong tệp; giá trị sau cùng được dùng. Hãy giữ một.",
    "duplicate_key_at": "Khóa «{path}» xuất hiện hai lần (dòng {first_line} và dòng {line}); giá trị sau được dùng. Hãy giữ một.",
    "text_cleaned": "«{path}»: đã bỏ ký tự điều khiển hoặc ký tự không hợp lệ khỏi nội dung.",
    "text_cleaned_at": "«{path}» (dòng {line}): đã bỏ ký tự điều khiển hoặc ký tự không hợp lệ khỏi nội dung.",
    "text_cleaned_cell": "Đã bỏ ký tự điều khiển hoặc ký tự không hợp lệ khỏi nội dung ô.",
    "workbook_too_many_parts": "Tệp {path} chứa {count} phần (tối đa {limit}); đây không phải sổ chấm điểm bình thường.",
    "workbook_part_too_large": "Tệp {path}: phần «{part}» khi giải nén lớn {size} MB (tối đa {limit} MB); đây không phải sổ chấm điểm bình thường.",
    "workbook_xml_doctype": "Tệp {path}: phần «{part}» có khai báo DOCTYPE mà Excel không bao giờ tạo ra; tệp bị từ chối để an toàn. Hãy mở bằng Excel hoặc LibreOffice và lưu lại.",
    "workbook_xml_token": "Tệp {path}: phần «{part}» chứa một thẻ XML dài bất thường ({size} KB); tệp có thể đã bị sửa bằng công cụ khác. Hãy mở bằng Excel hoặc LibreOffice và lưu lại.",
    "workbook_too_many_cells": "Tệp {path}: trang «{sheet}» có {cells} ô (tính cả ô gộp và dòng có định dạng; tối đa {limit}), sổ chấm điểm chỉ có vài nghìn ô. Hãy xóa các vùng thừa rồi lưu lại.",
    "workbook_too_many_cells_book": "Tệp {path} có tổng cộng {cells} ô (tính cả ô gộp; tối đa {limit}), sổ chấm điểm chỉ có vài chục nghìn ô. Hãy xóa các trang hoặc vùng thừa rồi lưu lại.",
    "workbook_rows_too_far": "Tệp {path}: trang «{sheet}» có nội dung ở ô {cell}, quá xa vùng của sổ chấm điểm (tối đa dòng {limit}). Hãy xóa nội dung ở các dòng đó (chọn các dòng thừa → Xóa) rồi lưu lại.",
    "workbook_detail_zip": "không phải tệp nén .xlsx hợp lệ",
    "workbook_detail_part": "phần «{part}» bị hỏng",
    "workbook_detail_parse": "nội dung trang tính không đọc được",
    "merged_input_hidden": "Ô {address} nằm trong vùng gộp ô {range} nên bị che; giá trị của ô không được tính. Hãy bỏ gộp ô (Trang đầu → Gộp và căn giữa) rồi nhập lại.",
    "workbook_unit_missing": "(chưa ghi tên đơn vị)",
    "addin_request_not_json": "Yêu cầu gửi tới máy chủ chấm điểm không phải dữ liệu JSON hợp lệ.",
    "addin_request_number": "Yêu cầu gửi tới máy chủ chấm điểm có số quá dài; Excel không gửi số như vậy.",
    "addin_request_shape": "Yêu cầu gửi tới máy chủ chấm điểm phải là một đối tượng JSON như Excel gửi.",
    "addin_request_field": "Yêu cầu gửi tới máy chủ chấm điểm thiếu hoặc sai trường «{field}» (mỗi ô phải là một giá trị đơn: số, văn bản, đúng/sai hoặc trống).",
    "addin_unknown_script": "Máy chủ không có thao tác «{name}»; các thao tác: chấm điểm, kiểm tra thiếu sót, giải thích. Hãy tải lại ngăn CCHC.",
    "addin_unknown_function": "Máy chủ không có công thức «{name}»; các công thức: CCHC.DIEM, CCHC.DIEM_THEO, CCHC.TONG, CCHC.CHISO.",
    "addin_request_length": "Yêu cầu có độ dài (Content-Length) không hợp lệ.",
    "addin_request_too_large": "Yêu cầu quá lớn ({size} MB; tối đa {limit} MB). Sổ chấm điểm bình thường chỉ vài trăm KB; hãy kiểm tra sổ có trang hoặc vùng dữ liệu thừa.",
    "addin_request_too_large_plain": "Yêu cầu quá lớn.",
    "addin_key_required": "Máy chủ chấm điểm yêu cầu mã truy cập. Hãy nhập mã truy cập do bộ phận CNTT cung cấp vào ngăn «Chỉ số CCHC» (hoặc cài add-in bằng tệp manifest có sẵn mã).",
    "addin_method_not_allowed": "Địa chỉ này không nhận kiểu yêu cầu đó.",
    "addin_bad_request": "Yêu cầu gửi tới máy chủ chấm điểm không hợp lệ. Hãy tải lại ngăn CCHC rồi thử lại.",
    "addin_forbidden": "Không có quyền thực hiện yêu cầu này.",
    "addin_not_found": "Không có trang hoặc tệp này trên máy chủ chấm điểm.",
    "addin_needs_key": "Máy chủ lắng nghe ở {host} (ngoài máy này) nên cần mã truy cập: đặt biến môi trường SCORING_ACCESS_KEY (ít nhất {min} ký tự; tạo bằng «scoring addin keygen») rồi chạy lại.",
    "addin_key_weak": "Mã truy cập SCORING_ACCESS_KEY quá ngắn hoặc có ký tự không dùng được (cần ít nhất {min} ký tự chữ, số hoặc - _ . ~); tạo mã mới bằng «scoring addin keygen».",
    "addin_http_no_key": "Lưu ý: chưa đặt mã truy cập (SCORING_ACCESS_KEY); nếu máy chủ đặt sau proxy phục vụ cả mạng, hãy đặt mã.",
    "addin_key_in_manifest": "Manifest có chứa mã truy cập: chỉ phân phối qua thư mục chia sẻ hoặc trung tâm quản trị Microsoft 365, không đăng công khai.",
    "addin_js_key_saved": "Đã lưu mã truy cập trên máy này. Bấm lại nút để tiếp tục.",
    "addin_key_missing_for_manifest": "Cần biến môi trường SCORING_ACCESS_KEY để ghi mã truy cập vào manifest (--include-key).",
    # ---- command line (cli helper): Click's own words, the top-level handler, paths on the command line
    "cli_usage": "Cách dùng: ",
    "cli_options_metavar": "[TÙY CHỌN]",
    "cli_command_metavar": "LỆNH [THAM SỐ]...",
    "cli_arguments": "Tham số",
    "cli_options": "Tùy chọn",
    "cli_commands": "Lệnh",
    "cli_help_option": "Xem hướng dẫn này rồi thoát.",
    "cli_default": "mặc định: {value}",
    "cli_required": "bắt buộc",
    "cli_envvar": "biến môi trường: {name}",
    "cli_range_min": "≥ {min}",
    "cli_range_max": "≤ {max}",
    "cli_range_between": "từ {min} đến {max}",
    "cli_type_text": "văn bản",
    "cli_type_file": "tệp",
    "cli_type_folder": "thư mục",
    "cli_type_integer": "số nguyên",
    "cli_type_number": "số",
    "cli_type_yes_no": "có/không",
    "cli_type_date": "ngày",
    "cli_try_help": "Chạy «{command}» để xem hướng dẫn.",
    "cli_error": "Lỗi: {message}",
    "cli_missing_argument": "Thiếu tham số {name}.",
    "cli_missing_option": "Thiếu tùy chọn {name}.",
    "cli_missing_parameter": "Thiếu {name}.",
    "cli_choose_from": "Chọn một trong: {choices}.",
    "cli_missing_command": "Thiếu tên lệnh.",
    "cli_no_such_command": "Không có lệnh «{name}».",
    "cli_no_such_option": "Không có tùy chọn {name}.",
    "cli_did_you_mean": " Có phải: {names}?",
    "cli_option_needs_value": "Tùy chọn {name} cần một giá trị.",
    "cli_option_needs_values": "Tùy chọn {name} cần {count} giá trị.",
    "cli_option_takes_no_value": "Tùy chọn {name} không nhận giá trị.",
    "cli_argument_needs_values": "Tham số {name} cần {count} giá trị.",
    "cli_bad_arguments": "Các tham số không đúng cách dùng.",
    "cli_extra_arguments": "Thừa tham số: {args}.",
    "cli_bad_value": "Giá trị không hợp lệ cho {name}: {reason}",
    "cli_not_a_choice": "«{value}» không có trong danh sách; chọn một trong: {choices}.",
    "cli_not_an_integer": "«{value}» không phải số nguyên.",
    "cli_not_a_number": "«{value}» không phải số.",
    "cli_not_yes_no": "«{value}» không phải có/không.",
    "cli_not_a_date": "«{value}» không phải ngày.",
    "cli_too_small_ge": "«{value}» nhỏ hơn {limit}; cần từ {limit} trở lên.",
    "cli_too_small_gt": "«{value}» phải lớn hơn {limit}.",
    "cli_too_large_le": "«{value}» lớn hơn {limit}; cần từ {limit} trở xuống.",
    "cli_too_large_lt": "«{value}» phải nhỏ hơn {limit}.",
    "cli_bad_value_generic": "«{value}» không hợp lệ.",
    "cli_file_error": "Không mở được tệp {path}: {reason}",
    "cli_aborted": "Đã hủy.",
    "cli_interrupted": "Đã dừng theo yêu cầu (Ctrl+C); không có tệp nào bị ghi dở.",
    "cli_unexpected": "Phần mềm gặp lỗi ngoài dự kiến nên lệnh chưa hoàn thành (mã tra cứu {ref}). Chi tiết kỹ thuật đã ghi vào tệp {log}; hãy gửi tệp này cho người hỗ trợ kỹ thuật.",
    "cli_unexpected_no_log": "Phần mềm gặp lỗi ngoài dự kiến nên lệnh chưa hoàn thành (mã tra cứu {ref}); không ghi được tệp nhật ký lỗi. Hãy báo mã tra cứu này và lệnh vừa chạy cho người hỗ trợ kỹ thuật.",
    "cli_os_error": "Không truy cập được {path}: {reason}.",
    "cli_os_error_no_path": "Lỗi hệ điều hành: {reason}.",
    "input_missing": "Không tìm thấy tệp {path}.",
    "input_is_directory": "{path} là một thư mục, không phải tệp.",
    "input_not_regular": "{path} không phải tệp thông thường (có thể là thiết bị hoặc đường ống); hãy chỉ ra một tệp.",
    "input_unreadable": "Không đọc được tệp {path}: {reason}.",
    "output_is_directory": "Không ghi được vào {path}: đây là một thư mục; hãy ghi rõ tên tệp.",
    "output_folder_missing": "Không ghi được {path}: chưa có thư mục {folder}. Hãy tạo thư mục trước hoặc chọn nơi ghi khác.",
    "output_parent_not_folder": "Không ghi được {path}: {folder} là một tệp, không phải thư mục.",
    "output_not_writable": "Không ghi được {path}: không có quyền ghi vào thư mục {folder}.",
    "output_failed": "Không ghi được {path}: {reason}.",
    "output_suffix": "Không nhận tệp kết quả {path}: với {source} chỉ ghi được ra tệp {accepted}.",
    "output_xlsx_needs_workbook": "Không ghi được sổ đã chấm {path}: {source} là tệp số liệu, không phải sổ chấm điểm .xlsx, nên chỉ ghi được ra tệp {accepted}. Muốn có sổ Excel điền sẵn số liệu này: {command} workbook new --from {source} --out so-cham-diem.xlsx",
    "output_format_conflict": "--format {format} không hợp với tệp {path}: tệp .json ghi kết quả kèm truy vết, tệp .txt ghi báo cáo, tệp .xlsx ghi sổ đã chấm. Hãy bỏ --format hoặc đổi đuôi tệp.",
    "output_kind_json": ".json (kết quả kèm truy vết)",
    "output_kind_text": ".txt (báo cáo)",
    "output_kind_xlsx": ".xlsx (sổ đã chấm)",
    "list_or": "{items} hoặc {last}",
    # ---- office consolidation (consolidate helper): `scoring consolidate`, scoring/office/
    "consolidate_no_inputs": "Không tìm thấy tệp nào để tổng hợp (.xlsx, .json, .yaml, .yml) trong {paths}.",
    "consolidate_input_missing": "Không tìm thấy {path}.",
    "consolidate_out_is_input": "Không ghi bảng tổng hợp vào {path}: đây là một tệp đầu vào (sổ hoặc số liệu của đơn vị). Hãy chọn tệp khác (--out).",
    "consolidate_out_suffix": "Tệp tổng hợp {path} phải có đuôi {suffix} (--format {format}).",
    "consolidate_jobs": "--jobs phải từ 1 trở lên (đang là {jobs}).",
    "calamine_detail_parse": "nội dung trang tính không đọc được",
    "consolidate_empty_file": "Tệp {path} rỗng (0 byte); đơn vị cần gửi lại sổ.",
    "consolidate_unexpected": "Tệp {path}: lỗi ngoài dự kiến khi chấm ({error}); tệp bị bỏ qua, các tệp khác vẫn được chấm. Hãy báo người hỗ trợ kỹ thuật kèm tệp này.",
    "consolidate_other_ruleset": "Tệp {path} ({unit}) làm theo bộ chỉ số «{found}» phiên bản {found_version}, không phải bộ đang tổng hợp «{used}» phiên bản {used_version}; không đưa vào xếp hạng.",
    "consolidate_other_year": "Tệp {path} ({unit}) là số liệu năm {found:plain}, không phải năm đang tổng hợp {used:plain}; không đưa vào xếp hạng.",
    "consolidate_duplicate": "Tệp {path}: cùng đơn vị «{unit}» năm {year:plain} với tệp {kept}, tệp đó mới hơn ({why}) nên được dùng; tệp này không được tính.",
    "consolidate_newer_generated": "sổ tạo lúc {kept_time}, tệp này tạo lúc {time}",
    "consolidate_newer_mtime": "sửa lần cuối {kept_time}, tệp này {time}",
    "consolidate_same_time": "cùng thời điểm; chọn theo tên tệp",
    "consolidate_progress": "Đang chấm",
    "consolidate_files": "tệp",
    "consolidate_done": "Đã chấm {scored}/{found} tệp: {ranked} đơn vị được xếp hạng (bộ chỉ số {ruleset} phiên bản {version}, năm {year:plain}); {not_scored} tệp không chấm được hoặc không xếp hạng.",
    "consolidate_not_scored_line": "  • {reason}",
    "consolidate_not_scored_more": "  … và {count} tệp khác (xem trang «{sheet}»).",
    "consolidate_written": "Đã ghi {path}",
    "consolidate_recorded": "Đã lưu {count} tệp đã chấm vào kho {store} ({new} tệp mới; tệp đã có từ trước không ghi lại).",
    "consolidate_nothing_ranked": "Không đơn vị nào được xếp hạng; bảng tổng hợp chỉ có danh sách tệp không chấm được.",
    "consolidate_chosen_given": "theo tùy chọn --rules",
    "consolidate_chosen_majority": "bộ chỉ số của nhiều tệp nhất",
    "consolidate_chosen_default": "bộ chỉ số mặc định (không tệp nào ghi bộ chỉ số)",
    "consolidate_year_given": "theo tùy chọn --year",
    "consolidate_year_majority": "năm của nhiều tệp nhất",
    # the consolidated workbook (scoring/office/tables.py): sheet names, titles, column headers
    "office_sheet_ranking": "Xếp hạng",
    "office_sheet_fields": "Theo lĩnh vực",
    "office_sheet_gaps": "Thiếu sót",
    "office_sheet_charts": "Biểu đồ",
    "office_sheet_not_scored": "Không chấm được",
    "office_sheet_info": "Thông tin",
    "office_title_ranking": "BẢNG XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year:plain} CỦA CÁC ĐƠN VỊ",
    "office_title_fields": "BẢNG TỔNG HỢP ĐIỂM THEO LĨNH VỰC CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year:plain}",
    "office_title_gaps": "DANH MỤC THIẾU SÓT TRONG HỒ SƠ TỰ ĐÁNH GIÁ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year:plain}",
    "office_title_charts": "BIỂU ĐỒ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {year:plain}",
    "office_title_not_scored": "DANH SÁCH TỆP KHÔNG CHẤM ĐƯỢC HOẶC KHÔNG ĐƯA VÀO XẾP HẠNG",
    "office_title_info": "THÔNG TIN VỀ LẦN TỔNG HỢP",
    "office_subtitle_ruleset": "(Theo {title}, mã {id}, phiên bản {version}; {units} đơn vị)",
    "office_subtitle_lost": "Cột «Điểm mất do thiếu số liệu/TLKC»: điểm đơn vị lấy lại được khi bổ sung hồ sơ (ô còn trống, tài liệu kiểm chứng còn thiếu).",
    "office_office_blank": "……………………",
    "office_col_rank": "Hạng",
    "office_col_unit": "Đơn vị",
    "office_col_self": "Điểm tự đánh giá",
    "office_col_survey": "Điểm điều tra XHH",
    "office_col_bonus": "Điểm thưởng",
    "office_col_penalty": "Điểm trừ",
    "office_col_total": "Tổng điểm",
    "office_col_max": "Điểm tối đa tính chỉ số",
    "office_col_index": "Chỉ số CCHC (%)",
    "office_col_class": "Xếp loại",
    "office_col_provisional": "Tạm tính",
    "office_col_lost": "Điểm mất do thiếu số liệu/TLKC",
    "office_col_file": "Tệp",
    "office_col_fields_total": "Tổng điểm các lĩnh vực",
    "office_col_item": "Mục",
    "office_col_item_title": "Nội dung tiêu chí",
    "office_col_component": "Lĩnh vực",
    "office_col_field": "Số liệu",
    "office_col_sheet": "Trang",
    "office_col_cell": "Ô (hoặc khóa)",
    "office_col_cell_only": "Ô",
    "office_col_kind": "Loại",
    "office_col_severity": "Mức độ",
    "office_col_finding": "Phát hiện",
    "office_col_points_lost": "Điểm mất",
    "office_col_pending": "Điểm chờ TLKC",
    "office_col_recovery": "Cách lấy lại điểm",
    "office_col_no": "STT",
    "office_col_reason": "Lý do",
    "office_col_classification": "Xếp loại",
    "office_col_count": "Số đơn vị",
    "office_col_field_index": "Chỉ số bình quân (%)",
    "office_col_what": "Nội dung",
    "office_col_value": "Giá trị",
    "office_row_max": "Điểm tối đa",
    "office_row_average": "Bình quân",
    "office_yes": "Có",
    "office_chart_classes": "Số đơn vị theo xếp loại",
    "office_chart_fields": "Chỉ số bình quân theo lĩnh vực (%)",
    "office_info_ruleset": "Bộ chỉ số",
    "office_info_title": "Tên bộ chỉ số",
    "office_info_version": "Phiên bản bộ chỉ số",
    "office_info_hash": "Mã băm nội dung bộ chỉ số",
    "office_info_ruleset_choice": "Cách chọn bộ chỉ số",
    "office_info_year": "Năm đánh giá",
    "office_info_year_choice": "Cách chọn năm",
    "office_info_inputs": "Tổng hợp từ",
    "office_info_files": "Số tệp tìm thấy",
    "office_info_scored": "Số tệp chấm được",
    "office_info_ranked": "Số đơn vị được xếp hạng",
    "office_info_not_scored": "Số tệp không chấm được hoặc không xếp hạng",
    "office_info_started": "Bắt đầu",
    "office_info_finished": "Kết thúc",
    "office_info_program": "Phần mềm",
    "office_info_engine": "Bộ máy chấm điểm",
    "office_info_lost_rule": "Cách tính «Điểm mất do thiếu số liệu/TLKC»",
    "office_lost_rule": "Tổng điểm mất ở các phát hiện «Thiếu dữ liệu» (ô bắt buộc còn trống) cộng điểm các mục «Thiếu TLKC» chưa giải trình (điểm chỉ được công nhận khi có tài liệu kiểm chứng). Điểm mất vì giá trị sai, số liệu không khớp, chưa đạt chỉ tiêu hay trễ hạn không tính vào cột này.",
    "office_footer": "Tổng hợp Chỉ số CCHC năm {year:plain} — {sheet}",
    # ---- the office's store (scoring/store; commands history, explain, verify; score --db)
    "store_bad_url": "Địa chỉ kho dữ liệu «{url}» không hợp lệ; dùng tên tệp SQLite (vd. cchc.sqlite) hoặc postgresql://người-dùng@máy-chủ/tên-csdl.",
    "store_unsupported_url": "Kho dữ liệu «{url}»: chỉ hỗ trợ SQLite (tệp) và PostgreSQL (postgresql://…), không hỗ trợ «{scheme}».",
    "store_path_suffix": "Không dùng {path} làm kho dữ liệu: đuôi {suffix} là của tệp số liệu, sổ chấm điểm hoặc báo cáo. Kho là tệp .sqlite (vd. --db cchc.sqlite); muốn ghi vào kho mặc định thì đặt --db sau tên tệp: scoring score so-cham-diem.xlsx --db",
    "store_is_directory": "Không dùng được {path} làm kho dữ liệu: đây là một thư mục; hãy ghi rõ tên tệp (vd. {path}/cchc.sqlite).",
    "store_folder_missing": "Không tạo được kho dữ liệu {path}: chưa có thư mục {folder}. Hãy tạo thư mục trước hoặc chọn nơi khác.",
    "store_folder_not_writable": "Không tạo được kho dữ liệu {store}: không có quyền ghi vào thư mục {folder}.",
    "store_needs_psycopg": "Muốn dùng kho PostgreSQL {url} cần cài thêm trình kết nối psycopg: pip install 'cchc-scoring[postgres]'.",
    "store_missing": "Chưa có kho dữ liệu {store}. Kho được tạo khi ghi bản nộp đầu tiên: scoring score so-cham-diem.xlsx --db {store}",
    "store_cannot_open": "Không mở được kho dữ liệu {store}: {reason}.",
    "store_not_a_database": "Tệp {store} không phải kho dữ liệu SQLite (có thể là tệp khác trùng tên hoặc tệp đã hỏng); phần mềm không ghi gì vào tệp này.",
    "store_not_ours": "Cơ sở dữ liệu {store} đã có các bảng khác ({tables}) nhưng không phải kho dữ liệu Chỉ số CCHC; phần mềm không ghi gì vào đó. Hãy chọn tệp hoặc cơ sở dữ liệu khác.",
    "store_newer_schema": "Kho dữ liệu {store} dùng lược đồ {revision}, mới hơn phiên bản phần mềm này (đọc được đến lược đồ {head}). Hãy cập nhật cchc-scoring lên phiên bản mới nhất; kho không bị thay đổi.",
    "store_needs_migrate": "Kho PostgreSQL {store} dùng lược đồ cũ {revision}; phiên bản này cần lược đồ {head}. Hãy sao lưu trước (pg_dump -Fc -f cchc-truoc-nang-cap.dump TÊN_CSDL), rồi chạy lại lệnh kèm --migrate để nâng cấp (nâng cấp chạy trong một giao dịch: lỗi giữa chừng thì kho giữ nguyên).",
    "store_backup_failed": "Không sao lưu được kho {store} sang {backup} trước khi nâng cấp ({detail}); kho chưa bị thay đổi.",
    "store_migrated": "Đã nâng cấp kho dữ liệu {store} từ lược đồ {old} lên {new}.",
    "store_backup_made": "Bản sao của kho trước khi nâng cấp: {backup}",
    "store_locked": "Kho dữ liệu {store} đang bận (một chương trình khác giữ quyền ghi quá lâu); hãy thử lại sau ít phút.",
    "store_cannot_open_db": "Không mở được kho dữ liệu {store} (kiểm tra quyền đọc/ghi tệp và thư mục).",
    "store_read_only": "Kho dữ liệu {store} chỉ cho phép đọc; không ghi được. Kiểm tra quyền ghi tệp và thư mục chứa nó.",
    "store_disk_full": "Không ghi được vào kho dữ liệu {store}: ổ đĩa đã hết chỗ trống. Bản nộp này chưa được ghi; kho vẫn nguyên vẹn.",
    "store_io_error": "Lỗi đọc/ghi thiết bị lưu trữ khi dùng kho dữ liệu {store}. Hãy kiểm tra ổ đĩa (kho SQLite cần nằm trên ổ đĩa của máy, không đặt trên thư mục mạng dùng chung).",
    "store_pg_auth": "Máy chủ PostgreSQL từ chối đăng nhập vào {store}: sai tên người dùng hoặc mật khẩu (chi tiết kỹ thuật: {detail}).",
    "store_pg_no_database": "Trên máy chủ PostgreSQL chưa có cơ sở dữ liệu của {store}; hãy nhờ bộ phận CNTT tạo trước (chi tiết kỹ thuật: {detail}).",
    "store_pg_unreachable": "Không kết nối được máy chủ PostgreSQL {store}: kiểm tra địa chỉ, cổng, mạng và máy chủ đang chạy (chi tiết kỹ thuật: {detail}).",
    "store_database_error": "Lỗi cơ sở dữ liệu khi dùng kho {store} (chi tiết kỹ thuật: {detail}).",
    "store_no_units": "Kho dữ liệu {store} chưa có đơn vị nào; ghi bản nộp bằng: scoring score so-cham-diem.xlsx --db",
    "store_unit_ambiguous": "«{query}» khớp với {count} đơn vị: {names}{more}. Hãy ghi rõ hơn tên đơn vị.",
    "store_and_more": " và {count} đơn vị khác",
    "store_unit_unknown_close": "Không có đơn vị «{query}» trong kho. Có phải: {names}?",
    "store_unit_unknown": "Không có đơn vị «{query}» trong kho. Kho có {count} đơn vị: {names}{more}.",
    "store_unit_no_submissions": "Đơn vị «{unit}» chưa có bản nộp nào trong kho.",
    "store_year_missing": "Đơn vị «{unit}» không có bản nộp năm {year:plain}; các năm có trong kho: {years}.",
    "store_item_missing": "Không có tiêu chí «{item}» trong kết quả của «{unit}» năm {year:plain} (bộ chỉ số {ruleset}). Có phải: {hint}?",
    "store_recorded": "Đã ghi vào kho {store}: {unit}, năm {year:plain} (bản nộp #{id:plain}, là bản hiện hành).",
    "store_recorded_replacing": "Đã ghi vào kho {store}: {unit}, năm {year:plain} (bản nộp #{id:plain}, là bản hiện hành; thay bản nộp #{old:plain}, bản cũ vẫn được lưu).",
    "store_recorded_older": "Đã ghi vào kho {store}: {unit}, năm {year:plain} (bản nộp #{id:plain}); tệp này nhận trước bản nộp #{newer:plain} nên bản #{newer:plain} vẫn là bản hiện hành.",
    "store_already_recorded": "Tệp này đã có trong kho {store} (bản nộp #{id:plain} của {unit}, năm {year:plain}); không ghi lại.",
    "store_history_title": "Lịch sử Chỉ số CCHC — {unit}",
    "store_history_empty": "Đơn vị chưa có bản nộp nào trong kho.",
    "store_history_one_year": "Mới có kết quả của một năm; chưa so sánh được giữa các năm.",
    "store_history_no_changes": "Điểm các tiêu chí không thay đổi giữa các năm.",
    "store_row_ruleset": "Bộ chỉ số",
    "store_row_total": "Tổng điểm / tối đa áp dụng",
    "store_row_index": "Chỉ số CCHC",
    "store_row_class": "Xếp loại",
    "store_row_provisional": "Tạm tính (chưa có điều tra XHH)",
    "store_row_submission": "Bản nộp hiện hành",
    "store_row_count": "Số bản đã nộp",
    "store_yes": "Có",
    "store_no": "Không",
    "store_submission_short": "#{id:plain} {file} ({received})",
    "store_changes_title": "Các tiêu chí thay đổi nhiều nhất",
    "store_col_item": "Mã",
    "store_col_title": "Tiêu chí",
    "store_col_change": "Thay đổi",
    "store_change": "{sign}{points} ({first:plain}→{last:plain})",
    "store_explain_title": "Giải thích điểm tiêu chí {item} — {unit}, năm {year:plain}",
    "store_explain_content": "Nội dung: {title}",
    "store_explain_field": "Lĩnh vực: {field}. {title}",
    "store_explain_criterion": "Tiêu chí: {criterion} {title}",
    "store_explain_ruleset": "Bộ chỉ số: {ruleset} phiên bản {version} — {title} (mã băm {hash})",
    "store_explain_submission": "Bản nộp #{id:plain}: tệp {file}, nhận lúc {received}, mã băm tệp {sha}; chấm bằng {engine}",
    "store_explain_inputs": "Số liệu:",
    "store_explain_no_inputs": "(tiêu chí này không có số liệu nhập)",
    "store_place": "trang «{sheet}», ô {cell}",
    "store_place_file": "tệp {file}, trang «{sheet}», ô {cell}",
    "store_place_file_only": "tệp {file}",
    "store_source": "nguồn: {source}",
    "store_explain_measure": "Số đo: {measure}",
    "store_explain_rows": "Bảng quyết định (► mức được áp dụng):",
    "store_explain_rule": "Quy tắc áp dụng: «{label}»",
    "store_explain_calculation": "Cách tính: {calculation}",
    "store_explain_points": "Điểm: {points} / {max} — {status}",
    "store_explain_findings": "Phát hiện:",
    "store_explain_no_findings": "Phát hiện: không có.",
    "store_explain_earlier": "Các bản nộp trước của năm này (đã được thay thế):",
    "store_earlier_line": "#{id:plain} tệp {file}, nhận lúc {received}: {points} điểm",
    "store_not_scored": "không có tiêu chí này",
    "store_explain_appraisal": "Thẩm định:",
    "store_no_appraisal": "chưa có vòng thẩm định nào cho tiêu chí này.",
    "store_part_evidence": "phần đầu của số liệu",
    "store_part_evidence_values": "số liệu",
    "store_part_results": "kết quả tổng",
    "store_part_group_results": "điểm lĩnh vực, tiêu chí",
    "store_part_item_results": "điểm tiêu chí thành phần",
    "store_part_findings": "phát hiện",
    "store_part_traces": "truy vết",
    "store_entry_item": "dòng tiêu chí",
    "store_entry_value": "số liệu",
    "store_entry_document": "tài liệu kiểm chứng",
    "store_entry_explanation": "giải trình",
    "store_entry_not_applicable": "khai «Không áp dụng»",
    "store_submission_ref": "bản nộp #{id:plain}",
    "store_none": "(không có)",
    "store_item_prefix": "Mục {item}: ",
    "verify_title": "Kiểm tra kho dữ liệu {store}",
    "verify_counts": "{units} đơn vị, {rulesets} bộ chỉ số, {submissions} bản nộp ({current} bản hiện hành); đã chấm lại {replayed} kết quả theo bộ chỉ số lưu trong kho.",
    "verify_chain": "Sổ cái: {entries} mục, mã băm cuối {head} (ghi lại mã này; lần sau kiểm tra với --head để chắc lịch sử đến đây không đổi).",
    "verify_chain_empty": "Sổ cái: trống (kho chưa có bản ghi nào).",
    "verify_ok": "Kết quả: khớp — mọi bản ghi còn nguyên như khi ghi, mọi kết quả chấm lại đều khớp.",
    "verify_problems_title": "Phát hiện {count} chỗ không khớp:",
    "verify_general": "Sổ cái, đơn vị và bộ chỉ số:",
    "verify_where": "{unit} — năm {year:plain} — tệp {file} (bản nộp #{id:plain}):",
    "verify_failed": "Kết quả: KHÔNG KHỚP — {count} chỗ (xem trên).",
    "verify_progress": "Đang chấm lại",
    "verify_ledger_gap": "Sổ cái thiếu mục {first:plain}–{last:plain}: đã bị xóa ngoài phần mềm.",
    "verify_ledger_broken": "Sổ cái đứt chuỗi tại mục {seq:plain}: mục trước đó đã bị sửa, xóa hoặc đổi chỗ.",
    "verify_ledger_edited": "Mục {seq:plain} của sổ cái đã bị sửa ngoài phần mềm (mã băm không khớp nội dung).",
    "verify_head_missing": "Mã băm {head} không có trong sổ cái: lịch sử kho đã bị thay đổi kể từ lần kiểm tra ghi lại mã này (hoặc mã ghi sai).",
    "verify_unit_unrecorded": "Đơn vị #{id:plain} «{name}» không có trong sổ cái: đã được thêm ngoài phần mềm.",
    "verify_unit_edited": "Tên đơn vị #{id:plain} đã bị sửa ngoài phần mềm: khi ghi là «{recorded}», nay là «{name}».",
    "verify_unit_deleted": "Đơn vị #{id:plain} «{name}» đã bị xóa khỏi kho ngoài phần mềm.",
    "verify_ruleset_unrecorded": "Bộ chỉ số {ruleset} phiên bản {version} (#{id:plain}) không có trong sổ cái: đã được thêm ngoài phần mềm.",
    "verify_ruleset_edited": "Bộ chỉ số {ruleset} phiên bản {version} (#{id:plain}) đã bị sửa ngoài phần mềm (khi ghi có mã băm {recorded}…).",
    "verify_ruleset_content": "Nội dung bộ chỉ số {ruleset} phiên bản {version} lưu trong kho không còn khớp mã băm của nó: ghi {stored}…, nội dung nay {actual}….",
    "verify_ruleset_invalid": "Bộ chỉ số {ruleset} phiên bản {version} lưu trong kho không còn hợp lệ nên không chấm lại được: {detail}",
    "verify_ruleset_deleted": "Bộ chỉ số {ruleset} phiên bản {version} (#{id:plain}) đã bị xóa khỏi kho ngoài phần mềm.",
    "verify_submission_unrecorded": "Bản nộp không có trong sổ cái: đã được thêm ngoài phần mềm.",
    "verify_submission_edited": "Thông tin bản nộp đã bị sửa ngoài phần mềm (khi ghi: tệp {recorded_file}, năm {recorded_year:plain}).",
    "verify_submission_deleted": "Bản nộp đã bị xóa khỏi kho ngoài phần mềm.",
    "verify_superseded_edited": "Bản hiện hành đã bị đổi ngoài phần mềm: theo sổ cái, bản này được thay bởi {recorded}; trong kho ghi {stored}.",
    "verify_part_rows": "Phần «{part}» đã bị thêm hoặc xóa dòng ngoài phần mềm (khi ghi có {recorded} dòng, nay có {now} dòng).",
    "verify_value_edited": "Số liệu «{label}»{place} đã bị sửa ngoài phần mềm; trong kho nay là «{value}».",
    "verify_document_edited": "Tài liệu kiểm chứng{place} đã bị sửa ngoài phần mềm; trong kho nay là «{value}».",
    "verify_item_evidence_edited": "Phần {entry}{place} của số liệu đã bị sửa ngoài phần mềm.",
    "verify_evidence_edited": "Phần đầu của số liệu (tên đơn vị, năm, nguồn) đã bị sửa ngoài phần mềm.",
    "verify_item_edited": "Kết quả của tiêu chí đã bị sửa ngoài phần mềm (điểm trong kho nay: {points}).",
    "verify_finding_edited": "Phát hiện thứ {ordinal:plain} ({finding}) đã bị sửa ngoài phần mềm.",
    "verify_group_edited": "Điểm của {group} «{title}» đã bị sửa ngoài phần mềm.",
    "verify_result_edited": "Kết quả tổng đã bị sửa ngoài phần mềm (trong kho nay: tổng điểm {total}, chỉ số {index:pct}, xếp loại «{classification}»).",
    "verify_traces_edited": "Truy vết đã bị sửa ngoài phần mềm.",
    "verify_unreadable": "Không dựng lại được kết quả từ các bản ghi trong kho ({detail}); các bản ghi đã bị sửa ngoài phần mềm.",
    "verify_evidence_changed": "Số liệu trong kho khác số liệu lúc chấm: mã băm khi chấm {recorded}, tính lại {current}.",
    "verify_input_edited": "Mục {item}, «{label}»: khi chấm là «{recorded}», trong kho nay là «{current}».",
    "verify_new_finding": "Chấm lại có phát hiện không có trong kho: {text}",
}

#: What each add-in action is called in an error message ("Máy chủ gặp lỗi khi …").
ADDIN_ACTION = {
    "score": "chấm điểm",
    "check": "kiểm tra thiếu sót",
    "explain": "giải thích điểm",
    "function": "tính công thức",
    "request": "xử lý yêu cầu",
}



#: Why the operating system refused a file, by errno (an OSError passed as a message
#: parameter is shown with this text instead of its English strerror).
OS_REASON = {
    "ENOENT": "không có tệp hoặc thư mục này",
    "EACCES": "không có quyền truy cập",
    "EPERM": "không được phép thao tác",
    "EISDIR": "đây là một thư mục, không phải tệp",
    "ENOTDIR": "một phần của đường dẫn là tệp, không phải thư mục",
    "EEXIST": "đã có tệp hoặc thư mục cùng tên",
    "ENOSPC": "ổ đĩa đã hết chỗ trống",
    "EDQUOT": "đã vượt hạn mức dung lượng được cấp",
    "EROFS": "ổ đĩa chỉ cho phép đọc",
    "ENAMETOOLONG": "tên tệp hoặc đường dẫn quá dài",
    "EBUSY": "tệp đang được chương trình khác sử dụng",
    "ETXTBSY": "tệp đang được chương trình khác sử dụng",
    "EMFILE": "mở quá nhiều tệp cùng lúc",
    "ENFILE": "mở quá nhiều tệp cùng lúc",
    "EIO": "lỗi đọc/ghi thiết bị lưu trữ",
    "ELOOP": "đường dẫn có vòng liên kết",
    "EINVAL": "tên tệp không hợp lệ",
    "EFBIG": "tệp quá lớn",
    "ENXIO": "thiết bị không sẵn sàng",
    "ENODEV": "thiết bị không sẵn sàng",
}


def os_reason(exc: OSError) -> str:
    """The Vietnamese reason for an operating-system error (no English strerror)."""
    import errno

    name = errno.errorcode.get(exc.errno or 0)
    if name in OS_REASON:
        return OS_REASON[name]
    if exc.errno:
        return f"lỗi hệ điều hành số {exc.errno}"
    return "lỗi hệ điều hành"


def _format(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, (Decimal, Fraction)) or (isinstance(value, int) and not isinstance(value, bool)):
        return vn.number(value)
    if isinstance(value, float):
        return vn.number(Decimal(repr(value)))
    if isinstance(value, dt.date):
        return vn.date(value)
    if isinstance(value, OSError):
        return os_reason(value)
    if isinstance(value, list):
        return ", ".join(_format(v) for v in value)
    return str(value)


class _Value:
    """A parameter formatted on demand; the format spec picks a style:
    `pct` (98,22%), `quoted` («a»; «b»), `plain` (a year: 2024, not 2.024), `lower`."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __format__(self, spec: str) -> str:
        v = self.value
        if spec == "pct":
            return vn.percent(v if isinstance(v, (Decimal, Fraction)) else Decimal(str(v)))
        if spec == "quoted":
            return "; ".join(f"«{_format(x)}»" for x in (v if isinstance(v, list) else [v]))
        if spec == "plain":
            return str(v)
        if spec == "lower":
            return _format(v).lower()
        return _format(v)


class _Missing:
    def __init__(self, key: str) -> None:
        self.key = key

    def __format__(self, spec: str) -> str:
        return "{" + self.key + "}"


class _Params(dict):
    """Formats a parameter only when the template uses it."""

    def __getitem__(self, key: str) -> Any:
        return _Value(dict.__getitem__(self, key))

    def __missing__(self, key: str) -> Any:
        return _Missing(key)


def render(code: str, **params: Any) -> str:
    """The Vietnamese text for `code` with its parameters filled in."""
    special = _RENDERERS.get(code)
    if special is not None:
        return special(params)
    template = CATALOGUE.get(code)
    if template is None:
        return code + (f" {params}" if params else "")
    if code == "value_problem" and params.get("problem") in CATALOGUE:  # the reading problem is itself a code
        params = {**params, "problem": render(params["problem"], **params)}
    return template.format_map(_Params(params))


def text(message: Any) -> str:
    """A Message (code + params) as Vietnamese text; "" for None."""
    if message is None:
        return ""
    return render(message.code, **message.params)


def _deadline_measure(params: dict[str, Any]) -> str:
    parts = []
    for part in params.get("parts") or []:
        if part.get("date") is None:
            shown = render("deadline_part_absent")
        else:
            days = int(part.get("days") or 0)
            state = render("deadline_on_time") if days <= 0 else render("deadline_late", days=days)
            shown = render("deadline_part", date=part["date"], state=state, deadline=part["deadline"])
        parts.append(f"{part.get('what')}: {shown}" if params.get("named") else shown)
    return "; ".join(parts)


_RENDERERS = {"measure_deadline": _deadline_measure}

#: Codes whose wording changes once the finding carries the item's lost points.
_WITH_LOST = {"missing_value": "missing_value_item"}


def finding_text(f: Any) -> str:
    """A Finding's text, from its code and parameters."""
    params = dict(f.params)
    code = f.code
    if f.points_lost and code in _WITH_LOST:
        code = _WITH_LOST[code]
        params.setdefault("lost", f.points_lost)
    params.setdefault("item", f.item)
    return render(code, **params)


def recovery_text(f: Any) -> str | None:
    return text(f.recovery) if f.recovery is not None else None


def missing_values_text(findings: list[Any]) -> str:
    """Several blank inputs of one item in one sentence (reports group them)."""
    first = findings[0]
    labels = [f.params.get("label", f.field or "") for f in findings]
    lost = next((f.points_lost for f in findings if f.points_lost), None)
    if lost:
        return render("missing_values_item", labels=labels, item=first.item, lost=lost)
    return render("missing_values", labels=labels)


def input_text(inp: Any) -> str:
    """A trace input as shown to a person: the value read, or why there is none."""
    if inp.read == "value":
        return _format(inp.value)
    return render(f"trace_input_{inp.read}")


def calculation_text(step: Any) -> str:
    """How the points follow: the formula, or the measure and the row that fired."""
    if step.calculation is not None:
        return text(step.calculation)
    if step.measure is not None:
        measure = text(step.measure)
        if not step.rule_label.lower().startswith(measure.lower()):  # «Có → 1 điểm» says it already
            return render("calc_row", measure=measure, row=step.rule_label)
    return step.rule_label


def location_text(loc: Any) -> str:
    """An error's location in words: «tệp a.xlsx, trang «Tự đánh giá», ô G12» or «tệp a.yaml, dòng 4, cột 7»."""
    parts = []
    if loc.file:
        parts.append(render("loc_file", file=loc.file))
    if loc.sheet:
        parts.append(render("loc_sheet", sheet=loc.sheet))
    if loc.cell:
        parts.append(render("loc_cell", cell=loc.cell))
    if loc.line is not None:
        parts.append(render("loc_line", line=loc.line))
    if loc.column is not None:
        parts.append(render("loc_column", column=loc.column))
    if loc.key:
        parts.append(render("loc_key", key=loc.key))
    return ", ".join(parts)


def cell_text(cell: Any) -> str:
    """Where a value sits, written one way everywhere: «ô G12» (with the sheet when asked)."""
    return f"ô {cell.cell}" if cell is not None else ""
