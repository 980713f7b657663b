"""make load and make faults start from reliability.common.prepare: a migrated database with the
demo data set. A small one here, so that a moved import breaks the suite, not the next load run."""

from __future__ import annotations

import sqlalchemy as sa

from reliability.common import prepare


def test_prepare_migrates_and_seeds_a_small_data_set(tmp_path):
    url = f"sqlite:///{tmp_path / 'load.sqlite3'}"
    prepare(url, practitioners=12, reviews=30)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        assert conn.scalar(sa.text("SELECT count(*) FROM practitioners")) == 12
        assert conn.scalar(sa.text("SELECT count(*) FROM reviews WHERE is_demo")) == 30
        assert conn.scalar(sa.text("SELECT count(*) FROM places")) > 1000
    engine.dispose()
    prepare(url, practitioners=12, reviews=30)  # a second run finds the data set and keeps it
