import csv
import io
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kinhaven.tracing.engine.synth import dedupe_scenario, linkage_scenario, write_csv


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_match_writes_at_most_k_ranked_rows_per_query(tmp_path, capsys) -> None:
    scenario = linkage_scenario(2_000, 60, seed=3)
    write_csv(tmp_path / "registry.csv", scenario.registry)
    # Only some columns, in another order, and one the command does not know.
    with (tmp_path / "queries.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["family_name", "id", "given_name", "date_of_birth", "shoe_size"])
        for q in scenario.queries:
            writer.writerow([q["family_name"], q["id"], q["given_name"], q["date_of_birth"], "38"])
    out = tmp_path / "out.csv"
    call_command(
        "match", str(tmp_path / "registry.csv"), str(tmp_path / "queries.csv"),
        "--top", "3", "--out", str(out),
    )  # fmt: skip
    rows = _read(out)
    assert list(rows[0]) == ["query_id", "record_id", "score", "rank"]
    by_query: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_query.setdefault(row["query_id"], []).append(row)
    assert all(len(v) <= 3 for v in by_query.values())
    for matches in by_query.values():
        assert [int(m["rank"]) for m in matches] == list(range(1, len(matches) + 1))
        scores = [float(m["score"]) for m in matches]
        assert scores == sorted(scores, reverse=True)
        assert all(0 <= s <= 1 for s in scores)
    assert "queries matched" in capsys.readouterr().err  # progress


def test_dedupe_gives_every_record_a_cluster(tmp_path) -> None:
    records, truth = dedupe_scenario(500, seed=4)
    write_csv(tmp_path / "records.csv", records)
    out = tmp_path / "clusters.csv"
    call_command("dedupe", str(tmp_path / "records.csv"), "--out", str(out))
    rows = _read(out)
    assert list(rows[0]) == ["id", "cluster_id"]
    assert {r["id"] for r in rows} == set(truth)
    assert len({r["cluster_id"] for r in rows}) < len(rows)  # some records joined


# Files whose rows cannot be told apart are refused whatever the options.
REFUSED = [
    (b"", "header with an id column"),
    (b"name,sex\nAmina,F\n", "header with an id column"),
    (b"id,sex\n1,F\n1,M\n", "line 3: the id appears twice"),
    (b"id,sex\n1,F\n,M\n", "line 3: the id is empty"),
    (b"id,sex\n1,F,extra\n", "line 2: more values than columns"),
    (b"id,sex\n1\x00,F\n", "line 2: the id holds a control character"),
    (b"id,given_name\n1,\xff\xfe\n", "not UTF-8"),
    # A quote left open would take the rest of the file as one value.
    (b'id,given_name\n1,"Amina\n2,Sara\n3,Bibi\n', "line 2: not readable as CSV"),
    (b'id,given_name\n1,"Ami"na\n', "line 2: not readable as CSV"),
]
# Values that cannot be read: treated as unknown, or refused with --strict.
BAD_VALUES = [
    (b"id,date_of_birth\n1,2012-13-45\n", "line 2, column date_of_birth"),
    (b"id,sex\n1,Q\n", "line 2, column sex"),
    (b"id,age,recorded_on\n1,twelve,2025-01-01\n", "line 2, column age"),
    (b"id,age,recorded_on\n1,-5,2025-01-01\n", "line 2, column age"),
    (b"id,age,recorded_on\n1,nan,2025-01-01\n", "line 2, column age"),
    (b"id,age,recorded_on\n1,inf,2025-01-01\n", "line 2, column age"),
    (b"id,age,recorded_on\n1,99999999999999999999,2025-01-01\n", "line 2, column age"),
    # What no child's record holds: a birth before the day recorded (or today) by more than
    # MAX_AGE years, or after it; a day recorded after today; a control character (a NUL byte).
    (b"id,date_of_birth\n1,1800-01-01\n", "line 2, column date_of_birth"),
    (b"id,date_of_birth\n1,2999-06-01\n", "line 2, column date_of_birth"),
    (b"id,date_of_birth,recorded_on\n1,2020-05,2020-04-30\n", "line 2, column date_of_birth"),
    (b"id,date_of_birth\n1,0000\n", "line 2, column date_of_birth"),
    (b"id,recorded_on\n1,2999-01-01\n", "line 2, column recorded_on"),
    (b"id,recorded_on\n1,yesterday\n", "line 2, column recorded_on"),
    (b"id,given_name\n1,Ami\x00na\n", "line 2, column given_name"),
    (b"id,family_name,sex\n1,Bar\x0cry,F\n", "line 2, column family_name"),
    # Lines are counted as in the file: blank lines and line breaks inside quotes count.
    (b"id,sex\n1,F\n\n2,Q\n", "line 4, column sex"),
    (b'id,given_name,sex\n1,"Amina\nBibi",F\n2,Sara,Q\n', "line 4, column sex"),
]


@pytest.mark.parametrize(("content", "message"), REFUSED)
def test_bad_files_are_refused_with_the_line_and_column(tmp_path, content, message) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    good = tmp_path / "good.csv"
    good.write_text("id,given_name\nr1,Amina\n", encoding="utf-8")
    with pytest.raises(CommandError, match=message) as caught:
        call_command("match", str(good), str(bad), "--out", str(tmp_path / "o.csv"))
    assert "Amina" not in str(caught.value)
    with pytest.raises(CommandError, match=message):
        call_command("dedupe", str(bad), "--out", str(tmp_path / "o.csv"))
    assert not (tmp_path / "o.csv").exists()


@pytest.mark.parametrize(("content", "message"), BAD_VALUES)
def test_strict_refuses_a_value_that_cannot_be_read(tmp_path, content, message) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    good = tmp_path / "good.csv"
    good.write_text("id,given_name\nr1,Amina\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    with pytest.raises(CommandError, match=message) as caught:
        call_command("match", str(good), str(bad), "--out", str(out), "--strict")
    assert "Amina" not in str(caught.value)
    with pytest.raises(CommandError, match=message):
        call_command("dedupe", str(bad), "--out", str(out), "--strict")
    assert not out.exists()


@pytest.mark.parametrize(("content", "message"), BAD_VALUES)
def test_a_value_that_cannot_be_read_is_reported_and_treated_as_unknown(
    tmp_path, capsys, content, message
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(content)
    out = tmp_path / "o.csv"
    call_command("dedupe", str(bad), "--out", str(out))
    captured = capsys.readouterr()
    assert f"{message}: not a valid value, treated as unknown." in captured.err
    assert "1 value treated as unknown (" in captured.out
    written = {r["id"] for r in csv.DictReader(io.StringIO(content.decode()))}
    assert {r["id"] for r in _read(out)} == written  # every record, none lost
    for value in ("2012-13-45", "twelve", "Amina", "Ami\x00na", "1800-01", "2999-", "yesterday"):
        assert value not in captured.out + captured.err


def test_dates_at_the_edge_of_what_a_record_can_hold_are_read() -> None:
    import datetime as dt

    from kinhaven.tracing.engine.normalize import normalize

    today = dt.date(2026, 12, 7)

    def norm(**values: str):
        return normalize({"id": "1", **values}, today=today)

    assert norm(date_of_birth="2026-12-08").day == 8  # today somewhere east of here
    assert norm(date_of_birth="2026").year == 2026  # born this year, day unknown
    assert norm(date_of_birth="1876-01-01").year == 1876  # 150 years before today's year
    assert norm(date_of_birth="2020-05-01", recorded_on="2020-05-01").month == 5
    assert norm(recorded_on="2026-12-08", age="3").est_year == 2023
    assert norm(given_name="Amina\tBibi").given  # a tab is text
    for bad in ({"date_of_birth": "2026-12-09"}, {"date_of_birth": "1875-12-31"},
                {"date_of_birth": "2020-05-02", "recorded_on": "2020-05-01"},
                {"recorded_on": "2026-12-09", "age": "3"}):  # fmt: skip
        with pytest.raises(ValueError, match=next(iter(bad))):
            norm(**bad)
    # Without the day a file is read on (children's records, which their forms check), only
    # what cannot be read at all is refused.
    assert normalize({"id": "1", "date_of_birth": "2999-06-01"}).year == 2999


def test_a_file_with_bad_dates_is_matched_with_a_summary_of_what_was_unknown(
    tmp_path, capsys
) -> None:
    from kinhaven.tracing.files import LISTED

    scenario = linkage_scenario(1_000, 40, seed=5)
    write_csv(tmp_path / "registry.csv", scenario.registry)
    queries = [dict(q) for q in scenario.queries]
    spoilt = [q for q in queries if q.get("date_of_birth")][:14]
    for q in spoilt[:12]:  # impossible days, as in files typed by hand
        q["date_of_birth"] = q["date_of_birth"][:4] + "-02-31"
    spoilt[12]["date_of_birth"] = "31/12/2011"
    spoilt[13]["sex"] = "female"
    write_csv(tmp_path / "queries.csv", queries)
    out = tmp_path / "out.csv"
    call_command(
        "match", str(tmp_path / "registry.csv"), str(tmp_path / "queries.csv"), "--out", str(out)
    )
    captured = capsys.readouterr()
    listed = [line for line in captured.err.splitlines() if "treated as unknown." in line]
    assert len(listed) == LISTED + 1  # ten one by one, then how many more
    assert listed[-1].endswith("queries.csv: 4 more values treated as unknown.")
    assert "queries.csv: 14 values treated as unknown (date_of_birth 13, sex 1)." in captured.out
    assert "registry.csv" not in captured.out  # nothing unknown there
    matched = {r["query_id"] for r in _read(out)}
    assert {q["id"] for q in spoilt} <= matched  # the spoilt queries are matched all the same
    for q in spoilt:
        assert q["date_of_birth"] not in captured.err + captured.out
    with pytest.raises(CommandError, match=r"queries.csv, line \d+, column date_of_birth"):
        call_command(
            "match", str(tmp_path / "registry.csv"), str(tmp_path / "queries.csv"),
            "--out", str(out), "--strict",
        )  # fmt: skip


def test_missing_files_and_bad_options(tmp_path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("id\nr1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no such file"):
        call_command("match", str(tmp_path / "nope.csv"), str(good), "--out", "x.csv")
    with pytest.raises(CommandError, match="--top"):
        call_command("match", str(good), str(good), "--top", "0", "--out", "x.csv")


def test_the_output_and_the_options_are_checked_before_any_work(tmp_path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("id,given_name\nr1,Amina\n", encoding="utf-8")
    kept = good.read_bytes()
    for out, message in (
        (good, "--out: this is an input file"),
        (tmp_path / "." / "good.csv", "--out: this is an input file"),
        (tmp_path / "nowhere" / "o.csv", "--out: the folder does not exist"),
        (tmp_path, "--out: a folder, not a file"),
    ):
        with pytest.raises(CommandError, match=message):
            call_command("match", str(good), str(good), "--out", str(out))
        with pytest.raises(CommandError, match=message):
            call_command("dedupe", str(good), "--out", str(out))
    assert good.read_bytes() == kept
    out = str(tmp_path / "o.csv")
    with pytest.raises(CommandError, match="a folder, not a file"):
        call_command("match", str(tmp_path), str(good), "--out", out)
    for top in ("99999999999999999999", "101", "ten"):
        with pytest.raises(CommandError, match="argument --top") as caught:
            call_command("match", str(good), str(good), "--top", top, "--out", out)
        assert top not in str(caught.value)
    with pytest.raises(CommandError, match="--spark-master: not a Spark master URL"):
        call_command(
            "dedupe", str(good), "--out", out, "--engine", "spark", "--spark-master", "bogus://x"
        )
    assert not (tmp_path / "o.csv").exists()


def test_short_rows_blank_lines_and_spaced_headers_are_read(tmp_path) -> None:
    from kinhaven.tracing.engine.normalize import normalize
    from kinhaven.tracing.files import read_records

    path = tmp_path / "records.csv"
    path.write_text(
        " id , given_name ,sex, shoe_size\nr1, Amina ,F,38\n\nr2,Yusuf\nr3\n", encoding="utf-8"
    )
    rows = read_records(str(path))
    assert [r.rid for r in rows] == ["r1", "r2", "r3"]
    assert rows[0].given == normalize({"id": "x", "given_name": "Amina"}).given != []
    assert rows[0].sex == "F"
    assert rows[1].given == normalize({"id": "x", "given_name": "Yusuf"}).given != []
    assert rows[1].sex == ""  # values missing at the end of a line are blank
    assert rows[2].given == []
    assert rows[2].sex == ""
    only_ids = tmp_path / "ids.csv"
    only_ids.write_text("id\nr1\nr2\n", encoding="utf-8")
    assert [r.rid for r in read_records(str(only_ids))] == ["r1", "r2"]


@pytest.mark.django_db
def test_training_without_scikit_learn_says_which_extra_to_install(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "sklearn.linear_model", None)  # as if not installed
    out = tmp_path / "model.json"
    with pytest.raises(CommandError, match=r"pip install 'kinhaven\[train\]'"):
        call_command("tracing_train", "--out", str(out), "--registry", "100", "--queries", "10")
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "a folder, not a file"), ("nowhere/model.json", "the folder does not exist")],
)
def test_training_refuses_an_output_it_could_not_write_before_it_starts(
    tmp_path, monkeypatch, name, message
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError, match=f"--out: {message}"):
        call_command("tracing_train", "--out", name, "--registry", "100", "--queries", "10")


def test_training_names_the_profiles_to_fit_on(tmp_path) -> None:
    out = tmp_path / "model.json"
    with pytest.raises(CommandError, match="--profiles: choose among reception, chains"):
        call_command(
            "tracing_train", "--out", str(out), "--registry", "100", "--queries", "10",
            "--profiles", "reception,nowhere",
        )  # fmt: skip
    assert not out.exists()
