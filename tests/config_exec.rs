//! `[exec] shell`: read, checked (an absolute path of plain characters, since it is sent inside a `sh -c`
//! line), shown by `--print-config`.

mod settings_file;

use wharf::config::Source;

fn file(name: &str, text: &str) -> std::path::PathBuf {
    settings_file::file("exec-config", name, text)
}

use settings_file::load;

#[test]
fn the_shell_is_read_and_print_config_says_where_from() {
    let path = file("ok.toml", "mouse = true\n\n[exec]\nshell = \"/bin/bash\"\n");
    let settings = load(&path).expect("valid");
    assert_eq!(settings.exec_shell.value, "/bin/bash");
    assert_eq!(
        settings.exec_shell.source,
        Source::File {
            path: path.clone(),
            line: 4
        }
    );
    let printed = settings.print();
    assert!(
        printed
            .lines()
            .any(|l| l.starts_with("exec.shell = /bin/bash ")),
        "{printed}"
    );
}

#[test]
fn without_a_setting_the_shell_is_bin_sh() {
    let settings = load(&file("empty.toml", "")).expect("valid");
    assert_eq!(settings.exec_shell.value, "/bin/sh");
    assert_eq!(settings.exec_shell.source, Source::Default);
}

#[test]
fn a_shell_that_is_not_a_plain_absolute_path_says_what_to_write() {
    for (text, says) in [
        (
            "[exec]\nshell = \"bash\"\n",
            "`exec.shell` = \"bash\" is not allowed",
        ),
        (
            "[exec]\nshell = \"/bin/bash; rm -rf /\"\n",
            "the absolute path of the shell ECS Exec opens",
        ),
        (
            "[exec]\nshell = \"/bin/b'sh\"\n",
            "e.g. shell = \"/bin/bash\"",
        ),
        ("[exec]\nshell = 5\n", "`exec.shell` = 5 is not allowed"),
        ("[exec]\nshel = \"/bin/bash\"\n", "did you mean `shell`?"),
    ] {
        let msg = load(&file("bad.toml", text)).expect_err(text);
        assert!(msg.contains(says), "{text:?}: {msg}");
        assert!(msg.contains(":2:"), "names the line: {msg}");
    }
}

/// `--print-config` says which session-manager-plugin ECS Exec would use, or that there is none.
#[test]
fn print_config_names_the_plugin_and_its_version() {
    use std::os::unix::fs::PermissionsExt;
    let config = file("plugin.toml", "");
    let bin = std::env::temp_dir().join(format!("wharf-exec-plugin-{}", std::process::id()));
    std::fs::create_dir_all(&bin).unwrap();
    let plugin = bin.join("session-manager-plugin");
    std::fs::write(&plugin, "#!/bin/sh\necho 1.2.650.0\n").unwrap();
    std::fs::set_permissions(&plugin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let empty = bin.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let print = |path: &std::path::Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_wharf"))
            .args(["--print-config", "--config", config.to_str().unwrap()])
            .env("PATH", path)
            .env_remove("WHARF_CONFIG")
            .output()
            .expect("wharf runs");
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let found = print(&bin);
    assert!(
        found
            .lines()
            .any(|l| l.starts_with("session-manager-plugin = 1.2.650.0")
                && l.ends_with(&plugin.display().to_string())),
        "{found}"
    );
    let missing = print(&empty);
    assert!(
        missing
            .lines()
            .any(|l| l.starts_with("session-manager-plugin = none") && l.contains("not installed")),
        "{missing}"
    );
    let _ = std::fs::remove_dir_all(&bin);
}
