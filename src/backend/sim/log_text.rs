//! What a sandbox container writes: start-up lines, requests, health checks, shutdown, and the lines that
//! explain a crash or an out-of-memory kill, worded as a JVM, Node.js or nginx would word them.

/// The kind of program an image runs, guessed from its repository name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavour {
    Java,
    Node,
    Proxy,
}

impl Flavour {
    pub fn of(image: &str) -> Flavour {
        let repo = image.rsplit_once(':').map_or(image, |(r, _)| r);
        let name = repo.rsplit('/').next().unwrap_or(repo).to_lowercase();
        let has = |words: &[&str]| words.iter().any(|w| name.contains(w));
        if has(&["nginx", "envoy", "proxy", "haproxy"]) {
            Flavour::Proxy
        } else if has(&["node", "web", "front", "ui", "js", "next"]) {
            Flavour::Node
        } else {
            Flavour::Java
        }
    }
}

/// The image's tag, or `latest`.
fn tag(image: &str) -> &str {
    match image.rsplit_once(':') {
        Some((_, t)) if !t.contains('/') => t,
        _ => "latest",
    }
}

pub(crate) fn startup(flavour: Flavour, image: &str, port: u16) -> Vec<String> {
    let tag = tag(image);
    match flavour {
        Flavour::Java => vec![
            format!("INFO  [main] c.e.app.Application - Starting Application v{tag} using Java 21.0.2 with PID 1"),
            "INFO  [main] c.e.app.Application - The following 1 profile is active: \"prod\"".into(),
            format!("INFO  [main] o.s.b.w.e.tomcat.TomcatWebServer - Tomcat initialized with port {port} (http)"),
            "INFO  [main] c.z.hikari.HikariDataSource - HikariPool-1 - Start completed.".into(),
            format!("INFO  [main] o.s.b.w.e.tomcat.TomcatWebServer - Tomcat started on port {port} (http) with context path '/'"),
            "INFO  [main] c.e.app.Application - Started Application in 6.812 seconds (process running for 7.43)".into(),
        ],
        Flavour::Node => vec![
            format!("> app@{tag} start"),
            "> node server.js".into(),
            "info: connected to redis at cache.internal:6379".into(),
            format!("info: listening on http://0.0.0.0:{port}"),
        ],
        Flavour::Proxy => vec![
            "/docker-entrypoint.sh: Configuration complete; ready for start up".into(),
            "[notice] 1#1: using the \"epoll\" event method".into(),
            "[notice] 1#1: nginx/1.25.4".into(),
            "[notice] 1#1: start worker processes".into(),
        ],
    }
}

const PATHS: [&str; 6] = [
    "/api/orders",
    "/api/orders/{id}",
    "/api/cart",
    "/api/products?page={id}",
    "/api/users/{id}",
    "/static/app.js",
];

/// One request the container served; `roll` is a random number fixed for this line.
pub(crate) fn request(flavour: Flavour, roll: u64) -> String {
    let path =
        PATHS[(roll % PATHS.len() as u64) as usize].replace("{id}", &(roll % 9973).to_string());
    let client = format!("10.0.{}.{}", (roll >> 8) % 3, (roll >> 16) % 250 + 2);
    let (method, status) = match (roll >> 24) % 40 {
        0 => ("GET", 404),
        1 => ("POST", 500),
        2..=9 => ("POST", 201),
        _ => ("GET", 200),
    };
    let ms = (roll >> 32) % 180 + 2;
    let bytes = (roll >> 40) % 4000 + 20;
    match flavour {
        Flavour::Java if status == 500 => format!(
            "ERROR [http-nio-8080-exec-{}] c.e.app.web.ErrorHandler - {method} {path} failed: java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after 30000ms",
            roll % 10 + 1
        ),
        Flavour::Java => format!(
            "INFO  [http-nio-8080-exec-{}] c.e.app.web.AccessLog - {client} \"{method} {path} HTTP/1.1\" {status} {bytes} {ms}ms",
            roll % 10 + 1
        ),
        Flavour::Node => format!("info: {method} {path} {status} {ms} ms - {bytes}"),
        Flavour::Proxy => format!(
            "{client} - - \"{method} {path} HTTP/1.1\" {status} {bytes} \"-\" \"Mozilla/5.0\" rt={}.{:03}",
            ms / 1000,
            ms % 1000
        ),
    }
}

/// The `nth` load balancer health check the container answered. A broken image fails them: a 503, then a
/// time-out, in turn.
pub(crate) fn health_check(
    flavour: Flavour,
    path: &str,
    broken: bool,
    nth: u64,
    roll: u64,
) -> String {
    let client = format!("10.0.{}.{}", roll % 3, (roll >> 8) % 250 + 2);
    let (status, ms) = match (broken, nth % 2) {
        (false, _) => (200, (roll >> 16) % 4 + 1),
        (true, 1) => (504, 5000 + (roll >> 16) % 20),
        (true, _) => (503, (roll >> 16) % 40 + 5),
    };
    let line = match flavour {
        Flavour::Proxy => format!(
            "{client} - - \"GET {path} HTTP/1.1\" {status} 57 \"-\" \"ELB-HealthChecker/2.0\" rt={}.{:03}",
            ms / 1000,
            ms % 1000
        ),
        _ => format!("{client} - - \"GET {path} HTTP/1.1\" {status} 57 \"-\" \"ELB-HealthChecker/2.0\" {ms}ms"),
    };
    match (broken, status) {
        (false, _) => line,
        (true, 504) => {
            format!("{line} upstream timed out: dependency 'db' did not answer within 5000 ms")
        }
        (true, _) => format!("{line} health check failed: dependency 'db' is DOWN"),
    }
}

