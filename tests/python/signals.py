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


def wait_until_catching(process, which=signal.SIGINT, timeout=60.0):
    """Returns once `process` catches `which`; fails if it ended or never did within `timeout`."""
    deadline = time.monotonic() + timeout
    while not catches(process.pid, which):
        assert process.poll() is None, "the program ended before it caught the signal"
        assert time.monotonic() < deadline, f"no handler for {which.name} after {timeout} s"
        time.sleep(0.002)
