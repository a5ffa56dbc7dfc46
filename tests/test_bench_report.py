"""The benchmark's table (bench/report.py): its format and the targets it checks, not any timing."""

from bench.report import Row, markdown_table, misses, parse_wrk, ratio_target, with_ratios

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8000/
  2 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    10.31ms    2.01ms  40.12ms   90.00%
  Latency Distribution
     50%    9.87ms
     75%   11.02ms
     90%   12.50ms
     99%  312.40ms
  4000 requests in 5.00s, 20.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:    800.25
Transfer/sec:      4.00MB
"""


def test_parse_wrk_reads_rate_percentiles_and_errors():
    figures = parse_wrk(WRK_OUTPUT)
    assert figures == {"rps": 800.25, "p50_ms": 9.87, "p99_ms": 312.4, "errors": 7}


def test_parse_wrk_converts_microseconds_and_seconds():
    figures = parse_wrk("     50%  850.00us\n     99%    1.50s\nRequests/sec: 10.0\n")
    assert (figures["p50_ms"], figures["p99_ms"]) == (0.85, 1500.0)


def test_targets_by_role_and_feed():
    assert ratio_target(Row("/healthz", "anonymous")) is None
    assert ratio_target(Row("home", "anonymous")) == 0.3
    assert ratio_target(Row("dashboard", "organizer")) == 0.15
    assert ratio_target(Row("live feed 304", "anonymous")) == 0.9
    assert ratio_target(Row("live feed 200", "anonymous")) == 0.7


def test_ratios_are_to_healthz_of_the_same_rows():
    rows = with_ratios([Row("/healthz", "anonymous", rps=1000.0), Row("home", "anonymous", rps=250.0)])
    assert [row.ratio for row in rows] == [1.0, 0.25]


def test_ratios_take_the_median_of_several_healthz_rows():
    healthz = [Row("/healthz", "anonymous", rps=rps) for rps in (100.0, 1000.0, 400.0)]
    rows = with_ratios([*healthz, Row("home", "anonymous", rps=100.0)])
    assert rows[-1].ratio == 0.25


def test_misses_name_each_target_missed():
    row = Row("conference page", "anonymous", rps=100.0, p99_ms=400.0, html_bytes=200 * 1024, errors=3)
    row.ratio = 0.1
    assert misses(row) == ["ratio 0.10 < 0.30", "p99 400 ms > 250", "HTML 200.0 KB > 150.0 KB", "3 errors"]
    fine = Row("home", "anonymous", rps=500.0, p99_ms=20.0, html_bytes=8000)
    fine.ratio = 0.5
    assert misses(fine) == []


def test_markdown_table_has_a_header_and_one_line_per_page():
    rows = [
        Row("/healthz", "anonymous", rps=2000.0, p50_ms=1.5, p99_ms=6.0, queries=1),
        Row("home", "member", rps=100.0, p50_ms=60.0, p99_ms=300.0, html_bytes=9 * 1024, queries=5),
        Row("export concerns CSV", "organizer", p50_ms=1234.0, note="one download, 3.0 MB"),
    ]
    lines = markdown_table(rows).splitlines()
    assert lines[0] == "| page | role | req/s | × /healthz | p50 ms | p99 ms | HTML | SQL | target |"
    assert lines[1] == "|---|---|---|---|---|---|---|---|---|"
    assert lines[2] == "| /healthz | anonymous | 2,000 | 1.00 | 1.5 | 6.0 | – | 1 | ✓ |"
    assert (
        lines[3] == "| home | member | 100 | 0.05 | 60.0 | 300.0 | 9.0 KB | 5 | ratio 0.05 < 0.15; p99 300 ms > 250 |"
    )
    assert lines[4] == "| export concerns CSV | organizer | – | – | 1,234.0 | – | – | – | – (one download, 3.0 MB) |"
    assert len(lines) == 5
