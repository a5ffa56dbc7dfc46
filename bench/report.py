"""The benchmark's table: pure formatting and the targets, no I/O and no Django (tests/test_bench_report.py)."""

from dataclasses import dataclass, field

HTML_LIMIT = 150 * 1024
P99_LIMIT_MS = 250.0


@dataclass
class Row:
    """One page measured: wrk's figures, and what the in-process probe saw (bytes, queries)."""

    page: str
    role: str
    rps: float | None = None
    p50_ms: float | None = None
    p99_ms: float | None = None
    html_bytes: int | None = None
    queries: int | None = None
    errors: int = 0
    note: str = ""
    ratio: float | None = field(default=None)


def ratio_target(row: Row) -> float | None:
    """The share of /healthz's requests per second the page must reach."""
    if row.page == "/healthz":
        return None
    if row.page.startswith("live feed 304"):
        return 0.9
    if row.page.startswith("live feed"):
        return 0.7
    return 0.3 if row.role == "anonymous" else 0.15


def with_ratios(rows: list[Row]) -> list[Row]:
    """Each row's requests per second divided by those of /healthz measured in the same run: the median of the
    /healthz rows, which the harness measures at the start, in the middle and at the end, as the shared machine's
    load moves."""
    healthz = sorted(row.rps for row in rows if row.page == "/healthz" and row.rps)
    base = healthz[len(healthz) // 2] if healthz else None
    for row in rows:
        row.ratio = row.rps / base if base and row.rps is not None else None
    return rows


def misses(row: Row) -> list[str]:
    """Which targets the row misses, in words; an empty list when it meets them all (or was not measured)."""
    found = []
    target = ratio_target(row)
    if target is not None and row.ratio is not None and row.ratio < target:
        found.append(f"ratio {row.ratio:.2f} < {target:.2f}")
    if row.p99_ms is not None and row.p99_ms > P99_LIMIT_MS:
        found.append(f"p99 {row.p99_ms:.0f} ms > {P99_LIMIT_MS:.0f}")
    if row.html_bytes is not None and row.html_bytes > HTML_LIMIT and "export" not in row.page:
        found.append(f"HTML {kib(row.html_bytes)} > {kib(HTML_LIMIT)}")
    if row.errors:
        found.append(f"{row.errors} errors")
    return found


def kib(size: int | None) -> str:
    if size is None:
        return "–"
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024:.1f} KB"


def _number(value: float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


HEADER = ("page", "role", "req/s", "× /healthz", "p50 ms", "p99 ms", "HTML", "SQL", "target")


def markdown_table(rows: list[Row]) -> str:
    """The rows as a Markdown table, one line per page, with a ✓ or what the page misses."""
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---" for _ in HEADER) + "|"]
    for row in with_ratios(rows):
        verdict = "; ".join(misses(row)) or ("✓" if row.rps is not None else "–")
        if row.note:
            verdict = f"{verdict} ({row.note})"
        cells = (
            row.page,
            row.role,
            _number(row.rps),
            _number(row.ratio, 2),
            _number(row.p50_ms, 1),
            _number(row.p99_ms, 1),
            kib(row.html_bytes),
            "–" if row.queries is None else str(row.queries),
            verdict,
        )
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def parse_wrk(output: str) -> dict:
    """req/s, p50 and p99 (ms) and the error count from `wrk --latency` output."""
    figures = {"rps": None, "p50_ms": None, "p99_ms": None, "errors": 0}
    for raw in output.splitlines():
        line = raw.strip()
        parts = line.split()
        if line.startswith("Requests/sec:"):
            figures["rps"] = float(parts[1])
        elif line.startswith("50%") and len(parts) == 2:
            figures["p50_ms"] = _ms(parts[1])
        elif line.startswith("99%") and len(parts) == 2:
            figures["p99_ms"] = _ms(parts[1])
        elif line.startswith("Non-2xx or 3xx responses:"):
            figures["errors"] += int(parts[-1])
        elif line.startswith("Socket errors:"):
            # "Socket errors: connect 0, read 0, write 0, timeout 0"
            figures["errors"] += sum(int(part.rstrip(",")) for part in parts[2:] if part.rstrip(",").isdigit())
    return figures


def _ms(text: str) -> float:
    for suffix, factor in (("us", 0.001), ("ms", 1.0), ("s", 1000.0), ("m", 60000.0)):
        if text.endswith(suffix):
            return float(text[: -len(suffix)]) * factor
    return float(text)
