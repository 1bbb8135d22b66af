//! The tables of a `.hyoka` file and the forward migrations between file formats.
//!
//! `user_version` is the file format; `application_id` marks the file as ours. Migration N
//! turns a format N-1 file into format N inside one transaction. Never edit a released
//! migration: add a new one.

use rusqlite::{Connection, Transaction};

/// 'HYKS': written into the SQLite header so other programs (and we) can tell the file apart.
pub const APPLICATION_ID: i32 = 0x4859_4B53;

/// Each entry upgrades the file to format `index + 1`.
const MIGRATIONS: &[&str] = &[
    // Format 1: the working draft as rows (one per value, one per block instance), frozen
    // versions as canonical RON text that triggers make immutable.
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;
    CREATE TABLE draft_value (
        path  TEXT PRIMARY KEY,   -- ii.file[f-teate].storage.place
        value TEXT NOT NULL       -- the value in the RON interchange syntax
    ) STRICT;
    CREATE TABLE draft_block (
        list     TEXT NOT NULL,   -- ii.file[f-teate].outsourcing.task
        position INTEGER NOT NULL,
        block_id TEXT NOT NULL,
        PRIMARY KEY (list, position)
    ) STRICT;
    CREATE TABLE version (
        number    INTEGER PRIMARY KEY,
        stage     TEXT NOT NULL,
        frozen_at TEXT NOT NULL,  -- RFC 3339 with the local offset
        note      TEXT NOT NULL,
        form      TEXT NOT NULL,  -- 様式 key the version was written on
        content   TEXT NOT NULL,  -- canonical RON export
        sha256    TEXT NOT NULL   -- of content, lowercase hex
    ) STRICT;
    CREATE TRIGGER version_is_frozen_update BEFORE UPDATE ON version
        BEGIN SELECT RAISE(ABORT, 'a frozen version cannot be changed'); END;
    CREATE TRIGGER version_is_frozen_delete BEFORE DELETE ON version
        BEGIN SELECT RAISE(ABORT, 'a frozen version cannot be deleted'); END;
    "#,
    // Format 2: 事前点検 findings marked 確認済み, with their reason (check::Finding::key), and the
    // 質問事項 of a review with their answers (review::Question).
    r#"
    CREATE TABLE draft_acknowledgement (
        finding TEXT PRIMARY KEY,  -- K13-0123456789abcdef0123456789abcdef
        reason  TEXT NOT NULL,
        marked  TEXT NOT NULL      -- YYYY-MM-DD
    ) STRICT;
    CREATE TABLE draft_question (
        id   TEXT PRIMARY KEY,     -- q-3k9x2a
        data TEXT NOT NULL         -- Question(…) in the RON interchange syntax
    ) STRICT;
    CREATE TABLE draft_action (
        id   TEXT PRIMARY KEY,     -- p-3k9x2a
        data TEXT NOT NULL         -- Action(…) in the RON interchange syntax (対策計画)
    ) STRICT;
    "#,
    // Format 3: the records of the procedure's stages, from which Ⅵ is filled
    // (review::procedure).
    r#"
    CREATE TABLE draft_stage (
        id   TEXT PRIMARY KEY,     -- s-3k9x2a
        data TEXT NOT NULL         -- Stage(…) in the RON interchange syntax
    ) STRICT;
    "#,
];

/// The oldest format this program reads without upgrading it: every migration after it only
/// adds a table, whose absence reads as empty. A file opened for reading only stays as it is.
pub const READABLE_FROM: i32 = 1;

/// The file format this program writes.
pub const FORMAT: i32 = MIGRATIONS.len() as i32;

/// Brings a file from `from` up to [`FORMAT`]. `from` is 0 for a new, empty file.
pub fn migrate(tx: &Transaction, from: i32) -> rusqlite::Result<()> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from.max(0) as usize) {
        tx.execute_batch(sql)?;
        let before: i32 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        tx.pragma_update(None, "user_version", user_version(i as i32 + 1, save_sequence(before)))?;
    }
    Ok(())
}

/// `user_version` holds the file format in its top byte and a save sequence in the low 24
/// bits, which every save advances (so every save rewrites page 1, and the copy of page 1 in a
/// journal says which state of which file the journal belongs to; `journal.rs`). The sequence
/// starts at random at every opening for editing, so two files, or two copies of one file edited
/// apart, rarely share one. Files written before the sequence
/// (format 1 as a plain `user_version = 1`) read as format 1 without a sequence.
pub fn format_of(user_version: i32) -> i32 {
    match save_sequence(user_version) {
        Some(_) => (user_version as u32 >> 24) as i32,
        None => user_version,
    }
}

/// The save sequence of a `user_version`, if the file has one.
pub fn save_sequence(user_version: i32) -> Option<u32> {
    (user_version >= 1 << 24).then_some(user_version as u32 & 0xFF_FFFF)
}

/// The `user_version` for `format` and the sequence after `previous` (a random start when there
/// is none yet).
pub fn user_version(format: i32, previous: Option<u32>) -> i32 {
    let next = previous.map_or_else(|| fastrand::u32(..), |s| s.wrapping_add(1)) & 0xFF_FFFF;
    ((format as u32) << 24 | next) as i32
}

/// Marks a new file as ours.
pub fn stamp(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "application_id", APPLICATION_ID)
}
