//! Port forwarding through a task (SSM StartSession with the port-forwarding documents): to one of the
//! task's own ports, or through the task to a host it can reach (a database).

/// What `:forward` asks for: a local port, and the port on the task or on a host through it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ForwardSpec {
    pub local_port: u16,
    /// `None`: the task's own port.
    pub host: Option<String>,
    pub remote_port: u16,
}

impl ForwardSpec {
    /// `LOCAL:PORT` or `LOCAL:HOST:PORT`, or what to type instead.
    pub fn parse(text: &str) -> Result<ForwardSpec, String> {
        let usage =
            "type LOCAL:PORT (a port of the task) or LOCAL:HOST:PORT (a host through the task), \
                     e.g. :forward 8080:80 or :forward 5432:db.internal:5432";
        let parts: Vec<&str> = text.trim().split(':').collect();
        let port = |p: &str, what: &str| -> Result<u16, String> {
            match p.parse::<u16>() {
                Ok(n) if n > 0 => Ok(n),
                _ => Err(format!("{what} {p:?} is not a port (1 to 65535): {usage}")),
            }
        };
        match parts.as_slice() {
            [local, remote] => Ok(ForwardSpec {
                local_port: port(local, "the local port")?,
                host: None,
                remote_port: port(remote, "the task's port")?,
            }),
            [local, host, remote] => {
                let plain = !host.is_empty()
                    && host.len() <= 253
                    && (host.chars()).all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c));
                if !plain {
                    return Err(format!(
                        "{host:?} is not a host name or an IPv4 address: {usage}"
                    ));
                }
                Ok(ForwardSpec {
                    local_port: port(local, "the local port")?,
                    host: Some(host.to_string()),
                    remote_port: port(remote, "the host's port")?,
                })
            }
            _ => Err(usage.to_string()),
        }
    }

    /// The SSM document that carries it.
    pub fn document(&self) -> &'static str {
        match self.host {
            None => "AWS-StartPortForwardingSession",
            Some(_) => "AWS-StartPortForwardingSessionToRemoteHost",
        }
    }

    /// The document's parameters (each a list of one string, as SSM takes them).
    pub fn parameters(&self) -> Vec<(String, String)> {
        let mut out = vec![
            ("portNumber".to_string(), self.remote_port.to_string()),
            ("localPortNumber".to_string(), self.local_port.to_string()),
        ];
        if let Some(host) = &self.host {
            out.push(("host".to_string(), host.clone()));
        }
        out
    }

    /// "localhost:5432 → db.internal:5432", "localhost:8080 → the task's port 80".
    pub fn text(&self) -> String {
        match &self.host {
            Some(host) => format!(
                "localhost:{} → {host}:{}",
                self.local_port, self.remote_port
            ),
            None => format!(
                "localhost:{} → the task's port {}",
                self.local_port, self.remote_port
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tasks_port_and_a_host_through_it() {
        let own = ForwardSpec::parse("8080:80").unwrap();
        assert_eq!(
            (own.local_port, own.host.as_deref(), own.remote_port),
            (8080, None, 80)
        );
        assert_eq!(own.document(), "AWS-StartPortForwardingSession");
        let db = ForwardSpec::parse(" 5432:db.internal:5432 ").unwrap();
        assert_eq!(db.document(), "AWS-StartPortForwardingSessionToRemoteHost");
        assert!(db
            .parameters()
            .contains(&("host".into(), "db.internal".into())));
        assert_eq!(db.text(), "localhost:5432 → db.internal:5432");
    }

    #[test]
    fn bad_input_says_what_to_type() {
        for (text, says) in [
            ("8080", "type LOCAL:PORT"),
            ("0:80", "the local port \"0\" is not a port"),
            ("8080:99999", "the task's port \"99999\""),
            ("8080:db;rm:5432", "is not a host name"),
            ("8080::5432", "is not a host name"),
            ("a:b:c:d", "type LOCAL:PORT"),
        ] {
            let said = ForwardSpec::parse(text).unwrap_err();
            assert!(said.contains(says), "{text}: {said}");
        }
    }
}
