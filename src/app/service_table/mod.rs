//! A cluster's services as wharf holds them: every ARN ListServices gave, and the rows described so far, each
//! with its own age. A big cluster fills in progressively, a batch at a time, and a failed batch costs only
//! its own rows. A listed service not described yet is a placeholder row named from its ARN, so that the
//! table never hides what it lacks: it can be found by name, sorted by name and opened.

use std::collections::HashMap;

use crate::backend::{BackendError, DescribeFailure, Described};
use crate::model::{arn_name, Service, Timestamp};

use super::loadable::Status;
use super::service_summary::RowSummary;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ServiceTable {
    /// Every service ARN listed, sorted by name (as the table's natural order).
    pub listed: Vec<String>,
    /// The same, to look up.
    listed_set: std::collections::HashSet<String>,
    /// Listed services waiting to be described: never asked, asked and not answered yet, or answered with
    /// an error that passes (throttling): kept as the rows change, so that drawing need not look through
    /// every row to know it is still loading.
    unanswered: std::collections::HashSet<String>,
    /// The rows that stand for a listed service not described yet (named from its ARN, nothing else known).
    placeholders: std::collections::HashSet<String>,
    /// The ARNs of a listing under way (its pages so far), and the page to ask for next.
    pub listing: Option<Listing>,
    /// A listing has completed at least once.
    pub listed_once: bool,
    /// The rows, sorted by name: what the table shows, the described services and a placeholder for each
    /// listed one not described yet. Private: every change to them keeps `position`, `placeholders` and
    /// `summary` in step.
    rows: Vec<Service>,
    /// Each listed service's reads, by ARN.
    pub row_status: HashMap<String, Status>,
    /// Services DescribeServices could not describe (MISSING, ...), by ARN, with the reason.
    pub failures: Vec<DescribeFailure>,
    /// Where each row is in `rows`, by ARN: kept in step by every change to `rows`.
    position: HashMap<String, usize>,
    /// Where the poller's next round over the rows off screen starts, in `listed`.
    pub rotation: usize,
    /// When the poller last looked through the rows off screen for one that is due (`background_due`).
    pub background_scanned_at: Option<Timestamp>,
    /// What the rows say all together, kept in step with them.
    summary: RowSummary,
}

/// How often the rows off screen are looked through once the table is whole.
const BACKGROUND_SCAN_MS: i64 = 5_000;

/// ECS allows 5,000 services a cluster: a listing longer than this is a backend repeating itself.
const MAX_LISTED: usize = 6_000;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Listing {
    pub seen: Vec<String>,
    pub next: Option<String>,
    /// The page tokens followed so far: one seen twice ends the listing.
    tokens: std::collections::HashSet<String>,
}

impl ServiceTable {
    /// A complete table of these services, all listed and described at `at`.
    pub fn loaded(services: Vec<Service>, at: Timestamp) -> super::Loadable<ServiceTable> {
        let mut table = ServiceTable::default();
        table.listed_page(services.iter().map(|s| s.arn.clone()).collect(), None);
        table.described(
            &[],
            Ok(Described {
                items: services,
                failures: Vec::new(),
            }),
            at,
        );
        super::Loadable::loaded(table, at)
    }

    /// How many services are listed, and how many of them are described.
    pub fn progress(&self) -> (usize, usize) {
        let described = self.rows.len() - self.placeholders.len();
        (self.listed.len().max(self.rows.len()), described)
    }

    /// Listed services still waiting to be described, and how many of those were last throttled.
    pub fn waiting(&self) -> (usize, usize) {
        let throttled = (self.unanswered.iter())
            .filter(|arn| self.status(arn).is_some_and(Status::throttled))
            .count();
        (self.unanswered.len(), throttled)
    }

    /// Should the poller look through the rows off screen this round? Always while the table fills in; else
    /// every `BACKGROUND_SCAN_MS`: they are due every few minutes, and looking through 2,000 of them every
    /// tick was most of an idle wharf's CPU.
    pub fn background_due(&self, now: Timestamp) -> bool {
        self.is_loading()
            || self
                .background_scanned_at
                .is_none_or(|at| now.since(at) >= BACKGROUND_SCAN_MS)
    }

    /// Is this row a placeholder for a service not described yet?
    pub fn is_placeholder(&self, service_arn: &str) -> bool {
        self.placeholders.contains(service_arn)
    }

