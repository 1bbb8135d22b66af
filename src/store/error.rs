//! What can go wrong with a `.hyoka` file, in domain words. The CLI and GUI turn these into
//! Japanese messages that say what to do (`crate::messages`).

use super::NotOurs;
use rusqlite::ErrorCode;
use std::path::{Path, PathBuf};
use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{path}: no such file")]
    NotFound { path: PathBuf },
    #[error("{path}: the folder to create it in does not exist")]
    NoSuchFolder { path: PathBuf },
    #[error("{path}: already exists")]
    AlreadyExists { path: PathBuf },
    /// A file that a new assessment file's database would take as its own rollback journal (or
    /// WAL) and delete: `path` is that file.
    #[error("{path}: would be taken as the new file's journal")]
    JournalInTheWay { path: PathBuf },
    #[error("{path}: not an assessment file ({reason:?})")]
    NotAnAssessment { path: PathBuf, reason: NotOurs },
    #[error("{path}: file format {found} is newer than this program's {supported}")]
    NewerFormat { path: PathBuf, found: i32, supported: i32 },
    #[error("{path}: an older file format that must be upgraded by opening it for editing")]
    NeedsUpgrade { path: PathBuf },
    #[error("written on form {key:?}, which this program does not know")]
    UnknownForm { key: String },
    #[error("the file is on form {file:?} but the assessment is on form {doc:?}")]
    FormMismatch { file: String, doc: String },
    #[error("{path}: locked by another instance")]
    LockedByAnotherInstance { path: PathBuf },
    #[error("{path}: opened read-only")]
    OpenedReadOnly { path: PathBuf },
    #[error("{path}: the file or its folder cannot be written")]
    NotWritable { path: PathBuf },
    #[error("{path}: the file cannot be read (no permission)")]
    NotReadable { path: PathBuf },
    #[error("{path}: an interrupted save cannot be rolled back because the file cannot be written")]
    CannotRecover { path: PathBuf },
    #[error("{path}: the disk is full")]
    DiskFull { path: PathBuf },
    #[error("{path}: damaged: {detail}")]
    Damaged { path: PathBuf, detail: String },
    #[error("{path}: version {number} no longer matches its SHA-256")]
    VersionAltered { path: PathBuf, number: u32 },
    #[error("there is no version {0}")]
    NoSuchVersion(u32),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}: {source}")]
    Sqlite { path: PathBuf, source: rusqlite::Error },
}

impl StoreError {
    pub fn io(path: &Path, source: std::io::Error) -> StoreError {
        use std::io::ErrorKind as K;
        let path = path.to_owned();
        match source.kind() {
            K::NotFound => StoreError::NotFound { path },
            K::PermissionDenied | K::ReadOnlyFilesystem => StoreError::NotWritable { path },
            K::StorageFull | K::QuotaExceeded => StoreError::DiskFull { path },
            _ => StoreError::Io { path, source },
        }
    }

    /// [`StoreError::io`] for a read: a refused permission means the file cannot be read.
    pub fn io_reading(path: &Path, source: std::io::Error) -> StoreError {
        match source.kind() {
            std::io::ErrorKind::PermissionDenied => StoreError::NotReadable { path: path.to_owned() },
            _ => StoreError::io(path, source),
        }
    }

    /// Maps SQLite's result codes to what they mean for the user.
    pub fn from_sqlite(path: &Path, source: rusqlite::Error) -> StoreError {
        let path = path.to_owned();
        // A stored value of the wrong type or not UTF-8: our schema never writes one, so the
        // file was damaged (a flipped bit) or altered by another tool.
        if matches!(
            source,
            rusqlite::Error::FromSqlConversionFailure(..)
                | rusqlite::Error::InvalidColumnType(..)
                | rusqlite::Error::Utf8Error(..)
                | rusqlite::Error::IntegralValueOutOfRange(..)
        ) {
            return StoreError::Damaged { path, detail: source.to_string() };
        }
        let code = source.sqlite_error_code();
        match code {
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => StoreError::LockedByAnotherInstance { path },
            Some(ErrorCode::NotADatabase) => StoreError::NotAnAssessment { path, reason: NotOurs::Damaged },
            Some(ErrorCode::DatabaseCorrupt) => StoreError::Damaged { path, detail: source.to_string() },
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
                StoreError::NotWritable { path }
            }
            Some(ErrorCode::DiskFull) => StoreError::DiskFull { path },
            _ => StoreError::Sqlite { path, source },
        }
    }
}
