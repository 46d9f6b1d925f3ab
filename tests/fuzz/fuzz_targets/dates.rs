//! R-DL-1, R-DL-2, R-DL-3, R-DL-10: the date parser and the date arithmetic behind the public
//! API (`?expires=`, `?submitted=`, repeated `?stop=FROM/TO`) get arbitrary text. Nothing may
//! panic or hang; every accepted date prints back as the text it came from; a deadline with
//! stops is never before the same deadline without them and always falls on a working day.
#![no_main]
use libfuzzer_sys::fuzz_target;
use vartai_fuzz::rules::{
    add_working_days, decision_deadline, is_working_day, parse_date, renewal_window, CaseKind,
    ClockStop, Field, LithuanianCalendar, Procedure,
};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    // The text is split like a query: submitted date first, then FROM/TO stops.
    let mut parts = text.split('&');
    let Some(first) = parts.next() else { return };
    let Ok(submitted) = parse_date(Field::Submitted, first) else {
        return;
    };
    assert_eq!(submitted.to_string(), first);
    let cal = LithuanianCalendar;
    let w = renewal_window(submitted);
    assert!(w.earliest <= w.latest_general && w.latest_general <= w.latest_urgent);
    let after = add_working_days(&cal, submitted, u32::from(selector) * 15);
    assert!(after >= submitted);

    let mut stops = Vec::new();
    for part in parts.take(8) {
        let Some((from, to)) = part.split_once('/') else {
            return;
        };
        let (Ok(notice_sent), Ok(documents_arrived)) =
            (parse_date(Field::Stop, from), parse_date(Field::Stop, to))
        else {
            return;
        };
        stops.push(ClockStop { notice_sent, documents_arrived });
    }
    let kind = CaseKind::ALL[usize::from(selector) % CaseKind::ALL.len()];
    let procedure = if selector & 0x80 == 0 {
        Procedure::General
    } else {
        Procedure::Urgent
    };
    let Ok(plain) = decision_deadline(&cal, kind, procedure, submitted, &[]) else {
        return;
    };
    assert!(is_working_day(&cal, plain.deadline) || plain.deadline == jiff::civil::Date::MAX);
    if let Ok(stopped) = decision_deadline(&cal, kind, procedure, submitted, &stops) {
        assert!(stopped.deadline >= plain.deadline);
        assert!(stopped.stopped_days >= 0);
    }
});
