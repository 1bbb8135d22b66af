//! The rollback journal (`….hyoka-journal`) left beside a file by a save that was cut short, read
//! with plain file I/O before SQLite opens the file.
//!
//! SQLite plays a hot journal back into whatever file now has the name, so a journal left by a
//! crash, followed by a backup (or another assessment) copied over the file, would write the
//! crashed file's old pages into it and corrupt it. A journal belongs to the file when the copy
//! of page 1 it holds is page 1 of this very file before the interrupted save. Every save
//! rewrites page 1 first with the next save sequence (`schema::user_version`: a random start at
//! every opening for editing, +1 per save), so the check is: same application id and page size,
//! and the file's sequence equal to the journal's (the save had not written page 1 yet) or one
//! more (it had). A copy of the file edited elsewhere was opened there, so its sequence started
//! afresh and does not match (one chance in 2^24 that it does).
//! The one write of an opening for editing (the new sequence) touches page 1 alone; a journal of
//! that page only, whose page 1 differs from the file's in the counters alone, is that opening's
//! and is played back too (it restores the counters and nothing else).
//! A journal with records but no page 1 was not written by a save of ours. A journal that does
//! not belong is set aside, never applied.
//!
//! Files written before the sequence existed fall back to SQLite's change counter, which in
//! EXCLUSIVE locking mode moves once per opening: a backup from an earlier session is told
//! apart, a copy from the same session is not.
//!
//! Journal layout (sqlite.org/fileformat.html §4): an 8-byte magic, the record count, the
//! checksum nonce, the database size in pages, the sector size and the page size, padded to one
//! sector; then records of a 4-byte page number, the page, and a 4-byte checksum.

use super::schema::{APPLICATION_ID, format_of, save_sequence};
use std::io::{Read as _, Seek as _, SeekFrom};
use std::path::{Path, PathBuf};

const MAGIC: [u8; 8] = [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7];

/// What lies beside the file.
#[derive(Debug, PartialEq, Eq)]
pub enum Journal {
    /// No journal, or one SQLite will ignore (empty, zeroed, no records).
    None,
    /// A hot journal of this file: SQLite rolls the interrupted save back when it opens the file.
    Hot,
    /// The journal of an opening for editing cut short (its one write, page 1's new save
    /// sequence): SQLite plays it back, which restores the old sequence and nothing else; no
    /// save was lost, so the user is not told.
    HotOpening,
    /// A journal of another file, or of another state of this one (a backup copied over it).
    Foreign,
}

pub fn path_of(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push("-journal");
    PathBuf::from(s)
}

fn be32(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// Reads the journal beside `db` (whose 100-byte header is `db_header`).
pub fn inspect(db: &Path, db_header: &[u8; 100]) -> Journal {
    let db_page_one = || -> Option<Vec<u8>> {
        let mut f = std::fs::File::open(db).ok()?;
        let mut page = vec![0u8; page_size_of(db_header)];
        f.read_exact(&mut page).ok()?;
        Some(page)
    };
    let Ok(mut f) = std::fs::File::open(path_of(db)) else { return Journal::None };
    let mut head = [0u8; 28];
    if f.read_exact(&mut head).is_err() || head[..8] != MAGIC {
        return Journal::None;
    }
    let sector = u64::from(be32(&head, 20));
    let page_size = be32(&head, 24) as usize;
    let db_page_size = page_size_of(db_header);
    if page_size == 0 || !(512..=65536).contains(&sector) || page_size > 65536 {
        return Journal::None;
    }
    if page_size != db_page_size {
        return Journal::Foreign;
    }
    let records = match be32(&head, 8) {
        // 0xFFFFFFFF: as many records as the file holds.
        u32::MAX => u64::MAX,
        n => u64::from(n),
    };
    let mut record = vec![0u8; page_size + 8];
    let mut at = sector;
    let mut seen = 0u64;
    while seen < records {
        if f.seek(SeekFrom::Start(at)).is_err() || f.read_exact(&mut record).is_err() {
            break;
        }
        if be32(&record, 0) == 1 {
            let page = &record[4..4 + page_size];
            let ours = &page[..16] == b"SQLite format 3\0" && be32(page, 68) as i32 == APPLICATION_ID;
            let next = |before: u32, now: u32| now == before || now == before.wrapping_add(1);
            let (before, now) = (be32(page, 60) as i32, be32(db_header, 60) as i32);
            let same_state = match (save_sequence(before), save_sequence(now)) {
                (Some(b), Some(n)) => format_of(before) == format_of(now) && (n == b || n == (b + 1) & 0xFF_FFFF),
                // Written before the save sequence: the change counter (once per opening).
                (None, None) => next(be32(page, 24), be32(db_header, 24)),
                _ => false,
            };
            // An opening for editing writes page 1 alone (the new sequence, at random, so it
            // never follows the old one): its journal is that one page, and the file's page 1 is
            // the same but for the counters. Playing it back changes nothing but the counters,
            // whatever file this now is, so it is never set aside.
            let opening = ours
                && !same_state
                && records == 1
                && db_page_one().is_some_and(|now| only_counters_differ(page, &now));
            return match (ours && same_state, opening) {
                (true, _) => Journal::Hot,
                (false, true) => Journal::HotOpening,
                (false, false) => Journal::Foreign,
            };
        }
        at += record.len() as u64;
        seen += 1;
    }
    // Records but no page 1: not the journal of a save of ours (another tool's, or another
    // file's), so never played back here. No records: SQLite drops it without playing anything.
    if seen == 0 { Journal::None } else { Journal::Foreign }
}

fn page_size_of(db_header: &[u8; 100]) -> usize {
    match u16::from_be_bytes([db_header[16], db_header[17]]) {
        1 => 65536,
        n => usize::from(n),
    }
}

/// Whether two copies of page 1 differ only in what a write of `user_version` changes: the
/// file change counter (bytes 24–27), the user version (60–63) and the version-valid-for number
/// (92–95) (sqlite.org/fileformat.html §1.3).
fn only_counters_differ(before: &[u8], now: &[u8]) -> bool {
    before.len() == now.len()
        && before.iter().zip(now).enumerate().all(|(i, (a, b))| a == b || matches!(i, 24..28 | 60..64 | 92..96))
}

/// Moves a foreign journal out of SQLite's way, to `….hyoka-journal.orphan` (numbered if that
/// exists), and returns where it went.
pub fn set_aside(db: &Path) -> std::io::Result<PathBuf> {
    let from = path_of(db);
    let mut to = PathBuf::from(format!("{}.orphan", from.display()));
    let mut n = 2;
    while to.exists() {
        to = PathBuf::from(format!("{}.orphan{n}", from.display()));
        n += 1;
    }
    std::fs::rename(&from, &to)?;
    Ok(to)
}
