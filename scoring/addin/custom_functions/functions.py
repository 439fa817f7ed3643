"""=CCHC.DIEM(...) and friends. Each is a few lines: the logic is in scoring.addin.live.

The docstrings and argument docs are what Excel shows in its formula help, so they are
in Vietnamese. Parameter names appear there too, hence the Vietnamese identifiers.
Each is a coroutine that scores in the thread pool (never on the server's event loop).
The rule set of =CCHC.DIEM_THEO is named by its id, never opened as a path.
"""

from typing import Any

from starlette.concurrency import run_in_threadpool
from xlwings.server import arg, func

from scoring.addin import live
from scoring.addin.guard import user_errors

__all__ = ["diem", "diem_theo", "tong", "chiso"]


def _flatten(values: Any) -> list[Any]:
    """A formula may pass single cells or a range (G40:G44): one flat list, row by row."""
    out: list[Any] = []
    for value in values:
        if isinstance(value, (list, tuple)):
            out.extend(_flatten(value))
        else:
            out.append(value)
    return out


@func
@arg("ma_tieu_chi", doc='Mã tiêu chí thành phần, ví dụ "1.6".')
@arg("so_lieu", doc="Các ô số liệu của tiêu chí theo thứ tự trong sổ (từng ô, hoặc cả vùng, ví dụ G40:G44).")
async def diem(ma_tieu_chi, *so_lieu):
    """Điểm tự chấm của một tiêu chí, tính từ số liệu của nó (cùng kết quả với nút «Chấm điểm»)."""
    return await run_in_threadpool(_guarded, live.item_points, ma_tieu_chi, _flatten(so_lieu))


@func
@arg("bo_chi_so", doc='Mã bộ chỉ số, ví dụ "par-so-2024".')
@arg("ma_tieu_chi", doc='Mã tiêu chí thành phần, ví dụ "1.6".')
@arg("so_lieu", doc="Các ô số liệu của tiêu chí theo thứ tự trong sổ.")
async def diem_theo(bo_chi_so, ma_tieu_chi, *so_lieu):
    """Như CCHC.DIEM nhưng theo bộ chỉ số chỉ định (mặc định là bộ chỉ số của máy chủ)."""
    ruleset = str(bo_chi_so or "").strip()[:200] or None  # an id in the rules folder, never a path
    return await run_in_threadpool(_guarded, live.item_points, ma_tieu_chi, _flatten(so_lieu), ruleset=ruleset)


_SHEET_DOC = "Trang «Tự đánh giá» tính từ ô A1, ví dụ 'Tự đánh giá'!A1:M200."
_META_DOC = "Trang thông tin ẩn «_cchc» tính từ ô A1, ví dụ _cchc!A1:C40."


@func
@arg("vung_so_lieu", ndim=2, doc=_SHEET_DOC)
@arg("vung_thong_tin", ndim=2, doc=_META_DOC)
async def tong(vung_so_lieu, vung_thong_tin):
    """Tổng điểm của sổ (lĩnh vực + thưởng − trừ, trong khoảng 0–100), như khi bấm «Chấm điểm»."""
    score = await run_in_threadpool(_guarded, live.workbook_score, vung_so_lieu, vung_thong_tin)
    return float(score.totals.total)


@func
@arg("vung_so_lieu", ndim=2, doc=_SHEET_DOC)
@arg("vung_thong_tin", ndim=2, doc=_META_DOC)
async def chiso(vung_so_lieu, vung_thong_tin):
    """Chỉ số CCHC (%) của sổ: tổng điểm ÷ điểm tối đa của các tiêu chí áp dụng × 100."""
    score = await run_in_threadpool(_guarded, live.workbook_score, vung_so_lieu, vung_thong_tin)
    return float(score.totals.index)


def _guarded(function, *args, **kwargs):
    with user_errors("function"):
        return function(*args, **kwargs)
