//! Files in and out, for the CLI and the GUI alike.
//!
//! - Every output (PDF, RON, comparison) is written atomically beside its target (a temporary file
//!   renamed into place), and never onto an assessment file: a `-o` that names a `.hyoka` file,
//!   any file that is an assessment by its header, or one of the command's own inputs is refused
//!   before anything is written, so no command can replace an assessment with a PDF.
//! - Every input is read with a bound: only regular files (a FIFO or `/dev/zero` would block or
//!   never end), at most a stated number of bytes, and a UTF-8 BOM (Windows Notepad writes one)
//!   is dropped from text.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

/// The largest RON interchange file read (an assessment ten times the sample is about 2 MB; a
/// picture of the 上限 20 MB grows by a third in base64).
pub const MAX_RON_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FsError {
    #[error("{path}: the output would replace an assessment file")]
    OutputIsAnAssessment { path: PathBuf },
    #[error("{path}: the output is one of the command's inputs")]
    OutputIsAnInput { path: PathBuf },
    #[error("{path}: not a regular file")]
    NotAFile { path: PathBuf },
    #[error("{path}: {bytes} bytes, more than {max}")]
    TooLarge { path: PathBuf, bytes: u64, max: u64 },
    #[error("{path}: not UTF-8 text")]
    NotUtf8 { path: PathBuf },
    #[error("{path}: cannot be read: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}: cannot be written: {source}")]
    Write { path: PathBuf, source: std::io::Error },
}

/// Whether `path` holds an assessment or is part of one: its name ends in `.hyoka` (or is the
/// `-journal`, `-wal`, `-shm` SQLite keeps beside one, or a journal set aside), or it is an
/// SQLite file stamped with our application id (a renamed `.hyoka` is still one).
pub fn is_assessment(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy().to_lowercase()).unwrap_or_default();
    let beside = ["-journal", "-wal", "-shm"].iter().any(|s| name.contains(&format!(".hyoka{s}")));
    if name.ends_with(".hyoka") || beside {
        return true;
    }
    let Ok(meta) = std::fs::metadata(path) else { return false };
    if !meta.is_file() {
        return false;
    }
    let mut head = [0u8; 72];
    let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head));
    read.is_ok()
        && &head[..16] == b"SQLite format 3\0"
        && i32::from_be_bytes([head[68], head[69], head[70], head[71]]) == crate::store::APPLICATION_ID
}

/// Whether two paths name the same existing file (through links and `..` too).
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder renamed into place, so
/// a failed write never leaves a half-written file nor destroys the old one.
///
/// Refused before anything is written: `path` is one of `inputs`, an assessment file
/// ([`is_assessment`]), or something other than a regular file (a folder, a device). A symbolic
/// link is followed: its target is checked and replaced, the link stays.
pub fn write_output(path: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), FsError> {
    let owned = || path.to_owned();
    if path.file_name().is_none() {
        return Err(FsError::NotAFile { path: owned() });
    }
    // A symbolic link is written through, to the file it names (renaming onto the link would
    // replace the link itself); a dangling one, or one into /dev or /proc (`-o /dev/stdout`), is
    // no file to write.
    let target;
    let path = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            target = std::fs::canonicalize(path).map_err(|_| FsError::NotAFile { path: owned() })?;
            if cfg!(unix) && (target.starts_with("/dev") || target.starts_with("/proc")) {
                return Err(FsError::NotAFile { path: owned() });
            }
            target.as_path()
        }
        _ => path,
    };
    if inputs.iter().any(|i| same_file(i, path)) {
        return Err(FsError::OutputIsAnInput { path: owned() });
    }
    if is_assessment(path) {
        return Err(FsError::OutputIsAnAssessment { path: owned() });
    }
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(FsError::NotAFile { path: owned() });
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let write = |source| FsError::Write { path: owned(), source };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".hyokasho-").suffix(".tmp");
    // An output is an ordinary document (a public PDF is handed on): readable as the user's
    // umask says, not the temporary file's private 0600.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(write)?;
    tmp.write_all(bytes).map_err(write)?;
    tmp.as_file().sync_all().map_err(write)?;
    tmp.persist(path).map_err(|e| write(e.error))?;
    Ok(())
}

