//! The sandbox's hostile-text mode: every string it answers with carries text chosen by a test (escape
//! sequences, bidi overrides, line breaks), as if other people had written it into the account, the way
//! anyone allowed to call StopTask writes a stopped reason and any container writes its log lines.
//!
//! Identifiers are left alone (ARNs, names, ids, log configuration): wharf sends them back to the sandbox or
//! reads by them, and ECS names cannot hold such characters anyway (`hostile_aws` makes names hostile too, where
//! nothing is sent back). Everything else, messages, reasons, images, statuses, environment values, labels,
//! rule values, gets `text` appended before the answer is cleaned, so a test sees whether the cleaning at the
//! backend's boundary (`backend::clean`) catches all of it.

use std::collections::HashSet;

use super::world::World;
use crate::model::Texts;

impl World {
    /// Appends `text` to every string the sandbox answers with but its identifiers (`None`: off).
    pub fn set_hostile_text(&mut self, text: Option<String>) {
        self.hostile_text = text;
    }

    /// `value` with the hostile text appended to each of its strings that is not an identifier.
    pub(crate) fn poison<T: Texts>(&self, value: &mut T) {
        let Some(text) = &self.hostile_text else {
            return;
        };
        let keys = self.identifiers();
        value.texts(&mut |s, _| {
            if !keys.contains(s.as_str()) && !s.starts_with("arn:") {
                s.push_str(text);
            }
        });
    }

    /// Every string wharf may send back to the sandbox: names, ARNs and ids of what the world holds.
    fn identifiers(&self) -> HashSet<String> {
        let mut keys = HashSet::new();
        let mut add = |s: &str| {
            keys.insert(s.to_string());
        };
        for (name, c) in &self.clusters {
            add(name);
            add(&c.arn);
            for (arn, i) in &c.instances {
                add(arn);
                add(&i.ec2_instance_id);
            }
        }
        for (name, c) in &self.inactive_clusters {
            add(name);
            add(&c.arn);
        }
        for s in self.services.values() {
            add(&s.arn);
            add(&s.name);
            add(&s.cluster);
            add(&format!("service:{}", s.name));
            for d in &s.deployments {
                add(&d.id);
                add(&d.revision);
                add(&d.service_deployment);
            }
            for (k, v) in &s.revisions {
                add(k);
                add(v);
            }
            for h in &s.history {
                add(&h.arn);
            }
        }
        for t in self.tasks.values() {
            add(&t.task.arn);
            add(&t.task.group);
            add(&t.task.started_by);
            for c in &t.task.containers {
                add(&c.name);
            }
            for x in &t.targets {
                add(&x.id);
            }
            if let Some(id) = &t.task.ec2_instance_id {
                add(id);
            }
            if let Some(ip) = &t.task.private_ip {
                add(ip);
            }
        }
        for (arn, td) in &self.task_definitions {
            add(arn);
            add(&td.family);
            add(&td.family_revision());
            for c in &td.containers {
                add(&c.name);
                // The driver, log groups, regions and stream prefixes: wharf reads the task's logs by them.
                if let Some(logs) = &c.log_configuration {
                    add(&logs.driver);
                    for (k, v) in &logs.options {
                        add(k);
                        add(v);
                    }
                }
            }
        }
        for lb in self.load_balancers.values() {
            add(&lb.name);
        }
        for g in self.target_groups.values() {
            add(&g.group.name);
        }
        for p in self.capacity_providers.keys() {
            add(p);
        }
        for p in ["FARGATE", "FARGATE_SPOT"] {
            add(p);
        }
        keys
    }
}
