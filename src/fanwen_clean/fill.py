"""Render a template with Jinja2 (StrictUndefined), from a mapping or a ``clean`` report.

Templates come from scraped pages, so they are hostile input: they are rendered in
Jinja2's immutable sandbox (no ``__class__``/``__globals__`` walks, no mutation),
with the globals a template never needs removed (``cycler``, ``joiner``,
``namespace``, ``lipsum``), and with bounds the sandbox alone does not give:

* the output stops at :data:`MAX_OUTPUT` characters (beyond the template's own length);
* ``'a' * n``, ``'%9999999999s' % x``, ``'{:>99999999}'.format(x)``, ``x|center(n)``,
  ``x.ljust(n)`` … are refused before they run when a number in them exceeds that bound;
* ``range()`` is capped at :data:`MAX_RANGE` items, and a render that takes more than
  :data:`MAX_SECONDS` is stopped (main thread only: it uses ``SIGALRM``).

Every refusal is a :class:`FillError` with one line saying why.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
import signal
import threading
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2

# jinja2 is imported when a template is rendered, not when the package is: `clean` never needs it

MAX_OUTPUT = 16 * 2**20  # characters a render may add beyond the template's own length
MAX_RANGE = 10000  # items of one range() in a template
MAX_SECONDS = 10.0  # wall-clock time of one render
_POWER_BITS = 4096  # ``a ** b`` may not produce a number larger than this
_BIG_NUMBER = re.compile(r"\d{8,}")  # a width or precision this long in a format string


class FillError(ValueError):
    """The values do not fit the template; the message lists every problem at once."""


class _TooBig(Exception):
    """Raised inside a render that would exceed a bound."""


def _guard_args(what: str, args: tuple, kwargs: dict) -> None:
    for a in (*args, *kwargs.values()):
        if isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_OUTPUT:
            raise _TooBig(f"{what} with the number {a} (more than {MAX_OUTPUT})")


def _guard_format(fmt: Any) -> None:
    if isinstance(fmt, str):
        for m in _BIG_NUMBER.finditer(fmt):
            if int(m.group()) > MAX_OUTPUT:
                raise _TooBig(f"a format width of {m.group()} (more than {MAX_OUTPUT})")


def _guard_result(what: str, value: Any) -> Any:
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_OUTPUT:
        raise _TooBig(f"{what} made {len(value)} items (more than {MAX_OUTPUT})")
    return value


def _guard_replace(s: Any, old: Any, new: Any, count: Any = -1) -> None:
    if isinstance(s, str) and isinstance(old, str) and isinstance(new, str):
        n = s.count(old) if old else len(s) + 1
        if isinstance(count, int) and count >= 0:
            n = min(n, count)
        if len(s) + n * len(new) > MAX_OUTPUT:
            raise _TooBig(f"a replace() making more than {MAX_OUTPUT} characters")


def _join(items: tuple) -> str:
    """``~`` concatenation, refused before it builds a string past the bound."""
    parts = [str(x) for x in items]
    if sum(map(len, parts)) > MAX_OUTPUT:
        raise _TooBig(f"a concatenation of more than {MAX_OUTPUT} characters")
    return "".join(parts)


def _guard_binop(op: str, left: Any, right: Any) -> None:
    if op == "+" and isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
        if len(left) + len(right) > MAX_OUTPUT:
            raise _TooBig(f"a sum of more than {MAX_OUTPUT} items")
    elif op == "*":
        for seq, n in ((left, right), (right, left)):
            if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_OUTPUT:
                raise _TooBig(f"a repetition of {len(seq)} × {n} items (more than {MAX_OUTPUT})")
    elif op == "**" and isinstance(left, (int, float)) and isinstance(right, (int, float)):
        if abs(left) > 1 and right > 0 and right * math.log2(abs(left)) > _POWER_BITS:
            raise _TooBig(f"{left} ** {right} (too large a number)")
    elif op == "%":
        _guard_format(left)


def _guard_filter(name: str, fn):
    @functools.wraps(fn)
    def guarded(*args, **kwargs):
        _guard_args(f"filter {name}", args, kwargs)
        if name == "format" and args:
            _guard_format(args[0])
        elif name == "replace" and len(args) >= 4:  # (eval_ctx, s, old, new[, count])
            _guard_replace(*args[1:5])
        return _guard_result(f"filter {name}", fn(*args, **kwargs))

    return guarded


def _safe_range(*args: int):
    n = len(range(*args))
    if n > MAX_RANGE:
        raise _TooBig(f"range() of {n} items (more than {MAX_RANGE})")
    return range(*args)


@functools.cache
def _env() -> jinja2.Environment:
    import jinja2
    from jinja2.compiler import CodeGenerator
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Generator(CodeGenerator):
        def visit_Concat(self, node, frame) -> None:
            self.write("environment.bounded_join((")
            for arg in node.nodes:
                self.visit(arg, frame)
                self.write(", ")
            self.write("))")

    class Sandbox(ImmutableSandboxedEnvironment):
        """The immutable sandbox plus size bounds on calls and operators."""

        intercepted_binops = frozenset({"*", "**", "%", "+"})
        code_generator_class = Generator
        bounded_join = staticmethod(_join)

        def call_binop(self, context, operator, left, right):
            _guard_binop(operator, left, right)
            return super().call_binop(context, operator, left, right)

        def call(__self, __context, __obj, *args, **kwargs):
            name = getattr(__obj, "__name__", "a call")
            _guard_args(name, args, kwargs)
            if name == "replace":
                _guard_replace(getattr(__obj, "__self__", None), *args[:3])
            return _guard_result(name, super().call(__context, __obj, *args, **kwargs))

        def wrap_str_format(self, value):
            wrapped = super().wrap_str_format(value)
            if wrapped is not None:
                _guard_format(value.__self__)
            return wrapped

    env = Sandbox(undefined=jinja2.StrictUndefined, keep_trailing_newline=True, autoescape=False)
    for name in ("cycler", "joiner", "namespace", "lipsum", "dict"):
        env.globals.pop(name, None)
    env.globals["range"] = _safe_range
    env.filters = {n: _guard_filter(n, f) for n, f in env.filters.items()}
    return env


def _parse(template: str):
    import jinja2

    try:
        return _env().parse(template)
    except jinja2.TemplateSyntaxError as exc:
        raise FillError(f"not a valid template: line {exc.lineno}: {exc.message}") from None


@contextlib.contextmanager
def _deadline(seconds: float):
    """Stop a render that runs too long (e.g. nested loops that print nothing)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(_sig, _frame):
        raise _TooBig(f"the render took more than {seconds:g} s")

    old = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    outer, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        if outer:  # the caller had a timer running: give it back what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 1e-3), interval)


