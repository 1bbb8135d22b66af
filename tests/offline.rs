//! Works fully offline and never sends anything anywhere (issue 17).
//!
//! - The commands run in a network namespace with no network at all (`unshare -n`, or
//!   `unshare -rn` when not root) and do exactly what they do with one.
//! - The window, opened on an assessment under Xvfb and traced with strace, creates no socket
//!   but local ones (AF_UNIX, and AF_NETLINK, which talks to the kernel only) and connects only
//!   to the display and the desktop bus.

mod common;

use common::{s, stderr};
use std::path::Path as FsPath;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const R7: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assessments/midori-jidoteate-r7.ron");
const R8: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/assessments/midori-jidoteate-r8.ron");
const KOKUHO: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/defective/kokuho-clean.ron");

/// `unshare` with a new, empty network namespace: as root `-n`, otherwise `-rn` (a user
/// namespace too). Fails the test, saying why, if neither is allowed here.
fn no_network() -> Vec<&'static str> {
    for args in [vec!["unshare", "-n"], vec!["unshare", "-rn"]] {
        let ok = Command::new(args[0]).args(&args[1..]).arg("true").status().is_ok_and(|s| s.success());
        if ok {
            return args;
        }
    }
    panic!("unshare -n / -rn is not allowed on this machine (util-linux, user namespaces): cannot run without network")
}

fn run_offline(prefix: &[&str], args: &[&str]) -> Output {
    Command::new(prefix[0])
        .args(&prefix[1..])
        .arg(env!("CARGO_BIN_EXE_hyokasho"))
        .args(args)
        .output()
        .expect("unshare runs")
}

#[test]
fn every_command_works_with_no_network_at_all() {
    let prefix = no_network();
    // Proof that the namespace really has no network: only a loopback that is down.
    let links = Command::new(prefix[0]).args(&prefix[1..]).args(["cat", "/proc/net/dev"]).output().unwrap();
    let links = String::from_utf8_lossy(&links.stdout).into_owned();
    assert_eq!(links.lines().filter(|l| l.contains(':')).count(), 1, "{links}");

    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("国保.hyoka");
    let r7 = dir.path().join("r7.hyoka");
    let steps: Vec<Vec<String>> = vec![
        vec!["import".into(), KOKUHO.into(), s(&f).into()],
        vec!["import".into(), R7.into(), s(&r7).into()],
        vec!["import".into(), R8.into(), s(&r7).into(), "--replace".into()],
        vec!["freeze".into(), s(&f).into(), "--stage".into(), "事前点検".into()],
        vec!["versions".into(), s(&f).into()],
        vec!["check".into(), s(&f).into()],
        vec!["pdf".into(), s(&f).into(), "-o".into(), s(&dir.path().join("国保.pdf")).into()],
        vec!["pdf".into(), s(&f).into(), "--public".into(), "-o".into(), s(&dir.path().join("公表.pdf")).into()],
        vec!["diff".into(), s(&r7).into(), "1".into(), "draft".into()],
        vec![
            "diff".into(),
            s(&r7).into(),
            "1".into(),
            "draft".into(),
            "--format".into(),
            "pdf".into(),
            "-o".into(),
            s(&dir.path().join("比較.pdf")).into(),
        ],
        vec!["export".into(), s(&f).into(), "-o".into(), s(&dir.path().join("国保.ron")).into()],
    ];
    for step in &steps {
        let args: Vec<&str> = step.iter().map(String::as_str).collect();
        let o = run_offline(&prefix, &args);
        // check and diff say 1 when they found something; everything else succeeds.
        assert!(matches!(o.status.code(), Some(0 | 1)), "{args:?} offline: {:?} {}", o.status, stderr(&o));
    }
    for pdf in ["国保.pdf", "公表.pdf", "比較.pdf"] {
        let bytes = std::fs::read(dir.path().join(pdf)).unwrap();
        assert!(bytes.starts_with(b"%PDF-") && bytes.len() > 10_000, "{pdf}");
    }
    // The same export with the network there: byte for byte the same.
    let online = dir.path().join("online.ron");
    assert!(common::hyokasho(&["export", s(&f), "-o", s(&online)]).status.success());
    assert_eq!(std::fs::read(dir.path().join("国保.ron")).unwrap(), std::fs::read(online).unwrap());
}

