//! End-to-end tests live in `tests/`; the scenario in `src/bin/scenario.rs`.
