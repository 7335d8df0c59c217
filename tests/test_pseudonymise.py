"""The vectorised pseudonymise() is privacy.pseudo() applied value by value."""

import pandas as pd

from dashboard.privacy import pseudo, pseudonymise


def test_pseudonymise_equals_pseudo_value_by_value_and_keeps_missing_values_missing():
    values = pd.Series(["id:1", "email:zoé@exemple.fr", None, "id:1", "", "nickname:chloe"],
                       index=[10, 11, 12, 13, 14, 15])
    hashed = pseudonymise(values)
    assert hashed.index.tolist() == [10, 11, 12, 13, 14, 15]
    assert hashed[12] is None
    for position in (10, 11, 13, 14, 15):
        assert hashed[position] == pseudo(values[position])  # accents and '' included
    assert hashed[10] == hashed[13] and len(hashed[10]) == 32


def test_pseudonymise_of_nothing_is_nothing():
    assert pseudonymise(pd.Series([], dtype=object)).empty
    assert pseudonymise(pd.Series([None, None])).isna().all()


def test_the_importers_use_the_privacy_function():
    from dashboard.importers import decidim, roster, sheets

    assert decidim.pseudonymise is roster.pseudonymise is sheets.pseudonymise is pseudonymise


def test_a_key_longer_than_a_block_is_hashed_first_as_hmac_does(tmp_path, monkeypatch):
    import duckdb

    from dashboard import privacy

    # a key file of 80 bytes (160 hex digits): HMAC hashes such a key before padding it
    key_file = tmp_path / "long.key"
    key_file.write_text("ab" * 80)
    monkeypatch.delenv("CERCLES_KEY", raising=False)
    monkeypatch.setenv("CERCLES_KEY_FILE", str(key_file))
    con = duckdb.connect()
    privacy.register_sql_pseudo(con)
    in_sql = con.execute("select pseudo('id:42')").fetchone()[0]
    assert pseudonymise(pd.Series(["id:42"]))[0] == pseudo("id:42") == in_sql