/// Reads a whole regular file of at most `max` bytes. A FIFO, a device or a folder is refused
/// without being opened (opening a FIFO would wait for a writer).
pub fn read_bounded(path: &Path, max: u64) -> Result<Vec<u8>, FsError> {
    let read = |source| FsError::Read { path: path.to_owned(), source };
    let meta = std::fs::metadata(path).map_err(read)?;
    if !meta.is_file() {
        return Err(FsError::NotAFile { path: path.to_owned() });
    }
    if meta.len() > max {
        return Err(FsError::TooLarge { path: path.to_owned(), bytes: meta.len(), max });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // The file may grow after the size check: read one byte past the bound to notice.
    std::fs::File::open(path).map_err(read)?.take(max + 1).read_to_end(&mut bytes).map_err(read)?;
    if bytes.len() as u64 > max {
        return Err(FsError::TooLarge { path: path.to_owned(), bytes: bytes.len() as u64, max });
    }
    Ok(bytes)
}

/// Reads a UTF-8 text file of at most `max` bytes, without a leading BOM.
pub fn read_text(path: &Path, max: u64) -> Result<String, FsError> {
    let bytes = read_bounded(path, max)?;
    let text = String::from_utf8(bytes).map_err(|_| FsError::NotUtf8 { path: path.to_owned() })?;
    Ok(match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_onto_its_input_or_an_assessment_is_refused_and_nothing_changes() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.txt");
        std::fs::write(&input, "元の内容").unwrap();
        let err = write_output(&input, b"new", &[&input]).unwrap_err();
        assert!(matches!(err, FsError::OutputIsAnInput { .. }));
        assert_eq!(std::fs::read_to_string(&input).unwrap(), "元の内容");

        // A renamed assessment is recognised by its header, not its name.
        let renamed = dir.path().join("renamed.pdf");
        crate::store::Store::create(&renamed, crate::form::current()).unwrap().close().unwrap();
        let before = std::fs::read(&renamed).unwrap();
        assert!(matches!(write_output(&renamed, b"%PDF", &[]), Err(FsError::OutputIsAnAssessment { .. })));
        assert_eq!(std::fs::read(&renamed).unwrap(), before);
        let named = dir.path().join("new.hyoka");
        assert!(matches!(write_output(&named, b"%PDF", &[]), Err(FsError::OutputIsAnAssessment { .. })));
        assert!(!named.exists());
        // Nor the journal SQLite keeps beside one (it may hold a crashed save).
        let journal = dir.path().join("renamed.hyoka-journal");
        assert!(matches!(write_output(&journal, b"%PDF", &[]), Err(FsError::OutputIsAnAssessment { .. })));
    }

    #[test]
    fn outputs_replace_ordinary_files_and_leave_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.pdf");
        std::fs::write(&out, "old").unwrap();
        write_output(&out, b"new", &[]).unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            let plain = dir.path().join("plain.txt");
            std::fs::write(&plain, "x").unwrap();
            assert_eq!(mode(&out), mode(&plain), "an output has the mode any new file gets here");
            std::fs::remove_file(&plain).unwrap();
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn an_output_through_a_symbolic_link_writes_its_target_and_keeps_the_link() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("公表用_介護保険.pdf");
        std::fs::write(&real, "old").unwrap();
        let link = dir.path().join("latest.pdf");
        symlink(&real, &link).unwrap();
        write_output(&link, b"new", &[]).unwrap();
        assert_eq!(std::fs::read(&real).unwrap(), b"new");
        assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link stays a link");

        // Through a link onto an assessment, a device or nothing: refused, the link kept.
        let hyoka = dir.path().join("kaigo.hyoka");
        crate::store::Store::create(&hyoka, crate::form::current()).unwrap().close().unwrap();
        let before = std::fs::read(&hyoka).unwrap();
        let to_hyoka = dir.path().join("out.pdf");
        symlink(&hyoka, &to_hyoka).unwrap();
        assert!(matches!(write_output(&to_hyoka, b"%PDF", &[]), Err(FsError::OutputIsAnAssessment { .. })));
        assert_eq!(std::fs::read(&hyoka).unwrap(), before);
        for (name, target) in [("null.pdf", Path::new("/dev/null")), ("gone.pdf", &dir.path().join("missing.pdf"))] {
            let l = dir.path().join(name);
            symlink(target, &l).unwrap();
            assert!(matches!(write_output(&l, b"%PDF", &[]), Err(FsError::NotAFile { .. })), "{name}");
            assert!(std::fs::symlink_metadata(&l).unwrap().file_type().is_symlink(), "{name}");
        }
    }

    #[test]
    fn inputs_are_bounded_and_lose_their_bom() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.ron");
        std::fs::write(&f, "\u{FEFF}Assessment()").unwrap();
        assert_eq!(read_text(&f, 100).unwrap(), "Assessment()");
        assert!(matches!(read_text(&f, 5), Err(FsError::TooLarge { .. })));
        assert!(matches!(read_text(dir.path(), 100), Err(FsError::NotAFile { .. })));
        #[cfg(unix)]
        assert!(matches!(read_text(Path::new("/dev/zero"), 100), Err(FsError::NotAFile { .. })));
    }
}
