//! Entry point: commands go to the CLI.
//!
//! On Windows the program is a GUI program (no console window flashes up when it is started
//! from Explorer or a USB stick); a command run from cmd or PowerShell attaches to that
//! console, so its output and messages still appear there.
#![cfg_attr(windows, windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    if !hyokasho::cli::opens_window(&args) {
        keep_large_blocks_out_of_the_heap();
    }
    #[cfg(windows)]
    if !hyokasho::cli::opens_window(&args) {
        attach_parent_console();
    }
    hyokasho::cli::run(args, hyokasho::gui::run)
}

/// glibc raises its mmap threshold each time a large block is freed, so that the growing
/// buffers of a PDF export (krilla's page streams, the file itself) end up in the brk heap, where
/// the holes they leave are never given back: a 339-page export peaked at 130 MB of resident
/// memory for 18 MB of live data. A fixed threshold (glibc's default before it adapts) gives
/// each large block its own mapping, returned when freed: the same export peaks at 36 MB, in
/// the same time. Commands only: the window keeps glibc's own behaviour, which suits a frame
/// loop that allocates and frees the same large buffers every frame.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_large_blocks_out_of_the_heap() {
    // SAFETY: mallopt only changes allocator parameters; it is called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

/// Gives a command the console of the cmd or PowerShell it was started from. Rust's standard
/// output asks Windows for the handle on every write and, when it is a console, writes UTF-16
/// with WriteConsoleW, so Japanese shows correctly whatever the console's code page; into a
/// file or pipe it writes UTF-8. Started from Explorer there is no console to attach to, and
/// nothing happens.
#[cfg(windows)]
fn attach_parent_console() {
    use windows_sys::Win32::Foundation::{HANDLE, INVALID_HANDLE_VALUE};
    use windows_sys::Win32::System::Console::{
        ATTACH_PARENT_PROCESS, AttachConsole, GetStdHandle, STD_ERROR_HANDLE, STD_OUTPUT_HANDLE, SetStdHandle,
    };
    let usable = |h: HANDLE| !h.is_null() && h != INVALID_HANDLE_VALUE;
    // SAFETY: plain Win32 calls on this process's standard handles; no pointers are passed.
    unsafe {
        // Output redirected to a file or pipe (`> 結果.txt`, `| more`) arrives as inherited
        // handles; those are kept as they are, whatever AttachConsole does to them, and only the
        // missing ones are pointed at the console.
        let kept = [STD_OUTPUT_HANDLE, STD_ERROR_HANDLE].map(|id| (id, GetStdHandle(id)));
        if kept.iter().all(|&(_, h)| usable(h)) || AttachConsole(ATTACH_PARENT_PROCESS) == 0 {
            return;
        }
        for (id, h) in kept {
            if usable(h) {
                SetStdHandle(id, h);
            }
        }
    }
}
