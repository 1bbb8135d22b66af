//! One assessment = one SQLite file (`*.hyoka`): the working draft, saved edit by edit, and
//! the frozen versions.
//!
//! - Opening reads the header first with plain file I/O and refuses foreign, damaged or newer
//!   files before SQLite touches them.
//! - A writable store holds SQLite's EXCLUSIVE lock for its whole life (`locking_mode =
//!   EXCLUSIVE`), so a second instance is refused instead of overwriting edits. The locks are
//!   POSIX advisory locks on Unix: closing *any* descriptor of the file in the same process drops
//!   them, so never open a file with `std::fs` while a `Store` on it is alive.
//! - Every save is one transaction in rollback-journal mode with `synchronous = FULL`: a crash
//!   or power cut loses nothing that was saved (an interrupted save is rolled back from the
//!   `-journal` on the next open). No WAL is used, so between saves the `.hyoka` file alone is
//!   the whole assessment and can be copied or mailed.

mod error;
mod header;
mod journal;
mod schema;
mod versions;

pub use error::StoreError;
pub use header::NotOurs;
pub use schema::APPLICATION_ID;
pub use versions::{Stage, VersionInfo, digest, last_published, published_by};

use crate::doc::{Assessment, Edit, Path};
use crate::form::{self, Form};
use crate::ron_io;
use rusqlite::{Connection, OpenFlags, TransactionBehavior, params};
use std::path::{Path as FsPath, PathBuf};

/// An open `.hyoka` file.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    form: &'static Form,
    writable: bool,
    notices: Vec<Notice>,
}

/// Something the user should be told about an opened file, though it opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// A save had been cut short (the program or the PC stopped mid-save); it was rolled back, so
    /// the file holds everything up to the save before it.
    InterruptedSaveRolledBack,
    /// A journal beside the file belonged to another file or another state of this one (a backup
    /// restored over a crashed file) and was moved away unapplied.
    ForeignJournalSetAside { moved_to: PathBuf },
}