/// A free X display number.
fn free_display() -> u32 {
    (0..200)
        .map(|i| 90 + (std::process::id() + i) % 400)
        .find(|n| !FsPath::new(&format!("/tmp/.X11-unix/X{n}")).exists())
        .unwrap()
}

/// Whether a traced `connect(...)` goes to the display (X11, or Wayland, which winit tries
/// first), the desktop bus (D-Bus, including the accessibility bus), or glibc's local cache of
/// the user database (nscd, asked for the home folder): all sockets on this PC, none a network.
fn allowed_peer(line: &str) -> bool {
    let Some(at) = line.find("sun_path=") else { return false };
    let path = line[at + "sun_path=".len()..].trim_start_matches(['@', '"']);
    let path = &path[..path.find('"').unwrap_or(path.len())];
    let name = path.rsplit('/').next().unwrap_or("");
    path.starts_with("/tmp/.X11-unix/X")
        || name.starts_with("wayland-")
        || name == "bus"
        || path.contains("dbus")
        || path.contains("at-spi")
        || matches!(path, "/var/run/nscd/socket" | "/run/nscd/socket")
}

#[test]
fn the_window_opens_no_socket_but_the_displays_and_the_desktop_buss() {
    for tool in ["Xvfb", "strace"] {
        let found = Command::new("sh").args(["-c", &format!("command -v {tool}")]).output().unwrap();
        assert!(found.status.success(), "{tool} is needed (scripts/test installs it: apt-get install xvfb strace)");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("児童手当.hyoka");
    let o = common::hyokasho(&["import", R7, s(&file)]);
    assert!(o.status.success(), "{}", stderr(&o));

    let display = free_display();
    let mut xvfb = Command::new("Xvfb")
        .args([&format!(":{display}"), "-screen", "0", "1280x860x24", "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let socket = format!("/tmp/.X11-unix/X{display}");
    for _ in 0..100 {
        if FsPath::new(&socket).exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }

    let trace = dir.path().join("strace.log");
    let mut window = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=socket,connect,sendto,sendmsg", "-o", s(&trace)])
        .arg(env!("CARGO_BIN_EXE_hyokasho"))
        .arg(&file)
        .env("DISPLAY", format!(":{display}"))
        .env_remove("WAYLAND_DISPLAY")
        .env("XDG_RUNTIME_DIR", dir.path())
        .env("HOME", dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Long enough to start, open the file, draw frames and settle (several seconds in debug).
    std::thread::sleep(Duration::from_secs(8));
    let still_running = window.try_wait().unwrap().is_none();
    let _ = window.kill();
    let _ = window.wait();
    let _ = xvfb.kill();
    let _ = xvfb.wait();
    assert!(still_running, "the window did not stay open under Xvfb");

    let log = std::fs::read_to_string(&trace).unwrap();
    let mut offending = Vec::new();
    let mut connected_to_display = false;
    for line in log.lines() {
        if line.contains("socket(") && !(line.contains("AF_UNIX") || line.contains("AF_NETLINK")) {
            offending.push(line.to_owned());
        }
        if line.contains("connect(") {
            if line.contains("/tmp/.X11-unix/X") {
                connected_to_display = true;
            }
            if !line.contains("AF_UNIX") || !allowed_peer(line) {
                offending.push(line.to_owned());
            }
        }
        if (line.contains("sendto(") || line.contains("sendmsg("))
            && (line.contains("AF_INET") || line.contains("sin_port"))
        {
            offending.push(line.to_owned());
        }
    }
    assert!(connected_to_display, "the trace does not show the window at all:\n{log}");
    assert!(offending.is_empty(), "sockets other than the display's and the desktop bus's:\n{}", offending.join("\n"));
}
