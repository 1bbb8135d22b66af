//! Where an assessment file lives, and whether that place is safe for it.
//!
//! An assessment is an SQLite database, and SQLite needs a local disk: on a network share (SMB)
//! its file locks are not reliable, so two PCs can write at once, and a dropped connection in
//! the middle of a save can leave the file damaged (<https://www.sqlite.org/useovernet.html>).
//! A sync client (OneDrive, Dropbox …) copies the file while it is being written, or its
//! `-journal` without it, and may bring back an older copy or a 「競合」 duplicate. So opening or
//! creating an assessment in such a place is warned about (`crate::messages::location`), never
//! refused: some offices have nowhere else to put it.
//!
//! What can be read from the path itself (UNC paths, the folders sync clients use) is decided by
//! [`risk_by_name`] on any platform; a drive letter mapped to a share is asked of Windows.

use std::path::Path;

/// Why a place is unsafe for an assessment file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Risk {
    /// A network share: a UNC path (`\\server\share`), or a drive letter mapped to one.
    NetworkShare,
    /// A folder a sync client copies elsewhere; the service's name as users know it.
    SyncedFolder(&'static str),
}

/// The risk of keeping an assessment at `path` (the file need not exist yet). A relative path
/// is read against the current folder first.
pub fn risk(path: &Path) -> Option<Risk> {
    let text = resolved(path).to_string_lossy().into_owned();
    risk_by_name(&text, cfg!(windows)).or_else(|| {
        let root = drive_root(&text)?;
        is_remote_drive(&root).then_some(Risk::NetworkShare)
    })
}

