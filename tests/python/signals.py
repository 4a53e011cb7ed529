"""Waiting until a started `sim` catches a signal, before sending it.

A test that interrupts a run after a fixed delay races the program's start on a loaded machine:
before main() installs its handlers, SIGINT still has its default action and kills the process
(exit -2 instead of 130). The kernel lists the signals a process catches in /proc/PID/status
(SigCgt, a hexadecimal mask with bit N-1 for signal N), so the test can wait for exactly that.
"""
import pathlib
import signal
import time


def catches(pid: int, which: signal.Signals) -> bool:
    try:
        status = pathlib.Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    for line in status.splitlines():
        if line.startswith("SigCgt:"):
            return bool(int(line.split()[1], 16) >> (int(which) - 1) & 1)
    return False


def wait_until(process, ready, what: str, timeout=60.0):
    """Returns once `ready()` holds; fails if `process` ended first or `timeout` passed."""
    deadline = time.monotonic() + timeout
    while not ready():
        assert process.poll() is None, f"the program ended before {what}"
        assert time.monotonic() < deadline, f"{timeout} s passed before {what}"
        time.sleep(0.002)


def wait_until_catching(process, which=signal.SIGINT, timeout=60.0):
    """Returns once `process` catches `which`; fails if it ended or never did within `timeout`."""
    wait_until(process, lambda: catches(process.pid, which), f"it caught {which.name}", timeout)
