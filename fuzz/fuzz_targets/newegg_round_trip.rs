#![no_main]

libfuzzer_sys::fuzz_target!(|input: &[u8]| {
    fuzz_checks::newegg_round_trip(input);
});
