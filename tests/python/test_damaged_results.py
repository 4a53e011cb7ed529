"""Result files are untrusted input: `sim info` and `sim run --resume` on hand-edited, damaged or
truncated files end in a clear message and exit 2 (or, where the damage touches nothing sim uses,
in a correct result): never a crash, never garbage, never a resumed file with wrong numbers.

The mutation corpus runs the sanitizer build when CLOUDSIM_ASAN_SIM names it (scripts/test does)."""
import os
import pathlib
import random
import re
import shutil
import subprocess

import h5py
import pytest

from conftest import ROOT, sim_binary

PATHS, EXTENDED = 2000, 2500


def checked_binary():
    configured = os.environ.get("CLOUDSIM_ASAN_SIM")
    return pathlib.Path(configured) if configured and pathlib.Path(configured).exists() \
        else sim_binary()


def run(binary, *args, timeout=300):
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1:abort_on_error=1",
               UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
    return subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, env=env)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A 2,000-path final-record result, and the same run extended to 2,500 paths."""
    base = tmp_path_factory.mktemp("damaged")
    binary = sim_binary()
    clean = base / "clean.h5"
    done = run(binary, "run", ROOT / "scenarios/baseline.toml", "--paths", PATHS, "--record",
               "final", "-o", clean, "-q")
    assert done.returncode == 0, done.stderr
    extended = base / "extended.h5"
    done = run(binary, "run", "--resume", clean, "--paths", EXTENDED, "-o", extended, "-q")
    assert done.returncode == 0, done.stderr
    return {"dir": base, "clean": clean, "extended": extended}


def edited(files, name, edit):
    path = files["dir"] / f"{name}.h5"
    shutil.copy(files["clean"], path)
    with h5py.File(path, "r+") as f:
        edit(f)
    return path


def replace_strings(f, key, values):
    del f[key]
    f.create_dataset(key, data=values, dtype=h5py.string_dtype())


def precision_mismatch(f):
    f.create_dataset("precision_target", data=["a", "b", "c"], dtype=h5py.string_dtype())
    for name in ("precision_goal", "precision_standard_error", "precision_met"):
        f.create_dataset(name, data=[1.0])


def scenario_text(f, old, new):
    text = f["scenario_text"][0].decode()
    assert old in text
    f["scenario_text"][0] = text.replace(old, new)


def replace_with_strings(f, key):
    shape = f[key].shape
    del f[key]
    f.create_dataset(key, data=[["x"] * shape[-1]] * shape[0] if len(shape) == 2 else ["x"],
                     dtype=h5py.string_dtype())


def invented_precision(f):
    """A fixed-count run given precision results it never computed."""
    f.create_dataset("precision_target", data=["se(share(IaaS, Alibaba, 2030Q4)) < 0.001"],
                     dtype=h5py.string_dtype())
    f.create_dataset("precision_goal", data=[0.001])
    f.create_dataset("precision_standard_error", data=[0.01])
    f.create_dataset("precision_met", data=[1], dtype="int32")


def inflated_path_count(f):
    """A billion paths claimed, with chunked datasets that store nothing (a tiny file that would
    make a reader allocate gigabytes)."""
    n = 10**9
    f.attrs.modify("paths_requested", n)
    f.attrs.modify("status", "partial")
    del f["path"]
    f.create_dataset("path", shape=(n,), dtype="uint64", chunks=(1024,))


# (edit, what the message must name, whether `sim info` refuses it too)
EDITS = {
    "provider_first_three": (lambda f: replace_strings(
        f, "provider", [x.decode() for x in f["provider"][:3]]), "'provider' has 3", True),
    "segment_first_one": (lambda f: replace_strings(
        f, "segment", [f["segment"][0].decode()]), "'segment' has 1", True),
    "scenario_file_empty": (lambda f: replace_strings(f, "scenario_file", []),
                            "dataset 'scenario_file'", True),
    "precision_one_element": (precision_mismatch, "dataset 'precision_goal'", True),
    "paths_completed_too_large": (lambda f: f.attrs.modify("paths_completed", 10**6),
                                  "attribute 'paths_completed'", True),
    "status_banana": (lambda f: f.attrs.modify("status", "banana"), "attribute 'status'", True),
    "seed_is_a_string": (lambda f: f.attrs.__setitem__("seed", "7"), "attribute 'seed'", True),
    "format_version_string": (lambda f: f.attrs.__setitem__("format_version", "2.1"),
                              "attribute 'format_version'", True),
    "no_filetype": (lambda f: f.attrs.__delitem__("filetype"), "not a cloudsim result", True),
    "demand_missing": (lambda f: f.__delitem__("demand"), "dataset 'demand' is missing", True),
    "revenue_as_strings": (lambda f: replace_with_strings(f, "sweep_value"),
                           "dataset 'sweep_value' holds strings", True),
    "seed_edited": (lambda f: f.attrs.modify("seed", 7), "fingerprint", True),
    "scenario_text_edited": (lambda f: scenario_text(f, "quarters = 40", "quarters = 41"),
                             "fingerprint", True),
    "extends_added": (lambda f: scenario_text(f, "[simulation]",
                                              'extends = "/etc/passwd"\n[simulation]'),
                      "fingerprint", True),
    "quarter_label_edited": (lambda f: f["quarter"].__setitem__(0, "2099Q1"), "fingerprint", True),
    "filetype_an_array": (lambda f: f.attrs.__setitem__("filetype", ["cloudsim-result"] * 2),
                          "filetype holds 2 values where one belongs", True),
    "precision_invented": (invented_precision, "precision results) does not match its "
                           "fingerprint", True),
    "stop_reason_edited": (lambda f: f.attrs.modify("stop_reason", "because"),
                           "attribute 'stop_reason' is 'because'", True),
    "status_deleted": (lambda f: f.attrs.__delitem__("status"), "attribute 'status' is missing",
                       True),
    "paths_completed_deleted": (lambda f: f.attrs.__delitem__("paths_completed"),
                                "attribute 'paths_completed' is missing", True),
    "final_output_edited": (lambda f: f.attrs.__setitem__("final_output", "/elsewhere/x.h5"),
                            "final output, precision results) does not match", True),
    "path_count_inflated_without_storage": (inflated_path_count, "dataset 'path' stores", True),
    "revenue_value_changed": (lambda f: f["revenue"].__setitem__(
        (0, 5, 0, 0, 0), f["revenue"][0, 5, 0, 0, 0] * 1e20), "do not match their checksum",
        False),
    "parameter_value_changed": (lambda f: f["parameters"].__setitem__(
        (0, 1999, 0), 0.5), "paths 1024-1999 of scenario 'baseline' do not match", False),
    "paths_completed_lowered": (lambda f: f.attrs.modify("paths_completed", 1024) or
                                f.attrs.modify("status", "partial"),
                                "how the run ended (paths completed", True),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_an_edited_result_is_refused_with_the_file_and_dataset_named(files, name):
    edit, named, info_refuses = EDITS[name]
    path = edited(files, name, edit)
    binary = checked_binary()
    info = run(binary, "info", path)
    if info_refuses:
        assert info.returncode == 2, info.stdout + info.stderr
        assert info.stderr.startswith(f"sim: {path}") and named in info.stderr, info.stderr
        assert info.stdout == "", "nothing printed from a file that was refused"
    else:
        assert info.returncode == 0, info.stderr  # describing it uses nothing that changed
    out = files["dir"] / f"{name}.out.h5"
    resumed = run(binary, "run", "--resume", path, "--paths", EXTENDED, "-o", out, "-q")
    assert resumed.returncode == 2, resumed.stderr
    assert resumed.stderr.startswith(f"sim: {path}") and named in resumed.stderr, resumed.stderr
    assert resumed.stderr.count("\n") == 1, "one clear line"
    assert not out.exists()
    assert not [p for p in files["dir"].iterdir() if ".incomplete-" in p.name]


def test_a_flipped_bit_in_a_string_heap_is_reported_not_a_crash(files):
    """libhdf5 reads wild memory on some damaged heaps (H5HG_read); sim's probe reports that."""
    data = files["clean"].read_bytes()
    heaps = [m.start() for m in re.finditer(b"GCOL", data)]
    assert heaps, "the file has global heaps (variable-length strings)"
    rng = random.Random(20260101)
    outcomes = {}
    binary = checked_binary()
    for case in range(40):
        damaged = bytearray(data)
        at = heaps[case % len(heaps)] + rng.randrange(8, 2048)
        damaged[min(at, len(data) - 1)] ^= 1 << rng.randrange(8)
        path = files["dir"] / "heap.h5"
        path.write_bytes(damaged)
        info = run(binary, "info", path)
        assert info.returncode in (0, 2), (case, info.returncode, info.stderr)
        assert "Sanitizer" not in info.stderr and "runtime error" not in info.stderr, info.stderr
        if info.returncode == 2:
            assert info.stderr.startswith(f"sim: {path}") and info.stdout == ""
        outcomes[info.returncode] = outcomes.get(info.returncode, 0) + 1
    assert outcomes.get(2, 0) > 0, outcomes


