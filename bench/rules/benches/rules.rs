//! ns per call of the hot rule functions: the personal-code check (every keystroke in the
//! form) and a decision deadline with clock stops (every case row in an officer's worklist).
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use jiff::civil::date;
use rules::{
    decision_deadline, lithuanian_holidays, renewal_status, validate_personal_code, CaseKind,
    ClockStop, LithuanianCalendar, Procedure,
};

fn personal_code(c: &mut Criterion) {
    c.bench_function("R-AC-5 validate_personal_code (valid)", |b| {
        b.iter(|| validate_personal_code(black_box("39001010002")))
    });
    c.bench_function("R-AC-5 validate_personal_code (bad checksum)", |b| {
        b.iter(|| validate_personal_code(black_box("39001010003")))
    });
}

fn deadlines(c: &mut Criterion) {
    let stops = [
        ClockStop {
            notice_sent: date(2026, 2, 2),
            documents_arrived: date(2026, 2, 20),
        },
        ClockStop {
            notice_sent: date(2026, 3, 20),
            documents_arrived: date(2026, 4, 7),
        },
    ];
    c.bench_function("R-DL-2 decision_deadline with 2 stops", |b| {
        b.iter(|| {
            decision_deadline(
                &LithuanianCalendar,
                black_box(CaseKind::TrpIssue),
                black_box(Procedure::General),
                black_box(date(2026, 1, 15)),
                black_box(&stops),
            )
        })
    });
    c.bench_function("R-DL-1 renewal_status", |b| {
        b.iter(|| renewal_status(black_box(date(2027, 3, 31)), black_box(date(2026, 11, 23))))
    });
    c.bench_function("R-DL-9 lithuanian_holidays(year)", |b| {
        b.iter(|| lithuanian_holidays(black_box(2026)))
    });
}

criterion_group!(benches, personal_code, deadlines);
criterion_main!(benches);