impl Store {
    /// Creates a new, empty assessment file on `form`. Fails if the file exists.
    ///
    /// The file is created exclusively (`O_EXCL`), so of two processes creating the same path
    /// exactly one succeeds, and a failure removes only a file this call itself created.
    pub fn create(path: &FsPath, form: &'static Form) -> Result<Store, StoreError> {
        // SQLite takes `FILE-journal` (and `-wal`, `-shm`) beside a new database as its own and
        // deletes it: a user's file of that name is never touched.
        for suffix in ["-journal", "-wal", "-shm"] {
            let mut beside = path.as_os_str().to_owned();
            beside.push(suffix);
            let beside = std::path::PathBuf::from(beside);
            if std::fs::symlink_metadata(&beside).is_ok() {
                return Err(StoreError::JournalInTheWay { path: beside });
            }
        }
        match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
            // Closed at once: SQLite's locks are per process and closing a second descriptor
            // later would drop them.
            Ok(file) => drop(file),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(StoreError::AlreadyExists { path: path.to_owned() });
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::NoSuchFolder { path: path.to_owned() });
            }
            Err(e) => return Err(StoreError::io(path, e)),
        }
        let result = Self::create_inner(path, form);
        if result.is_err() {
            // Leave nothing half-made behind (the file is ours: create_new made it).
            let _ = std::fs::remove_file(path);
            let _ = std::fs::remove_file(journal::path_of(path));
        }
        result
    }

    /// Creates a new file whose draft is `doc`. On any failure nothing is left behind.
    pub fn create_holding(path: &FsPath, doc: &Assessment) -> Result<Store, StoreError> {
        let mut store = Store::create(path, doc.form())?;
        if let Err(e) = store.replace_draft(doc) {
            drop(store);
            let _ = std::fs::remove_file(path);
            return Err(e);
        }
        Ok(store)
    }

    fn create_inner(path: &FsPath, form: &'static Form) -> Result<Store, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| StoreError::from_sqlite(path, e))?;
        let mut store = Store { conn, path: path.to_owned(), form, writable: true, notices: Vec::new() };
        store.configure()?;
        let err = |e| StoreError::from_sqlite(path, e);
        let tx = store.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
        schema::stamp(&tx).map_err(err)?;
        schema::migrate(&tx, 0).map_err(err)?;
        tx.execute("INSERT INTO meta (key, value) VALUES ('form', ?1)", [&form.key]).map_err(err)?;
        let now = jiff::ZonedDateTime::now().timestamp().to_string();
        tx.execute("INSERT INTO meta (key, value) VALUES ('created_at', ?1)", [&now]).map_err(err)?;
        tx.commit().map_err(err)?;
        store.take_lock()?;
        Ok(store)
    }

    /// Opens an existing assessment for editing, taking the file's lock.
    pub fn open(path: &FsPath) -> Result<Store, StoreError> {
        Self::open_with(path, true)
    }

    /// Opens an existing assessment only to read it (export, versions). Still refused while
    /// another instance holds the file, since that instance may be mid-edit.
    pub fn open_read_only(path: &FsPath) -> Result<Store, StoreError> {
        Self::open_with(path, false)
    }

    fn open_with(path: &FsPath, writable: bool) -> Result<Store, StoreError> {
        let meta = std::fs::metadata(path).map_err(|e| StoreError::io(path, e))?;
        if !meta.is_file() {
            return Err(StoreError::NotAnAssessment { path: path.to_owned(), reason: NotOurs::NotSqlite });
        }
        let header = header::read(path)?;
        let mut notices = Vec::new();
        let journal = journal::inspect(path, &header.raw);
        if journal == journal::Journal::Foreign {
            let moved_to = journal::set_aside(path).map_err(|e| StoreError::io(path, e))?;
            notices.push(Notice::ForeignJournalSetAside { moved_to });
        }
        // Read commands open read-write too (without writing), so that SQLite can roll back an
        // interrupted save; a file that cannot be written is still read.
        let rw = OpenFlags::SQLITE_OPEN_READ_WRITE;
        let conn = match Connection::open_with_flags(path, rw) {
            Ok(c) => c,
            Err(_) if !writable => Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
                .map_err(|e| StoreError::from_sqlite(path, e))?,
            Err(e) => return Err(StoreError::from_sqlite(path, e)),
        };
        let mut store = Store { conn, path: path.to_owned(), form: form::current(), writable, notices };
        let err = |e| StoreError::from_sqlite(path, e);
        store.conn.busy_timeout(std::time::Duration::ZERO).map_err(err)?;
        if writable {
            store.conn.pragma_update(None, "locking_mode", "EXCLUSIVE").map_err(err)?;
        }
        // Reading takes the lock (or finds it taken) and rolls back a hot journal; nothing of
        // ours is written until the whole file has been checked.
        let check: String =
            store.conn.pragma_query_value(None, "quick_check", |r| r.get(0)).map_err(|e| match err(e) {
                StoreError::NotWritable { path }
                    if matches!(journal, journal::Journal::Hot | journal::Journal::HotOpening) =>
                {
                    StoreError::CannotRecover { path }
                }
                other => other,
            })?;
        if journal == journal::Journal::Hot && !journal::path_of(path).exists() {
            store.notices.push(Notice::InterruptedSaveRolledBack);
        }
        if check != "ok" {
            return Err(StoreError::Damaged { path: path.to_owned(), detail: check });
        }
        let format: i32 =
            schema::format_of(store.conn.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(err)?);
        if format > schema::FORMAT {
            return Err(StoreError::NewerFormat { path: path.to_owned(), found: format, supported: schema::FORMAT });
        }
        // Format 0 is a file whose creation was cut short (no table yet): migrating builds it.
        // Format 0 with our tables in it is a damaged header, not an old file to upgrade.
        if format == 0 {
            let tables: i64 = store
                .conn
                .query_row("SELECT count(*) FROM sqlite_schema WHERE type = 'table'", [], |r| r.get(0))
                .map_err(err)?;
            if tables > 0 {
                return Err(StoreError::Damaged { path: path.to_owned(), detail: "user_version 0".into() });
            }
        }
        let outdated = format < schema::FORMAT || header.format < schema::FORMAT;
        if outdated && !writable && format.min(header.format) < schema::READABLE_FROM {
            return Err(StoreError::NeedsUpgrade { path: path.to_owned() });
        }
        if !outdated || !writable {
            store.read_form()?;
            // The whole draft must read before anything is written: a refused file stays
            // byte-identical.
            store.load_draft()?;
        }
        if outdated && writable {
            let tx = store.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
            schema::migrate(&tx, format).map_err(err)?;
            tx.commit().map_err(err)?;
            store.read_form()?;
        }
        if writable {
            store.configure()?;
            store.take_lock()?;
        } else if header.wal {
            // Left in WAL mode by another tool: back to a single file, so no -wal or -shm stays
            // beside it after reading. Best effort: a file that cannot be written stays as it is.
            let _ = store.conn.pragma_update(None, "journal_mode", "DELETE");
        }
        Ok(store)
    }

    fn read_form(&mut self) -> Result<(), StoreError> {
        let key: String = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'form'", [], |r| r.get(0))
            .map_err(|e| StoreError::Damaged { path: self.path.clone(), detail: e.to_string() })?;
        self.form = form::by_key(&key).ok_or(StoreError::UnknownForm { key })?;
        Ok(())
    }

    /// What the user should be told about how the file was found (an interrupted save rolled
    /// back, a foreign journal set aside).
    pub fn notices(&self) -> &[Notice] {
        &self.notices
    }

    fn configure(&mut self) -> Result<(), StoreError> {
        let err = |e| StoreError::from_sqlite(&self.path, e);
        self.conn.busy_timeout(std::time::Duration::ZERO).map_err(err)?;
        self.conn.pragma_update(None, "locking_mode", "EXCLUSIVE").map_err(err)?;
        let mode: String =
            self.conn.pragma_update_and_check(None, "journal_mode", "DELETE", |r| r.get(0)).map_err(err)?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(StoreError::Damaged { path: self.path.clone(), detail: format!("journal_mode {mode}") });
        }
        self.conn.pragma_update(None, "synchronous", "FULL").map_err(err)?;
        Ok(())
    }

    /// Takes the EXCLUSIVE lock now with a real write (SQLite keeps it, in EXCLUSIVE locking
    /// mode, only once it has written): a second instance cannot even read a half-saved state.
    /// The write also starts this opening's save sequence at random.
    fn take_lock(&mut self) -> Result<(), StoreError> {
        let path = self.path.clone();
        let err = |e| StoreError::from_sqlite(&path, e);
        // Each opening for editing starts the save sequence afresh at random, so two copies of one
        // file edited apart never share a sequence, and a journal of one is never taken for the
        // other's (journal.rs).
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(err)?;
        let now: i32 = tx.pragma_query_value(None, "user_version", |r| r.get(0)).map_err(err)?;
        // Page 1 is all this writes, so a journal left by a kill right here is recognised as
        // such (journal.rs, `HotOpening`) and never set aside as another file's.
        tx.pragma_update(None, "user_version", schema::user_version(schema::format_of(now), None)).map_err(err)?;
        tx.commit().map_err(err)?;
        Ok(())
    }

    /// Caps the file at `pages` pages (None: no cap), so tests can make SQLite report a full
    /// disk. Not persistent: applies to this open store only.
    #[doc(hidden)]
    pub fn simulate_full_disk(&self, pages: Option<u32>) -> Result<(), StoreError> {
        let n = match pages {
            Some(p) => i64::from(p),
            None => 1_073_741_823,
        };
        self.conn.query_row(&format!("PRAGMA max_page_count = {n}"), [], |_| Ok(())).map_err(self.err())
    }

    pub fn page_count(&self) -> Result<u32, StoreError> {
        self.conn.query_row("PRAGMA page_count", [], |r| r.get(0)).map_err(self.err())
    }

    pub fn path(&self) -> &FsPath {
        &self.path
    }

    pub fn form(&self) -> &'static Form {
        self.form
    }

    fn err(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        |e| StoreError::from_sqlite(&self.path, e)
    }

    /// Reads the working draft.
    pub fn load_draft(&self) -> Result<Assessment, StoreError> {
        let mut edits = Vec::new();
        let mut stmt =
            self.conn.prepare("SELECT list, block_id FROM draft_block ORDER BY list, position").map_err(self.err())?;
        let mut rows = stmt.query([]).map_err(self.err())?;
        let mut lists: Vec<(Path, Vec<String>)> = Vec::new();
        while let Some(row) = rows.next().map_err(self.err())? {
            let (list, id): (String, String) = (row.get(0).map_err(self.err())?, row.get(1).map_err(self.err())?);
            let list = Path::parse(&list)
                .ok_or_else(|| self.damaged(format!("ブロックの並びの項目「{list}」が読めません")))?;
            match lists.last_mut() {
                Some((l, ids)) if *l == list => ids.push(id),
                _ => lists.push((list, vec![id])),
            }
        }
        // Outer lists first, so inner lists find their enclosing instance.
        lists.sort_by_key(|(l, _)| l.blocks.len());
        edits.extend(lists.into_iter().map(|(list, ids)| Edit::Order { list, ids }));

        let mut stmt = self.conn.prepare("SELECT path, value FROM draft_value").map_err(self.err())?;
        let mut rows = stmt.query([]).map_err(self.err())?;
        while let Some(row) = rows.next().map_err(self.err())? {
            let (path, value): (String, String) = (row.get(0).map_err(self.err())?, row.get(1).map_err(self.err())?);
            let p = Path::parse(&path).ok_or_else(|| self.damaged(format!("項目「{path}」が読めません")))?;
            let entry = ron_io::entry_from_text(&value).map_err(|e| self.damaged(format!("{path}: {e}")))?;
            edits.push(Edit::Value { path: p, entry: Some(entry) });
        }
        // Format 1 files have neither table (they are read without being upgraded).
        if self.has_table("draft_acknowledgement")? {
            for (id, q) in self.records("draft_question", "質問", ron_io::question_from_text)? {
                edits.push(Edit::ReviewItem { id, question: Some(Box::new(q)) });
            }
            for (id, a) in self.records("draft_action", "対策計画", ron_io::action_from_text)? {
                edits.push(Edit::Action { id, action: Some(Box::new(a)) });
            }
            // Format 2 files have no stage records (read without being upgraded).
            if self.has_table("draft_stage")? {
                for (id, r) in self.records("draft_stage", "手続の記録", ron_io::stage_from_text)? {
                    edits.push(Edit::Stage { id, record: Some(Box::new(r)) });
                }
            }
            let mut stmt =
                self.conn.prepare("SELECT finding, reason, marked FROM draft_acknowledgement").map_err(self.err())?;
            let mut rows = stmt.query([]).map_err(self.err())?;
            while let Some(row) = rows.next().map_err(self.err())? {
                let (finding, reason, marked): (String, String, String) =
                    (row.get(0).map_err(self.err())?, row.get(1).map_err(self.err())?, row.get(2).map_err(self.err())?);
                let on = crate::doc::date::parse_iso(&marked).ok_or_else(|| {
                    self.damaged(format!("確認済みの印 {finding} の日付「{marked}」が正しくありません"))
                })?;
                edits.push(Edit::Acknowledge { finding, mark: Some(crate::doc::Acknowledgement { reason, on }) });
            }
        }
        let mut doc = Assessment::new(self.form);
        for e in edits {
            doc.apply(vec![e]).map_err(|e| self.damaged(crate::messages::doc(&e)))?;
        }
        Ok(doc)
    }

    /// The rows of a table of records kept as RON (`id`, `data`), each parsed by `parse` and
    /// checked to be stored under its own id; `what` names them in a damaged file's detail.
    /// Whether the file has this table (older formats read without upgrading lack the newer).
    fn has_table(&self, name: &str) -> Result<bool, StoreError> {
        self.conn
            .query_row("SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1)", [name], |r| {
                r.get(0)
            })
            .map_err(self.err())
    }

    fn records<T>(
        &self,
        table: &str,
        what: &str,
        parse: fn(&str) -> Result<(String, T), String>,
    ) -> Result<Vec<(String, T)>, StoreError> {
        let mut stmt = self.conn.prepare(&format!("SELECT id, data FROM {table}")).map_err(self.err())?;
        let mut rows = stmt.query([]).map_err(self.err())?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(self.err())? {
            let (id, data): (String, String) = (row.get(0).map_err(self.err())?, row.get(1).map_err(self.err())?);
            let (stored_id, record) =
                parse(&data).map_err(|e| self.damaged(format!("{what} {id} が読めません: {e}")))?;
            if stored_id != id {
                return Err(self.damaged(format!("{what} {id} の内容が別のもの（{stored_id}）です")));
            }
            out.push((id, record));
        }
        Ok(out)
    }

    fn damaged(&self, detail: String) -> StoreError {
        StoreError::Damaged { path: self.path.clone(), detail }
    }

    /// Stores edits that were applied to the draft, in one transaction.
    pub fn save(&mut self, edits: &[Edit]) -> Result<(), StoreError> {
        self.ensure_writable()?;
        let form = self.form;
        let path = self.path.clone();
        let err = |e| StoreError::from_sqlite(&path, e);
        let tx = begin_save(&mut self.conn).map_err(err)?;
        for edit in edits {
            write_edit(&tx, form, edit).map_err(err)?;
        }
        tx.commit().map_err(err)
    }

    /// Replaces the whole draft (import into an existing file), in one transaction.
    pub fn replace_draft(&mut self, doc: &Assessment) -> Result<(), StoreError> {
        self.ensure_writable()?;
        if doc.form().key != self.form.key {
            return Err(StoreError::FormMismatch { file: self.form.key.clone(), doc: doc.form().key.clone() });
        }
        let path = self.path.clone();
        let err = |e| StoreError::from_sqlite(&path, e);
        let tx = begin_save(&mut self.conn).map_err(err)?;
        write_draft(&tx, doc).map_err(err)?;
        tx.commit().map_err(err)
    }

    fn ensure_writable(&self) -> Result<(), StoreError> {
        match self.writable {
            true => Ok(()),
            false => Err(StoreError::OpenedReadOnly { path: self.path.clone() }),
        }
    }

    /// Closes the file and releases its lock, reporting any last error.
    pub fn close(self) -> Result<(), StoreError> {
        let path = self.path;
        self.conn.close().map_err(|(_, e)| StoreError::from_sqlite(&path, e))
    }
}

