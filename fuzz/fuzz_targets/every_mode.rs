//! Arbitrary bytes through every mode's code path: see `ocrclean_fuzz::check`.

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    ocrclean_fuzz::check(data);
});
