//! Theme files, the settings file, and `--print-config`: what each mistake says, which value wins, and that
//! every shipped theme is whole.

mod ui_fixtures;

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::Parser;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Style};
use ratatui::Terminal;

use wharf::app::RefreshPolicy;
use wharf::cli::Cli;
use wharf::config::{Effective, Env, Flags, Source};
use wharf::ui::theme::{SHIPPED, SLOTS};
use wharf::ui::Theme;

/// A fresh folder under the system's temp dir, unique to this test and process.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("wharf-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// The flags the settings take, parsed as `wharf` would.
fn cli(args: &[&str]) -> Flags {
    Cli::try_parse_from(std::iter::once("wharf").chain(args.iter().copied()))
        .unwrap()
        .flags()
}

/// No environment, no default settings file.
fn no_env() -> Env {
    Env::default()
}

fn load_error(args: &[&str], env: &Env) -> String {
    Effective::load(&cli(args), env).unwrap_err().to_string()
}

#[test]
fn every_shipped_theme_parses_and_sets_every_slot() {
    for (name, text) in SHIPPED {
        let theme = Theme::from_toml(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        for slot in SLOTS {
            assert_ne!(
                theme.slot(slot),
                Some(Style::new()),
                "{name}: slot {slot} unset"
            );
        }
        assert_eq!(Theme::shipped(name), Some(theme), "{name}");
        assert_eq!(
            theme.accent.bg, None,
            "{name}: a shipped badge must not paint the header row"
        );
    }
}

#[test]
fn basic16_uses_only_the_sixteen_named_colours() {
    let theme = Theme::shipped("basic16").unwrap();
    for slot in SLOTS {
        let style = theme.slot(slot).unwrap();
        for color in [style.fg, style.bg].into_iter().flatten() {
            assert!(
                !matches!(color, Color::Rgb(..) | Color::Indexed(_) | Color::Reset),
                "basic16 slot {slot} uses {color:?}"
            );
        }
    }
}

#[test]
fn high_contrast_is_black_and_white_underneath() {
    let theme = Theme::shipped("high-contrast").unwrap();
    assert_eq!(theme.text.fg, Some(Color::Rgb(255, 255, 255)));
    assert_eq!(theme.text.bg, Some(Color::Rgb(0, 0, 0)));
}

#[test]
fn no_color_wins_over_flags_files_and_profile_accents() {
    let dir = temp_dir("no-color");
    let config = write(
        &dir,
        "config.toml",
        "theme = \"light\"\n[profiles.prod]\naccent = \"red\"\n",
    );
    let env = no_env().with("NO_COLOR", "1").with("AWS_PROFILE", "prod");
    let args = [
        "--config",
        config.to_str().unwrap(),
        "--theme",
        "high-contrast",
    ];
    let settings = Effective::load(&cli(&args), &env).unwrap();
    assert_eq!(settings.theme(), Theme::monochrome());
    assert_eq!(settings.theme_for_profile("prod"), Theme::monochrome());
    assert_eq!(settings.no_color.source, Source::Env("NO_COLOR"));
    // An empty NO_COLOR is no NO_COLOR.
    let env = no_env().with("NO_COLOR", "").with("AWS_PROFILE", "prod");
    let settings = Effective::load(&cli(&args), &env).unwrap();
    assert_eq!(
        settings.theme(),
        Theme::shipped("high-contrast")
            .unwrap()
            .with_accent(Color::Red)
    );
}

/// Each file under tests/themes/invalid has one mistake; its message names the file, the line and the fix.
#[test]
fn each_invalid_theme_file_says_where_and_what() {
    let cases = [
        (
            "bad_colour.toml",
            7,
            "slot `warn`: fg = \"orangeish\" is not a colour; use a name like \"cyan\", an index like \"214\" or \"#rrggbb\"",
        ),
        ("unknown_slot.toml", 3, "unknown slot `runing`; did you mean `running`?"),
        (
            "bad_modifier.toml",
            4,
            "slot `focus`: modifier \"blinky\" is unknown; use bold, dim, italic, underlined, reversed or crossed_out",
        ),
        ("not_toml.toml", 3, "not a valid TOML theme"),
    ];
    for (file, line, says) in cases {
        let path = format!("tests/themes/invalid/{file}");
        let msg = Theme::load(&path, false).unwrap_err().to_string();
        assert!(msg.starts_with(&format!("{path}:{line}: ")), "{msg}");
        assert!(msg.contains(says), "{msg}");
        // NO_COLOR does not hide a broken file.
        assert!(Theme::load(&path, true).is_err(), "{file}");
    }
}

#[test]
fn an_unknown_theme_name_lists_the_shipped_ones() {
    let msg = load_error(&["--theme", "hi-contrast"], &no_env());
    assert!(msg.starts_with("command line --theme: "), "{msg}");
    assert!(msg.contains("did you mean `high-contrast`?"), "{msg}");
    assert!(
        msg.contains("default, light, high-contrast, basic16"),
        "{msg}"
    );
}

/// Each file under tests/config/invalid has one mistake.
#[test]
fn each_invalid_config_file_says_where_and_what() {
    let cases = [
        ("unknown_key.toml", 4, "unknown key `refersh` in the top level; did you mean `refresh`?"),
        (
            "negative_refresh.toml",
            4,
            "`refresh.detail` = -5 is not allowed; refresh intervals are seconds, a number greater than 0",
        ),
        (
            "bad_accent.toml",
            6,
            "`profiles.prod.accent` = \"fire-engine\" is not a colour; use a name like \"red\"",
        ),
        (
            "unknown_theme.toml",
            3,
            "`theme`: no shipped theme is called `hi-contrast` and there is no such file; did you mean `high-contrast`?",
        ),
        ("not_toml.toml", 2, "not valid TOML"),
        ("bad_type.toml", 2, "`mouse` = \"yes\" is not allowed; write mouse = true or mouse = false"),
    ];
    for (file, line, says) in cases {
        let path = format!("tests/config/invalid/{file}");
        let msg = load_error(&["--config", &path], &no_env());
        assert!(msg.starts_with(&format!("{path}:{line}: ")), "{msg}");
        assert!(msg.contains(says), "{msg}");
    }
}

#[test]
fn a_missing_config_file_is_an_error_only_when_named() {
    let dir = temp_dir("missing");
    let missing = dir.join("nope.toml");
    let msg = load_error(&["--config", missing.to_str().unwrap()], &no_env());
    assert!(
        msg.contains("nope.toml (from command line --config) does not exist"),
        "{msg}"
    );
    let env = no_env().with("WHARF_CONFIG", missing.to_str().unwrap());
    let msg = load_error(&[], &env);
    assert!(
        msg.contains("(from environment variable WHARF_CONFIG) does not exist"),
        "{msg}"
    );
    // The default location may be empty: built-in defaults apply.
    let env = no_env().with_default_config(missing);
    let settings = Effective::load(&cli(&[]), &env).unwrap();
    assert_eq!(settings.config_file.value, None);
    assert_eq!(settings.refresh(), RefreshPolicy::default());
    assert!(settings.mouse() && !settings.read_only());
    assert_eq!(settings.theme(), Theme::default());
}

const LAYERED: &str = r#"profile = "staging"
region = "eu-west-1"
theme = "light"
keymap = "k9s"
read_only = false
mouse = false

[refresh]
lists = 30
detail = 2.5

[profiles.prod]
theme = "high-contrast"
accent = "red"
read_only = true

[profiles.dev]
theme = "mine.toml"
"#;

#[test]
fn flags_beat_env_beat_profile_sections_beat_the_file_beat_defaults() {
    let dir = temp_dir("layers");
    let config = write(&dir, "config.toml", LAYERED);
    write(&dir, "mine.toml", "text = { fg = \"cyan\" }\n");
    let file = |line| Source::File {
        path: config.clone(),
        line,
    };
    let prod = |line| Source::Profile {
        profile: "prod".into(),
        path: config.clone(),
        line,
    };
    let path = config.to_str().unwrap();

    // The file alone.
    let s = Effective::load(&cli(&["--config", path]), &no_env()).unwrap();
    assert_eq!(
        (s.profile.value.as_str(), &s.profile.source),
        ("staging", &file(1))
    );
    assert_eq!(
        (s.theme.value.as_str(), &s.theme.source),
        ("light", &file(3))
    );
    assert_eq!(s.keymap(), Some("k9s".to_string()));
    assert_eq!(s.refresh_lists.source, file(9));
    assert_eq!(s.refresh_deploying.source, Source::Default);
    assert_eq!(
        s.refresh(),
        RefreshPolicy {
            list_ms: 30_000,
            detail_ms: 2_500,
            deploying_ms: 2_000,
            ..RefreshPolicy::default()
        }
    );
    assert!(!s.mouse());
    assert_eq!(s.profile_names(), ["dev", "prod"]);

    // The environment picks the profile, whose section beats the top level.
    let env = no_env()
        .with("AWS_PROFILE", "prod")
        .with("AWS_DEFAULT_REGION", "us-east-1");
    let s = Effective::load(&cli(&["--config", path]), &env).unwrap();
    assert_eq!(s.profile.source, Source::Env("AWS_PROFILE"));
    assert_eq!(s.region.value.as_deref(), Some("us-east-1"));
    assert_eq!(s.region.source, Source::Env("AWS_DEFAULT_REGION"));
    assert_eq!(
        (s.theme.value.as_str(), &s.theme.source),
        ("high-contrast", &prod(13))
    );
    assert_eq!(
        (s.accent.value, &s.accent.source),
        (Some(Color::Red), &prod(14))
    );
    assert_eq!((s.read_only(), &s.read_only.source), (true, &prod(15)));
    assert_eq!(
        s.theme(),
        Theme::shipped("high-contrast")
            .unwrap()
            .with_accent(Color::Red)
    );
    // Another engineer switches profile at runtime: these never fail.
    assert_eq!(
        s.theme_for_profile("staging"),
        Theme::shipped("light").unwrap()
    );
    assert_eq!(
        s.theme_for_profile("dev").text.fg,
        Some(Color::Cyan),
        "relative to the file"
    );
    assert!(!s.read_only_for_profile("staging"));

    // AWS_REGION beats AWS_DEFAULT_REGION; flags beat everything.
    let env = env.with("AWS_REGION", "ap-south-1");
    let args = [
        "--config",
        path,
        "--profile",
        "staging",
        "--region",
        "us-west-2",
        "--theme",
        "basic16",
        "--keymap",
        "vim",
        "--read-only",
    ];
    let s = Effective::load(&cli(&args), &env).unwrap();
    assert_eq!(s.profile.source, Source::Flag("--profile"));
    assert_eq!(s.region.value.as_deref(), Some("us-west-2"));
    assert_eq!(
        (s.theme.value.as_str(), &s.theme.source),
        ("basic16", &Source::Flag("--theme"))
    );
    assert_eq!(s.keymap.source, Source::Flag("--keymap"));
    assert_eq!(
        (s.read_only(), &s.read_only.source),
        (true, &Source::Flag("--read-only"))
    );
    assert_eq!(
        s.theme_for_profile("prod"),
        Theme::shipped("basic16").unwrap().with_accent(Color::Red)
    );
    let s = Effective::load(&cli(&["--config", path]), &env).unwrap();
    assert_eq!(s.region.source, Source::Env("AWS_REGION"));
}

#[test]
fn a_profile_accent_paints_the_whole_first_header_row() {
    let state = ui_fixtures::loaded();
    let row = |theme: Theme| {
        let mut terminal = Terminal::new(TestBackend::new(100, 24)).unwrap();
        terminal
            .draw(|f| wharf::ui::draw(f, &state, &theme))
            .unwrap();
        let buffer = terminal.backend().buffer().clone();
        (0..100).map(|x| buffer[(x, 0)].bg).collect::<Vec<_>>()
    };
    assert!(row(Theme::default().with_accent(Color::Red))
        .iter()
        .all(|&bg| bg == Color::Red));
    assert!(row(Theme::default()).iter().all(|&bg| bg != Color::Red));
}

fn wharf_in(home: &Path, args: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wharf"));
    cmd.args(args)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join(".config"));
    for var in [
        "AWS_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_CONFIG_FILE",
        "AWS_SHARED_CREDENTIALS_FILE",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_ENDPOINT_URL",
        "NO_COLOR",
        "WHARF_CONFIG",
    ] {
        cmd.env_remove(var);
    }
    cmd.output().unwrap()
}