/// Starts a save. Page 1 is rewritten first with the next save sequence (`schema::user_version`),
/// so the journal of every save begins with page 1 as it was: `journal::inspect` reads it to tell
/// this file's journal from a stale one beside a restored backup or another file.
fn begin_save(conn: &mut Connection) -> rusqlite::Result<rusqlite::Transaction<'_>> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let now: i32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    tx.pragma_update(None, "user_version", schema::user_version(schema::FORMAT, schema::save_sequence(now)))?;
    Ok(tx)
}

/// The whole draft replaced by `doc`, inside an open transaction.
fn write_draft(tx: &rusqlite::Transaction, doc: &Assessment) -> rusqlite::Result<()> {
    tx.execute_batch(
        "DELETE FROM draft_value; DELETE FROM draft_block; DELETE FROM draft_acknowledgement; DELETE FROM draft_question; DELETE FROM draft_action; DELETE FROM draft_stage;",
    )?;
    for (list, ids) in doc.lists() {
        write_edit(tx, doc.form(), &Edit::Order { list: list.clone(), ids: ids.clone() })?;
    }
    for (p, entry) in doc.values() {
        write_edit(tx, doc.form(), &Edit::Value { path: p.clone(), entry: Some(entry.clone()) })?;
    }
    for (finding, mark) in doc.acknowledgements() {
        write_edit(tx, doc.form(), &Edit::Acknowledge { finding: finding.clone(), mark: Some(mark.clone()) })?;
    }
    for (id, a) in doc.actions() {
        write_edit(tx, doc.form(), &Edit::Action { id: id.clone(), action: Some(Box::new(a.clone())) })?;
    }
    for (id, r) in doc.stages() {
        write_edit(tx, doc.form(), &Edit::Stage { id: id.clone(), record: Some(Box::new(r.clone())) })?;
    }
    for (id, q) in doc.questions() {
        write_edit(tx, doc.form(), &Edit::ReviewItem { id: id.clone(), question: Some(Box::new(q.clone())) })?;
    }
    Ok(())
}

