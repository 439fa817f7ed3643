"""The store's schema on open: created, migrated (after a backup copy on SQLite; only when
asked on PostgreSQL), refused when newer or not ours; and where a store may be."""

from __future__ import annotations

import sqlite3

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from store_support import count, demo_result, rules, sql, submission, synthetic

from scoring.store import StoreError, open_store, resolve
from scoring.store.connect import make_engine, writing
from scoring.store.migrate import _MIGRATIONS, head, known_revisions
from scoring.store.schema import Base


def test_the_migrations_build_exactly_the_models_tables(store):
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert context.get_current_revision() == head() == known_revisions()[-1]


def _downgrade(url: str, revision: str) -> None:
    """The store as an older program left it (its data kept)."""
    engine = make_engine(resolve(url))
    try:
        with writing(engine, foreign_keys=False) as conn:
            config = Config()
            config.set_main_option("script_location", str(_MIGRATIONS))
            config.attributes["connection"] = conn
            command.downgrade(config, revision)
    finally:
        engine.dispose()


def _fill(url: str) -> None:
    with open_store(url) as store:
        store.record(submission("a.yaml"), demo_result(), rules())
        store.record(submission("b.yaml"), synthetic(1, unit="Sở Tư pháp"), rules())
    _downgrade(url, "0001")
    assert sql(url, "SELECT version_num FROM alembic_version") == [("0001",)]


def test_an_older_sqlite_store_is_copied_then_migrated(tmp_path):
    path = tmp_path / "cchc.sqlite"
    url = f"sqlite:///{path}"
    _fill(url)
    with open_store(url) as store:
        migration = store.migration
        assert migration is not None and (migration.from_revision, migration.to_revision) == ("0001", head())
        backup = migration.backup
        assert backup is not None and backup.parent == tmp_path
        assert backup.name.startswith("cchc.sao-luu-") and backup.name.endswith("-luoc-do-0001.sqlite")
        # the name key the migration filled in finds the unit however it is typed
        assert store.find_unit("SO TU PHAP").name == "Sở Tư pháp"
        assert store.verify().ok
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
        assert copy.execute("SELECT COUNT(*) FROM submissions").fetchone() == (2,)
    finally:
        copy.close()
    with open_store(url) as again:  # migrated once
        assert again.migration is None


def test_an_older_postgres_store_is_migrated_only_when_asked(postgres_url):
    _fill(postgres_url)
    with pytest.raises(StoreError) as caught:
        open_store(postgres_url)
    shown = resolve(postgres_url).shown
    assert str(caught.value) == (
        f"Kho PostgreSQL {shown} dùng lược đồ cũ 0001; phiên bản này cần lược đồ {head()}. Hãy sao lưu trước "
        "(pg_dump -Fc -f cchc-truoc-nang-cap.dump TÊN_CSDL), rồi chạy lại lệnh kèm --migrate để nâng cấp "
        "(nâng cấp chạy trong một giao dịch: lỗi giữa chừng thì kho giữ nguyên).")
    assert sql(postgres_url, "SELECT version_num FROM alembic_version") == [("0001",)]
    with open_store(postgres_url, migrate=True) as store:
        assert store.migration is not None and store.migration.backup is None
        assert store.verify().ok
    assert count(postgres_url, "submissions") == 2


def test_units_an_older_program_kept_apart_stay_apart(tmp_path):
    url = f"sqlite:///{tmp_path / 'cchc.sqlite'}"
    _fill(url)
    # schema 0001 told units apart by their exact name only
    sql(url, "INSERT INTO units (id, name, recorded_at, row_hash) VALUES (7, 'SỞ TƯ PHÁP', '2024-01-01', 'x')")
    with open_store(url):
        pass
    assert sql(url, "SELECT id, name_key FROM units ORDER BY id") == [
        (1, "so giao duc va dao tao hai phong"), (2, "so tu phap"), (7, "so tu phap #7")]


def test_a_newer_store_is_refused_and_left_alone(store_url):
    with open_store(store_url) as store:
        store.record(submission("a.yaml"), demo_result(), rules())
    sql(store_url, "UPDATE alembic_version SET version_num = '0099'")
    before = _dump(store_url)
    with pytest.raises(StoreError) as caught:
        open_store(store_url)
    assert str(caught.value) == (
        f"Kho dữ liệu {resolve(store_url).shown} dùng lược đồ 0099, mới hơn phiên bản phần mềm này "
        f"(đọc được đến lược đồ {head()}). Hãy cập nhật cchc-scoring lên phiên bản mới nhất; kho không bị thay đổi.")
    assert _dump(store_url) == before


def _dump(url: str) -> list:
    return [sql(url, f"SELECT * FROM {t} ORDER BY 1") for t in ("alembic_version", "units", "submissions", "ledger")]