def mutate(data, rng):
    damaged = bytearray(data)
    kind = rng.randrange(4)
    if kind == 0:  # one bit anywhere
        at = rng.randrange(len(data))
        damaged[at] ^= 1 << rng.randrange(8)
    elif kind == 1:  # one bit among the superblock, object headers and B-trees
        at = rng.randrange(min(len(data), 16384))
        damaged[at] ^= 1 << rng.randrange(8)
    elif kind == 2:  # eight random bytes
        at = rng.randrange(len(data) - 8)
        damaged[at:at + 8] = bytes(rng.randrange(256) for _ in range(8))
    else:  # truncated
        del damaged[rng.randrange(len(data)):]
    return bytes(damaged)


def test_randomly_damaged_files_never_crash_and_never_resume_to_wrong_numbers(files):
    """A mutation corpus: every damaged copy ends in exit 2 with a message naming the file, or
    (when the damage touches nothing sim reads) in a resumed file identical to the clean one's."""
    cases = int(os.environ.get("CLOUDSIM_DAMAGE_CASES", "120"))
    data = files["clean"].read_bytes()
    reference = files["extended"].read_bytes()
    rng = random.Random(12)
    binary = checked_binary()
    tally = {"refused": 0, "resumed identically": 0}
    for case in range(cases):
        path = files["dir"] / "mutant.h5"
        path.write_bytes(mutate(data, rng))
        out = files["dir"] / "mutant.out.h5"
        out.unlink(missing_ok=True)
        for command in (["info", path],
                        ["run", "--resume", path, "--paths", EXTENDED, "-o", out, "-q"]):
            result = run(binary, *command)
            context = (case, command[0], result.returncode, result.stderr[-2000:])
            assert result.returncode in (0, 2), context
            assert "Sanitizer" not in result.stderr and "runtime error" not in result.stderr, context
            if result.returncode == 2:
                assert result.stderr.startswith(f"sim: {path}"), context
        if out.exists():
            assert out.read_bytes() == reference, f"case {case}: resumed to other numbers"
            tally["resumed identically"] += 1
        else:
            tally["refused"] += 1
    print(f"{cases} damaged files: {tally}")
    assert tally["refused"] > 0


