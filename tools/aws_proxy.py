#!/usr/bin/env python3
"""A loopback HTTP proxy in front of moto that behaves like AWS where moto does not.

    python3 tools/aws_proxy.py --upstream http://127.0.0.1:5000 [--port 0] [--log calls.log]

It prints `listening on http://127.0.0.1:PORT` once it accepts connections; point wharf at that address
(`--endpoint-url`). Standard library only. What it adds to moto (see shared/notes/ecs-api.md):

* latency: every request waits `--latency-ms` (60) before it is answered, throttled ones too;
* paging: moto answers ECS List* calls (ListServices, ListTasks, ...) in one page whatever `maxResults` says.
  When moto's page is longer than the request's `maxResults` (default 10 for ListServices, 100 for the
  others; above 100 is an InvalidParameterException), the proxy keeps moto's full list under a random id,
  answers the first `maxResults` ARNs with `nextToken` = `proxy.<id>.<offset>`, and answers later pages from
  that snapshot without asking moto again (a stale or unknown token is an InvalidParameterException);
* batch limits: DescribeServices with more than 10 services is an HTTP 400 InvalidParameterException;
* throttling: one token bucket per ECS throttling category (service read: ListServices + DescribeServices,
  100 burst, 20/s; cluster read 50, 20/s; cluster resource read 100, 20/s; task definition read 50, 20/s;
  and the other categories of the notes) and for ELBv2 (describes 40, 10/s; changes 20, 3/s). A request that
  finds its bucket empty is answered HTTP 400 ThrottlingException "Rate exceeded" (ELBv2: an XML
  ErrorResponse with Code Throttling) and never reaches moto. Buckets start full;
* a call log (`--log`): one line per request, `UNIXTIME OPERATION STATUS ERROR SOURCE ITEMS`, e.g.
  `1718000000.123 DescribeServices 400 ThrottlingException client 10`; ERROR is `-` for a success or an
  error moto gave without a code the proxy knows, SOURCE is `client` or `competitor` (below), ITEMS the
  number of ARNs an ECS Describe* asked for or an ECS List* page answered (`-` for other calls);
* `--compete N`: a competing client (the console, CI, Terraform) that spends N service-read tokens a second
  from the same bucket, as N DescribeServices calls a second would. It does not call moto (only the bucket
  matters); its calls are logged with SOURCE `competitor`.

* `--steady`: moto never finishes a deployment (every seeded service stays rollout IN_PROGRESS with its
  tasks PENDING), which makes a client poll as if every service were deploying. With --steady the proxy
  rewrites DescribeServices answers as a quiet account would give them: each PRIMARY deployment COMPLETED,
  running = desired and pending = 0 on the service and its deployments.

Anything else (CloudWatch Logs, /moto-api/...) is passed through unchanged, with the latency, and logged.
"""

import argparse
import http.client
import http.server
import json
import random
import sys
import threading
import time
import urllib.parse

ECS_PREFIX = "AmazonEC2ContainerServiceV20141113."

# ECS throttling categories: name -> (burst, sustained per second, actions).
ECS_CATEGORIES = {
    "cluster-read": (50, 20, ["ListClusters", "DescribeClusters"]),
    "service-read": (100, 20, ["ListServices", "DescribeServices"]),
    "cluster-resource-read": (100, 20, ["ListTasks", "DescribeTasks", "ListContainerInstances",
                                        "DescribeContainerInstances"]),
    "task-definition-read": (50, 20, ["DescribeTaskDefinition", "ListTaskDefinitions",
                                      "ListTaskDefinitionFamilies"]),
    "service-deployment-read": (50, 20, ["ListServiceDeployments", "DescribeServiceDeployments"]),
    "service-modify": (50, 5, ["CreateService", "UpdateService", "DeleteService"]),
    "cluster-resource-modify": (100, 40, ["StopTask", "RunTask", "DeregisterContainerInstance"]),
    "task-definition-modify": (20, 1, ["RegisterTaskDefinition", "DeregisterTaskDefinition"]),
    "task-definition-delete": (5, 1, ["DeleteTaskDefinitions"]),
    "cluster-modify": (20, 1, ["CreateCluster", "DeleteCluster"]),
}
ELB_READ = ("elb-read", 40, 10)      # every ELBv2 Describe*
ELB_MODIFY = ("elb-modify", 20, 3)   # every other ELBv2 action
ELB_VERSION = "2015-12-01"

# ECS list calls the proxy pages: action -> (field holding the list, default maxResults).
PAGED = {
    "ListServices": ("serviceArns", 10),
    "ListTasks": ("taskArns", 100),
    "ListClusters": ("clusterArns", 100),
    "ListContainerInstances": ("containerInstanceArns", 100),
    "ListTaskDefinitions": ("taskDefinitionArns", 100),
    "ListTaskDefinitionFamilies": ("families", 100),
}
# The list parameter of the ECS Describe* calls, counted as ITEMS in the log.
DESCRIBED = {"services", "tasks", "clusters", "containerInstances"}
TOKEN_PREFIX = "proxy."
SNAPSHOT_TTL = 600.0  # seconds a paging snapshot is kept
DESCRIBE_SERVICES_MAX = 10


