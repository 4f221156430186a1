#!/usr/bin/env python3
"""wharf's benchmarks in one table (issue #12, "Prove it"), all on 127.0.0.1:

    python3 tools/benchmarks.py            # about 20 minutes once built; writes docs/benchmarks.md
    python3 tools/benchmarks.py --quick    # shorter windows, fewer runs, 5,000 tasks for the memory figure
    python3 tools/benchmarks.py --no-build --no-write

1. builds wharf, the `seed` example and the `draw` bench (release) unless --no-build;
2. draw time against rows: `cargo bench --bench draw -- rows/` (criterion), the services view and a
   cluster's tasks view over 100, 10,000 and 20,000 rows, read from target/criterion/rows/*/*/new/estimates.json;
3. launch to first frame: the release binary in a pseudo-terminal (160x48), the time from spawning it to the
   first frame and to the first frame showing data (a cluster's name), for `--demo` (the sandbox) and against
   moto behind tools/aws_proxy.py; the median of several runs;
4. moto seeded by examples/seed with a cluster of 2,000 services (1 task each) and one of 20,000 tasks
   (200 services of 100), behind tools/aws_proxy.py (60 ms a call, AWS's paging, batch limits and throttling;
   `--steady`: every deployment settled, as in an idle account). With wharf in tmux, as
   tools/measure_big_account.py does (whose pieces this reuses):
   * Enter to first rows and to the full list of the 2,000 services, against the bound the throttling buckets
     set (ListServices pages + DescribeServices batches beyond the 100-call burst, at 20 a second);
   * service reads a minute while idle on that list, against the configured share (25% of 20 a second);
   * CPU of the wharf process over 60 s idle on that list (/proc/PID/stat), while nothing changes in the
     account (the proxy's --steady; wharf still polls, which is what it costs);
   * API calls per refresh of the clusters view, the services view, a service's screen and a cluster's tasks
     view, from the proxy's call log over a window on each, against the minimum of shared/notes/ecs-api.md;
   * peak memory (VmHWM) once a tasks view of 20,000 tasks is loaded;
5. prints one Markdown table (figure, value, bound or target, verdict) and writes it with the machine it ran
   on to docs/benchmarks.md (unless --no-write). Logs, screens and call logs stay in the work folder it names.

Standard library only; moto comes from target/moto-venv (the test suite installs it) or PATH.
"""

import argparse
import fcntl
import glob
import json
import math
import os
import platform
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in tools/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import measure_big_account as mba  # noqa: E402  (the tmux, moto, proxy and seeding pieces)

ROOT = mba.ROOT
DOC = os.path.join(ROOT, "docs", "benchmarks.md")
ROWS = (100, 10_000, 20_000)
BIG = 2000              # services in the big cluster
LISTS_S = 10  # wharf's default refresh interval of lists ([refresh] lists)
SHARE = 0.25            # wharf's default [budget] share
SERVICE_READ_RATE, SERVICE_READ_BURST = 20, 100  # ECS "service read" bucket (ecs-api.md)
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>78]|\x1b\][^\x07]*\x07")
CLK_TCK = os.sysconf("SC_CLK_TCK")
GAP = 2.5  # seconds without a call that end a refresh's burst of calls
DRAW_RUNS = 8  # short runs of the draw benchmarks, the least median of each kept
# What moto 5.2.5 lacks (HTTP 500): wharf checks it once an interval, on its own clock.
MISSING_IN_MOTO = ("ListServiceDeployments", "DescribeServiceDeployments", "DescribeServiceRevisions")
CALM = 100.0  # seconds after the list has loaded during which only the rows on screen are due


# ---------------------------------------------------------------------------------------------------------
# Draw time against rows


def bench_draw(args):
    """Runs the `rows/` benchmarks of benches/draw.rs; answers {(view, rows): seconds}: the least of each
    run's median. On a shared 2-core VM the same frame's cost drifts by 20-50% within minutes (neighbours,
    steal time), more than the 25% the table checks: many short runs, each going through every row count in
    turn, and the least median of each is what the frame costs."""
    argv = ["cargo", "bench", "--bench", "draw", "--", "rows/", "--warm-up-time", "1", "--measurement-time", "2"]
    env = dict(os.environ, CARGO_INCREMENTAL="0")
    out = {}
    for _ in range(2 if args.quick else DRAW_RUNS):
        subprocess.run(argv, cwd=ROOT, env=env, check=True, stdout=sys.stderr)
        pattern = os.path.join(ROOT, "target", "criterion", "rows", "*", "*", "new", "estimates.json")
        for path in glob.glob(pattern):
            view, rows = path.split(os.sep)[-4:-2]
            with open(path) as f:
                median = json.load(f)["median"]["point_estimate"] / 1e9
            out[(view, int(rows))] = min(median, out.get((view, int(rows)), median))
    return out


