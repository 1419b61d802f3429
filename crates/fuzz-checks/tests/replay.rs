//! Every file of every corpus in `fuzz/corpus/<target>/` through its target's check: the seeds
//! from the specs and fixtures, what the fuzzer kept, and every crash ever found (each fixed,
//! and kept so that it stays fixed). Needs no cargo-fuzz.

use std::path::PathBuf;

fn corpus_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus")
}

#[test]
fn every_corpus_file_passes_its_targets_check() {
    let mut total = 0;
    for (name, check) in fuzz_checks::TARGETS {
        let directory = corpus_root().join(name);
        let entries = std::fs::read_dir(&directory)
            .unwrap_or_else(|error| panic!("{}: {error}", directory.display()));
        let mut files: Vec<_> = entries
            .map(|entry| entry.map(|entry| entry.path()))
            .collect::<Result<_, _>>()
            .unwrap_or_else(|error| panic!("{}: {error}", directory.display()));
        files.sort();
        // A corpus that lost its seeds would pass vacuously.
        assert!(
            files.len() >= 3,
            "{name}: only {} corpus files in {}",
            files.len(),
            directory.display()
        );
        let mut checked = 0;
        for file in &files {
            let input =
                std::fs::read(file).unwrap_or_else(|error| panic!("{}: {error}", file.display()));
            let outcome = std::panic::catch_unwind(|| check(&input));
            checked +=
                outcome.unwrap_or_else(|_| panic!("{name}: {} fails its check", file.display()));
        }
        // Seeds that every decoder refuses at once would check nothing.
        assert!(
            checked > 0,
            "{name}: no corpus file got past the first refusal"
        );
        println!(
            "{name}: {} files, {checked} documents, rows or listings checked",
            files.len()
        );
        total += files.len();
    }
    println!("replayed {total} corpus files");
}

#[test]
fn the_seeds_reach_past_the_first_refusal() {
    // Replaying proves little if every seed is refused at once: the seeds of the raw targets
    // must include documents their decoders accept.
    for (name, table) in [
        ("discogs", discogs_client::fuzzing::DECODERS),
        ("newegg", newegg_client::fuzzing::DECODERS),
        ("bulkinsert", bulkinsert_client::fuzzing::DECODERS),
        ("instica", instica_client::fuzzing::DECODERS),
        ("engine", client_core::fuzzing::DECODERS),
    ] {
        let directory = corpus_root().join(name);
        let accepted = std::fs::read_dir(&directory)
            .unwrap_or_else(|error| panic!("{}: {error}", directory.display()))
            .filter_map(|entry| std::fs::read(entry.ok()?.path()).ok())
            .filter(|input| {
                client_core::fuzzing::pick(table, input)
                    .is_some_and(|(decoder, body)| (decoder.run)(body).is_ok())
            })
            .count();
        assert!(
            accepted >= table.len() / 2,
            "{name}: only {accepted} seeds decode"
        );
    }
}
