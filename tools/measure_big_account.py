#!/usr/bin/env python3
"""Measures wharf against an emulated big AWS account, all on 127.0.0.1:

    python3 tools/measure_big_account.py                   # 2,000 and 137 services, 150 s idle each
    python3 tools/measure_big_account.py --sizes 137 --idle 120 --no-build

1. builds `wharf` and the `seed` example (release) unless --no-build;
2. starts moto (target/moto-venv's, else `moto_server` on PATH) on a free port and seeds it directly, one
   cluster per size (`bench2000-1` with services web-0001.., `bench137-1`, ...), 1 task per service;
3. per size: starts tools/aws_proxy.py in front of moto (fresh buckets and call log), runs wharf in tmux
   (160x48, private socket) against the proxy with dummy credentials and an empty home, filters the clusters
   view to the cluster, presses Enter and reads the screen every ~50 ms: "first row" is the first service row
   on screen, "full list" the title `Services of NAME (N)` with the count alone. Then it leaves wharf idle on that
   view for --idle seconds and counts, in the proxy's log, service reads (ListServices + DescribeServices)
   over that window;
4. prints a table; stops moto, the proxies and tmux whatever happens. Logs, screens and a timeline of the
   title stay in the work folder it names (--keep to choose it).

moto leaves every seeded service mid-rollout (PRIMARY deployment IN_PROGRESS, tasks PENDING), so by default
wharf polls the rows on screen as deploying ones. `--steady` has the proxy show them settled (COMPLETED,
running = desired), as an idle real account would: run both for the idle figure. `--compete N` adds a
competing client spending N service reads a second from the same throttling bucket.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROXY = os.path.join(ROOT, "tools", "aws_proxy.py")
WHARF = os.path.join(ROOT, "target", "release", "wharf")
SEED = os.path.join(ROOT, "target", "release", "examples", "seed")
# A described service's row (a placeholder, not described yet, shows `·` where its status goes).
SERVICE_ROW = re.compile(r"^│.\s*((?:web|api|worker|auth|search|billing)-\d{4})\s+(?!·)\S")
SERVICE_READS = {"ListServices", "DescribeServices"}
# Words on screen worth reporting (an error, a throttled read, a failed load).
TROUBLE = re.compile(r"error|fail|throttl|rate exceeded|denied|unreachable|timed out|retry", re.I)


class Run:
    """The processes this run started, stopped by `close()` whatever happened."""

    def __init__(self, work):
        self.work = work
        self.procs = []
        self.tmux_socket = f"measure-{os.getpid()}"
        self.tmux_started = False

    def start(self, name, argv, **kw):
        log = open(os.path.join(self.work, f"{name}.log"), "ab")
        proc = subprocess.Popen(argv, stdout=kw.pop("stdout", log), stderr=log,
                                start_new_session=True, **kw)
        self.procs.append((name, proc))
        return proc

    def stop(self, proc):
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # its own session: only what it started
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    def tmux(self, *args, check=True):
        return subprocess.run(["tmux", "-L", self.tmux_socket, "-f", "/dev/null", *args],
                              check=check, capture_output=True, text=True)

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "wharf").stdout

    def close(self):
        if self.tmux_started:
            self.tmux("kill-server", check=False)
            self.tmux_started = False
        for _, proc in reversed(self.procs):
            self.stop(proc)
        self.procs = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, seconds):
    end = time.time() + seconds
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"no answer from {url} within {seconds} s")


def moto_server():
    venv = os.path.join(ROOT, "target", "moto-venv", "bin", "moto_server")
    found = venv if os.path.exists(venv) else shutil.which("moto_server")
    if not found:
        raise SystemExit("moto_server not found: run the test suite once (it installs target/moto-venv) "
                         "or `pip install 'moto[server]==5.2.5'`")
    return found


def start_moto(run):
    """moto on a free port of 127.0.0.1; answers its address once it answers."""
    port = free_port()
    run.start("moto", [moto_server(), "-H", "127.0.0.1", "-p", str(port)])
    moto_url = f"http://127.0.0.1:{port}"
    wait_http(f"{moto_url}/moto-api/data.json", 30)
    return moto_url


def seed(run, moto_url, prefix, services, tasks_per_service, lb_every=None):
    """One cluster `PREFIX-1` of `services` services, seeded straight into moto (not throttled) by
    examples/seed."""
    t = time.time()
    subprocess.run([SEED, "--endpoint-url", moto_url, "--clusters", "1", "--services", str(services),
                    "--tasks-per-service", str(tasks_per_service), "--prefix", prefix]
                   + ([] if lb_every is None else ["--lb-every", str(lb_every)]),
                   check=True, stdout=subprocess.DEVNULL,
                   stderr=open(os.path.join(run.work, f"seed-{prefix}.log"), "w"))
    print(f"seeded {prefix}-1: {services:,} services, {services * tasks_per_service:,} tasks in "
          f"{time.time() - t:.1f} s", flush=True)


def wait_screen(run, pattern, seconds, what):
    end = time.time() + seconds
    while time.time() < end:
        text = run.screen()
        if re.search(pattern, text, re.M):
            return text
        time.sleep(0.1)
    raise RuntimeError(f"{what} not on screen within {seconds} s; last screen:\n{run.screen()}")


def out_of_order(text):
    """The service rows on screen when they are not in name order (the table's natural order)."""
    names = [m.group(1) for m in map(SERVICE_ROW.match, text.splitlines()) if m]
    return names if names != sorted(names) else None


def read_log(path):
    """The proxy's call log: [(time, op, status, error, source, items or None)]."""
    rows = []
    with open(path) as f:
        for line in f:
            t, op, status, error, source, items = line.split()
            rows.append((float(t), op, int(status), error, source, None if items == "-" else int(items)))
    return rows


def start_proxy(run, args, moto_url, tag, steady=None):
    """tools/aws_proxy.py in front of moto, with fresh buckets and its own call log: (proxy, endpoint, log)."""
    log = os.path.join(run.work, f"calls-{tag}.log")
    steady = args.steady if steady is None else steady
    proxy = run.start(f"proxy-{tag}", [sys.executable, PROXY, "--upstream", moto_url, "--log", log,
                                       "--latency-ms", str(args.latency_ms), "--compete", str(args.compete)]
                      + (["--steady"] if steady else []),
                      stdout=subprocess.PIPE)
    ready = proxy.stdout.readline().decode()  # "listening on http://127.0.0.1:PORT"
    if "listening on" not in ready:
        raise RuntimeError(f"proxy did not start; see {run.work}/proxy-{tag}.log")
    return proxy, ready.split()[-1], log


def wharf_argv(run, endpoint, tag):
    """wharf against `endpoint` with dummy credentials and an empty home: no real profile, settings,
    keymap or audit log is read or written."""
    home = os.path.join(run.work, f"home-{tag}")
    os.makedirs(home, exist_ok=True)
    empty = os.path.join(home, "empty")
    open(empty, "w").close()
    env = [f"HOME={home}", f"XDG_CONFIG_HOME={home}/.config", f"XDG_STATE_HOME={home}/.state",
           f"XDG_DATA_HOME={home}/.data", f"XDG_CACHE_HOME={home}/.cache",
           "AWS_ACCESS_KEY_ID=testing", "AWS_SECRET_ACCESS_KEY=testing",
           f"AWS_CONFIG_FILE={empty}", f"AWS_SHARED_CREDENTIALS_FILE={empty}"]
    unset = ["AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_ECS",
             "AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "AWS_REGION", "AWS_DEFAULT_REGION", "WHARF_CONFIG"]
    return ["env"] + [a for v in unset for a in ("-u", v)] + env + [
        WHARF, "--endpoint-url", endpoint, "--region", "us-east-1", "--read-only",
        "--audit-log", os.path.join(home, "audit.jsonl")]


def start_wharf(run, argv):
    """Runs `argv` in tmux (160x48); answers wharf's pid (`env` execs it, so it is the pane's)."""
    run.tmux("new-session", "-d", "-s", "wharf", "-x", "160", "-y", "48", *argv)
    run.tmux_started = True
    run.tmux("set-option", "-t", "wharf", "remain-on-exit", "on")  # keep a crash's last words readable
    return int(run.tmux("display-message", "-p", "-t", "wharf", "#{pane_pid}").stdout.strip())


def stop_wharf(run):
    run.tmux("send-keys", "-t", "wharf", "q")
    time.sleep(0.5)
    run.tmux("kill-server", check=False)
    run.tmux_started = False


def select_cluster(run, cluster):
    """The clusters view, filtered down to `cluster`, its row under the cursor, wharf quiet again."""
    wait_screen(run, rf"^│.\s*{re.escape(cluster)}\s", 60, f"cluster {cluster}")
    run.tmux("send-keys", "-t", "wharf", "/")
    time.sleep(0.3)
    run.tmux("send-keys", "-t", "wharf", "-l", cluster)  # a substring filter
    run.tmux("send-keys", "-t", "wharf", "Enter")
    end = time.time() + 10
    while True:  # until the only cluster row left is ours
        rows = [l for l in run.screen().splitlines() if re.match(r"^│.\s*[a-z0-9]+-\d+\s", l)]
        if len(rows) == 1 and re.match(rf"^│.\s*{re.escape(cluster)}\s", rows[0]):
            break
        if time.time() > end:
            raise RuntimeError(f"the filter did not leave {cluster} alone:\n{run.screen()}")
        time.sleep(0.1)
    time.sleep(1.0)  # let the clusters view settle: the measurement starts from a quiet wharf


def open_services(run, args, cluster, tag):
    """Enter on the selected cluster; reads the screen every ~50 ms: "first row" is the first service row
    on screen, "full list" the title `Services of NAME (N)` with the count alone. Answers a dict with t0 (when
    Enter was sent), first and full (seconds after it, None if never), listed and disorder."""
    title = re.compile(rf"Services of {re.escape(cluster)} \(([^)]*)\)")
    timeline = open(os.path.join(run.work, f"timeline-{tag}.txt"), "w")
    t0 = time.time()
    run.tmux("send-keys", "-t", "wharf", "Enter")
    first = full = disorder = None
    last_title, listed = None, None
    while time.time() - t0 < args.timeout:
        text = run.screen()
        now = time.time() - t0
        m = title.search(text)
        shown = m.group(0) if m else (text.splitlines()[2][:60] if len(text.splitlines()) > 2 else "")
        if shown != last_title:
            timeline.write(f"{now:8.3f} {shown}\n")
            last_title = shown
        if first is None and any(SERVICE_ROW.match(l) for l in text.splitlines()):
            first = now
            save(run, f"screen-{tag}-first-row.txt", text)
        if disorder is None and out_of_order(text):
            disorder = now
            save(run, f"screen-{tag}-out-of-order.txt", text)
        # Whole: the count alone (`2,000`), not `2,000 listed · 1,899 described · ...`.
        if m and re.fullmatch(r"[\d,]+", m.group(1)):
            full, listed = now, int(m.group(1).replace(",", ""))
            save(run, f"screen-{tag}-full-list.txt", text)
            break
        time.sleep(0.05)
    timeline.close()
    if full is None:
        save(run, f"screen-{tag}-timeout.txt", run.screen())
    return {"t0": t0, "first": first, "full": full, "listed": listed, "disorder": disorder}


def watch_idle(run, until, t0, tag, disorder=None):
    """Leaves wharf alone until `until` (a time.time()), reading the screen every second for trouble and
    for rows out of order. Answers (trouble lines, disorder)."""
    trouble = {}  # a line with its digits blanked -> the first such line
    while time.time() < until:
        text = run.screen()
        for line in (l for l in text.splitlines() if TROUBLE.search(l)):
            line = re.sub(r"\s{2,}", "  ", line.strip("│ "))
            trouble.setdefault(re.sub(r"\d+", "#", line), f"{time.time() - t0:6.1f} s  {line}")
        if disorder is None and out_of_order(text):
            disorder = time.time() - t0
            save(run, f"screen-{tag}-out-of-order.txt", text)
        time.sleep(1.0)
    return sorted(trouble.values()), disorder


def measure(run, args, size, moto_url):
    """One cluster of `size` services: times to first row and full list, idle service reads a minute."""
    cluster = f"bench{size}-1"
    tag = f"n{size}"
    proxy, endpoint, log = start_proxy(run, args, moto_url, tag)
    pid = start_wharf(run, wharf_argv(run, endpoint, tag))
    select_cluster(run, cluster)
    opened = open_services(run, args, cluster, tag)
    t0, first, full = opened["t0"], opened["first"], opened["full"]

    # Idle on the services view; read the screen now and then for trouble.
    idle_from = t0 + full if full is not None else time.time()
    cpu_from, cpu_at = cpu_seconds(pid), time.time()
    trouble, disorder = watch_idle(run, idle_from + args.idle, t0, tag, opened["disorder"])
    idle_to = time.time()
    cpu_idle = (cpu_seconds(pid) - cpu_from) / max(idle_to - cpu_at, 1e-9)
    save(run, f"screen-{tag}-idle-end.txt", run.screen())
    peak_kb = vm_kb(pid, "VmHWM")
    save(run, f"smaps-{tag}.txt", read_text(f"/proc/{pid}/smaps"))  # where the resident pages are
    stop_wharf(run)
    run.stop(proxy)

    calls = [r for r in read_log(log) if r[4] == "client"]
    load = [r for r in calls if t0 <= r[0] < idle_from]
    idle = [r for r in calls if idle_from <= r[0] < idle_to]
    minutes = (idle_to - idle_from) / 60.0
    reads = [r for r in idle if r[1] in SERVICE_READS]
    per_op = {}
    for r in idle:
        per_op[r[1]] = per_op.get(r[1], 0) + 1
    by_minute = [sum(idle_from + 60 * i <= r[0] < idle_from + 60 * (i + 1) for r in reads)
                 for i in range(int(minutes))]  # each whole minute of the idle window
    batches = [r[5] for r in load if r[1] == "DescribeServices" and r[5] is not None]
    return {
        "size": size, "cluster": cluster, "listed": opened["listed"], "first": first, "full": full,
        "load_service_reads": sum(r[1] in SERVICE_READS for r in load),
        "load_throttled": sum(r[3] == "ThrottlingException" for r in load),
        "idle_minutes": minutes,
        "idle_service_reads_per_min": len(reads) / minutes if minutes else 0.0,
        "idle_list_per_min": sum(r[1] == "ListServices" for r in reads) / minutes if minutes else 0.0,
        "idle_describe_per_min": sum(r[1] == "DescribeServices" for r in reads) / minutes if minutes else 0.0,
        "idle_throttled": sum(r[3] == "ThrottlingException" for r in idle),
        "idle_other_per_min": {op: n / minutes for op, n in sorted(per_op.items()) if op not in SERVICE_READS},
        "trouble": trouble, "out_of_order": disorder, "by_minute": by_minute,
        "load_describe_batch": sum(batches) / len(batches) if batches else 0.0,
        "idle_cpu": cpu_idle,
        "peak_kb": peak_kb,
    }


def cpu_seconds(pid):
    """utime + stime of `pid`, in seconds (/proc/PID/stat fields 14 and 15)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def vm_kb(pid, key):
    """A /proc/PID/status figure in kB (VmHWM: the peak resident set), or None."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


def read_text(path):
    """A file's text, or a line saying why it could not be read."""
    try:
        with open(path) as f:
            return f.read()
    except OSError as e:
        return f"could not read {path}: {e}\n"


def save(run, name, text):
    with open(os.path.join(run.work, name), "w") as f:
        f.write(text)


def fmt(seconds):
    return "never" if seconds is None else f"{seconds:.2f} s"


def report(results, args):
    print(f"\nwharf against moto behind tools/aws_proxy.py ({args.latency_ms:g} ms a call, AWS's throttling"
          f"{f', competing client {args.compete:g}/s' if args.compete else ''}"
          f"{', deployments shown COMPLETED (--steady)' if args.steady else ', deployments IN_PROGRESS as moto leaves them'})")
    head = ("services", "first row", "full list", "load: svc reads / throttled",
            "idle svc reads/min (List+Describe)", "idle throttled")
    rows = [head]
    for r in results:
        rows.append((
            f"{r['size']:,}" + ("" if r["listed"] in (None, r["size"]) else f" (shows {r['listed']})"),
            fmt(r["first"]), fmt(r["full"]),
            f"{r['load_service_reads']} / {r['load_throttled']}",
            f"{r['idle_service_reads_per_min']:.1f} ({r['idle_list_per_min']:.1f}+"
            f"{r['idle_describe_per_min']:.1f}) over {r['idle_minutes']:.1f} min",
            str(r["idle_throttled"])))
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    for i, row in enumerate(rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)))
        if i == 0:
            print("  ".join("-" * w for w in widths))
    for r in results:
        other = ", ".join(f"{op} {n:.1f}" for op, n in r["idle_other_per_min"].items()) or "none"
        print(f"\n{r['size']:,} services: CPU while idle {100 * r['idle_cpu']:.2f}% of a core (the idle "
              f"window, the screen read once a second meanwhile)")
        if r["peak_kb"] is not None:
            print(f"{r['size']:,} services: peak memory (VmHWM) {r['peak_kb'] / 1024:.1f} MiB "
                  f"({r['peak_kb'] / 1000:.1f} MB)")
        print(f"{r['size']:,} services: service reads in each idle minute: {r['by_minute']}; "
              f"services a DescribeServices while loading: {r['load_describe_batch']:.1f}; "
              f"other calls/min while idle: {other}")
        if r["out_of_order"] is not None:
            print(f"  rows on screen out of name order at {r['out_of_order']:.2f} s after Enter "
                  f"(screen-n{r['size']}-out-of-order.txt)")
        for line in r["trouble"][:10]:
            print(f"  on screen: {line}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="2000,137", help="services per cluster, comma-separated")
    ap.add_argument("--idle", type=float, default=150.0, help="seconds idle on the services view (>= 120)")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for the full list")
    ap.add_argument("--latency-ms", type=float, default=60.0, help="the proxy's added latency")
    ap.add_argument("--compete", type=float, default=0.0,
                    help="a competing client's service reads a second (the proxy's --compete)")
    ap.add_argument("--steady", action="store_true",
                    help="the proxy shows every deployment COMPLETED (moto leaves them IN_PROGRESS)")
    ap.add_argument("--no-build", action="store_true", help="use target/release as it is")
    ap.add_argument("--keep", help="work folder for logs and screens (default: a new temp folder)")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    if shutil.which("tmux") is None:
        raise SystemExit("tmux is needed (apt-get install tmux)")
    if not args.no_build:
        env = dict(os.environ, CARGO_INCREMENTAL="0")
        subprocess.run(["cargo", "build", "--release", "--bin", "wharf", "--example", "seed"],
                       cwd=ROOT, env=env, check=True)
    work = args.keep or tempfile.mkdtemp(prefix="wharf-measure-")
    os.makedirs(work, exist_ok=True)
    print(f"work folder: {work}", flush=True)
    run = Run(work)
    for sig in (signal.SIGTERM, signal.SIGHUP):  # stopped from outside: still clean up (`finally`)
        signal.signal(sig, lambda num, _frame: sys.exit(128 + num))
    try:
        moto_url = start_moto(run)
        for size in sizes:  # seeded straight into moto: seeding is not throttled
            seed(run, moto_url, f"bench{size}", size, 1)
        results = []
        for size in sizes:
            print(f"measuring {size} services ({args.idle:g} s idle) ...", flush=True)
            results.append(measure(run, args, size, moto_url))
        report(results, args)
    finally:
        run.close()


if __name__ == "__main__":
    main()
