//! The sandbox's shell: what ECS Exec opens there, where no container runs. wharf starts itself as the
//! "plugin" (`wharf --sandbox-shell`, the container described in `WHARF_SANDBOX_SHELL`), so the terminal is
//! handed over and taken back exactly as with AWS's plugin. A handful of commands answer from the
//! sandbox's task: enough to see what a shell in a container is for, said to be simulated.

use std::io::{BufRead, Write};

use crate::model::text::clean;
use crate::model::{Shape, SimulatedShell};

/// The variable the container's description comes in.
pub const SPEC_VARIABLE: &str = "WHARF_SANDBOX_SHELL";

/// Runs the shell on standard input and output; answers its exit code.
pub fn main() -> i32 {
    let spec = match std::env::var(SPEC_VARIABLE)
        .ok()
        .and_then(|json| serde_json::from_str::<SimulatedShell>(&json).ok())
    {
        Some(spec) => spec,
        None => {
            eprintln!(
                "wharf --sandbox-shell is started by wharf's sandbox (ECS Exec), not by hand"
            );
            return 2;
        }
    };
    let stdin = std::io::stdin();
    let mut out = std::io::stdout();
    run(&spec, &mut stdin.lock(), &mut out)
}

/// The shell over any input and output (tests give it text).
pub fn run(spec: &SimulatedShell, input: &mut dyn BufRead, out: &mut dyn Write) -> i32 {
    if !is_shell(&spec.command) {
        let (text, code) = answer(spec, &spec.command);
        let _ = write!(out, "{text}");
        return code.unwrap_or(0);
    }
    let _ = writeln!(
        out,
        "wharf sandbox: a simulated shell in container {} of task {} ({}, image {}).",
        safe(&spec.container),
        short(&spec.task_id),
        safe(&spec.task_definition),
        safe(&spec.image)
    );
    let _ = writeln!(
        out,
        "Nothing runs here. Try: hostname, env, ps, cat /etc/hostname, curl localhost:{}/health, exit.",
        spec.ports.first().copied().unwrap_or(8080)
    );
    let mut last = 0;
    loop {
        let _ = write!(out, "/ # ");
        let _ = out.flush();
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => {
                let _ = writeln!(out);
                return last;
            }
            Ok(_) => {}
        }
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line
            .strip_prefix("exit")
            .filter(|r| r.is_empty() || r.starts_with(' '))
        {
            return rest.trim().parse().unwrap_or(last);
        }
        let (text, code) = answer(spec, line);
        let _ = write!(out, "{text}");
        last = code.unwrap_or(0);
    }
}

/// A shell's path or name, or the line that opens a configured shell with /bin/sh as its fallback
/// (`Exec::sent_command`): the session is interactive.
fn is_shell(command: &str) -> bool {
    let command = command.trim();
    command.is_empty()
        || command.starts_with("/bin/sh -c '[ -x ")
        || crate::model::is_shell(command)
}

/// One command's output (each line ending in a line break) and its exit code (`None`: 0).
fn answer(spec: &SimulatedShell, line: &str) -> (String, Option<i32>) {
    let mut words = line.split_whitespace();
    let name = words.next().unwrap_or_default();
    let args: Vec<&str> = words.collect();
    match name {
        "hostname" => (format!("{}\n", safe(&spec.task_id)), None),
        "env" | "printenv" => (env(spec), None),
        "ps" => (ps(spec), None),
        "cat" => cat(spec, &args),
        "curl" | "wget" => curl(spec, &args),
        "echo" => (format!("{}\n", safe(&args.join(" "))), None),
        "help" => (
            "hostname, env, ps, cat FILE, curl localhost:PORT/health, echo, exit\n".to_string(),
            None,
        ),
        other => (format!("sh: {}: not found\n", safe(other)), Some(127)),
    }
}

fn env(spec: &SimulatedShell) -> String {
    let mut lines: Vec<String> = spec
        .env
        .iter()
        .map(|(k, v)| {
            // A value that looks like a credential is masked, as everywhere in wharf.
            let (masked, _) = crate::model::secrets::mask_secrets(v);
            format!("{}={}", safe(k), safe(&masked))
        })
        .chain(
            spec.secrets
                .iter()
                .map(|k| format!("{}=(a secret: its value is hidden)", safe(k))),
        )
        .chain([
            format!("HOSTNAME={}", safe(&spec.task_id)),
            format!(
                "ECS_CONTAINER_METADATA_URI_V4=http://169.254.170.2/v4/{}-{}",
                short(&spec.task_id),
                safe(&spec.container)
            ),
        ])
        .collect();
    lines.sort();
    lines.iter().map(|l| format!("{l}\n")).collect()
}

fn ps(spec: &SimulatedShell) -> String {
    format!(
        "PID   USER     COMMAND\n    1 root     {} (the container's process, from {})\n   14 root     /bin/sh\n   15 root     ps\n",
        safe(&spec.container),
        safe(&spec.image)
    )
}