/// What a broken image says now and then even without a load balancer.
pub(crate) fn broken_warning(flavour: Flavour) -> String {
    match flavour {
        Flavour::Java => "WARN  [health-1] c.e.app.health.DbHealthIndicator - Health check failed: dependency 'db' is DOWN (connect timed out after 5000 ms)".into(),
        Flavour::Node => "warn: health check failed: dependency 'db' is DOWN (ETIMEDOUT after 5000 ms)".into(),
        Flavour::Proxy => "[error] 29#29: *41 upstream timed out (110: Connection timed out) while connecting to upstream, upstream: \"http://127.0.0.1:8081/health\"".into(),
    }
}

/// The last lines before the container exits with code 1: an unhandled error and its stack trace.
pub(crate) fn crash(flavour: Flavour) -> Vec<String> {
    let lines: &[&str] = match flavour {
        Flavour::Java => &[
            "ERROR [main] c.e.app.Application - Application run failed",
            "Exception in thread \"main\" java.lang.IllegalStateException: Order 4711 has no customer",
            "\tat com.example.app.orders.OrderService.settle(OrderService.java:142)",
            "\tat com.example.app.orders.SettlementJob.run(SettlementJob.java:57)",
            "\tat com.example.app.Application.main(Application.java:31)",
        ],
        Flavour::Node => &[
            "/app/src/orders.js:57",
            "    const total = order.items.reduce((sum, item) => sum + item.price, 0);",
            "                        ^",
            "TypeError: Cannot read properties of undefined (reading 'items')",
            "    at computeTotal (/app/src/orders.js:57:25)",
            "    at /app/src/routes.js:23:18",
            "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
            "Node.js v20.11.1",
        ],
        Flavour::Proxy => &[
            "[emerg] 1#1: host not found in upstream \"app:8080\" in /etc/nginx/conf.d/default.conf:12",
            "nginx: [emerg] host not found in upstream \"app:8080\" in /etc/nginx/conf.d/default.conf:12",
        ],
    };
    lines.iter().map(|l| l.to_string()).collect()
}

/// The last lines before the container is killed for memory (exit code 137): an allocation failure.
pub(crate) fn out_of_memory(flavour: Flavour) -> Vec<String> {
    let lines: &[&str] = match flavour {
        Flavour::Java => &[
            "WARN  [http-nio-8080-exec-7] c.e.app.reports.ReportBuilder - Building report 2024-Q4 with 1843221 rows in memory",
            "Exception in thread \"http-nio-8080-exec-7\" java.lang.OutOfMemoryError: Java heap space",
            "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3541)",
            "\tat java.base/java.util.ArrayList.grow(ArrayList.java:237)",
            "\tat com.example.app.reports.ReportBuilder.collect(ReportBuilder.java:88)",
        ],
        Flavour::Node => &[
            "<--- Last few GCs --->",
            "[1:0x6b2e3c0]    52831 ms: Mark-Compact 2021.3 (2083.5) -> 2019.8 (2084.2) MB, 1620.21 / 0.00 ms  (average mu = 0.112, current mu = 0.031) allocation failure; scavenge might not succeed",
            "<--- JS stacktrace --->",
            "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
        ],
        Flavour::Proxy => &[
            "[crit] 29#29: *8812 malloc(1048576) failed (12: Cannot allocate memory) while reading upstream",
            "[alert] 1#1: worker process 29 exited on signal 9",
        ],
    };
    lines.iter().map(|l| l.to_string()).collect()
}

/// A graceful stop: what the container says between SIGTERM and its exit.
pub(crate) fn shutdown(flavour: Flavour) -> Vec<String> {
    let lines: &[&str] = match flavour {
        Flavour::Java => &[
            "INFO  [SpringApplicationShutdownHook] o.s.b.w.e.tomcat.GracefulShutdown - Commencing graceful shutdown. Waiting for active requests to complete",
            "INFO  [tomcat-shutdown] o.s.b.w.e.tomcat.GracefulShutdown - Graceful shutdown complete",
            "INFO  [SpringApplicationShutdownHook] c.z.hikari.HikariDataSource - HikariPool-1 - Shutdown completed.",
        ],
        Flavour::Node => &[
            "info: SIGTERM received, closing the server",
            "info: server closed, exiting",
        ],
        Flavour::Proxy => &[
            "[notice] 1#1: signal 15 (SIGTERM) received from 1, exiting",
            "[notice] 1#1: exit",
        ],
    };
    lines.iter().map(|l| l.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_image_name_picks_the_runtime() {
        assert_eq!(Flavour::of("repo/web:1.0"), Flavour::Node);
        assert_eq!(Flavour::of("nginx:1.25"), Flavour::Proxy);
        assert_eq!(Flavour::of("registry:5000/orders:crash"), Flavour::Java);
    }

    #[test]
    fn a_broken_health_check_fails() {
        for nth in 0..6 {
            let line = health_check(Flavour::Node, "/health", true, nth, nth * 7);
            let want = if nth % 2 == 0 { " 503 " } else { " 504 " };
            assert!(line.contains(want), "{line}");
            assert!(health_check(Flavour::Node, "/health", false, nth, 3).contains(" 200 "));
        }
    }
}
