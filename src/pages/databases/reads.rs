//! The list, read from every region of the session at once: each region is read on its own
//! (in parallel, each through its own API's budget), keeps its last good answer when reading it
//! again fails, and says its own failure; the rows on screen are every region's rows together.

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::types::{Listed, ListedDatabase};
use crate::api::ApiError;
use crate::state::kept::Dated;
use crate::state::SessionState;

/// One region's part of the list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RegionRead {
    /// Its rows as last read, each stamped with the region.
    pub good: Option<Dated<Arc<Vec<ListedDatabase>>>>,
    /// Why reading it last failed, while no newer answer came.
    pub failed: Option<Dated<ApiError>>,
    pub pending: bool,
    /// Items of its last answer that could not be read.
    pub skipped: usize,
    generation: u64,
}

/// Every region's part, by region name. `Copy`, like the signals it holds.
#[derive(Clone, Copy)]
pub struct RegionReads {
    state: SessionState,
    reads: RwSignal<BTreeMap<String, RegionRead>>,
}

/// The rows of all regions, in the order of `regions`, each stamped with its region.
pub fn merge(regions: &[String], reads: &BTreeMap<String, RegionRead>) -> Vec<ListedDatabase> {
    regions
        .iter()
        .filter_map(|name| reads.get(name).and_then(|r| r.good.as_ref()))
        .flat_map(|good| good.value.iter().cloned())
        .collect()
}

/// Stamps rows with the region they were read from (the region the console asked, not what the
/// answer says, which may be absent).
pub fn stamped(region: &str, rows: Vec<ListedDatabase>) -> Vec<ListedDatabase> {
    rows.into_iter()
        .map(|mut row| {
            row.region = Some(region.to_string());
            row
        })
        .collect()
}

impl RegionReads {
    /// Starts from the rows this tab read last (grouped back by region).
    pub fn new(state: SessionState, kept: Option<Dated<Arc<Vec<ListedDatabase>>>>) -> Self {
        let mut reads: BTreeMap<String, RegionRead> = BTreeMap::new();
        if let Some(kept) = kept {
            let mut by_region: BTreeMap<String, Vec<ListedDatabase>> = BTreeMap::new();
            for row in kept.value.iter() {
                let region = row.region.clone().unwrap_or_default();
                by_region.entry(region).or_default().push(row.clone());
            }
            for (region, rows) in by_region {
                reads.insert(
                    region,
                    RegionRead {
                        good: Some(Dated {
                            value: Arc::new(rows),
                            at_ms: kept.at_ms,
                        }),
                        ..Default::default()
                    },
                );
            }
        }
        Self {
            state,
            reads: RwSignal::new(reads),
        }
    }

    /// Reads every region of the session again.
    pub fn load_all(&self) {
        for region in self.state.regions_untracked() {
            self.load(&region.name);
        }
    }

    /// Reads one region again; its answer replaces its rows, a failure is kept beside them.
    pub fn load(&self, region: &str) {
        let this = *self;
        let name = region.to_string();
        let mut generation = 0;
        self.reads.update(|reads| {
            let read = reads.entry(name.clone()).or_default();
            read.generation += 1;
            read.pending = true;
            generation = read.generation;
        });
        let client = self.state.client_in_untracked(region);
        let read = self.state.read(client, |client| async move {
            client.list_databases_dashboard().await
        });
        spawn_local(async move {
            let result = read.await;
            let at_ms = js_sys::Date::now();
            this.reads.try_update(|reads| {
                let Some(read) = reads.get_mut(&name) else {
                    return;
                };
                if read.generation != generation {
                    return; // a newer read of this region started
                }
                read.pending = false;
                match result {
                    Ok(Listed { items, skipped }) => {
                        read.good = Some(Dated {
                            value: Arc::new(stamped(&name, items)),
                            at_ms,
                        });
                        read.failed = None;
                        read.skipped = skipped;
                    }
                    Err(error) => {
                        read.failed = Some(Dated {
                            value: error,
                            at_ms,
                        });
                    }
                }
            });
            if let Some(rows) = this.merged_untracked() {
                this.state
                    .keep_list(rows, this.every_region_read_untracked());
            }
        });
    }

    /// The rows of every region that answered, in the session's region order (tracked); `None`
    /// until one has.
    pub fn merged(&self) -> Option<Arc<Vec<ListedDatabase>>> {
        let regions: Vec<String> = self.state.regions().into_iter().map(|r| r.name).collect();
        self.reads.with(|reads| {
            reads
                .values()
                .any(|r| r.good.is_some())
                .then(|| Arc::new(merge(&regions, reads)))
        })
    }

    fn merged_untracked(&self) -> Option<Arc<Vec<ListedDatabase>>> {
        let regions: Vec<String> = self
            .state
            .regions_untracked()
            .into_iter()
            .map(|r| r.name)
            .collect();
        self.reads.try_with_untracked(|reads| {
            reads
                .values()
                .any(|r| r.good.is_some())
                .then(|| Arc::new(merge(&regions, reads)))
        })?
    }

    /// Whether some region's rows are there to show (tracked).
    pub fn has_good(&self) -> bool {
        self.reads
            .with(|reads| reads.values().any(|r| r.good.is_some()))
    }