    /// The described rows, placeholders left out: what is known of the services.
    pub fn described_rows(&self) -> impl Iterator<Item = &Service> {
        self.rows
            .iter()
            .filter(|s| !self.placeholders.contains(&s.arn))
    }

    /// Still filling in: the first listing under way, or a listed service whose describe has not answered
    /// yet (one that failed, MISSING say, has answered).
    pub fn is_loading(&self) -> bool {
        !self.listed_once || !self.unanswered.is_empty()
    }

    /// The reads of a row that never answered, when no row could be described: its error is what the
    /// screen shows.
    pub fn failed_row(&self) -> Option<&Status> {
        if self.progress().1 > 0 {
            return None;
        }
        self.listed
            .iter()
            .filter_map(|arn| self.status(arn))
            .find(|status| status.error.is_some())
    }

    /// The rows, sorted by name: the described services and the placeholders (`is_placeholder`).
    pub fn rows(&self) -> &[Service] {
        &self.rows
    }

    /// Change the rows in place (a test's fixture), keeping what is worked out from them in step.
    pub fn edit_rows(&mut self, change: impl FnOnce(&mut Vec<Service>)) {
        change(&mut self.rows);
        self.rows
            .sort_by(|a, b| (&a.name, &a.arn).cmp(&(&b.name, &b.arn)));
        self.reindex();
        self.summary = RowSummary::of(&self.rows);
    }

    /// What the rows say all together.
    pub fn summary(&self) -> &RowSummary {
        &self.summary
    }

    /// A described service (never a placeholder).
    pub fn row(&self, service_arn: &str) -> Option<&Service> {
        if self.placeholders.contains(service_arn) {
            return None;
        }
        self.rows.get(*self.position.get(service_arn)?)
    }

