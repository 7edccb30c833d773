"""How the command ends: signals, and output that cannot be written, as one line and an exit code.

* SIGTERM stops a run exactly as Ctrl-C does (temp files removed, workers stopped),
  then exits 143.
* A reader that goes away (``| head``) ends the run quietly with exit 141, as if
  killed by SIGPIPE (and without Python's "Exception ignored" noise at exit).
* Output that cannot be written (stdout on ``/dev/full``, a closed stdout, a full
  disk under ``learn -o``) is one line on stderr and exit 3.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys

import click

EXIT_OK, EXIT_CHANGES, EXIT_USAGE, EXIT_UNREADABLE = 0, 1, 2, 3
EXIT_OUTPUT = 3
EXIT_PIPE = 128 + 13  # as a shell reports a process killed by SIGPIPE
EXIT_TERM = 128 + 15



class Usage(ValueError):
    """A combination of options that cannot work; the CLI turns it into exit 2."""

class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread: every Ctrl-C clean-up path handles it too."""


_state = {"terminated": False}


def _on_sigterm(_signum, _frame) -> None:
    _state["terminated"] = True
    raise Terminated()


class _ClosedStream:
    """Stands in for a stdout that was closed before we started: writing to it is an error."""

    def write(self, _s) -> int:
        raise OSError(9, "standard output is closed")

    def flush(self) -> None:
        pass

    @property
    def buffer(self):
        return self

    def isatty(self) -> bool:
        return False


def _line(msg: str) -> None:
    with contextlib.suppress(Exception):
        sys.stderr.write(f"fanwen-clean: {msg}\n")
        sys.stderr.flush()


def _mute_stdout() -> None:
    """Point fd 1 at /dev/null, so the interpreter's final flush cannot fail again."""
    with contextlib.suppress(Exception):
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)


def _describe(exc: OSError) -> str:
    where = exc.filename if exc.filename else "cannot write output"
    return f"{where}: {exc.strerror or exc}"


def _flush(code: int) -> int:
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        _mute_stdout()
        return EXIT_PIPE
    except OSError as exc:
        _line(_describe(exc))
        _mute_stdout()
        return EXIT_OUTPUT
    return code


class SafeGroup(click.Group):
    """A click group whose ``main`` maps signals and output errors to one line and an exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        with contextlib.suppress(ValueError):  # not the main thread: leave signals alone
            signal.signal(signal.SIGTERM, _on_sigterm)
        if sys.stdout is None:  # started with stdout closed (>&-)
            sys.stdout = _ClosedStream()  # type: ignore[assignment]
        code = 0
        try:
            super().main(args, prog_name, complete_var, standalone_mode, **extra)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except OSError as exc:
            _line(_describe(exc))
            code = EXIT_OUTPUT
        finally:
            from .files import remove_temp_files

            remove_temp_files()  # stopped between creating a temp file and its clean-up
        if type(sys.stdout).__name__ == "_PacifyFlushWrapper":  # click saw EPIPE
            code = EXIT_PIPE
            _mute_stdout()
        code = _flush(code)
        if _state["terminated"]:
            code = EXIT_TERM
        sys.exit(code)
