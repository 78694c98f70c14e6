//! The end-to-end scenario on the contracts' Rust code (`palisade_tests::scenario`); the devnet
//! runs the same story on the optimized wasm.

fn main() -> anyhow::Result<()> {
    palisade_tests::scenario::run(palisade_testing::Codes::native(), true)?;
    Ok(())
}