def fingerprint(f):
    """The run fingerprint as docs/output-format.md describes it, computed independently."""
    import struct

    import numpy as np
    import xxhash
    state = xxhash.xxh3_64()

    def number(value):
        state.update(struct.pack("<Q", value))

    def text(value):
        data = value.encode() if isinstance(value, str) else bytes(value)
        number(len(data))
        state.update(data)

    def texts(values):
        number(len(values))
        for value in values:
            text(value)

    def strings(name):
        return [v.decode() for v in f[name][()]] if len(f[name]) else []

    text("cloudsim-result")
    for name in ("program_version", "rng_layout", "currency_unit", "record_level"):
        text(f.attrs[name])
    number(int(f.attrs["seed"]))
    time = "year" if f.attrs["record_level"] == "annual" else "quarter"
    names = [time, "segment", "provider", "parameter", "event", "sweep_key"]
    if "group" in f:  # only a run with customer groups has the coordinate, and hashes it
        names.insert(3, "group")
    for name in names:
        if name == "parameter" and "regime" in f:  # only a run with growth regimes says so
            text("growth regimes")
        texts(strings(name))
    scenarios = strings("scenario")
    number(len(scenarios))
    for k, name in enumerate(scenarios):
        text(name)
        text(f["scenario_file"][k].decode())
        text(f["scenario_text"][k].decode())
        texts([v.decode() for v in f["parameter_distribution"][k]])
        for value in f["sweep_value"][k]:
            state.update(struct.pack("<d", np.nan) if np.isnan(value)
                         else struct.pack("<d", value))
    # Titles, descriptions, references and labels (format 3.0), only when any is non-empty.
    batch = [str(f.attrs.get(name, "")) for name in ("batch_title", "batch_description")]
    per_scenario = [[f[name][k].decode() for name in ("scenario_title", "scenario_description",
                                                      "scenario_references")]
                    for k in range(len(scenarios))] if "scenario_title" in f else []
    labels = strings("parameter_label") if "parameter_label" in f else []
    if any(batch) or any(any(row) for row in per_scenario) or any(labels):
        for value in batch:
            text(value)
        for title, description, references in per_scenario:
            text(title)
            text(description)
            texts(references.split("\n") if references else [])
        texts(labels)
    return f"XXH3-64:{state.intdigest():016x}"


