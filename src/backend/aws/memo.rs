//! The backend's memos, bounded: what it remembers to save calls (task definitions described, the EC2
//! instance of each container instance) holds at most a fixed number of entries, and when a new one would
//! pass that, the least recently used goes. A forgotten entry only costs its call again when next asked for.
//!
//! Small enough not to need a crate: each use is one network call's worth of work, so a map with a use
//! counter (an eviction scans it) is plenty, and it adds nothing to the dependency tree.

use std::collections::HashMap;
use std::sync::Mutex;

/// Task definition revisions described, each a whole DescribeTaskDefinition answer: a few KB, 64 KiB at
/// most (ECS's limit on a task definition), so a few MB and never more than 32 MiB. Ten times what screens
/// need at once (a families view of 40-odd rows describes the newest revision of each, a deploy dialog
/// lists a family's newest few): a revision is described again only when no screen has shown it lately.
pub const TASK_DEFINITIONS_KEPT: usize = 512;
/// Container instance ARN -> EC2 instance id pairs, about 200 bytes each (1 MB): ECS's quota of container
/// instances in a cluster, so the largest cluster's whole fleet fits and its capacity view never describes
/// an instance twice in a row.
pub const INSTANCE_IDS_KEPT: usize = 5_000;

/// At most `cap` values by key, the least recently used dropped first.
#[derive(Debug)]
pub(crate) struct Memo<V> {
    cap: usize,
    inner: Mutex<Inner<V>>,
}

#[derive(Debug)]
struct Inner<V> {
    /// Each value with the moment (of `clock`) it was last used.
    entries: HashMap<String, (V, u64)>,
    clock: u64,
}

impl<V: Clone> Inner<V> {
    fn tick(&mut self) -> u64 {
        self.clock += 1;
        self.clock
    }

    fn used(&mut self, key: &str) -> Option<V> {
        let now = self.tick();
        let (value, used) = self.entries.get_mut(key)?;
        *used = now;
        Some(value.clone())
    }

    fn put(&mut self, key: String, value: V) {
        let now = self.tick();
        self.entries.insert(key, (value, now));
    }

    /// Drop the least recently used until at most `cap` are left.
    fn keep_at_most(&mut self, cap: usize) {
        let over = self.entries.len().saturating_sub(cap);
        if over == 0 {
            return;
        }
        let mut ages: Vec<(u64, &String)> =
            self.entries.iter().map(|(k, (_, t))| (*t, k)).collect();
        ages.select_nth_unstable(over - 1);
        let oldest: Vec<String> = ages[..over].iter().map(|(_, k)| (*k).clone()).collect();
        for key in oldest {
            self.entries.remove(&key);
        }
    }
}

impl<V: Clone> Memo<V> {
    pub(crate) fn new(cap: usize) -> Memo<V> {
        Memo {
            cap: cap.max(1),
            inner: Mutex::new(Inner {
                entries: HashMap::new(),
                clock: 0,
            }),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner<V>> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The value for `key`, if kept; it becomes the most recently used.
    pub(crate) fn get(&self, key: &str) -> Option<V> {
        self.lock().used(key)
    }

    /// The value for `key`, made by `make` if not kept (under the lock: two callers asking at once get
    /// the same value).
    pub(crate) fn get_or_insert_with(&self, key: &str, make: impl FnOnce() -> V) -> V {
        let mut inner = self.lock();
        if let Some(value) = inner.used(key) {
            return value;
        }
        let value = make();
        inner.put(key.to_string(), value.clone());
        inner.keep_at_most(self.cap);
        value
    }

    pub(crate) fn insert(&self, key: String, value: V) {
        self.insert_all([(key, value)]);
    }

    /// Keep these (the last the most recently used), then drop the least recently used beyond the cap.
    pub(crate) fn insert_all(&self, pairs: impl IntoIterator<Item = (String, V)>) {
        let mut inner = self.lock();
        for (key, value) in pairs {
            inner.put(key, value);
        }
        inner.keep_at_most(self.cap);
    }

    pub(crate) fn len(&self) -> usize {
        self.lock().entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_recently_used_goes_first_and_the_cap_holds() {
        let memo = Memo::new(3);
        for k in ["a", "b", "c"] {
            memo.insert(k.into(), k.to_uppercase());
        }
        // a is used again: b is now the oldest.
        assert_eq!(memo.get("a").as_deref(), Some("A"));
        memo.insert("d".into(), "D".into());
        assert_eq!(memo.len(), 3);
        assert_eq!(memo.get("b"), None);
        assert!(memo.get("a").is_some() && memo.get("c").is_some() && memo.get("d").is_some());
    }

    #[test]
    fn many_at_once_keep_the_newest_and_made_values_are_kept() {
        let memo = Memo::new(100);
        memo.insert_all((0..1_000).map(|i| (i.to_string(), i)));
        assert_eq!(memo.len(), 100);
        assert_eq!(memo.get("899"), None);
        assert_eq!(memo.get("900"), Some(900));
        let mut made = 0;
        let value = memo.get_or_insert_with("new", || {
            made += 1;
            7
        });
        assert_eq!((value, memo.get_or_insert_with("new", || 8)), (7, 7));
        assert_eq!((made, memo.len()), (1, 100));
    }
}
