//! The benchmark cannot rot: every vendor's SDK call and its floor still run against the
//! canned answers and decode the same facts (`decode-floor check`).

use std::process::Command;

#[test]
fn the_sdk_and_the_floor_decode_the_same_facts_for_every_vendor() {
    let output = Command::new(env!("CARGO_BIN_EXE_decode-floor"))
        .arg("check")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for vendor in ["discogs", "newegg", "instica", "bulkinsert"] {
        // The report pads names to ten columns, the longest name's.
        let line = format!("{vendor:<10} both clients decoded");
        assert!(stdout.contains(&line), "no `{line}` in:\n{stdout}");
    }
}