/// Stores (`Some`) or removes (`None`) one row of a table of records kept as RON (`Store::records`
/// reads them back).
fn write_record(tx: &rusqlite::Transaction, table: &str, id: &str, data: Option<String>) -> rusqlite::Result<()> {
    match data {
        Some(data) => tx.execute(
            &format!(
                "INSERT INTO {table} (id, data) VALUES (?1, ?2) ON CONFLICT (id) DO UPDATE SET data = excluded.data"
            ),
            params![id, data],
        ),
        None => tx.execute(&format!("DELETE FROM {table} WHERE id = ?1"), [id]),
    }
    .map(|_| ())
}

fn write_edit(tx: &rusqlite::Transaction, form: &Form, edit: &Edit) -> rusqlite::Result<()> {
    match edit {
        Edit::Value { path, entry: Some(entry) } => {
            tx.execute(
                "INSERT INTO draft_value (path, value) VALUES (?1, ?2)
                 ON CONFLICT (path) DO UPDATE SET value = excluded.value",
                params![path.render(form), ron_io::entry_to_text(entry)],
            )?;
        }
        Edit::Value { path, entry: None } => {
            tx.execute("DELETE FROM draft_value WHERE path = ?1", [path.render(form)])?;
        }
        Edit::Order { list, ids } => {
            let key = list.render(form);
            tx.execute("DELETE FROM draft_block WHERE list = ?1", [&key])?;
            let mut insert =
                tx.prepare_cached("INSERT INTO draft_block (list, position, block_id) VALUES (?1, ?2, ?3)")?;
            for (i, id) in ids.iter().enumerate() {
                insert.execute(params![key, i as i64, id])?;
            }
        }
        Edit::Acknowledge { finding, mark: Some(m) } => {
            tx.execute(
                "INSERT INTO draft_acknowledgement (finding, reason, marked) VALUES (?1, ?2, ?3)
                 ON CONFLICT (finding) DO UPDATE SET reason = excluded.reason, marked = excluded.marked",
                params![finding, m.reason, m.on.to_string()],
            )?;
        }
        Edit::Acknowledge { finding, mark: None } => {
            tx.execute("DELETE FROM draft_acknowledgement WHERE finding = ?1", [finding])?;
        }
        Edit::ReviewItem { id, question } => {
            let data = question.as_ref().map(|q| ron_io::question_to_text(form, id, q));
            write_record(tx, "draft_question", id, data)?;
        }
        Edit::Action { id, action } => {
            let data = action.as_ref().map(|a| ron_io::action_to_text(form, id, a));
            write_record(tx, "draft_action", id, data)?;
        }
        Edit::Stage { id, record } => {
            let data = record.as_ref().map(|r| ron_io::stage_to_text(id, r));
            write_record(tx, "draft_stage", id, data)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