fn cat(spec: &SimulatedShell, args: &[&str]) -> (String, Option<i32>) {
    let Some(path) = args.first() else {
        return ("cat: give a file: cat /etc/hostname\n".into(), Some(1));
    };
    match *path {
        "/etc/hostname" => (format!("{}\n", safe(&spec.task_id)), None),
        "/etc/os-release" => (
            "NAME=\"wharf sandbox\"\nPRETTY_NAME=\"a simulated container (nothing runs here)\"\n"
                .into(),
            None,
        ),
        "/etc/resolv.conf" => ("nameserver 169.254.169.253\n".into(), None),
        other => (
            format!("cat: {}: No such file or directory\n", safe(other)),
            Some(1),
        ),
    }
}

fn curl(spec: &SimulatedShell, args: &[&str]) -> (String, Option<i32>) {
    let Some(url) = args.iter().find(|a| !a.starts_with('-')) else {
        return (
            "curl: give an address: curl localhost:8080/health\n".into(),
            Some(2),
        );
    };
    let rest = url
        .trim_start_matches("http://")
        .trim_start_matches("localhost")
        .trim_start_matches("127.0.0.1");
    let port: u16 = rest
        .strip_prefix(':')
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or(80);
    if !spec.ports.contains(&port) {
        return (
            format!("curl: (7) Failed to connect to localhost port {port}: Connection refused\n"),
            Some(7),
        );
    }
    (format!("{}\n", safe(&spec.health)), None)
}

/// Text from the sandbox's world (which a hostile scenario fills with escapes): never raw to the terminal.
fn safe(text: &str) -> String {
    clean(text, Shape::Prose).into_owned()
}

fn short(task_id: &str) -> String {
    safe(&task_id[..task_id.len().min(8)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(command: &str, image: &str) -> SimulatedShell {
        SimulatedShell {
            task_id: "0123456789abcdef0123456789abcdef".into(),
            container: "web".into(),
            image: image.into(),
            task_definition: "web:3".into(),
            env: vec![
                ("LOG_LEVEL".into(), "info".into()),
                ("HOSTILE".into(), "a\u{1b}]2;owned\u{7}b".into()),
            ],
            secrets: vec!["DB_PASSWORD".into()],
            ports: vec![8080],
            health: "HTTP/1.1 200 OK\n{\"status\":\"ok\"}".into(),
            command: command.into(),
        }
    }

    fn session(spec: &SimulatedShell, typed: &str) -> (String, i32) {
        let mut out = Vec::new();
        let code = run(spec, &mut typed.as_bytes(), &mut out);
        (String::from_utf8(out).unwrap(), code)
    }

    #[test]
    fn the_shell_says_it_is_simulated_and_answers_from_the_task() {
        let (out, code) = session(
            &spec("/bin/sh", "web:1.8.2"),
            "hostname\ncurl localhost:8080/health\nexit\n",
        );
        assert!(out.contains("a simulated shell in container web"), "{out}");
        assert!(out.contains("0123456789abcdef0123456789abcdef\n"), "{out}");
        assert!(out.contains("HTTP/1.1 200 OK"), "{out}");
        assert_eq!(code, 0);
    }

    #[test]
    fn secrets_are_named_never_shown_and_hostile_text_is_cleaned() {
        let (out, _) = session(&spec("/bin/sh", "web:1"), "env\n");
        assert!(
            out.contains("DB_PASSWORD=(a secret: its value is hidden)"),
            "{out}"
        );
        assert!(out.contains("LOG_LEVEL=info"), "{out}");
        assert!(!out.contains('\u{1b}'), "{out:?}");
        assert!(!out.contains('\u{7}'), "{out:?}");
    }

    #[test]
    fn one_command_runs_and_leaves_with_its_exit_code() {
        let (out, code) = session(&spec("cat /etc/nothing", "web:1"), "");
        assert_eq!(out, "cat: /etc/nothing: No such file or directory\n");
        assert_eq!(code, 1);
        let (out, code) = session(&spec("curl localhost:9999/health", "web:1"), "");
        assert!(out.contains("Connection refused"), "{out}");
        assert_eq!(code, 7);
    }

    #[test]
    fn exit_takes_a_code_and_the_end_of_input_leaves_too() {
        assert_eq!(session(&spec("", "web:1"), "exit 3\n").1, 3);
        assert_eq!(session(&spec("/bin/bash", "web:1"), "nosuch\n").1, 127);
        let fallback = "/bin/sh -c '[ -x /bin/bash ] && exec /bin/bash || exec /bin/sh'";
        let (out, code) = session(&spec(fallback, "web:1"), "hostname\nexit 2\n");
        assert!(out.contains("a simulated shell"), "{out}");
        assert_eq!(code, 2);
    }
}