    fn reindex(&mut self) {
        self.position = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, s)| (s.arn.clone(), i))
            .collect();
    }

    /// A page of ListServices came. The first listing shows what it found at once; a later one adds new
    /// services at once and removes the deleted ones only once it is complete.
    pub fn listed_page(&mut self, arns: Vec<String>, next: Option<String>) {
        let listing = self.listing.get_or_insert_with(Listing::default);
        listing.seen.extend(arns.iter().cloned());
        // A token seen before, or a list longer than ECS allows: the backend repeats itself; stop here.
        let next =
            next.filter(|t| listing.tokens.insert(t.clone()) && listing.seen.len() < MAX_LISTED);
        listing.next = next.clone();
        let mut placed = false;
        for arn in arns {
            if self.listed_set.insert(arn.clone()) {
                let status = self.row_status.entry(arn.clone()).or_default();
                if status.fetched_at.is_none() && status.error.is_none() {
                    self.unanswered.insert(arn.clone());
                }
                if !self.position.contains_key(&arn) && self.placeholders.insert(arn.clone()) {
                    self.rows.push(placeholder(&arn));
                    placed = true;
                }
                self.listed.push(arn);
            }
        }
        if placed {
            self.rows
                .sort_by(|a, b| (&a.name, &a.arn).cmp(&(&b.name, &b.arn)));
            self.reindex();
            self.summary = RowSummary::of(&self.rows);
        }
        if next.is_none() {
            let seen: std::collections::HashSet<String> = self
                .listing
                .take()
                .map(|l| l.seen.into_iter().collect())
                .unwrap_or_default();
            self.listed.retain(|a| seen.contains(a));
            self.listed_set.retain(|a| seen.contains(a));
            self.unanswered.retain(|a| seen.contains(a));
            self.rows.retain(|s| seen.contains(&s.arn));
            self.placeholders.retain(|a| seen.contains(a));
            self.reindex();
            self.summary = RowSummary::of(&self.rows);
            // A row whose read is out keeps its status: that read was asked for (a deleted service's, to
            // check a change) and its answer must not be dropped as unwanted.
            self.row_status
                .retain(|a, status| seen.contains(a) || status.in_flight);
            self.failures.retain(|f| seen.contains(&f.arn));
            self.listed_once = true;
        }
        self.listed
            .sort_by(|a, b| arn_name(a).cmp(arn_name(b)).then(a.cmp(b)));
    }

    /// A DescribeServices batch answered: its rows replace the old ones, its failures are kept to be shown.
    /// Returns whether any row changed.
    pub fn described(
        &mut self,
        asked: &[String],
        result: Result<Described<Service>, BackendError>,
        at: Timestamp,
    ) -> bool {
        for arn in asked {
            self.unanswered.remove(arn);
        }
        let described = match result {
            Ok(d) => d,
            Err(e) => {
                for arn in asked {
                    let status = self.status_mut(arn);
                    status.answered(Some(e.clone()), 0, at, false);
                    // Throttled before it was ever described: still what the list waits for.
                    let waits = status.fetched_at.is_none() && e.is_transient();
                    if waits && self.listed_set.contains(arn) {
                        self.unanswered.insert(arn.clone());
                    }
                }
                return false;
            }
        };
        let mut changed_any = false;
        let mut inserted = false;
        for service in described.items {
            let arn = service.arn.clone();
            self.unanswered.remove(&arn);
            let (changed, new_row) = self.upsert(service, !inserted);
            inserted |= new_row;
            changed_any |= changed;
            self.failures.retain(|f| f.arn != arn);
            self.status_mut(&arn).answered(None, 0, at, changed);
        }
        if inserted {
            self.reindex();
        }
        let mut rows_changed = changed_any || inserted;
        for failure in described.failures {
            self.unanswered.remove(&failure.arn);
            let error = BackendError::NotFound {
                what: format!("service {} ({})", arn_name(&failure.arn), failure.reason),
            };
            self.status_mut(&failure.arn)
                .answered(Some(error), 0, at, false);
            if self.position.contains_key(&failure.arn) {
                self.rows.retain(|s| s.arn != failure.arn);
                self.placeholders.remove(&failure.arn);
                self.reindex();
                rows_changed = true;
            }
            self.failures.retain(|f| f.arn != failure.arn);
            self.failures.push(failure);
            changed_any = true;
        }
        if rows_changed {
            self.summary = RowSummary::of(&self.rows);
        }
        // An ARN asked for and neither described nor failed: the answer said nothing of it.
        for arn in asked {
            let status = self.status_mut(arn);
            if status.in_flight {
                status.answered(None, 0, at, false);
            }
        }
        changed_any
    }

    /// Put a described service in its place (by name): whether it differs from the row it replaces, and
    /// whether it is a new row (positions after it moved: the caller reindexes).
    fn upsert(&mut self, service: Service, index_fresh: bool) -> (bool, bool) {
        // A placeholder's place is the described row's (both are named from the ARN): replaced in place.
        self.placeholders.remove(&service.arn);
        if self.listed_set.insert(service.arn.clone()) {
            self.row_status.entry(service.arn.clone()).or_default();
            self.listed.push(service.arn.clone());
            self.listed
                .sort_by(|a, b| arn_name(a).cmp(arn_name(b)).then(a.cmp(b)));
        }
        // A row inserted earlier in this batch moved the ones after it: then the index is only a hint.
        let hinted = self
            .position
            .get(&service.arn)
            .copied()
            .filter(|&i| self.rows.get(i).is_some_and(|s| s.arn == service.arn));
        let known = match hinted {
            Some(i) => Some(i),
            None if index_fresh => None,
            None => self.rows.iter().position(|s| s.arn == service.arn),
        };
        match known {
            Some(i) if self.rows[i] == service => (false, false),
            Some(i) if self.rows[i].name == service.name => {
                self.rows[i] = service;
                (true, false)
            }
            Some(i) => {
                // Renamed? ECS names do not change, but keep the order right whatever comes.
                self.rows.remove(i);
                self.insert_sorted(service);
                (true, true)
            }
            None => {
                self.insert_sorted(service);
                (true, true)
            }
        }
    }

    fn insert_sorted(&mut self, service: Service) {
        let at = self
            .rows
            .partition_point(|s| (&s.name, &s.arn) < (&service.name, &service.arn));
        self.rows.insert(at, service);
    }

    pub fn status(&self, service_arn: &str) -> Option<&Status> {
        self.row_status.get(service_arn)
    }

    pub fn status_mut(&mut self, service_arn: &str) -> &mut Status {
        self.row_status.entry(service_arn.to_string()).or_default()
    }
}

/// The row of a listed service not described yet: its name, from its ARN, and nothing else.
fn placeholder(arn: &str) -> Service {
    Service {
        arn: arn.to_string(),
        name: arn_name(arn).to_string(),
        ..Service::default()
    }
}

#[cfg(test)]
mod tests;
