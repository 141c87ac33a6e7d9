import dataclasses
import signal
import subprocess
import sys
from collections import Counter

import numpy as np
import pytest

from kinhaven.tracing.engine import dedupe as dedupe_module
from kinhaven.tracing.engine.compare import FEATURES
from kinhaven.tracing.engine.dedupe import (
    CONTEXT_FLOOR,
    NONE,
    Blocker,
    Deduper,
    context_features,
    dedupe,
    dedupe_pairs,
    with_context,
)
from kinhaven.tracing.engine.matcher import Registry, forked_pool
from kinhaven.tracing.engine.model import CONTEXT, Model
from kinhaven.tracing.engine.synth import dedupe_scenario

# The engine alone, on synthetic data: no database, so it runs once in `make test`.
pytestmark = pytest.mark.training


def _pairwise_f1(clusters: dict[str, int], truth: dict[str, int]) -> float:
    def pairs(sizes: Counter[object]) -> int:
        return sum(k * (k - 1) // 2 for k in sizes.values())

    hits = pairs(Counter((clusters[rid], child) for rid, child in truth.items()))
    precision = hits / max(pairs(Counter(clusters.values())), 1)
    recall = hits / max(pairs(Counter(truth.values())), 1)
    return 2 * precision * recall / max(precision + recall, 1e-9)


def _blocked(rows: list[dict[str, str]]) -> set[tuple[str, str]]:
    registry = Registry(rows, postings=False)
    i, j, _shared = Blocker(registry).pairs()
    rids = registry.table.rids
    return {(rids[a], rids[b]) for a, b in zip(i.tolist(), j.tolist(), strict=True)}


def test_blocking_brings_together_swapped_misspelt_and_native_script_names() -> None:
    rows = [
        {"id": "1", "given_name": "Hamza", "family_name": "Haddad", "date_of_birth": "2012"},
        {"id": "2", "given_name": "Haddad", "family_name": "Hamsa", "date_of_birth": "2013"},
        {"id": "3", "given_name": "حمزة", "family_name": "حداد"},
        {"id": "4", "given_name": "Olena", "family_name": "Kovalenko", "date_of_birth": "2015"},
    ]  # fmt: skip
    pairs = _blocked(rows)
    assert {("1", "2"), ("1", "3"), ("2", "3")} <= pairs
    assert not any("4" in pair for pair in pairs)


def test_blocking_meets_a_lone_name_by_a_parent_or_the_birthday() -> None:
    # Each of these names is shared by more records than a block holds: the name with a
    # parent's name or with the birthday (the year written wrong) still meets.
    crowd = [
        {"id": f"c{k}", "given_name": "Samira", "family_name": f"X{k}",
         "date_of_birth": f"{2010 + k % 3}"}
        for k in range(60)
    ]  # fmt: skip
    rows = [
        *crowd,
        {"id": "m1", "given_name": "Samira", "mother_name": "Halima", "date_of_birth": "2011"},
        {"id": "m2", "given_name": "سميرة", "family_name": "Osman", "mother_name": "حليمة"},
        {"id": "b1", "given_name": "Samira", "date_of_birth": "2010-06-26"},
        {"id": "b2", "given_name": "Samirah", "family_name": "Idris",
         "date_of_birth": "2012-06-26"},
    ]  # fmt: skip
    pairs = _blocked(rows)
    assert ("m1", "m2") in pairs
    assert ("b1", "b2") in pairs
    assert ("b1", "m1") not in pairs


def test_every_candidate_pair_comes_once_in_order() -> None:
    records, _truth = dedupe_scenario(600, seed=8)
    registry = Registry(records, postings=False)
    i, j, shared = Blocker(registry).pairs()
    assert len(i)
    assert (i < j).all()
    assert len(set(zip(i.tolist(), j.tolist(), strict=True))) == len(i)
    assert (shared >= 1).all()


def test_blocks_of_common_keys_are_left_out(monkeypatch) -> None:
    rows = [{"id": str(k), "given_name": "Mohammed", "family_name": "Ahmadi"} for k in range(30)]
    assert len(_blocked(rows)) == 30 * 29 // 2
    monkeypatch.setattr(dedupe_module, "BLOCK_CAP", 10)
    monkeypatch.setattr(dedupe_module, "RARE_CAP", 10)
    assert _blocked(rows) == set()


def test_dedupe_finds_most_registrations_of_one_child_on_synthetic_data() -> None:
    records, truth = dedupe_scenario(3_000, seed=9)
    clusters = dict(dedupe(records))
    assert set(clusters) == set(truth)
    assert _pairwise_f1(clusters, truth) > 0.55


def test_dedupe_gives_the_same_clusters_on_one_core_and_on_two(monkeypatch) -> None:
    records, _truth = dedupe_scenario(1_500, seed=10)
    monkeypatch.setattr(dedupe_module, "PAIR_CHUNK", 4_000)  # several parts of pairs
    one = Deduper(records, workers=1).clusters(threshold=0.5)
    two = Deduper(records, workers=2).clusters(threshold=0.5)
    assert one == two


def test_pairs_above_the_threshold_come_with_their_features() -> None:
    records, truth = dedupe_scenario(1_000, seed=12)
    pairs = dedupe_pairs(records, threshold=0.5)
    assert pairs
    for a, b, score, x, _context in pairs:
        assert a != b
        assert score >= 0.5
        assert x.shape == (len(FEATURES),)
    right = sum(truth[a] == truth[b] for a, b, _s, _x, _c in pairs)
    assert right / len(pairs) > 0.7
    # What the other records said: a third registration of a child raises the pair's odds.
    shared = [c for _a, _b, _s, _x, c in pairs if c.shared and not c.rival]
    assert shared
    assert np.mean([c.effect for c in shared]) > 0


def test_progress_counts_every_record_once() -> None:
    records, _truth = dedupe_scenario(401, seed=13)
    told: list[tuple[int, int | None]] = []
    dedupe(records, progress=lambda n, total=None: told.append((n, total)))
    assert told[0] == (0, 401)
    assert sum(n for n, _t in told) == 401


@pytest.mark.parametrize("size", [1_000_000, 10_000_000])
def test_in_a_larger_registry_the_same_agreement_is_less_likely_one_child(size: int) -> None:
    model = Model.load()
    x = np.zeros((1, len(FEATURES)), dtype=np.float32)
    x[0, FEATURES.index("dob_exact")] = 1
    x[0, FEATURES.index("name_fuzzy_min")] = 1
    small = model.for_records(1_000).probability(x)[0]
    assert model.for_records(model.records_calibrated_on).probability(x)[0] == small
    assert model.for_records(size).probability(x)[0] < small


def test_records_with_few_fields_or_none_get_their_own_clusters() -> None:
    assert dedupe([]) == []
    assert dedupe([{"id": "1"}]) == [("1", 0)]
    clusters = dict(dedupe([
        {"id": "1", "document_number": "X1"},
        {"id": "2", "document_number": "X1"},
        {"id": "3", "sex": "F"},
    ]))  # fmt: skip
    assert sorted(clusters) == ["1", "2", "3"]
    assert clusters["3"] not in (clusters["1"], clusters["2"])


def test_a_chain_of_look_alikes_does_not_become_one_child() -> None:
    amina = {"given_name": "Amina", "family_name": "Warsame", "sex": "F", "nationality": "SOM"}
    rows = [
        {**amina, "id": "A", "date_of_birth": "2013-02-03", "mother_name": "Hodan"},
        {**amina, "id": "B", "date_of_birth": "2013", "sex": ""},
        {**amina, "id": "C", "date_of_birth": "2013-11-20", "mother_name": "Sahra",
         "place_of_birth": "Kismayo"},
    ]  # fmt: skip
    deduper = Deduper(rows)
    i, j, prob = deduper.scored()  # the probabilities groups are joined by
    assert list(zip(i.tolist(), j.tolist(), strict=True)) == [(0, 1), (0, 2), (1, 2)]
    prob = prob[[0, 2, 1]]  # A-B, B-C, A-C
    # B is like A and like C; A and C, with other dates and mothers, are not alike: at a
    # threshold that each of B's pairs reaches and the average of A's and C's side does not,
    # single linkage would make one child of the three.
    linked = float(min(prob[0], prob[1]))
    across = float(prob[1] + prob[2]) / 2
    assert prob[2] < 0.1 < across < linked
    clusters = dict(deduper.clusters(threshold=(linked + across) / 2))
    assert len(set(clusters.values())) == 2


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


@pytest.fixture(scope="module")
def likely_pairs() -> dict[float, tuple[float, np.ndarray]]:
    """The probability alone and features of real pairs of records, one near each of 0.6 and
    0.95."""
    records, _truth = dedupe_scenario(3000, seed=5)
    _i, _j, prob, x = Deduper(records, workers=1).pair_scores()
    kept = prob[prob >= CONTEXT_FLOOR]
    assert len(kept) == len(x)
    out = {}
    for near in (0.6, 0.95):
        k = int(np.argmin(np.abs(kept - near)))
        out[near] = (float(kept[k]), x[k])
    return out


def test_the_registry_says_whether_two_look_alikes_are_one_child_or_namesakes(
    likely_pairs,
) -> None:
    # Records 0, 1, 2: three registrations of one child, each like the others. Records 3 and
    # 4 as like each other, but 5 looks even more like 3, and not like 4: another child of
    # that name.
    # Records 6 and 7 hardly alike. Records 8 and 9 as like each other as 3 and 4, and like no
    # other record.
    (like, x_like), (very, x_very) = likely_pairs[0.6], likely_pairs[0.95]
    i = np.array([0, 0, 1, 3, 3, 6, 8], dtype=np.int64)
    j = np.array([1, 2, 2, 4, 5, 7, 9], dtype=np.int64)
    prob = np.array([like, like, like, like, very, 0.01, like], dtype=np.float32)
    rows, x = context_features(i, j, prob)
    assert rows.tolist() == [0, 1, 2, 3, 4, 6]  # the pair below the floor has no context
    feature = {name: x[:, k] for k, name in enumerate(CONTEXT)}
    assert feature["pair"][0] == pytest.approx(_logit(like), abs=1e-4)
    assert feature["shared"][0] == pytest.approx(_logit(like), abs=1e-4)
    assert feature["rival_max"][0] == NONE
    assert feature["shared"][3] == NONE
    assert feature["rival_max"][3] == pytest.approx(_logit(very), abs=1e-4)
    assert feature["other_max"][3] == pytest.approx(_logit(very), abs=1e-4)
    assert feature["other_min"][3] == NONE  # record 4 has no other look-alike
    # How many others look like either: for records 0 and 2, one other each (odds 1.5); for
    # record 3, record 5 (odds 19); for record 4, none.
    assert feature["others_odds_max"][1] == pytest.approx(np.log1p(like / (1 - like)), abs=1e-4)
    assert feature["others_odds_min"][1] == feature["others_odds_max"][1]
    assert feature["others_odds_max"][3] == pytest.approx(np.log1p(very / (1 - very)), abs=1e-4)
    assert feature["others_odds_min"][3] == 0
    # The same pair's own features everywhere: only what the others say differs. Against the
    # same pair alone (8 and 9), a third record like both makes it likelier, a closer rival
    # less likely.
    own = np.vstack([x_like, x_like, x_like, x_like, x_very, x_like])
    after = with_context(Model.load(), i, j, prob, own)
    assert after[0] > after[6] > after[3]
    assert after[0] == after[1] == after[2]
    assert after[5] == prob[5]
    with pytest.raises(ValueError, match="features of 5 pairs for 6"):
        with_context(Model.load(), i, j, prob, own[:5])


def test_without_context_rounds_the_probabilities_stay_as_they_are(likely_pairs) -> None:
    model = dataclasses.replace(Model.load(), context_rounds=())
    prob = np.array([likely_pairs[0.6][0]] * 2, dtype=np.float32)
    pair = np.array([0, 1], dtype=np.int64), np.array([1, 2], dtype=np.int64)
    own = np.vstack([likely_pairs[0.6][1]] * 2)
    assert with_context(model, *pair, prob, own).tolist() == prob.tolist()


def test_context_rounds_are_saved_beside_the_weights_and_read_back(tmp_path, likely_pairs) -> None:
    model = Model.load()
    assert len(model.context_rounds) == 2
    model.save(tmp_path / "model.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "model.context1.txt", "model.context2.txt", "model.json",
    ]  # fmt: skip
    again = Model.load(tmp_path / "model.json")
    i = np.array([0, 0, 1], dtype=np.int64)
    j = np.array([1, 2, 2], dtype=np.int64)
    prob = np.array([likely_pairs[0.6][0]] * 3, dtype=np.float32)
    own = np.vstack([likely_pairs[0.6][1]] * 3)
    assert with_context(again, i, j, prob, own).tolist() == pytest.approx(
        with_context(model, i, j, prob, own).tolist()
    )
    assert len(again.for_records(10 * model.records_calibrated_on).context_rounds) == 2


def test_workers_die_on_sigterm_whatever_the_parent_set() -> None:
    # A task worker's graceful shutdown handler, inherited by a forked pool, would keep the
    # pool's workers alive at terminate(): the engine's workers restore the default.
    # Even a pool left at once, before its workers have run their initializer, closes.
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        for _ in range(20):
            with forked_pool(2):
                pass
        with forked_pool(2) as pool:
            handlers = pool.map(_sigterm_handler, range(2))
        assert signal.getsignal(signal.SIGTERM) == signal.SIG_IGN  # the parent's, restored
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert handlers == [signal.SIG_DFL, signal.SIG_DFL]


def _sigterm_handler(_: int) -> object:
    return signal.getsignal(signal.SIGTERM)


def test_scoring_needs_no_scikit_learn_and_fitting_names_the_extra_that_brings_it() -> None:
    # A server installs Kinhaven without its `train` extra: matching and dedupe (with the
    # context step's trees, which LightGBM reads) work, and fitting says what to install.
    script = (
        "import sys\n"
        "sys.modules['sklearn'] = None  # as if not installed\n"
        "import numpy as np\n"
        "from kinhaven.tracing.engine.dedupe import dedupe\n"
        "from kinhaven.tracing.engine.model import Model, TrainingExtraMissing, fit\n"
        "from kinhaven.tracing.engine.synth import dedupe_scenario\n"
        "records, truth = dedupe_scenario(300, seed=1)\n"
        "clusters = dict(dedupe(records, model=Model.load()))\n"
        "assert len(clusters) == len(records)\n"
        "assert 'lightgbm' in sys.modules\n"
        "x = np.ones((4, 3), dtype=np.float32)\n"
        "try:\n"
        "    fit(x, np.array([1, 0, 1, 0]), np.array([0, 0, 1, 1]))\n"
        "except TrainingExtraMissing as exc:\n"
        "    assert \"pip install 'kinhaven[train]'\" in str(exc), exc\n"
        "else:\n"
        "    raise AssertionError('fitted without scikit-learn')\n"
    )
    done = subprocess.run(  # noqa: S603  # this interpreter, a fixed script
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr


def test_matching_does_not_read_the_context_trees() -> None:
    # Reading them imports LightGBM (and scikit-learn, where installed): half a second at every
    # start of a process that only matches.
    script = (
        "import sys\n"
        "from kinhaven.tracing.engine.matcher import Registry\n"
        "from kinhaven.tracing.engine.model import Model\n"
        "model = Model.load()\n"
        "rows = [{'id': '1', 'given_name': 'Amina', 'family_name': 'Warsame'}]\n"
        "assert Registry(rows, model=model).match(rows, top=1)[0].record_id == '1'\n"
        "assert len(model.context_rounds) == 2\n"
        "assert 'lightgbm' not in sys.modules\n"
        "model.context_rounds[0]\n"
        "assert 'lightgbm' in sys.modules\n"
    )
    done = subprocess.run(  # noqa: S603  # this interpreter, a fixed script
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