class Bucket:
    """A token bucket: `burst` tokens, refilled at `rate` a second; starts full."""

    def __init__(self, burst, rate):
        self.burst, self.rate = float(burst), float(rate)
        self.tokens, self.at = float(burst), time.monotonic()
        self.lock = threading.Lock()

    def take(self):
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
            self.at = now
            if self.tokens >= 1.0:
                self.tokens -= 1.0
                return True
            return False


class Proxy:
    """What the request handlers share: upstream, buckets, paging snapshots, the call log."""

    def __init__(self, upstream, latency, log_path, throttle, steady=False):
        url = urllib.parse.urlsplit(upstream)
        self.up_host, self.up_port = url.hostname, url.port or 80
        self.latency = latency
        self.throttle = throttle
        self.steady = steady
        self.buckets = {}
        self.category = {}  # ECS action -> bucket
        for name, (burst, rate, actions) in ECS_CATEGORIES.items():
            self.buckets[name] = Bucket(burst, rate)
            for action in actions:
                self.category[action] = self.buckets[name]
        for name, burst, rate in (ELB_READ, ELB_MODIFY):
            self.buckets[name] = Bucket(burst, rate)
        self.snapshots = {}  # id -> (created, list)
        self.lock = threading.Lock()
        self.log = open(log_path, "a", buffering=1) if log_path else None

    def record(self, op, status, error="-", source="client", items="-"):
        if self.log:
            with self.lock:
                self.log.write(f"{time.time():.3f} {op} {status} {error} {source} {items}\n")

    def bucket_for(self, service, op):
        if not self.throttle:
            return None
        if service == "ecs":
            return self.category.get(op)
        if service == "elbv2":
            return self.buckets[ELB_READ[0] if op.startswith("Describe") else ELB_MODIFY[0]]
        return None

    def forward(self, method, path, headers, body):
        """Sends one request to moto; answers (status, headers, body)."""
        conn = http.client.HTTPConnection(self.up_host, self.up_port, timeout=300)
        try:
            conn.request(method, path, body=body, headers=headers)
            resp = conn.getresponse()
            return resp.status, resp.getheaders(), resp.read()
        finally:
            conn.close()

    def keep(self, items):
        """Stores a full list for later pages; answers its id."""
        now = time.monotonic()
        with self.lock:
            for key in [k for k, (at, _) in self.snapshots.items() if now - at > SNAPSHOT_TTL]:
                del self.snapshots[key]
            key = "%016x" % random.getrandbits(64)
            self.snapshots[key] = (now, items)
        return key

    def snapshot(self, key):
        with self.lock:
            entry = self.snapshots.get(key)
        return entry[1] if entry else None

    def compete(self, per_second, stop):
        """The competing client: one service-read token every 1/per_second s, logged as DescribeServices."""
        bucket, period = self.buckets["service-read"], 1.0 / per_second
        next_at = time.monotonic()
        while not stop.is_set():
            ok = bucket.take() if self.throttle else True
            self.record("DescribeServices", 200 if ok else 400, "-" if ok else "ThrottlingException",
                        "competitor", 10)
            next_at += period
            stop.wait(max(0.0, next_at - time.monotonic()))


HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host",
              "proxy-connection", "te", "trailer", "upgrade"}