# ---------------------------------------------------------------------------------------------------------
# Launch to first frame, in a pseudo-terminal


def launch(argv, frame, data, timeout=60.0):
    """Spawns `argv` on a new 160x48 pseudo-terminal; answers (seconds to the first output matching `frame`,
    seconds to the first matching `data`), escape sequences stripped; None for one never seen."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 48, 160, 0, 0))

    def controlling_tty():  # in the child: its own session, the pty its terminal (crossterm reads it)
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    t0 = time.monotonic()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, preexec_fn=controlling_tty)
    os.close(slave)
    raw, seen = b"", {}
    try:
        while time.monotonic() - t0 < timeout and len(seen) < 2:
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 1 << 16)
            except OSError:
                break
            now = time.monotonic() - t0
            raw += chunk
            text = ANSI.sub("", raw.decode("utf-8", "replace"))
            for name, pattern in (("frame", frame), ("data", data)):
                if name not in seen and re.search(pattern, text):
                    seen[name] = now
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # wharf restores the terminal and quits
        end = time.monotonic() + 5
        while proc.poll() is None and time.monotonic() < end:  # keep reading so that it can write
            if select.select([master], [], [], 0.05)[0]:
                try:
                    os.read(master, 1 << 16)
                except OSError:
                    break
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        os.close(master)
    return seen.get("frame"), seen.get("data")


def launches(argv, frame, data, runs):
    """The median of `runs` launches: (first frame, first data), None when one run never showed it."""
    results = [launch(argv, frame, data) for _ in range(runs)]
    med = [None if any(r[i] is None for r in results) else statistics.median(r[i] for r in results)
           for i in (0, 1)]
    return med[0], med[1], results


# ---------------------------------------------------------------------------------------------------------
# The wharf process


def cpu_seconds(pid):
    """utime + stime of `pid`, in seconds (/proc/PID/stat fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def status_kb(pid, key):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


def keys(run, *sent, literal=False):
    run.tmux("send-keys", "-t", "wharf", *(["-l"] if literal else []), *sent)


def command(run, text):
    """Types a `:` command and Enter."""
    keys(run, ":")
    time.sleep(0.3)
    keys(run, text, literal=True)
    keys(run, "Enter")


def header_calls(text):
    """The header's `calls/min svc 50 ...`: wharf's own count of the last minute's calls, by category."""
    m = re.search(r"calls/min ((?:[a-z]+ \d+ ?)+)", text)
    return m.group(1).strip() if m else "?"


def calls_between(log, start, end):
    """{operation: calls} of wharf's own calls in [start, end) in the proxy's log."""
    out = {}
    for t, op, _status, _error, source, _items in mba.read_log(log):
        if source == "client" and start <= t < end:
            out[op] = out.get(op, 0) + 1
    return out


def errors_between(log, start, end):
    return sum(1 for t, _op, status, _e, source, _i in mba.read_log(log)
               if source == "client" and start <= t < end and status >= 400)


def window(run, log, seconds, tag, anchor, apart=()):
    """Leaves wharf alone on its view for `seconds`; answers a dict: the refreshes seen (`bursts`), the
    calls by operation, the errors, and the last screen (`text`).

    A refresh is a burst of calls (each less than GAP after the one before) holding `anchor`, an operation
    each refresh of the view makes; only bursts wholly inside the window count, so that none is cut. Calls of
    the operations `apart` (ones moto lacks, which fail and are retried on their own clock) neither join nor
    split bursts: they are counted a minute, in `apart`."""
    start = time.time()
    time.sleep(seconds)
    end = time.time()
    text = run.screen()
    mba.save(run, f"screen-{tag}.txt", text)
    calls = [r for r in mba.read_log(log) if r[4] == "client" and start <= r[0] < end]
    aside = [r for r in calls if r[1] in apart]
    calls = [r for r in calls if r[1] not in apart]
    bursts, current = [], []
    for r in calls:
        if current and r[0] - current[-1][0] >= GAP:
            bursts.append(current)
            current = []
        current.append(r)
    if current and end - current[-1][0] >= GAP:
        bursts.append(current)  # ended before the window did
    if bursts and bursts[0][0][0] - start < GAP:
        bursts = bursts[1:]  # may have begun before the window
    bursts = [b for b in bursts if any(r[1] == anchor for r in b)]
    ops = {}
    for b in bursts:
        for r in b:
            ops[r[1]] = ops.get(r[1], 0) + 1
    period = ((bursts[-1][0][0] - bursts[0][0][0]) / (len(bursts) - 1)) if len(bursts) > 1 else None
    return {"bursts": len(bursts), "ops": ops, "period": period, "seconds": end - start, "text": text,
            "errors": sum(1 for b in bursts for r in b if r[2] >= 400),
            "apart": {op: sum(1 for r in aside if r[1] == op) * 60 / (end - start) for op in apart
                      if any(r[1] == op for r in aside)},
            "all": calls_between(log, start, end)}


# ---------------------------------------------------------------------------------------------------------
# The sessions against moto


def session_big(run, args, moto_url):
    """2,000 services: the clusters view, Enter, the list idle (reads a minute, CPU), a service, the tasks."""
    res = {}
    cluster = f"bench{BIG}-1"
    proxy, endpoint, log = mba.start_proxy(run, args, moto_url, "big", steady=True)
    pid = mba.start_wharf(run, mba.wharf_argv(run, endpoint, "big"))
    res["log"] = log

    # The clusters view, idle.
    mba.wait_screen(run, rf"^│.\s*{re.escape(cluster)}\s", 60, f"cluster {cluster}")
    time.sleep(2.0)
    view = window(run, log, args.view_window, "clusters-view", "ListClusters")
    view["clusters"] = len(re.findall(r"^│.\s*[a-z0-9]+-\d+\s", view["text"], re.M))
    res["clusters_view"] = view

    # Enter on the cluster: first rows, full list.
    mba.select_cluster(run, cluster)
    opened = mba.open_services(run, args, cluster, "big")
    res["open"] = opened
    if opened["full"] is None:
        raise RuntimeError(f"the list of {BIG} services did not load within {args.timeout} s")
    t0 = opened["t0"]
    idle_from = t0 + opened["full"]
    load = [r for r in mba.read_log(log) if r[4] == "client" and t0 <= r[0] < idle_from]
    res["load_calls"] = sum(r[1] in mba.SERVICE_READS for r in load)
    res["load_throttled"] = sum(r[3] == "ThrottlingException" for r in load)

    # Idle on the list: service reads a minute; CPU over the first 60 s of it.
    cpu = {}

    def sample_cpu():
        cpu["end"], cpu["end_at"] = cpu_seconds(pid), time.time()

    cpu["start"], cpu["start_at"] = cpu_seconds(pid), time.time()
    timer = threading.Timer(60.0, sample_cpu)
    timer.start()
    trouble, _ = mba.watch_idle(run, idle_from + args.idle, t0, "big")
    timer.join()
    idle_to = time.time()
    text = run.screen()
    mba.save(run, "screen-services-idle-end.txt", text)
    # Every row was read while loading, so for 2 minutes after it began only the rows on screen are due (and
    # ListServices every minute); after that the others come round in turn too, every 2 minutes.
    calm = min(idle_to, idle_from + CALM)
    reads = [r for r in mba.read_log(log) if r[4] == "client" and r[1] in mba.SERVICE_READS
             and idle_from <= r[0] < idle_to]
    res["services_idle"] = {
        "calls": calls_between(log, idle_from, idle_to), "errors": errors_between(log, idle_from, idle_to),
        "seconds": idle_to - idle_from, "trouble": trouble, "header": header_calls(text),
        "rows_on_screen": sum(bool(mba.SERVICE_ROW.match(l)) for l in text.splitlines()),
        "on_screen": calls_between(log, idle_from, calm), "on_screen_seconds": calm - idle_from,
        "cycle": calls_between(log, calm, idle_to), "cycle_seconds": idle_to - calm,
        "by_minute": [sum(idle_from + 60 * i <= r[0] < idle_from + 60 * (i + 1) for r in reads)
                      for i in range(int((idle_to - idle_from) // 60))],
        "last_minute": sum(idle_to - 60 <= r[0] for r in reads)}  # what the header's count should say
    res["cpu"] = (cpu["end"] - cpu["start"]) / (cpu["end_at"] - cpu["start_at"])
    res["cpu_window"] = cpu["end_at"] - cpu["start_at"]

    # The cluster's tasks (2,000).
    command(run, f"tasks {cluster}")
    mba.wait_screen(run, rf"Tasks of {re.escape(cluster)} \({BIG} live", args.timeout, "the cluster's tasks")
    time.sleep(2.0)
    res["tasks_view"] = window(run, log, args.tasks_window, "tasks-view", "DescribeTasks")
    res["vmhwm_big"] = status_kb(pid, "VmHWM")
    mba.stop_wharf(run)
    run.stop(proxy)
    return res


def session_tasks(run, args, moto_url, small, clusters):
    """A service's screen in the small cluster (moto ignores ListTasks' serviceName, so a service's tasks are
    its cluster's: a small cluster keeps that from inflating the count); then, for each (cluster, count) of
    `clusters`, a cluster's tasks view: the time to load every task and the peak memory once loaded, or what
    wharf said when it could not load them."""
    proxy, endpoint, log = mba.start_proxy(run, args, moto_url, "tasks", steady=True)
    pid = mba.start_wharf(run, mba.wharf_argv(run, endpoint, "tasks"))

    mba.select_cluster(run, small)
    opened = mba.open_services(run, args, small, "small")
    if opened["full"] is None:
        raise RuntimeError(f"the services of {small} did not load")
    keys(run, "Enter")  # the first service, under the cursor
    mba.wait_screen(run, r"Tasks \(\d+ live", 60, "the service's tasks")
    time.sleep(2.0)
    service = window(run, log, args.view_window, "service-view", "DescribeServices", apart=MISSING_IN_MOTO)
    service["target_groups"] = int("Target health" in service["text"])
    service["tasks"] = int(re.search(r"Tasks \((\d+) live", service["text"]).group(1))

    loads = []
    for cluster, count in clusters:
        t0 = time.time()
        command(run, f"tasks {cluster}")
        # The first rows: the list fills in as it is read (`N listed · M described`), or came whole.
        mba.wait_screen(run, rf"Tasks of {re.escape(cluster)} \((\d[\d,]* listed · [1-9][\d,]* described|{count} live)"
                        rf"|Could not load tasks of {re.escape(cluster)}", args.tasks_timeout, f"{count} tasks' first rows")
        first = time.time() - t0
        text = mba.wait_screen(run, rf"Tasks of {re.escape(cluster)} \({count} live|Could not load tasks of {re.escape(cluster)}",
                               args.tasks_timeout, f"{count} tasks")
        load = {"count": count, "first": first, "loaded": time.time() - t0, "hwm_loaded": status_kb(pid, "VmHWM")}
        mba.save(run, f"screen-tasks{count}-loaded.txt", text)
        if "Could not load" in text:
            lines = [l.strip("│ ") for l in text.splitlines()]
            at = next(i for i, l in enumerate(lines) if "Could not load" in l)
            load["error"] = lines[at + 1].strip()
            load["hwm"], load["rss"] = load["hwm_loaded"], status_kb(pid, "VmRSS")
        else:
            time.sleep(args.after_load)  # a refresh or two more of all of them
            load["hwm"], load["rss"] = status_kb(pid, "VmHWM"), status_kb(pid, "VmRSS")
        load["calls"] = calls_between(log, t0, time.time())
        loads.append(load)
    mba.stop_wharf(run)
    run.stop(proxy)
    return {"service_view": service, "loads": loads}


# ---------------------------------------------------------------------------------------------------------
# The table


def fmt_ops(ops):
    return " + ".join(f"{n:.1f} {op}" for op, n in sorted(ops.items(), key=lambda kv: -kv[1])) or "none"


def verdict(ok, yes="ok", no="over"):
    return yes if ok else no


def table(args, draw, demo, aws, big, tasks):
    rows = []
    add = lambda *cells: rows.append(cells)  # noqa: E731

    # Launch.
    frame, data, _ = demo
    add("Launch to first frame, sandbox (`--demo`)", f"{frame:.2f} s frame, {data:.2f} s with data"
        if frame and data else "never", "< 1 s (ours; none in #12)", verdict(data is not None and data < 1.0, no="slow"))
    frame, data, _ = aws
    add(f"Launch to first frame, moto via proxy ({args.latency_ms:g} ms a call)",
        f"{frame:.2f} s frame, {data:.2f} s with data" if frame and data else "never",
        "< 2 s (ours; ListClusters + DescribeClusters after the SDK's set-up)",
        verdict(data is not None and data < 2.0, no="slow"))

    # Enter to first rows and full list.
    opened = big["open"]
    calls_full = math.ceil(BIG / 100) + math.ceil(BIG / 10)
    bound_full = max(0.0, (calls_full - SERVICE_READ_BURST) / SERVICE_READ_RATE)
    lat = args.latency_ms / 1000
    add(f"Enter to first rows, {BIG:,} services", f"{opened['first']:.2f} s",
        f"≥ {2 * lat:.2f} s (1 ListServices + 1 DescribeServices, {args.latency_ms:g} ms each)",
        verdict(opened["first"] is not None and opened["first"] < 1.0, no="slow"))
    add(f"Enter to the full list, {BIG:,} services",
        f"{opened['full']:.2f} s ({big['load_calls']} service reads, {big['load_throttled']} throttled)",
        f"≥ {bound_full:.1f} s: {calls_full} calls, {SERVICE_READ_BURST} burst then {SERVICE_READ_RATE}/s",
        verdict(big["load_throttled"] == 0 and opened["full"] < 2 * bound_full + 2,
                yes=f"{opened['full'] / bound_full:.2f}× the bound", no="slow or throttled"))

    # API calls per refresh.
    def refresh_row(what, v, minimum, minimum_text, relevant, extra=0):
        n = max(1, v["bursts"])
        ops = {op: k / n for op, k in v["ops"].items()}
        mine = sum(k for op, k in ops.items() if op in relevant)
        every = f", one every {v['period']:.1f} s" if v["period"] else ""
        value = f"{sum(ops.values()):.1f}: {fmt_ops(ops)} ({v['bursts']} refreshes{every})"
        if v.get("apart"):
            value += "; besides, " + ", ".join(f"{k:.0f} {op} a minute" for op, k in v["apart"].items())
        if not v["bursts"]:
            value = f"no whole refresh in {v['seconds']:.0f} s"
        ok = v["bursts"] and mine <= minimum + extra + 0.2
        add(what, value, minimum_text, "at the minimum" if ok and mine <= minimum + 0.2 else
            (f"minimum + {extra} ListTasks (stopped tasks)" if ok else f"{mine / minimum:.2f}× the minimum"))

    v = big["clusters_view"]
    c = max(1, v["clusters"])
    minimum = 2 * math.ceil(c / 100)
    refresh_row(f"API calls per refresh, clusters view ({c} clusters)", v, minimum,
                f"{minimum}: ListClusters + DescribeClusters", {"ListClusters", "DescribeClusters"})

    v = big["services_idle"]
    shown = v["rows_on_screen"]
    on_screen = math.ceil(shown / 10)
    refreshes = v["on_screen_seconds"] / LISTS_S
    ops = {op: k / refreshes for op, k in v["on_screen"].items()}
    add(f"API calls per refresh, services view ({BIG:,} services, {shown} rows on screen, every {LISTS_S} s; "
        f"first {v['on_screen_seconds']:.0f} s idle)",
        f"{sum(ops.values()):.1f}: {fmt_ops(ops)}",
        f"{on_screen} DescribeServices for the rows on screen, + {math.ceil(BIG / 100)} ListServices a minute "
        f"({math.ceil(BIG / 100) * LISTS_S / 60:.1f} a refresh)",
        verdict(ops.get("DescribeServices", 0) <= on_screen + 0.3, yes="at the minimum",
                no=f"{ops.get('DescribeServices', 0) / on_screen:.2f}× the minimum"))
    if v["cycle_seconds"] >= 110:
        cycle = {op: k * 120 / v["cycle_seconds"] for op, k in v["cycle"].items()}
        add(f"  … per 2 minutes once the other rows come round too (over {v['cycle_seconds']:.0f} s)",
            f"{sum(cycle.values()):.0f}: {fmt_ops(cycle)}",
            f"{calls_full} for every row once: {math.ceil(BIG / 100)} ListServices + {math.ceil(BIG / 10)} "
            f"DescribeServices (wharf reads each row at most every 2 min, those on screen every {LISTS_S} s)",
            f"{sum(cycle.values()) / calls_full:.2f}× the minimum")

    v = tasks["service_view"]
    t = v["target_groups"]
    refresh_row(f"API calls per refresh, a service's screen ({v['tasks']} tasks, {t} target group)", v, 3 + t,
                f"{3 + t}: DescribeServices + ListTasks + DescribeTasks" + (" + DescribeTargetHealth" if t else "")
                + "; moto lacks ListServiceDeployments (HTTP 500: counted apart, not compared)",
                {"DescribeServices", "ListTasks", "DescribeTasks", "DescribeTargetHealth"}, extra=1)
    v = big["tasks_view"]
    minimum = 2 * math.ceil(BIG / 100)
    refresh_row(f"API calls per refresh, a cluster's tasks view ({BIG:,} tasks)", v, minimum,
                f"{minimum}: {BIG // 100} ListTasks + {BIG // 100} DescribeTasks",
                {"ListTasks", "DescribeTasks"}, extra=1)

    # Idle reads against the share.
    v = big["services_idle"]
    minutes = v["seconds"] / 60
    reads = sum(k for op, k in v["calls"].items() if op in mba.SERVICE_READS) / minutes
    share = SHARE * SERVICE_READ_RATE * 60
    add(f"Service reads a minute, idle on {BIG:,} services ({v['seconds']:.0f} s)",
        f"{reads:.0f}/min; each minute: {', '.join(map(str, v['by_minute']))} (at the end wharf's header said "
        f"`calls/min {v['header']}`, the proxy counted {v['last_minute']} service reads that minute)", f"≤ {share:.0f}/min ({SHARE:.0%} of 20/s)",
        verdict(reads <= share and max(v["by_minute"] or [0]) <= share))

    # Draw.
    for view in ("services", "tasks"):
        times = [draw.get((view, n)) for n in ROWS]
        if None in times:
            add(f"Draw, {view} view, 160x48", "not measured", "same for any row count", "?")
            continue
        spread = max(times) / min(times)
        add(f"Draw, {view} view, 160x48, {' / '.join(f'{n:,}' for n in ROWS)} rows",
            " / ".join(f"{t * 1e6:.0f} µs" for t in times), "the same for any row count (within 25%)",
            verdict(spread <= 1.25, yes=f"same ({spread:.2f}× max/min)", no=f"grows ({spread:.2f}× max/min)"))

    # CPU and memory.
    add(f"CPU idle on {BIG:,} services, nothing changing ({big['cpu_window']:.0f} s)",
        f"{big['cpu'] * 100:.2f}% of a core", "none in #12 (wharf keeps polling: that is what this costs)", "—")
    for load in tasks["loads"]:
        if "error" in load:
            add(f"Peak memory, {load['count']:,} tasks loaded (tasks view)",
                f"not measured: they never loaded; after {load['loaded']:.0f} s wharf said “{load['error']}” "
                f"(moto's DescribeTasks slows with the cluster's tasks); VmHWM then {load['hwm'] / 1024:.0f} MiB",
                "none in #12", "—")
        else:
            add(f"Peak memory, {load['count']:,} tasks loaded (tasks view)",
                f"{load['hwm'] / 1024:.0f} MiB VmHWM ({load['hwm_loaded'] / 1024:.0f} MiB when they had loaded, "
                f"{load['loaded']:.0f} s after `:tasks`)", "none in #12", "—")
    add(f"  … for comparison, {BIG:,} services and {BIG:,} tasks loaded", f"{big['vmhwm_big'] / 1024:.0f} MiB VmHWM",
        "", "")

    head = ("figure", "value", "bound / target", "verdict")
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |" for row in rows]
    return "\n".join(lines)


def machine():
    def sh(*argv):
        try:
            return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True).stdout.strip()
        except OSError:
            return "?"
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = status = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    os_name = platform.platform()
    if os.path.exists("/etc/os-release"):
        with open("/etc/os-release") as f:
            status = dict(l.rstrip().split("=", 1) for l in f if "=" in l).get("PRETTY_NAME", "?").strip('"')
    load = os.getloadavg()
    return [("cores (nproc)", str(os.cpu_count())), ("CPU", model), ("memory", mem),
            ("OS", f"{status} ({os_name})"), ("rustc", sh("rustc", "--version")),
            ("commit", sh("git", "rev-parse", "--short", "HEAD") + (" (with uncommitted changes)"
                                                                       if sh("git", "status", "--porcelain") else "")),
            ("date", time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())),
            ("load average at the end", f"{load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}")]


# ---------------------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help="shorter windows and draw runs, 2 launches, 5,000 tasks for the memory figure")
    ap.add_argument("--tasks", help="task counts for the memory figure, comma-separated (default 5000,20000; "
                    "--quick 5000)")
    ap.add_argument("--latency-ms", type=float, default=60.0, help="the proxy's added latency")
    ap.add_argument("--no-build", action="store_true", help="use target/release as it is")
    ap.add_argument("--no-write", action="store_true", help="print the table only, leave docs/ alone")
    ap.add_argument("--keep", help="work folder for logs and screens (default: a new temp folder)")
    args = ap.parse_args()
    args.compete, args.steady = 0.0, True  # what measure_big_account's pieces read
    # Idle on the services list: >= 60 s for the CPU figure, CALM + 120 s for a whole cycle of every row.
    args.idle = 120.0 if args.quick else CALM + 120.0
    args.view_window = 20.0 if args.quick else 30.0  # the clusters view's and a service's window
    args.tasks_window = 45.0 if args.quick else 60.0  # a cluster's tasks view's (a refresh takes ~20 s)
    args.timeout = 300.0
    args.tasks = [int(n) for n in (args.tasks or ("5000" if args.quick else "5000,20000")).split(",")]
    args.tasks_timeout = 600.0  # wharf gives a busy read up to 10 minutes
    args.after_load = 10.0 if args.quick else 30.0
    runs = 2 if args.quick else 5
    if mba.shutil.which("tmux") is None:
        raise SystemExit("tmux is needed (apt-get install tmux)")
    started = time.time()
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--bin", "wharf", "--example", "seed", "--bench", "draw"],
                       cwd=ROOT, env=dict(os.environ, CARGO_INCREMENTAL="0"), check=True)
    work = args.keep or tempfile.mkdtemp(prefix="wharf-bench-")
    os.makedirs(work, exist_ok=True)
    print(f"work folder: {work}", file=sys.stderr, flush=True)

    print("draw time against rows (cargo bench --bench draw -- rows/) ...", file=sys.stderr, flush=True)
    draw = bench_draw(args)

    run = mba.Run(work)
    for sig in (signal.SIGTERM, signal.SIGHUP):  # stopped from outside: still clean up (`finally`)
        signal.signal(sig, lambda num, _frame: sys.exit(128 + num))
    try:
        print(f"launch, sandbox: {runs} runs ...", file=sys.stderr, flush=True)
        argv = mba.wharf_argv(run, "http://127.0.0.1:9", "demo")
        argv = argv[:argv.index(mba.WHARF) + 1] + ["--demo", "--audit-log", os.path.join(work, "demo-audit.jsonl")]
        demo = launches(argv, r"Clusters", r"prod-fargate", runs)

        moto_url = mba.start_moto(run)
        mba.seed(run, moto_url, f"bench{BIG}", BIG, 1)
        mba.seed(run, moto_url, "small", 6, 2, lb_every=1)
        for count in args.tasks:  # services of 100 tasks
            mba.seed(run, moto_url, f"tasks{count}", math.ceil(count / 100), 100, lb_every=0)

        print(f"launch, moto: {runs} runs ...", file=sys.stderr, flush=True)
        proxy, endpoint, _ = mba.start_proxy(run, args, moto_url, "launch", steady=True)
        aws = launches(mba.wharf_argv(run, endpoint, "launch"), r"Clusters", rf"bench{BIG}-1", runs)
        run.stop(proxy)

        print(f"{BIG:,} services: views, load, {args.idle:g} s idle ...", file=sys.stderr, flush=True)
        big = session_big(run, args, moto_url)
        print(f"a service's screen; {' and '.join(f'{n:,}' for n in args.tasks)} tasks: load and peak memory ...",
              file=sys.stderr, flush=True)
        tasks = session_tasks(run, args, moto_url, "small-1", [(f"tasks{n}-1", n) for n in args.tasks])
    finally:
        run.close()

    text = table(args, draw, demo, aws, big, tasks)
    took = time.time() - started
    print(text)
    print(f"\n(took {took / 60:.1f} min; work folder {work})", file=sys.stderr)
    with open(os.path.join(work, "results.json"), "w") as f:
        json.dump({"draw": {f"{v}/{n}": t for (v, n), t in draw.items()}, "demo": demo, "aws": aws,
                   "big": {k: v for k, v in big.items() if k != "log"}, "tasks": tasks}, f, indent=1, default=str)
    if not args.no_write:
        write_doc(text, args, took)


def write_doc(text, args, took):
    lines = ["# Benchmarks", "",
             "Measured by `python3 tools/benchmarks.py`" + (" --quick" if args.quick else "") +
             f" (about {math.ceil(took / 60)} minutes here, the release build already made); everything runs on "
             "127.0.0.1. The AWS figures are wharf against moto seeded by `examples/seed`, behind "
             f"`tools/aws_proxy.py` ({args.latency_ms:g} ms a call, ECS's paging, batch limits and throttling "
             "buckets, deployments shown settled: `--steady`), wharf in tmux at 160x48. Draw times are criterion's "
             "medians, the least of 8 short runs (`cargo bench --bench draw -- rows/`). Tests assert behaviour; "
             "these figures are wall-clock "
             "and belong here, not in tests.", "", text, "", "## The machine", "",
             "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in machine()]
    lines += ["", "## What the figures mean", "", NOTES]
    os.makedirs(os.path.dirname(DOC), exist_ok=True)
    with open(DOC, "w") as f:
        f.write("\n".join(lines).rstrip() + "\n")
    print(f"wrote {os.path.relpath(DOC, ROOT)}", file=sys.stderr)


NOTES = """\
- **Launch**: from spawning the release binary in a pseudo-terminal to the first frame (the clusters panel
  drawn) and to the first frame with data (a cluster's name on screen); the median of several runs.
- **Enter to first rows / full list**: from Enter on the cluster to the first service row, and to the title
  without `loading`. The bound is what AWS's service-read bucket allows for the notes' minimum number of calls
  (20 ListServices pages and 200 DescribeServices batches of 10: 100 at once, then 20 a second); latency
  and moto's own speed (one request at a time) come on top.
- **API calls per refresh**: wharf's calls in the proxy's log while it sits on the view. A refresh is a burst
  of calls holding one the view makes each time (ListClusters, DescribeServices, DescribeTasks), ended by 2.5 s
  without a call; only bursts wholly inside the window count. The minimum is shared/notes/ecs-api.md's; a list
  of tasks also asks ListTasks for the recently stopped ones (desiredStatus STOPPED), one call more than the
  notes count. moto 5.2.5 has no ListServiceDeployments (HTTP 500), so a service's screen also shows its
  deployment-history read failing: sent once, then once an interval as the fault's probe, on its own clock.
  Those calls are counted apart (a minute), and neither join nor split the refreshes. On the
  services view the rows on screen are read every 10 s, ListServices runs every minute, and every other row
  is read again 2 minutes after it was last read: for the first 100 s after the list has loaded only the
  rows on screen are due (the first line), and the 2 minutes after that hold one whole cycle, compared with
  one full read of the cluster (the second line).
- **Service reads a minute while idle**: ListServices + DescribeServices while wharf sits on the 2,000
  services; the share is `[budget] share` (25%) of the service-read bucket's 20 a second.
- **Draw**: one frame of the view at 160x48, the cursor 60% down the list (`benches/draw.rs`, group `rows`):
  the least median of 8 short runs, each through every row count in turn: on this shared VM the same
  frame's cost drifts by 20-50% within minutes (steal time up to 7% was seen), more than the 25% compared.
  Tables draw only their visible rows; what a frame needs of every row is worked out when the rows change,
  not per frame: a task list's column widths, counts and services when it is stored (`app/task_list.rs`),
  the services list's longest name and what needs attention when its rows change (`app/service_summary.rs`,
  with `Service::alert_end` for when each alert lapses).
- **CPU idle**: utime + stime of the wharf process over 60 s on the services list while nothing changes in the
  account (the proxy's `--steady` keeps every deployment settled); wharf still polls, parses and redraws what
  it reads, and that is what this counts.
- **Peak memory**: VmHWM of the wharf process after a cluster's tasks view has loaded every task (seeded as
  services of 100 tasks each) and refreshed for a while. A cluster's tasks are one read (200 ListTasks pages,
  then 200 DescribeTasks for 20,000). A read is given up after a minute without a call
  (`EFFECT_TIME_LIMIT`, src/runtime/effects.rs), at most 10 minutes in all; moto answers one request at a
  time and its DescribeTasks slows with the tasks in the cluster (~0.4 s a call at 20,000), hence the load
  time. On AWS the same read is bounded by the cluster-resource bucket (400 calls: 100 at once, then 20 a
  second, about 15 s) and the 200 sequential ListTasks round trips.
"""


if __name__ == "__main__":
    main()
