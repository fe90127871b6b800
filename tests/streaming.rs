//! Large files stream: importing a dump many times bigger than the importer's memory use.
//! (Alone in its test binary, so the child-process memory figure is this test's alone.)

mod common;

use std::io::Write;
use std::process::Command;

use common::*;

/// Peak resident memory of the largest child process waited for so far, in bytes.
#[cfg(target_os = "linux")]
fn children_peak_rss() -> u64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage fills the struct we pass; RUSAGE_CHILDREN is a valid target.
    let usage = unsafe {
        assert_eq!(
            libc::getrusage(libc::RUSAGE_CHILDREN, usage.as_mut_ptr()),
            0
        );
        usage.assume_init()
    };
    usage.ru_maxrss as u64 * 1024 // kilobytes on Linux
}

#[cfg(target_os = "linux")]
#[test]
fn a_dump_far_larger_than_memory_use_imports_in_bounded_memory() {
    const DUMP_BYTES: usize = 64 << 20;
    const PEAK_LIMIT: u64 = 24 << 20;
    let dir = tempfile::tempdir().unwrap();
    // The seed's stories repeated: every story after the first four is a duplicate, so the test
    // exercises reading, parsing and hashing 64 MB without spending its time on indexing.
    // Written piece by piece: at exec, Linux counts the parent's peak memory for the child too.
    let seed = std::fs::read(fixture(SEED)).unwrap();
    let path = dir.path().join("big-dump.txt");
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut repeats = 0u64;
    while repeats * (seed.len() as u64 + 3) < DUMP_BYTES as u64 {
        file.write_all(&seed).unwrap();
        file.write_all(b"\n\n\n").unwrap();
        repeats += 1;
    }
    file.flush().unwrap();
    drop(file);

    let output = Command::new(env!("CARGO_BIN_EXE_newsdesk"))
        .arg("--db")
        .arg(dir.path().join("lib.sqlite3"))
        .args(["import", "--json", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["added"], 4);
    assert_eq!(report["duplicates"].as_u64(), Some(repeats * 4 - 4));

    let peak = children_peak_rss();
    assert!(
        peak < PEAK_LIMIT,
        "importing an {} MB dump peaked at {} MB",
        DUMP_BYTES >> 20,
        peak >> 20
    );
}
