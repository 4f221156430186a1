//! The layers point one way: a module never names one above it, nor a peer. Every `.rs` file
//! under `src/` is read as text, its layer taken from its top-level module, and each path that leaves the
//! layer (`crate::x`, `$crate::x`, `crate::{x, ..}`, or `super::` climbing out of it), in code or in a doc
//! link, is checked against the order below. A failure names the file, the line and the module it reached.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

mod layer_paths;

use layer_paths::{code_paths, doc_paths, is_ident, split_code};

/// Every top-level module of `src/` with its rank: a module may name only modules of a lower rank (and its
/// own). Peers (same rank) do not import each other. A new top-level module fails the test until it is here.
#[rustfmt::skip]
const LAYERS: [(&str, u8); 12] = [
    ("model", 0),       // the domain's data and pure functions on it: imports nothing of wharf's
    ("config", 1),      // settings, keymaps, themes and the action names they use: read from files, handed up
    ("backend", 1),     // talks to AWS (or the sandbox) in `model`'s terms
    ("geometry", 1),    // arithmetic on sizes and counts, shared by `app` and `ui`
    ("sandbox_shell", 1), // the sandbox's simulated shell: a small program over stdin and stdout, on `model`
    ("app", 2),         // the whole behaviour, no I/O: update(&mut State, Action) -> Vec<Effect>
    ("ui", 3),          // draws `app`'s state, changes nothing
    ("runtime", 4),     // the event loop: runs effects against the backend, draws with `ui`
    ("cli", 5),         // parses the command line for `main`; hands `config` plain values (config::Flags)
    ("screenshots", 5), // drives the whole stack (update, draw, settle) for the docs' pictures and their test
    ("lib", 5),         // the library's root: declares the modules
    ("main", 5),        // the binary: wires everything together
];

fn rank(module: &str) -> Option<u8> {
    LAYERS
        .iter()
        .find(|(name, _)| *name == module)
        .map(|(_, r)| *r)
}

#[derive(Debug, PartialEq)]
struct Violation {
    file: String,
    line: usize,
    from: String,
    to: String,
    how: String,
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}: `{}` reaches `{}` ({})",
            self.file, self.line, self.from, self.to, self.how
        )
    }
}

/// A source file: where it is, its layer, and how deep its module sits below the crate root.
struct Unit {
    path: PathBuf,
    shown: String,
    layer: String,
    depth: usize,
}

#[test]
fn no_module_names_a_layer_above_it_or_a_peer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let units = units(&src);
    assert!(units.len() > 100, "read {} files under src/", units.len());
    let mut unknown: Vec<String> = units
        .iter()
        .filter(|u| rank(&u.layer).is_none())
        .map(|u| {
            format!(
                "{} (add `{}` to LAYERS with its rank and why)",
                u.shown, u.layer
            )
        })
        .collect();
    unknown.dedup();
    assert!(
        unknown.is_empty(),
        "modules with no layer:\n{}",
        unknown.join("\n")
    );
    let macros = exported_macros(&units);
    let mut found = Vec::new();
    for unit in &units {
        let text = fs::read_to_string(&unit.path).unwrap();
        // Its braces balance once comments and literals are blanked, or the reader lost its place.
        let (code, _) = split_code(&text);
        let balance = |c: char| code.chars().filter(|x| *x == c).count();
        assert_eq!(balance('{'), balance('}'), "{}: misread", unit.shown);
        found.extend(check(&unit.shown, &unit.layer, unit.depth, &text, &macros));
    }
    let lines: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(
        lines.is_empty(),
        "imports that point up (or across) the layers, {}:\n{}\n\nThe order: {}",
        lines.len(),
        lines.join("\n"),
        order()
    );
}

fn order() -> String {
    let mut by_rank: BTreeMap<u8, Vec<&str>> = BTreeMap::new();
    for (name, r) in LAYERS {
        by_rank.entry(r).or_default().push(name);
    }
    let ranks: Vec<String> = by_rank.values().map(|names| names.join(", ")).collect();
    ranks.join(" < ")
}