    /// Whether the list can be drawn (tracked): some region's rows, or, when every region that
    /// answered has none, only once no region is still on its first read. Otherwise "No
    /// databases yet" would flash while a region that has some is still answering.
    pub fn showable(&self) -> bool {
        let regions = self.state.regions();
        self.reads.with(|reads| {
            let rows = reads
                .values()
                .any(|r| r.good.as_ref().is_some_and(|g| !g.value.is_empty()));
            let answered = reads.values().any(|r| r.good.is_some());
            let first_read_pending = regions.iter().any(|region| {
                reads
                    .get(&region.name)
                    .is_none_or(|r| r.good.is_none() && r.failed.is_none())
            });
            rows || (answered && !first_read_pending)
        })
    }

    /// Whether every region of the session has rows here (untracked): the merged list is then
    /// the whole account's.
    fn every_region_read_untracked(&self) -> bool {
        let regions = self.state.regions_untracked();
        self.reads
            .try_with_untracked(|reads| {
                regions
                    .iter()
                    .all(|r| reads.get(&r.name).is_some_and(|read| read.good.is_some()))
            })
            .unwrap_or(false)
    }

    /// [`RegionReads::has_good`] without tracking.
    pub fn has_good_untracked(&self) -> bool {
        self.reads
            .try_with_untracked(|reads| reads.values().any(|r| r.good.is_some()))
            .unwrap_or(false)
    }

    /// Whether a region is being read (tracked).
    pub fn pending(&self) -> bool {
        self.reads.with(|reads| reads.values().any(|r| r.pending))
    }

    /// Each region of the session with its part (tracked), in the session's order.
    pub fn by_region(&self) -> Vec<(String, String, RegionRead)> {
        let regions = self.state.regions();
        self.reads.with(|reads| {
            regions
                .into_iter()
                .map(|r| {
                    let read = reads.get(&r.name).cloned().unwrap_or_default();
                    (r.name, r.label, read)
                })
                .collect()
        })
    }

    /// When the oldest rows on screen were read (tracked).
    pub fn shown_since(&self) -> Option<f64> {
        self.reads.with(|reads| {
            reads
                .values()
                .filter_map(|r| r.good.as_ref().map(|g| g.at_ms))
                .reduce(f64::min)
        })
    }

    /// When the newest rows on screen were read (tracked): when the list was last updated.
    pub fn updated_at(&self) -> Option<f64> {
        self.reads.with(|reads| {
            reads
                .values()
                .filter_map(|r| r.good.as_ref().map(|g| g.at_ms))
                .reduce(f64::max)
        })
    }

    /// Items that could not be read, over every region (tracked).
    pub fn skipped(&self) -> usize {
        self.reads
            .with(|reads| reads.values().map(|r| r.skipped).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Status;
    use model::seed;

    fn rows(region: &str, names: &[&str]) -> Vec<ListedDatabase> {
        names
            .iter()
            .enumerate()
            .map(|(i, name)| ListedDatabase {
                database: model::Database {
                    id: format!("{region}-{i}"),
                    name: (*name).into(),
                    ..seed::example_databases()[0].clone()
                },
                app: None,
                addon: None,
                status: Status::Running,
                region: None,
                plan_display_name: None,
            })
            .collect()
    }

    fn read(region: &str, names: &[&str]) -> RegionRead {
        RegionRead {
            good: Some(Dated {
                value: Arc::new(stamped(region, rows(region, names))),
                at_ms: 1.0,
            }),
            ..Default::default()
        }
    }

    #[test]
    fn regions_merge_in_order_and_the_same_name_stays_twice() {
        let mut reads = BTreeMap::new();
        reads.insert(
            "osc-secnum-fr1".to_string(),
            read("osc-secnum-fr1", &["orders", "shared"]),
        );
        reads.insert(
            "osc-fr1".to_string(),
            read("osc-fr1", &["shared", "billing"]),
        );
        let regions = ["osc-fr1".to_string(), "osc-secnum-fr1".to_string()];
        let merged = merge(&regions, &reads);
        let seen: Vec<(String, String)> = merged
            .iter()
            .map(|r| (r.region.clone().unwrap(), r.database.name.clone()))
            .collect();
        assert_eq!(
            seen,
            [
                ("osc-fr1".into(), "shared".into()),
                ("osc-fr1".into(), "billing".into()),
                ("osc-secnum-fr1".into(), "orders".into()),
                ("osc-secnum-fr1".into(), "shared".into()),
            ]
        );
    }

    #[test]
    fn a_failed_region_keeps_its_rows_and_one_never_read_adds_none() {
        let mut reads = BTreeMap::new();
        let mut failed = read("osc-fr1", &["kept"]);
        failed.failed = Some(Dated {
            value: ApiError::Network("down".into()),
            at_ms: 2.0,
        });
        reads.insert("osc-fr1".to_string(), failed);
        reads.insert(
            "osc-secnum-fr1".to_string(),
            RegionRead {
                failed: Some(Dated {
                    value: ApiError::Network("down".into()),
                    at_ms: 2.0,
                }),
                ..Default::default()
            },
        );
        let regions = ["osc-fr1".to_string(), "osc-secnum-fr1".to_string()];
        let merged = merge(&regions, &reads);
        assert_eq!(merged.len(), 1);
        assert_eq!(merged[0].database.name, "kept");
        // A region no longer in the session is not shown.
        assert!(merge(&["elsewhere".to_string()], &reads).is_empty());
    }
}
