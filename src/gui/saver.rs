//! Autosave off the frame path: a thread owns the [`Store`] and writes every edit the moment it
//! arrives (batching whatever queued up meanwhile into one transaction). The UI only enqueues
//! and polls reports; it never touches the disk.
//!
//! If a save fails (disk full, file gone read-only) the edits stay queued and are retried every
//! two seconds and with every later edit, so nothing typed is lost while the user fixes it.

use crate::doc::{Assessment, Edit};
use crate::store::{Stage, Store, StoreError, VersionInfo};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::thread::JoinHandle;
use std::time::Duration;

enum Job {
    Save(Vec<Edit>),
    Freeze {
        stage: Stage,
        note: String,
    },
    Versions,
    LoadVersion(u32),
    LoadForComparison(u32),
    /// The page of `item` in the 点検用 PDF of version `version`, for the question `question`.
    ItemPage {
        version: u32,
        item: crate::doc::Path,
        question: String,
    },
    Flush,
}

/// What the save thread reports back.
pub enum Report {
    /// Everything enqueued so far is on disk.
    Saved(jiff::civil::Time),
    SaveFailed(StoreError),
    Frozen(Result<VersionInfo, StoreError>),
    Versions(Result<Vec<VersionInfo>, StoreError>),
    Version(u32, Result<Assessment, StoreError>),
    /// A version asked for by the 比較 page.
    ForComparison(u32, Result<Assessment, StoreError>),
    /// The page a question's item has in the version it was asked about (`None`: not printed).
    ItemPage {
        question: String,
        page: Option<u32>,
    },
    Flushed,
}

/// The UI's handle on the save thread.
pub struct Saver {
    jobs: Option<Sender<Job>>,
    reports: Receiver<Report>,
    thread: Option<JoinHandle<()>>,
}

impl Saver {
    /// Starts the thread; `wake` is called after each report so the UI repaints.
    pub fn start(store: Store, wake: impl Fn() + Send + 'static) -> Saver {
        let (jobs, job_rx) = channel();
        let (report_tx, reports) = channel();
        let thread = std::thread::Builder::new()
            .name("hyokasho-autosave".into())
            .spawn(move || run(store, job_rx, report_tx, wake))
            .expect("a thread can be started");
        Saver { jobs: Some(jobs), reports, thread: Some(thread) }
    }

    fn send(&self, job: Job) {
        if let Some(j) = &self.jobs {
            // The thread only ends when we drop the sender, so sending cannot fail before.
            let _ = j.send(job);
        }
    }

    pub fn save(&self, edits: Vec<Edit>) {
        self.send(Job::Save(edits));
    }

    pub fn freeze(&self, stage: Stage, note: String) {
        self.send(Job::Freeze { stage, note });
    }

    pub fn request_versions(&self) {
        self.send(Job::Versions);
    }

    pub fn load_version(&self, number: u32) {
        self.send(Job::LoadVersion(number));
    }

    pub fn load_for_comparison(&self, number: u32) {
        self.send(Job::LoadForComparison(number));
    }

    /// Asks for the page of `item` in version `version`'s 点検用 PDF, reported as
    /// [`Report::ItemPage`] for `question` (laid out here, off the frame path).
    pub fn item_page(&self, version: u32, item: crate::doc::Path, question: String) {
        self.send(Job::ItemPage { version, item, question });
    }

    /// Asks for a [`Report::Flushed`] once everything before it is written.
    pub fn flush(&self) {
        self.send(Job::Flush);
    }

    /// Reports that arrived since the last call.
    pub fn poll(&self) -> Vec<Report> {
        self.reports.try_iter().collect()
    }

    /// Writes everything still queued and closes the file (releasing its lock). Returns the last
    /// save error if edits could not be written.
    pub fn close(&mut self) -> Option<StoreError> {
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        self.poll().into_iter().rev().find_map(|r| match r {
            Report::SaveFailed(e) => Some(e),
            _ => None,
        })
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        self.close();
    }
}