def ecs_error(kind, message):
    return 400, [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-ErrorType", kind)], \
        json.dumps({"__type": kind, "message": message}).encode()


def elb_throttled():
    body = ('<ErrorResponse xmlns="http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/">'
            "<Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
            "<RequestId>%08x-0000-0000-0000-000000000000</RequestId></ErrorResponse>"
            % random.getrandbits(32))
    return 400, [("Content-Type", "text/xml")], body.encode()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the SDK expects; every answer has a Content-Length
    proxy = None  # set by main()

    def log_message(self, fmt, *args):  # quiet: the call log says what happened
        pass

    def do_GET(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    do_PUT = do_DELETE = do_HEAD = do_GET

    def handle_any(self):
        p = self.proxy
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        service, op = classify(self.command, self.path, self.headers, body)
        self.items = asked_items(op, body) if service == "ecs" else "-"  # ITEMS of the call log
        time.sleep(p.latency)
        bucket = p.bucket_for(service, op)
        if bucket is not None and not bucket.take():
            status, headers, out = ecs_error("ThrottlingException", "Rate exceeded") \
                if service == "ecs" else elb_throttled()
            error = "ThrottlingException"
        else:
            headers_up = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            try:
                if service == "ecs":
                    status, headers, out, error = self.ecs(op, headers_up, body)
                else:
                    status, headers, out = p.forward(self.command, self.path, headers_up, body)
                    error = "-"
            except (OSError, http.client.HTTPException) as e:
                status, headers, out = 502, [("Content-Type", "text/plain")], f"moto: {e}".encode()
                error = "UpstreamError"
        p.record(op, status, error, "client", self.items)
        try:
            self.send_response(status)
            for k, v in headers:
                if k.lower() not in HOP_BY_HOP and k.lower() not in ("date", "server"):
                    self.send_header(k, v)
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(out)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def ecs(self, op, headers, body):
        """An ECS JSON call: the limits and paging moto lacks, else moto's answer."""
        p = self.proxy
        try:
            req = json.loads(body or b"{}")
        except ValueError:
            req = {}
        if op == "DescribeServices" and len(req.get("services") or []) > DESCRIBE_SERVICES_MAX:
            return ecs_error("InvalidParameterException",
                             "services can have at most %d items." % DESCRIBE_SERVICES_MAX) + \
                ("InvalidParameterException",)
        if op == "DescribeServices" and p.steady:
            status, up_headers, out = p.forward(self.command, self.path, headers, body)
            return (status, up_headers, settle(out) if status == 200 else out, "-")
        if op not in PAGED:
            return p.forward(self.command, self.path, headers, body) + ("-",)
        field, default = PAGED[op]
        size = req.get("maxResults", default)
        if not isinstance(size, int) or not 1 <= size <= 100:
            return ecs_error("InvalidParameterException",
                             "maxResults must be between 1 and 100.") + ("InvalidParameterException",)
        token = req.get("nextToken")
        if isinstance(token, str) and token.startswith(TOKEN_PREFIX):
            # A later page: from the snapshot the first page took.
            try:
                _, key, offset = token.split(".")
                offset = int(offset)
            except ValueError:
                key, offset = "", 0
            items = p.snapshot(key)
            if items is None:
                return ecs_error("InvalidParameterException", "The nextToken is invalid or expired.") + \
                    ("InvalidParameterException",)
            self.items = len(items[offset:offset + size])
            return page_answer(field, items, offset, size, key)
        status, up_headers, out = p.forward(self.command, self.path, headers, body)
        if status != 200:
            return status, up_headers, out, "-"
        data = json.loads(out)
        items = data.get(field) or []
        if data.get("nextToken") or len(items) <= size:
            self.items = len(items)
            return status, up_headers, out, "-"  # moto paged itself, or it fits in one page
        self.items = size
        return page_answer(field, items, 0, size, p.keep(items))


def asked_items(op, body):
    """How many ARNs an ECS Describe* call asks for; "-" for other calls."""
    if not op.startswith("Describe"):
        return "-"
    try:
        req = json.loads(body or b"{}")
    except ValueError:
        return "-"
    asked = next((v for k, v in req.items() if k in DESCRIBED and isinstance(v, list)), None)
    return "-" if asked is None else len(asked)


def settle(out):
    """A DescribeServices answer as a quiet account gives it (--steady): deployments done, tasks running."""
    data = json.loads(out)
    for svc in data.get("services") or []:
        desired = svc.get("desiredCount", 0)
        svc["runningCount"], svc["pendingCount"] = desired, 0
        for d in svc.get("deployments") or []:
            if d.get("status") == "PRIMARY":
                d["rolloutState"] = "COMPLETED"
                d["rolloutStateReason"] = "ECS deployment %s completed." % d.get("id", "")
                d["runningCount"], d["pendingCount"], d["failedTasks"] = d.get("desiredCount", desired), 0, 0
    return json.dumps(data).encode()


def page_answer(field, items, offset, size, key):
    page = {field: items[offset:offset + size]}
    if offset + size < len(items):
        page["nextToken"] = f"{TOKEN_PREFIX}{key}.{offset + size}"
    return 200, [("Content-Type", "application/x-amz-json-1.1")], json.dumps(page).encode(), "-"


def classify(method, path, headers, body):
    """(service, operation) of a request: ECS by X-Amz-Target, ELBv2 by its form's Action."""
    target = headers.get("X-Amz-Target")
    if target:
        service = "ecs" if target.startswith(ECS_PREFIX) else "other"
        return service, target.rsplit(".", 1)[-1]
    ctype = headers.get("Content-Type", "")
    if "x-www-form-urlencoded" in ctype:
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        action = (form.get("Action") or [""])[0]
        if action:
            return ("elbv2" if (form.get("Version") or [""])[0] == ELB_VERSION else "other"), action
    return "other", f"{method}:{urllib.parse.urlsplit(path).path}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--upstream", required=True, help="moto's address, e.g. http://127.0.0.1:5000")
    ap.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    ap.add_argument("--latency-ms", type=float, default=60.0)
    ap.add_argument("--log", help="append one line per request here")
    ap.add_argument("--no-throttle", action="store_true", help="no token buckets")
    ap.add_argument("--compete", type=float, default=0.0,
                    help="a competing client spending N service-read tokens a second")
    ap.add_argument("--steady", action="store_true",
                    help="DescribeServices answers with every deployment COMPLETED and its tasks running")
    args = ap.parse_args()
    proxy = Proxy(args.upstream, args.latency_ms / 1000.0, args.log, not args.no_throttle, args.steady)
    Handler.proxy = proxy
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    stop = threading.Event()
    if args.compete > 0:
        threading.Thread(target=proxy.compete, args=(args.compete, stop), daemon=True).start()
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()


if __name__ == "__main__":
    sys.exit(main())