def status_fingerprint(f):
    """The status fingerprint as docs/output-format.md describes it."""
    import struct
    import xxhash
    state = xxhash.xxh3_64()

    def text(value):
        data = value.encode()
        state.update(struct.pack("<Q", len(data)) + data)

    text(f.attrs["run_fingerprint"])
    state.update(struct.pack("<Q", int(f.attrs["paths_completed"])))
    for name in ("status", "stop_reason"):
        text(f.attrs[name])
    text(f.attrs.get("final_output", ""))
    targets = [t.decode() for t in f["precision_target"][()]] if "precision_target" in f else []
    state.update(struct.pack("<Q", len(targets)))
    for k, target in enumerate(targets):
        text(target)
        state.update(struct.pack("<ddQ", f["precision_goal"][k],
                                 f["precision_standard_error"][k], int(f["precision_met"][k])))
    return f"XXH3-64:{state.intdigest():016x}"


def forge_fingerprints(f):
    f.attrs["run_fingerprint"] = fingerprint(f)
    f.attrs["status_fingerprint"] = status_fingerprint(f)


def test_the_fingerprints_are_what_the_format_documents(files):
    with h5py.File(files["clean"], "r") as f:
        assert fingerprint(f) == f.attrs["run_fingerprint"]
        assert status_fingerprint(f) == f.attrs["status_fingerprint"]


def resume_forged(files, name, forge):
    """Edits a copy with `forge` (which recomputes the fingerprints), checks `sim info` accepts
    it, and returns what `--resume` made of it."""
    path = edited(files, name, forge)
    binary = checked_binary()
    assert run(binary, "info", path).returncode == 0, "the forged fingerprints match"
    return run(binary, "run", "--resume", path, "--paths", EXTENDED, "-o",
               files["dir"] / "forged.out.h5", "-q")


def test_a_lowered_path_count_with_forged_fingerprints_fails_the_checksums(files):
    def forge(f):
        f.attrs.modify("paths_completed", 1024)
        f.attrs.modify("status", "partial")
        f.attrs["final_output"] = "x.h5"
        f.attrs.modify("stop_reason", "interrupted")
        forge_fingerprints(f)
    resumed = resume_forged(files, "forged_lowered", forge)
    assert resumed.returncode == 2, resumed.stderr
    assert "paths 1024-2047 of scenario 'baseline' do not match" in resumed.stderr, resumed.stderr


def test_a_forged_fingerprint_still_never_follows_extends(files):
    """Checksums are not signatures; a forger who recomputes the fingerprint still cannot make
    --resume read a file named inside the stored scenario text."""
    def forge(f):
        scenario_text(f, "[simulation]", 'extends = "/etc/passwd"\n[simulation]')
        forge_fingerprints(f)
    resumed = resume_forged(files, "forged_extends", forge)
    assert resumed.returncode == 2 and "names a parent (extends)" in resumed.stderr, resumed.stderr

    def forge_quarters(f):
        scenario_text(f, "quarters = 40", "quarters = 41")
        forge_fingerprints(f)
    resumed = resume_forged(files, "forged_quarters", forge_quarters)
    assert resumed.returncode == 2 and "give other quarters" in resumed.stderr, resumed.stderr


def test_data_stored_outside_the_file_is_refused_and_never_read(files, tmp_path):
    """External storage could point at a FIFO or a device: sim never writes it, never follows it."""
    outside = tmp_path / "outside.bin"
    outside.write_bytes(b"\0" * 4096)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)

    def external(f, name, target):
        data = f[name][()]
        del f[name]
        f.create_dataset(name, shape=data.shape, dtype=data.dtype,
                         external=[(str(target), 0, data.nbytes)])

    binary = checked_binary()
    path = edited(files, "external_sweep_value", lambda f: external(f, "sweep_value", outside))
    info = run(binary, "info", path)
    assert info.returncode == 2 and "outside the file" in info.stderr, info.stderr
    path = edited(files, "external_fifo", lambda f: external(f, "summary_share", fifo))
    info = run(binary, "info", path, timeout=60)  # must not wait on the FIFO
    assert info.returncode in (0, 2), info.stderr