/// Every `.rs` file under `src`, with its layer and depth. A file a `#[path]` attribute names is a child of
/// the module that declares it, whatever its name says.
fn units(src: &Path) -> Vec<Unit> {
    let mut paths = Vec::new();
    walk(src, &mut paths);
    paths.sort();
    let mut declared: BTreeMap<PathBuf, (String, usize)> = BTreeMap::new();
    let mut units: Vec<Unit> = paths
        .iter()
        .map(|path| {
            let rel = path.strip_prefix(src).unwrap();
            let parts: Vec<&str> = rel.iter().map(|p| p.to_str().unwrap()).collect();
            let layer = parts[0].trim_end_matches(".rs").to_string();
            let depth = match parts.as_slice() {
                ["lib.rs" | "main.rs"] => 0,
                [.., "mod.rs"] => parts.len() - 1,
                _ => parts.len(),
            };
            Unit {
                path: path.clone(),
                shown: format!("src/{}", parts.join("/")),
                layer,
                depth,
            }
        })
        .collect();
    for unit in &units {
        let text = fs::read_to_string(&unit.path).unwrap();
        for target in path_attributes(&text) {
            let file = unit.path.parent().unwrap().join(target);
            declared.insert(file, (unit.layer.clone(), unit.depth + 1));
        }
    }
    for unit in &mut units {
        if let Some((layer, depth)) = declared.get(&unit.path) {
            unit.layer.clone_from(layer);
            unit.depth = *depth;
        }
    }
    units
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The files named by `#[path = "…"] mod name;` in this text.
fn path_attributes(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("#[path = \""))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

/// `#[macro_export]` macros live at the crate root (`crate::name!`); each belongs to the layer of its file.
fn exported_macros(units: &[Unit]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for unit in units {
        let text = fs::read_to_string(&unit.path).unwrap();
        let mut exported = false;
        for line in text.lines().map(str::trim) {
            if line == "#[macro_export]" {
                exported = true;
            } else if let Some(rest) = line.strip_prefix("macro_rules!") {
                if exported {
                    let name: String = rest.trim().chars().take_while(|c| is_ident(*c)).collect();
                    out.insert(name, unit.layer.clone());
                }
                exported = false;
            }
        }
    }
    out
}

/// The paths in `text` (a file of `layer`, its module `depth` below the root) that leave the layer for one it
/// may not name.
fn check(
    file: &str,
    layer: &str,
    depth: usize,
    text: &str,
    macros: &BTreeMap<String, String>,
) -> Vec<Violation> {
    let (code, docs) = split_code(text);
    let mut out = Vec::new();
    let own = rank(layer).unwrap_or(u8::MAX);
    let mut judge = |line: usize, to: &str, how: String| {
        let target = macros.get(to).map_or(to, String::as_str);
        let allowed = match rank(target) {
            _ if target == layer || target == "$root" || target == "self" => true,
            Some(r) => r < own,
            None => false,
        };
        if !allowed {
            out.push(Violation {
                file: file.to_string(),
                line,
                from: layer.to_string(),
                to: to.to_string(),
                how,
            });
        }
    };
    for (line, to) in doc_paths(&docs) {
        judge(line, &to, "in a doc link".into());
    }
    for (line, to, how) in code_paths(&code, depth) {
        judge(line, &to, how);
    }
    out
}

// The checker itself, on made-up files.

fn made_up(layer: &str, depth: usize, text: &str) -> Vec<String> {
    let macros = BTreeMap::from([("impl_texts".to_string(), "model".to_string())]);
    check("f.rs", layer, depth, text, &macros)
        .into_iter()
        .map(|v| format!("{}:{}:{}", v.line, v.to, v.how))
        .collect()
}

#[test]
fn upward_paths_are_found_in_uses_expressions_groups_and_macros() {
    let text = "use crate::model::Arn;\n\
                use crate::ui::Theme;\n\
                fn f() { crate::app::update(); let x = crate::model::Age(1); }\n\
                use crate::{model::X, runtime::Y};\n\
                macro_rules! m { () => { $crate::app::State } }\n\
                use crate::impl_texts;\n";
    assert_eq!(
        made_up("config", 2, text),
        [
            "2:ui:`crate::`",
            "3:app:`crate::`",
            "4:runtime:`crate::` group",
            "5:app:`$crate::` in a macro",
        ]
    );
}

#[test]
fn peers_below_app_do_not_import_each_other() {
    assert_eq!(
        made_up("geometry", 1, "use crate::config::keymap::Context;"),
        ["1:config:`crate::`"]
    );
    assert!(made_up("app", 2, "use crate::config::X; use crate::geometry::Y;").is_empty());
}

#[test]
fn comments_and_strings_do_not_count_but_doc_links_do() {
    let text = "// crate::ui::draw is elsewhere\n\
                let s = \"crate::ui::x\"; let r = r#\"crate::app\"#; let c = '\"';\n\
                /* crate::runtime */ fn g<'a>(x: &'a str) {}\n\
                /// See [`crate::ui::Theme`].\n";
    assert_eq!(made_up("config", 1, text), ["4:ui:in a doc link"]);
}

#[test]
fn super_counts_only_when_it_climbs_out_of_the_layer() {
    // src/config/keymap/keys.rs is config::keymap::keys, depth 3.
    assert!(made_up("config", 3, "use super::super::toml_doc::Value;").is_empty());
    assert_eq!(
        made_up("config", 3, "use super::super::super::app::State;"),
        ["1:app:`super::` out of the layer"]
    );
    // Inside an inline module one more `super` is needed to leave.
    let text = "mod tests {\n    use super::super::super::super::ui::x;\n    use super::super::super::app::y;\n}\n\
                use super::super::super::ui::z;\n";
    assert_eq!(
        made_up("config", 3, text),
        [
            "2:ui:`super::` out of the layer",
            "5:ui:`super::` out of the layer",
        ]
    );
}