fn run(mut store: Store, jobs: Receiver<Job>, reports: Sender<Report>, wake: impl Fn()) {
    let mut pending: Vec<Edit> = Vec::new();
    let report = |r: Report| {
        let _ = reports.send(r);
        wake();
    };
    loop {
        // While a save is failing, wake up every two seconds to retry.
        let job = if pending.is_empty() {
            jobs.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            jobs.recv_timeout(Duration::from_secs(2))
        };
        let mut batch = match job {
            Ok(j) => vec![j],
            Err(RecvTimeoutError::Timeout) => Vec::new(),
            Err(RecvTimeoutError::Disconnected) => {
                if !pending.is_empty() && store.save(&pending).is_err() {
                    // Nothing more can be done; the UI reported the failure already.
                }
                let _ = store.close();
                return;
            }
        };
        batch.extend(jobs.try_iter());
        for job in batch {
            match job {
                Job::Save(edits) => pending.extend(edits),
                other => {
                    // Save first: a freeze must see every edit made before it.
                    save_pending(&mut store, &mut pending, &report);
                    handle(&mut store, other, &report);
                }
            }
        }
        save_pending(&mut store, &mut pending, &report);
    }
}

fn save_pending(store: &mut Store, pending: &mut Vec<Edit>, report: &impl Fn(Report)) {
    if pending.is_empty() {
        return;
    }
    match store.save(pending) {
        Ok(()) => {
            pending.clear();
            report(Report::Saved(jiff::ZonedDateTime::now().time()));
        }
        Err(e) => report(Report::SaveFailed(e)),
    }
}

fn handle(store: &mut Store, job: Job, report: &impl Fn(Report)) {
    match job {
        Job::Save(_) => {}
        Job::Freeze { stage, note } => report(Report::Frozen(store.freeze(stage, &note))),
        Job::Versions => report(Report::Versions(store.versions())),
        Job::LoadVersion(n) => report(Report::Version(n, store.load_version(n))),
        Job::LoadForComparison(n) => report(Report::ForComparison(n, store.load_version(n))),
        Job::ItemPage { version, item, question } => {
            // A version that cannot be read has no page to give: the question keeps none, and
            // the report computes one from the state it prints.
            let page = store.load_version(version).ok().and_then(|doc| {
                let edition = crate::pdf::Edition { label: format!("第{version}版"), draft: true, public: false };
                crate::pdf::item_pages(&doc, &edition).get(&item).copied()
            });
            report(Report::ItemPage { question, page })
        }
        Job::Flush => report(Report::Flushed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Entry, Path};
    use crate::form::{current, ids};

    #[test]
    fn edits_that_cannot_be_saved_stay_queued_until_the_disk_has_room() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("full.hyoka");
        let mut store = Store::create(&path, current()).unwrap();
        store.simulate_full_disk(Some(store.page_count().unwrap())).unwrap();
        let big = "児童手当の認定に関する記載。".repeat(280);
        let mut pending = vec![Edit::Value { path: Path::top(ids::I_TASK_CONTENT), entry: Some(Entry::text(&big)) }];
        let reports = std::cell::RefCell::new(Vec::new());
        let report = |r: Report| reports.borrow_mut().push(r);

        save_pending(&mut store, &mut pending, &report);
        assert!(matches!(reports.borrow().last(), Some(Report::SaveFailed(StoreError::DiskFull { .. }))));
        assert_eq!(pending.len(), 1, "the edit is kept for the next try");
        let message = crate::messages::japanese(&StoreError::DiskFull { path: path.clone() }.into());
        assert!(message.contains("空き容量"), "{message}");

        store.simulate_full_disk(None).unwrap();
        save_pending(&mut store, &mut pending, &report);
        assert!(matches!(reports.borrow().last(), Some(Report::Saved(_))));
        assert!(pending.is_empty());
        store.close().unwrap();
        let doc = Store::open(&path).unwrap().load_draft().unwrap();
        assert_eq!(doc.text(&Path::top(ids::I_TASK_CONTENT)), big);
    }
}
