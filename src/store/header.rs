//! Reads the 100-byte SQLite header with plain file I/O, so a damaged, foreign or newer file is
//! recognised and refused before SQLite opens it (SQLite might otherwise roll back a journal or
//! rewrite the header).

use super::StoreError;
use super::schema::{APPLICATION_ID, FORMAT};
use std::io::Read;
use std::path::Path;

const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// What the header says about the file.
#[derive(Debug, PartialEq, Eq)]
pub struct Header {
    pub format: i32,
    /// The 100 bytes as read, for the journal check.
    pub raw: [u8; 100],
    /// Left in WAL mode by another tool (read and write version 2).
    pub wal: bool,
}

pub fn read(path: &Path) -> Result<Header, StoreError> {
    let mut file = std::fs::File::open(path).map_err(|e| StoreError::io_reading(path, e))?;
    let mut buf = [0u8; 100];
    let mut filled = 0;
    while filled < buf.len() {
        match file.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) => return Err(StoreError::io_reading(path, e)),
        }
    }
    if filled < buf.len() || &buf[..16] != MAGIC {
        return Err(StoreError::NotAnAssessment { path: path.to_owned(), reason: NotOurs::NotSqlite });
    }
    let int_at = |at: usize| i32::from_be_bytes([buf[at], buf[at + 1], buf[at + 2], buf[at + 3]]);
    let app_id = int_at(68);
    let format = super::schema::format_of(int_at(60));
    if app_id != APPLICATION_ID {
        return Err(StoreError::NotAnAssessment { path: path.to_owned(), reason: NotOurs::OtherApplication });
    }
    if let Some(what) = damage(&buf) {
        return Err(StoreError::Damaged { path: path.to_owned(), detail: format!("header: {what}") });
    }
    if format > FORMAT {
        return Err(StoreError::NewerFormat { path: path.to_owned(), found: format, supported: FORMAT });
    }
    Ok(Header { format, raw: buf, wal: buf[18] == 2 || buf[19] == 2 })
}

/// What in a header of ours no SQLite file of ours can hold (sqlite.org/fileformat.html §1.3),
/// so that a damaged header is called damaged rather than read as an old format to upgrade or a
/// read-only file: the page size, the read/write versions (1 or 2), the payload fractions
/// (64, 32, 32), and a negative `user_version` (our formats are small positive numbers; a
/// larger one than this program knows is a newer format, reported as such).
fn damage(h: &[u8; 100]) -> Option<&'static str> {
    let page = u32::from(u16::from_be_bytes([h[16], h[17]]));
    let page_ok = page == 1 || (512..=32768).contains(&page) && page.is_power_of_two();
    let user_version = i32::from_be_bytes([h[60], h[61], h[62], h[63]]);
    if !page_ok {
        Some("page size")
    } else if !matches!(h[18], 1 | 2) || !matches!(h[19], 1 | 2) {
        Some("read/write version")
    } else if h[21..24] != [64, 32, 32] {
        Some("payload fractions")
    } else if user_version < 0 {
        // Format bytes of 128 and more: no format of ours, a flipped top bit.
        Some("user_version")
    } else {
        None
    }
}

/// Why a file is not an assessment this program can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotOurs {
    /// Not an SQLite database at all (another kind of file, or damaged beyond its first page).
    NotSqlite,
    /// An SQLite database written by another program.
    OtherApplication,
    /// Marked as ours but its content is damaged.
    Damaged,
}
