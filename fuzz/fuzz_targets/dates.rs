//! Date finding and parsing on any line: dates that exist, or none, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = dossier::dates::parse_date(text);
    for found in dossier::dates::find_dates(text) {
        let _ = found.date();
        for year in [1, 1999, 2024, 9999, -5000, i32::MAX, i32::MIN] {
            let _ = found.in_year(year);
        }
    }
});
