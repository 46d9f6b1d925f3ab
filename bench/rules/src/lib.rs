//! Holds nothing: the benchmarks live in `benches/rules.rs`.