def _render(template: str, values: dict[str, str]) -> str:
    """Render in the sandbox, stopping as soon as the output passes the bound."""
    from jinja2.exceptions import SecurityError, TemplateError

    limit = MAX_OUTPUT + len(template)
    out: list[str] = []
    size = 0
    try:
        with _deadline(MAX_SECONDS):
            for piece in _env().from_string(template).generate(**values):
                size += len(piece)
                if size > limit:
                    raise _TooBig(f"the output would be longer than {limit} characters")
                out.append(piece)
    except _TooBig as exc:
        raise FillError(f"template refused: {exc}") from None
    except SecurityError as exc:
        raise FillError(f"template refused: unsafe: {exc}") from None
    except TemplateError as exc:
        raise FillError(f"cannot render: {exc}") from None
    except (TypeError, ValueError, ArithmeticError, LookupError, MemoryError, RecursionError) as exc:
        raise FillError(f"cannot render: {type(exc).__name__}: {exc}") from None
    return "".join(out)


def slot_names(template: str) -> list[str]:
    """The slot names a template uses, in order of first appearance."""
    import jinja2.meta
    import jinja2.nodes

    ast = _parse(template)
    free = jinja2.meta.find_undeclared_variables(ast)  # not loop variables or {% set %} names
    seen: dict[str, None] = {}
    for node in ast.find_all(jinja2.nodes.Name):
        if node.name in free:
            seen.setdefault(node.name, None)
    return list(seen)


def is_report(values: dict) -> bool:
    """A ``clean --format json`` report rather than a plain mapping?"""
    return isinstance(values.get("slots"), list) and "template" in values


def fill(template: str, values: dict) -> str:
    """Render ``template``; with a report, every occurrence gets back its own original."""
    if is_report(values):
        return _restore(template, values)
    missing = [n for n in slot_names(template) if n not in values and n not in _env().globals]
    if missing:
        raise FillError(f"missing values for {len(missing)} slot(s): {', '.join(missing)}")
    return _render(template, {k: str(v) for k, v in values.items()})


def _render_literal(chunk: str) -> str:
    return _render(chunk, {}) if "{" in chunk else chunk


def _occurrences(report: dict) -> list[tuple[int, int, str, str]]:
    """``(start, end, token, original)`` of every slot occurrence in a report, checked."""
    occurrences = []
    for slot in report["slots"]:
        if not isinstance(slot, dict) or not isinstance(slot.get("name"), str) \
                or not isinstance(slot.get("occurrences"), list):
            raise FillError("report is malformed: a slot needs a name and a list of occurrences")
        for occ in slot["occurrences"]:
            if not isinstance(occ, dict):
                raise FillError(f"report is malformed: slot {slot['name']}: occurrence is not an object")
            if "original" not in occ:
                raise FillError(f"report has no original for slot {slot['name']} "
                                "(made with --no-originals); pass a {slot: value} mapping instead")
            start, end, original = occ.get("start"), occ.get("end"), occ["original"]
            if not isinstance(original, str):
                raise FillError(f"report is malformed: slot {slot['name']}: 'original' is a "
                                f"{type(original).__name__}, not a string")
            if not (isinstance(start, int) and isinstance(end, int)):
                raise FillError(f"report is malformed: slot {slot['name']}: start/end must be integers")
            token = slot["name"] if occ.get("masked") else "{{" + slot["name"] + "}}"
            occurrences.append((start, end, token, original))
    occurrences.sort()
    return occurrences


def _restore(template: str, report: dict) -> str:
    occurrences = _occurrences(report)
    token_ok = all(template[s:e] == token for s, e, token, _ in occurrences)
    if not token_ok:
        # the template was edited since the report was made: fall back to one value per slot
        mapping = {}
        for slot in report["slots"]:
            if any(o.get("masked") for o in slot["occurrences"]):
                raise FillError(f"masked names ({slot['name']}) can only be restored from an "
                                "unedited template")
            vals = slot.get("values") or [o.get("original") for o in slot["occurrences"]]
            if len(set(map(str, vals))) != 1:
                raise FillError(f"slot {slot['name']} had several originals {vals}; "
                                "the template no longer matches the report's offsets")
            mapping[slot["name"]] = vals[0]
        return fill(template, mapping)
    out, pos = [], 0
    for start, end, _name, original in occurrences:
        out.append(_render_literal(template[pos:start]))
        out.append(original)
        pos = end
    out.append(_render_literal(template[pos:]))
    return "".join(out)
