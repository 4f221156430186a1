//! wharf in a pseudo-terminal: real keystrokes in, the screen read back through a terminal emulator.

#![allow(dead_code)] // each test binary uses what it needs

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};

/// Generous: only a guard against hanging forever, never an assertion about speed.
const PATIENCE: Duration = Duration::from_secs(60);

/// A home of its own for one run of the program, removed when dropped: `HOME` and the XDG folders point
/// into it and `WHARF_CONFIG` is unset, so no test reads the developer's settings or keymaps, or writes to
/// their audit log (`~/.local/state/wharf/audit.jsonl`), whatever flags it passes.
pub struct Home {
    path: PathBuf,
}

impl Home {
    pub fn new() -> Home {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let path = std::env::temp_dir().join(format!("wharf-test-home-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("a home for the test");
        Home { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The variables that put a program in this home.
    pub fn vars(&self) -> Vec<(&'static str, PathBuf)> {
        let p = &self.path;
        vec![
            ("HOME", p.clone()),
            ("XDG_CONFIG_HOME", p.join(".config")),
            ("XDG_STATE_HOME", p.join(".local/state")),
            ("XDG_DATA_HOME", p.join(".local/share")),
            ("XDG_CACHE_HOME", p.join(".cache")),
        ]
    }

    /// Where wharf writes its audit log when no `--audit-log` says where (`runtime::audit::default_path`).
    pub fn default_audit_log(&self) -> PathBuf {
        self.path.join(".local/state/wharf/audit.jsonl")
    }

    /// Put `cmd` in this home.
    pub fn isolate(&self, cmd: &mut std::process::Command) {
        cmd.env_remove("WHARF_CONFIG");
        cmd.envs(self.vars());
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

pub struct Session {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    screen: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    /// Reads until the program's side of the terminal closes, or until `stop`.
    reader: thread::JoinHandle<()>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    /// The program's own home (`Home`); `env` may still point a variable elsewhere.
    home: Home,
}

impl Session {
    /// Start wharf with these arguments and environment, in a home of its own (`Home`).
    pub fn start(args: &[&str], env: &[(&str, &str)]) -> Session {
        Session::start_program(env!("CARGO_BIN_EXE_wharf"), args, env)
    }

    /// Start wharf against an emulated AWS `endpoint` in us-east-1, with test credentials and no instance
    /// metadata lookups, and `env` besides.
    pub fn start_on(endpoint: &str, env: &[(&str, &str)]) -> Session {
        let mut all = vec![
            ("AWS_ACCESS_KEY_ID", "testing"),
            ("AWS_SECRET_ACCESS_KEY", "testing"),
            ("AWS_EC2_METADATA_DISABLED", "true"),
        ];
        all.extend_from_slice(env);
        Session::start(&["--endpoint-url", endpoint, "--region", "us-east-1"], &all)
    }

    pub fn start_program(
        program: impl AsRef<std::ffi::OsStr>,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Session {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: 30,
                cols: 110,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("openpty");
        let mut cmd = CommandBuilder::new(program);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        let home = Home::new();
        cmd.env_remove("WHARF_CONFIG");
        for (k, v) in home.vars() {
            cmd.env(k, v);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn wharf");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(30, 110, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (screen.clone(), raw.clone());
        // Reads that never block, so that the reader can be stopped (`hang_up`) and its copy of the
        // terminal closed: the flag is the open file's, shared with the master's own descriptor.
        let fd = pair.master.as_raw_fd().expect("a unix pty");
        // SAFETY: the descriptor is the master's, open for as long as `pair.master` is (this function).
        let borrowed = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
        rustix::io::ioctl_fionbio(borrowed, true).expect("non-blocking reads");
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stopped = stop.clone();
        let reader = thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => {
                        s.lock().unwrap().process(&buf[..n]);
                        r.lock().unwrap().extend_from_slice(&buf[..n]);
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                        if stopped.load(std::sync::atomic::Ordering::SeqCst) {
                            break;
                        }
                        thread::sleep(Duration::from_millis(5));
                    }
                    Err(_) => break,
                }
            }
        });
        Session {
            master: pair.master,
            writer,
            child,
            screen,
            raw,
            reader,
            stop,
            home,
        }
    }

    /// The program's home: nothing outside it is the program's to write, unless a flag says so.
    pub fn home(&self) -> &Home {
        &self.home
    }

    /// Everything the program wrote, escape sequences included.
    pub fn raw_text(&self) -> String {
        String::from_utf8_lossy(&self.raw.lock().unwrap()).into_owned()
    }

    pub fn text(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    /// The terminal's window title and icon name, as the program's output set them (OSC 0, 1 and 2).
    pub fn title(&self) -> (String, String) {
        let parser = self.screen.lock().unwrap();
        let screen = parser.screen();
        (screen.title().to_string(), screen.icon_name().to_string())
    }

    pub fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let text = self.text();
            if text.contains(needle) {
                return text;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "never saw {needle:?}; the screen was:\n{text}"
            );
            thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn wait_until_gone(&self, needle: &str) {
        let start = Instant::now();
        while self.text().contains(needle) {
            assert!(
                start.elapsed() < PATIENCE,
                "{needle:?} never went away; the screen was:\n{}",
                self.text()
            );
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Close the terminal under the program, as a closed window or a dropped SSH connection does (every
    /// descriptor of its master side), then wait for the program to end. Panics if it never does.
    pub fn hang_up(self) -> portable_pty::ExitStatus {
        let Session {
            master,
            writer,
            mut child,
            reader,
            stop,
            ..
        } = self;
        stop.store(true, std::sync::atomic::Ordering::SeqCst);
        reader.join().expect("the reader thread");
        drop(writer);
        drop(master);
        let start = Instant::now();
        loop {
            if let Some(status) = child.try_wait().unwrap() {
                return status;
            }
            if start.elapsed() > PATIENCE {
                let _ = child.kill();
                panic!("the program kept running after its terminal hung up");
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Resize the terminal, as a user dragging its window does (the program gets SIGWINCH).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        self.screen.lock().unwrap().set_size(rows, cols);
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("resize the terminal");
    }

    /// The screen's text, line by line, without trailing spaces.
    pub fn lines(&self) -> Vec<String> {
        self.text()
            .lines()
            .map(|l| l.trim_end().to_string())
            .collect()
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Wait for the program to exit and for everything it wrote to be read.
    pub fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "the program did not exit; the screen was:\n{}",
                self.text()
            );
            thread::sleep(Duration::from_millis(50));
        };
        // The last bytes may still be in the terminal's buffer when the process is gone.
        while !self.reader.is_finished() {
            assert!(
                start.elapsed() < PATIENCE,
                "the program's output never ended"
            );
            thread::sleep(Duration::from_millis(10));
        }
        status
    }

    /// After exit: the alternate screen was left and the cursor shown again, after the last thing drawn.
    pub fn assert_terminal_restored(&self) {
        let raw = self.raw.lock().unwrap();
        let text = String::from_utf8_lossy(&raw);
        let entered = text
            .find("\x1b[?1049h")
            .expect("wharf used the alternate screen");
        let left = text
            .rfind("\x1b[?1049l")
            .expect("wharf left the alternate screen");
        assert!(left > entered);
        let (hidden, shown) = (text.rfind("\x1b[?25l"), text.rfind("\x1b[?25h"));
        assert!(
            hidden.is_none() || shown > hidden,
            "the cursor was hidden and never shown again"
        );
        assert!(
            !self.screen.lock().unwrap().screen().alternate_screen(),
            "still on the alternate screen"
        );
        let _ = &self.master;
    }

    /// The terminal's mode now: whether it echoes and reads whole lines (a shell's, as wharf found it),
    /// as opposed to raw or no-echo. Linux answers the terminal's mode through the master side.
    pub fn is_cooked(&self) -> bool {
        use rustix::termios::LocalModes;
        let fd = self.master.as_raw_fd().expect("a unix pty");
        // SAFETY: the descriptor is the master's, open as long as `self.master` is.
        let borrowed = unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) };
        let mode = rustix::termios::tcgetattr(borrowed).expect("the terminal's mode");
        mode.local_modes.contains(LocalModes::ECHO) && mode.local_modes.contains(LocalModes::ICANON)
    }

    /// The program's process id.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("a running child")
    }
}