/// Where `path` really is: its folder with symbolic links and `..` resolved when the folder
/// exists (a link into a OneDrive folder is in it), else the absolute path with `..` taken out
/// by its text (「OneDrive/../safe」 is not in OneDrive).
fn resolved(path: &Path) -> std::path::PathBuf {
    let full = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
    if let (Some(folder), Some(name)) = (full.parent(), full.file_name())
        && let Ok(real) = std::fs::canonicalize(folder)
    {
        return real.join(name);
    }
    let mut out = std::path::PathBuf::new();
    for part in full.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The risk that the path's text alone shows. `windows`: read it by Windows' rules, where
/// `//server/share` is a UNC path too (on Linux a leading `//` is only `/`).
pub fn risk_by_name(path: &str, windows: bool) -> Option<Risk> {
    let unc = path.starts_with(r"\\") && !is_local_device_path(path);
    if unc || (windows && path.starts_with("//") && !is_local_device_path(&path.replace('/', "\\"))) {
        return Some(Risk::NetworkShare);
    }
    // Only the folders: a file merely named 「Box.hyoka」 is not in a synced folder.
    let mut parts: Vec<&str> = path.split(['/', '\\']).filter(|p| !p.is_empty()).collect();
    parts.pop();
    parts.into_iter().find_map(synced_folder).map(Risk::SyncedFolder)
}

/// `\\?\C:\…` and `\\.\C:\…` name a local drive; `\\?\UNC\server\share` is still a share.
fn is_local_device_path(path: &str) -> bool {
    let Some(rest) = path.strip_prefix(r"\\?\").or_else(|| path.strip_prefix(r"\\.\")) else {
        return false;
    };
    !rest.get(..4).is_some_and(|p| p.eq_ignore_ascii_case(r"UNC\"))
}

/// The service whose sync client uses a folder of this name, as each names it on Windows (and,
/// for the ones that have a Linux client, on Linux): 「OneDrive - みどり市」 is an organisation's
/// OneDrive, 「マイドライブ」 the Japanese Google Drive for desktop.
fn synced_folder(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    let is = |names: &[&str]| names.contains(&lower.as_str());
    let onedrive = ["onedrive - ", "onedrive -", "onedrive (", "onedrive（", "onedrive for business"];
    // A SharePoint or Teams library synced by OneDrive: 「みどり市 - Documents」.
    let library = [" - documents", " - ドキュメント", " - 共有ドキュメント"];
    if is(&["onedrive"]) || onedrive.iter().any(|p| lower.starts_with(p)) {
        Some("OneDrive")
    } else if library.iter().any(|s| lower.ends_with(s)) {
        Some("OneDrive（SharePoint）")
    } else if is(&["dropbox"]) || lower.starts_with("dropbox (") {
        Some("Dropbox")
    } else if is(&["google drive", "googledrive", "google ドライブ", "my drive", "マイドライブ", "shared drives"])
    {
        // 「共有ドライブ」 is left out: offices give their own file server's share that name.
        Some("Google ドライブ")
    } else if name == "Box" || is(&["box sync"]) {
        // Box Drive's folder is 「Box」; a folder merely called 「box」 is not taken for it.
        Some("Box")
    } else if is(&["iclouddrive", "icloud drive", "com~apple~clouddocs"]) {
        Some("iCloud Drive")
    } else {
        None
    }
}

/// The root of the drive a Windows path is on (`C:\`), to ask Windows what kind of drive it is.
pub fn drive_root(path: &str) -> Option<String> {
    let rest = path.strip_prefix(r"\\?\").or_else(|| path.strip_prefix(r"\\.\")).unwrap_or(path);
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some(letter), Some(':')) if letter.is_ascii_alphabetic() => {
            Some(format!("{}:\\", letter.to_ascii_uppercase()))
        }
        _ => None,
    }
}

/// Whether Windows reports the drive as a network drive (a letter mapped to a share).
#[cfg(windows)]
fn is_remote_drive(root: &str) -> bool {
    use windows_sys::Win32::Storage::FileSystem::GetDriveTypeW;
    use windows_sys::Win32::System::WindowsProgramming::DRIVE_REMOTE;
    let wide: Vec<u16> = root.encode_utf16().chain(std::iter::once(0)).collect();
    // SAFETY: `wide` is a NUL-terminated UTF-16 string that outlives the call.
    unsafe { GetDriveTypeW(wide.as_ptr()) == DRIVE_REMOTE }
}

#[cfg(not(windows))]
fn is_remote_drive(_root: &str) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unc_paths_are_network_shares() {
        for path in [
            r"\\fileserver\共有\評価書\児童手当.hyoka",
            r"\\?\UNC\fileserver\share\児童手当.hyoka",
            r"\\?\unc\fileserver\share\児童手当.hyoka",
            r"\\.\UNC\fileserver\share\x.hyoka",
        ] {
            assert_eq!(risk_by_name(path, true), Some(Risk::NetworkShare), "{path}");
            assert_eq!(risk_by_name(path, false), Some(Risk::NetworkShare), "{path}");
        }
        assert_eq!(risk_by_name("//fileserver/share/x.hyoka", true), Some(Risk::NetworkShare));
    }

    #[test]
    fn local_paths_are_safe() {
        for (path, windows) in [
            (r"C:\Users\yamada\Documents\児童手当.hyoka", true),
            (r"\\?\C:\Users\yamada\Documents\児童手当.hyoka", true),
            (r"D:\評価 テスト\Box.hyoka", true),
            (r"C:\Users\yamada\Documents\OneDriveの使い方\x.hyoka", true),
            // An office's own file-server folder of that name, and a folder merely called box.
            (r"D:\共有ドライブ\国保年金課\x.hyoka", true),
            ("/home/yamada/boxes/box/x.hyoka", false),
            (r"C:\Users\yamada\OneDriveBackup\x.hyoka", true),
            ("/home/yamada/Documents/児童手当.hyoka", false),
            // On Linux a leading `//` is the root folder, not a share.
            ("//home/yamada/児童手当.hyoka", false),
        ] {
            assert_eq!(risk_by_name(path, windows), None, "{path}");
        }
    }

    #[test]
    fn synced_folders_are_named_by_their_service() {
        for (path, service) in [
            (r"C:\Users\yamada\OneDrive\ドキュメント\児童手当.hyoka", "OneDrive"),
            (r"C:\Users\yamada\OneDrive - みどり市\Documents\児童手当.hyoka", "OneDrive"),
            ("/home/yamada/OneDrive/児童手当.hyoka", "OneDrive"),
            (r"C:\Users\yamada\Dropbox (みどり市)\x.hyoka", "Dropbox"),
            ("/home/yamada/Dropbox/評価書/x.hyoka", "Dropbox"),
            (r"G:\マイドライブ\評価書\x.hyoka", "Google ドライブ"),
            (r"G:\My Drive\x.hyoka", "Google ドライブ"),
            (r"C:\Users\yamada\Google Drive\x.hyoka", "Google ドライブ"),
            (r"C:\Users\yamada\Box\評価書\x.hyoka", "Box"),
            (r"C:\Users\yamada\iCloudDrive\x.hyoka", "iCloud Drive"),
            (r"C:\Users\yamada\OneDrive for Business\x.hyoka", "OneDrive"),
            (r"C:\Users\yamada\OneDrive (かわせみ市)\x.hyoka", "OneDrive"),
            (r"C:\Users\yamada\かわせみ市\国保年金課 - Documents\x.hyoka", "OneDrive（SharePoint）"),
            (r"C:\Users\yamada\かわせみ市\介護保険課 - ドキュメント\x.hyoka", "OneDrive（SharePoint）"),
            ("/Users/yamada/Library/Mobile Documents/com~apple~CloudDocs/x.hyoka", "iCloud Drive"),
        ] {
            assert_eq!(risk_by_name(path, path.contains('\\')), Some(Risk::SyncedFolder(service)), "{path}");
        }
    }

    #[test]
    fn the_drive_root_is_read_from_plain_and_verbatim_paths() {
        assert_eq!(drive_root(r"z:\tmp\x.hyoka").as_deref(), Some(r"Z:\"));
        assert_eq!(drive_root(r"\\?\C:\x.hyoka").as_deref(), Some(r"C:\"));
        assert_eq!(drive_root(r"\\server\share\x.hyoka"), None);
        assert_eq!(drive_root("/home/x.hyoka"), None);
    }

    /// Where the file really is counts: `..` out of a synced folder leaves it, and a symbolic
    /// link into one leads in.
    #[test]
    fn the_real_folder_counts_not_the_way_it_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let synced = dir.path().join("OneDrive - かわせみ市");
        let safe = dir.path().join("評価書");
        std::fs::create_dir_all(&synced).unwrap();
        std::fs::create_dir_all(&safe).unwrap();
        assert_eq!(risk(&synced.join("../評価書/x.hyoka")), None);
        assert_eq!(risk(&synced.join("../まだない/x.hyoka")), None, "a folder that does not exist yet");
        assert_eq!(risk(&synced.join("x.hyoka")), Some(Risk::SyncedFolder("OneDrive")));
        #[cfg(unix)]
        {
            let link = dir.path().join("近道");
            std::os::unix::fs::symlink(&synced, &link).unwrap();
            assert_eq!(risk(&link.join("x.hyoka")), Some(Risk::SyncedFolder("OneDrive")));
        }
    }
}