def test_a_database_of_something_else_is_refused(store_url):
    sql(store_url, "CREATE TABLE payroll (id INTEGER PRIMARY KEY, amount INTEGER)")
    with pytest.raises(StoreError) as caught:
        open_store(store_url)
    assert str(caught.value) == (
        f"Cơ sở dữ liệu {resolve(store_url).shown} đã có các bảng khác (payroll) nhưng không phải kho dữ liệu "
        "Chỉ số CCHC; phần mềm không ghi gì vào đó. Hãy chọn tệp hoặc cơ sở dữ liệu khác.")
    assert sql(store_url, "SELECT COUNT(*) FROM payroll") == [(0,)]


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "cchc.sqlite"
    path.write_text("Danh sách đơn vị\n", encoding="utf-8")
    with pytest.raises(StoreError) as caught:
        open_store(path)
    assert str(caught.value) == (f"Tệp {path} không phải kho dữ liệu SQLite (có thể là tệp khác trùng tên hoặc "
                                 "tệp đã hỏng); phần mềm không ghi gì vào tệp này.")
    assert path.read_text(encoding="utf-8") == "Danh sách đơn vị\n"


def test_reading_a_store_that_is_not_there_creates_nothing(tmp_path):
    path = tmp_path / "cchc.sqlite"
    with pytest.raises(StoreError) as caught:
        open_store(path, create=False)
    assert str(caught.value) == (f"Chưa có kho dữ liệu {path}. Kho được tạo khi ghi bản nộp đầu tiên: "
                                 f"scoring score so-cham-diem.xlsx --db {path}")
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ where a store may be


def test_locations(tmp_path, monkeypatch):
    from scoring.settings import settings

    assert resolve(tmp_path / "kho.sqlite").path == tmp_path / "kho.sqlite"
    assert resolve(f"sqlite:///{tmp_path}/kho.db").path == tmp_path / "kho.db"
    pg = resolve("postgresql://cchc:bi-mat@db.so-noi-vu.local:5432/cchc")
    assert pg.url == "postgresql+psycopg://cchc:bi-mat@db.so-noi-vu.local:5432/cchc"
    assert pg.shown == "postgresql+psycopg://cchc:***@db.so-noi-vu.local:5432/cchc" and pg.path is None
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SCORING_DB", raising=False)
    settings.cache_clear()
    assert resolve(None).path == tmp_path / "cchc.sqlite" and resolve("").shown == "cchc.sqlite"
    monkeypatch.setenv("SCORING_DB", "postgresql://cchc@localhost/cchc")
    settings.cache_clear()
    try:
        assert resolve(None).shown == "postgresql+psycopg://cchc@localhost/cchc"
    finally:
        monkeypatch.delenv("SCORING_DB")
        settings.cache_clear()


@pytest.mark.parametrize(("ref", "message"), [
    ("so-tu-phap.xlsx", "Không dùng so-tu-phap.xlsx làm kho dữ liệu: đuôi .xlsx là của tệp số liệu, sổ chấm điểm "
                        "hoặc báo cáo. Kho là tệp .sqlite (vd. --db cchc.sqlite); muốn ghi vào kho mặc định thì đặt "
                        "--db sau tên tệp: scoring score so-cham-diem.xlsx --db"),
    ("mysql://cchc:bi-mat@db/cchc", "Kho dữ liệu «mysql://cchc:***@db/cchc»: chỉ hỗ trợ SQLite (tệp) và PostgreSQL "
                                    "(postgresql://…), không hỗ trợ «mysql»."),
    ("postgresql://cchc:bi-mat@db:cổng/cchc", "Địa chỉ kho dữ liệu «postgresql://cchc:***@db:cổng/cchc» không hợp lệ; "
                                             "dùng tên tệp SQLite (vd. cchc.sqlite) hoặc "
                                             "postgresql://người-dùng@máy-chủ/tên-csdl."),
])
def test_refused_locations(ref, message):
    with pytest.raises(StoreError) as caught:
        resolve(ref)
    assert str(caught.value) == message


def test_a_folder_and_a_missing_folder_are_refused(tmp_path):
    with pytest.raises(StoreError) as caught:
        resolve(tmp_path)
    assert str(caught.value) == (f"Không dùng được {tmp_path} làm kho dữ liệu: đây là một thư mục; hãy ghi rõ tên "
                                 f"tệp (vd. {tmp_path}/cchc.sqlite).")
    missing = tmp_path / "chua-co" / "cchc.sqlite"
    with pytest.raises(StoreError) as caught:
        resolve(missing)
    assert str(caught.value) == (f"Không tạo được kho dữ liệu {missing}: chưa có thư mục {missing.parent}. "
                                 "Hãy tạo thư mục trước hoặc chọn nơi khác.")
    assert not missing.parent.exists()


def test_a_server_that_does_not_answer(tmp_path):
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://cchc:bi-mat@127.0.0.1:9/cchc")
    text = str(caught.value)
    assert text.startswith("Không kết nối được máy chủ PostgreSQL postgresql+psycopg://cchc:***@127.0.0.1:9/cchc: "
                           "kiểm tra địa chỉ, cổng, mạng và máy chủ đang chạy (chi tiết kỹ thuật: ")
    assert "bi-mat" not in text
