//! The number check measured on RisingNews test (human references, ../shared): false
//! alarms ≤ 1% of lines with a number, planted errors caught ≥ 97% in every kind. The numbers
//! the README states come from `cargo run --example measure_numbers`, which runs the same
//! measurement. Fails when the data is missing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use bengali_digest::faithfulness::measure::{measure, ErrorKind};

fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/risingnews")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} — this test needs the RisingNews test set in ../shared/data",
            path.display()
        )
    })
}

#[test]
fn false_alarms_and_recall_on_risingnews_test() {
    let (bn, en) = (read("RisingNews.test.bn"), read("RisingNews.test.en"));
    let (b, e): (Vec<&str>, Vec<&str>) = (bn.lines().collect(), en.lines().collect());
    assert_eq!(b.len(), 1000);
    assert_eq!(e.len(), 1000);
    let report = measure(&b, &e, 15);
    eprintln!("{report}");
    assert!(report.lines_with_number >= 250, "{report}");
    // Raw: every warning on a human reference counts.
    assert!(
        report.false_alarm_percent() <= 1.1,
        "{report}\n{:#?}",
        report.false_alarms
    );
    // Without the hand-audited lines where the reference itself adds a number.
    assert!(
        report.unexplained_false_alarm_percent() <= 1.0,
        "{report}\n{:#?}",
        report.unexplained_false_alarms()
    );
    for kind in ErrorKind::ALL {
        let s = report.kind(kind).unwrap();
        assert!(
            s.planted >= 20,
            "{}: only {} planted",
            kind.name(),
            s.planted
        );
        assert!(
            s.recall_percent() >= 97.0,
            "{}: {report}\nmissed: {:?}",
            kind.name(),
            s.misses
        );
    }
}

#[test]
fn planted_errors_are_deterministic_and_vary_with_the_seed() {
    let (bn, en) = (read("RisingNews.test.bn"), read("RisingNews.test.en"));
    let (b, e): (Vec<&str>, Vec<&str>) = (
        bn.lines().take(300).collect(),
        en.lines().take(300).collect(),
    );
    assert_eq!(measure(&b, &e, 7), measure(&b, &e, 7));
    for seed in [1, 2, 3] {
        let r = measure(&b, &e, seed);
        for (kind, s) in &r.kinds {
            assert!(
                s.recall_percent() >= 95.0,
                "seed {seed} {}: {r}",
                kind.name()
            );
        }
    }
}
