//! Unit tests of the pure parts: target scaling and the books' reconciliation. The flows run
//! against x/staking in `tests/tests/suite/virtual_staking.rs`.

mod books;
