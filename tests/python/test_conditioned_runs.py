"""Conditioned runs end to end (docs/conditioning.md): `sim run --observations` and the batch key,
bit-identity across threads and block sizes, shared histories in a batch, the stored diagnostics,
refusals, and `sim score` on the result."""
import pathlib
import subprocess

import h5py
import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
OBSERVATIONS = ROOT / "scenarios/observations/china-cloud-2021-2023.toml"
BATCH = ROOT / "scenarios/batches/conditioned.toml"
PATHS = 300
LAST_OBSERVED = 12  # 2023Q4 is quarter index 11: quarters 0..11 are history


@pytest.fixture(scope="module")
def batch_runs(tmp_path_factory):
    from conftest import sim_binary
    folder = tmp_path_factory.mktemp("conditioned")
    results = {}
    for name, extra in (("two", ["--threads", "2", "--block-size", "1024"]),
                        ("one", ["--threads", "1", "--block-size", "37"])):
        out = folder / f"{name}.h5"
        done = subprocess.run([str(sim_binary()), "run", str(BATCH), "--paths", str(PATHS),
                               "-o", str(out), *extra], cwd=ROOT, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        results[name] = (out, done.stderr, done.stdout)
    return results


def test_the_same_file_for_any_thread_count_and_block_size(batch_runs):
    assert batch_runs["one"][0].read_bytes() == batch_runs["two"][0].read_bytes()


def test_what_ifs_that_act_later_share_the_conditioned_histories(batch_runs):
    with h5py.File(batch_runs["two"][0], "r") as f:
        names = [s.decode() if isinstance(s, bytes) else s for s in f["scenario"][:]]
        base, push, capture = (names.index(n) for n in ("baseline", "push_from_2024", "capture"))
        revenue = f["revenue"]
        assert np.array_equal(revenue[base, :, :LAST_OBSERVED], revenue[push, :, :LAST_OBSERVED])
        assert not np.array_equal(revenue[base, :, -1], revenue[push, :, -1])
        # The capture acts from 2022: its history is conditioned under its own strategy.
        assert not np.array_equal(revenue[base, :, :LAST_OBSERVED],
                                  revenue[capture, :, :LAST_OBSERVED])


def test_diagnostics_are_stored_and_printed(batch_runs):
    out, stderr, stdout = batch_runs["two"]
    with h5py.File(out, "r") as f:
        assert f.attrs["observations_text"] == OBSERVATIONS.read_text(encoding="utf-8")
        assert len(f["observation_id"]) == 37
        last = [s.decode() if isinstance(s, bytes) else s for s in f["last_observed_quarter"][:]]
        assert set(last) == {"2023Q4"}
        ess = f["effective_sample_size"][:]
        distinct = f["distinct_input_values"][:]
        assert np.all((ess > 0) & (ess <= PATHS))
        # The stored count is the number of distinct drawn values (a discrete input counts its
        # choices), and the moves keep the continuous inputs diverse: far more than a handful.
        parameters = f["parameters"][:]
        for k in range(distinct.shape[0]):
            for j in np.flatnonzero(distinct[k] > 0):
                assert distinct[k, j] == len(np.unique(parameters[k, :, j]))
        drawn = distinct[distinct > 0]
        assert np.median(drawn) > PATHS // 2
    assert "effective sample size" in stderr
    assert "conditioned on 37 observations through 2023Q4" in stdout


def test_conditioning_narrows_the_observed_quantities(batch_runs, sim, tmp_path):
    prior = tmp_path / "prior.h5"
    sim("run", str(ROOT / "scenarios/baseline.toml"), "--paths", str(PATHS), "-o", str(prior),
        "-q", check=True)
    def band(path):
        with h5py.File(path, "r") as f:
            demand = f["demand"][0, :, 11, :].sum(axis=1)  # 2023Q4, all segments
        low, high = np.quantile(demand, [0.05, 0.95])
        return high - low
    assert band(batch_runs["two"][0]) < 0.5 * band(prior)


def test_sim_score_reads_a_conditioned_result(batch_runs, sim):
    done = sim("score", str(batch_runs["two"][0]),
               str(ROOT / "tests/observations/actuals-2024.toml"), "--json", check=True)
    assert '"pit"' in done.stdout


def test_precision_targets_and_observations_exclude_each_other(sim, tmp_path):
    done = sim("run", str(ROOT / "scenarios/baseline.toml"), "--observations", str(OBSERVATIONS),
               "--precision", "se(share(IaaS, Alibaba)) < 0.01", "-o", str(tmp_path / "x.h5"))
    assert done.returncode == 2
    assert "exclude each other" in done.stderr
    assert not (tmp_path / "x.h5").exists()


def test_a_bad_observations_file_is_a_located_input_error(sim, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text(OBSERVATIONS.read_text(encoding="utf-8").replace(
        'quantity = "share(IaaS+PaaS, Alibaba,', 'quantity = "share(IaaS+PaaS, Alibabba,', 1),
        encoding="utf-8")
    done = sim("run", str(ROOT / "scenarios/baseline.toml"), "--observations", str(bad),
               "--paths", "50", "-o", str(tmp_path / "x.h5"))
    assert done.returncode == 2
    assert "bad.toml:" in done.stderr and "Alibaba" in done.stderr
    assert not (tmp_path / "x.h5").exists()


def test_observations_no_history_can_produce_are_an_input_error(sim, tmp_path):
    """An observed share that is 0 on every path, with a relative error: every history has
    likelihood 0. The user's observations are to change (exit 2, said so), not an internal
    error (it was exit 1, "internal error")."""
    from conftest import observations_impossible_for_baseline
    impossible = observations_impossible_for_baseline(tmp_path)
    done = sim("run", str(ROOT / "scenarios/baseline.toml"), "--observations", str(impossible),
               "--paths", "200", "-o", str(tmp_path / "x.h5"))
    assert done.returncode == 2, done.stderr
    assert ("sim: the observations cannot be conditioned on: none of the 200 simulated "
            "histories can have produced the observations") in done.stderr, done.stderr
    assert "internal error" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [impossible.name]
