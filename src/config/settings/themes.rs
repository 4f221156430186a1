//! Which theme each profile gets, its accent, and a theme mistake worded with where it was named.

use super::*;

impl Effective {
    pub(super) fn load_themes(
        &self,
        flags: &Flags,
    ) -> Result<BTreeMap<String, Theme>, SettingsError> {
        let mut wanted: Vec<(String, Source)> = vec![("default".into(), Source::Default)];
        if let Some(t) = &flags.theme {
            wanted.push((t.clone(), Source::Flag("--theme")));
        }
        if let Some(file) = &self.file {
            if let Some(t) = &file.theme {
                wanted.push((t.value.clone(), from_file(Some(file), t).source));
            }
            for (name, section) in &file.profiles {
                if let Some(t) = &section.theme {
                    let source = Source::Profile {
                        profile: name.clone(),
                        path: file.path.clone(),
                        line: t.line,
                    };
                    wanted.push((t.value.clone(), source));
                }
            }
        }
        let mut themes = BTreeMap::new();
        for (name, source) in wanted {
            if themes.contains_key(&name) {
                continue;
            }
            let theme = Theme::load(&name, false).map_err(|e| explain_theme(e, &name, &source))?;
            themes.insert(name, theme);
        }
        Ok(themes)
    }

    pub(super) fn theme_choice(&self, flags: &Flags, profile: &str) -> Sourced<String> {
        match &flags.theme {
            Some(t) => Sourced::new(t.clone(), Source::Flag("--theme")),
            None => self.theme_choice_named(profile),
        }
    }

    pub(super) fn theme_choice_named(&self, profile: &str) -> Sourced<String> {
        if self.theme.source == Source::Flag("--theme") {
            return self.theme.clone();
        }
        self.section_or_top(profile, |s| s.theme.as_ref(), |f| f.theme.as_ref())
            .unwrap_or_else(|| Sourced::default("default".into()))
    }

    pub(super) fn accent_for(&self, profile: &str) -> Sourced<Option<Color>> {
        match self.section_or_top(profile, |s| s.accent.as_ref(), |f| f.accent.as_ref()) {
            Some(a) => Sourced::new(Some(a.value), a.source),
            None => Sourced::default(None),
        }
    }
}

/// A theme that is neither shipped nor a readable file is the fault of whoever named it: say where.
pub(super) fn explain_theme(error: ThemeError, name: &str, source: &Source) -> SettingsError {
    let names_it = matches!(
        &error.problem,
        ThemeProblem::Unknown { .. } | ThemeProblem::Unreadable { .. }
    );
    if !names_it {
        return SettingsError::Theme(error);
    }
    let detail = format!("theme = \"{name}\": {}", error.problem);
    match source {
        Source::File { path, line } | Source::Profile { path, line, .. } => SettingsError::InFile {
            file: path.clone(),
            line: Some(*line),
            message: detail,
        },
        other => SettingsError::Given {
            origin: other.to_string(),
            message: detail,
        },
    }
}