#[test]
fn print_config_shows_each_value_with_its_source_and_exits_0() {
    let home = temp_dir("print-config");
    let config = write(&home, ".config/wharf/config.toml", LAYERED);
    write(
        &home,
        ".config/wharf/mine.toml",
        "text = { fg = \"cyan\" }\n",
    );
    let out = wharf_in(&home, &["--print-config", "--profile", "prod"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = config.display();
    for line in [
        "# default location".to_string(),
        "# command line --profile".to_string(),
        format!("# {path}:2"),
        format!("# profile prod in {path}:13"),
        format!("# profile prod in {path}:15"),
        format!("# {path}:9"),
        "# built-in default".to_string(),
    ] {
        assert!(stdout.contains(&line), "missing {line:?} in\n{stdout}");
    }
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("theme = \"high-contrast\"")),
        "{stdout}"
    );

    // --demo works too, and needs no file at all.
    let empty = temp_dir("print-config-demo");
    let out = wharf_in(&empty, &["--demo", "--print-config"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout.lines().any(|l| l.starts_with("profile = \"sandbox\"") && l.ends_with("# command line --demo")), "{stdout}");
    assert!(stdout.contains("built-in defaults apply"), "{stdout}");
}

#[test]
fn a_bad_config_stops_wharf_before_the_terminal_with_exit_2() {
    let home = temp_dir("bad-config");
    write(&home, ".config/wharf/config.toml", "refersh = 3\n");
    let out = wharf_in(&home, &["--demo"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("wharf: "), "{stderr}");
    assert!(
        stderr.contains("config.toml:1: unknown key `refersh`"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "the terminal was left alone");
}

#[test]
fn print_config_checks_the_keymap_too() {
    let home = temp_dir("print-config-keymap");
    let missing = home.join("missing.toml");
    let out = wharf_in(
        &home,
        &["--print-config", "--keymap", missing.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot read this keymap file"), "{err}");
    assert!(out.stdout.is_empty(), "nothing printed as if all were well");
}
