//! Helpers shared by the integration tests: running the binary, and reading PDFs back the way
//! a reader (pdftotext) and an attacker (every byte, every inflated stream) would.
#![allow(dead_code)]

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};

pub fn hyokasho(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hyokasho")).args(args).output().expect("the binary runs")
}

pub fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The text of a PDF as poppler reads it, in drawing order, with all white space removed.
pub fn pdftotext(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.pdf");
    std::fs::write(&file, pdf).unwrap();
    // `-raw`: in the order the page was drawn, which is reading order (a narrow table cell's
    // lines stay together instead of interleaving with the next cell's).
    let out = Command::new("pdftotext")
        .arg("-raw")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success());
    squash(&String::from_utf8(out.stdout).unwrap())
}

pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Each stream of the file, inflated when it is compressed, plus the raw bytes.
pub fn all_bytes(pdf: &[u8]) -> Vec<Vec<u8>> {
    let mut out = vec![pdf.to_vec()];
    let mut at = 0;
    while let Some(i) = find(&pdf[at..], b"stream") {
        let start = at + i + b"stream".len();
        let start = start + pdf[start..].iter().take_while(|b| **b == b'\r' || **b == b'\n').count();
        let Some(len) = find(&pdf[start..], b"endstream") else { break };
        let raw = &pdf[start..start + len];
        let mut inflated = Vec::new();
        if flate2::read::ZlibDecoder::new(raw).read_to_end(&mut inflated).is_ok() {
            out.push(inflated);
        }
        at = start + len + 9;
    }
    out
}

pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

pub fn utf16be(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

/// Where in a PDF `secret` can be found: its extracted text, or any raw or inflated stream as
/// UTF-8, UTF-16BE or UTF-16BE written in hex (how PDF strings carry outline entries, metadata
/// and alternative text). None when it is nowhere.
pub fn pdf_holds(pdf: &[u8], secret: &str) -> Option<String> {
    let probe = squash(secret);
    if pdftotext(pdf).contains(&probe) {
        return Some("its text".into());
    }
    let hex: String = utf16be(&probe).iter().map(|b| format!("{b:02X}")).collect();
    for (i, bytes) in all_bytes(pdf).iter().enumerate() {
        let upper = String::from_utf8_lossy(bytes).to_uppercase();
        if find(bytes, probe.as_bytes()).is_some() || find(bytes, &utf16be(&probe)).is_some() || upper.contains(&hex) {
            return Some(format!("stream {i}"));
        }
    }
    None
}
