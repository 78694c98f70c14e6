//! The real-VM harness: Palisade's optimized wasm artifacts executed by cosmwasm-vm, the VM inside
//! wasmd, within the same multi-test world the Rust tests use, with wasmd's gas model. See
//! `docs/PERFORMANCE.md`.

pub mod bench;
pub mod power;
pub mod story;
pub mod transfer;
pub mod vm;

use std::path::{Path, PathBuf};
use std::rc::Rc;

use anyhow::Result as AnyResult;
use palisade_testing::Codes;

pub use vm::{transaction_calls, GasRecord, Vm, WasmContract};

/// The repository's `artifacts/` directory.
pub fn artifacts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../artifacts")
}

/// The test world's contracts as the artifacts in `dir`, run by `vm`.
pub fn wasm_codes(vm: &Rc<Vm>, dir: &Path) -> AnyResult<Codes> {
    let code = |name: &str| -> AnyResult<palisade_testing::CodeFn> {
        let contract = vm.contract_from_file(dir, name)?;
        Ok(Rc::new(move || Box::new(contract.clone())))
    };
    Ok(Codes {
        hub: code("hub")?,
        lrt: code("lrt")?,
        registry: code("registry")?,
        relay: code("relay")?,
        // Releases before 0.3 kept the slash book in the relay (the migration test's fixtures).
        slash_book: if dir.join("slash-book.wasm").exists() {
            Some(code("slash-book")?)
        } else {
            None
        },
        consumer: code("consumer")?,
        // Releases before 0.2 had no virtual staking (the migration test's fixtures).
        virtual_staking: if dir.join("virtual-staking.wasm").exists() {
            code("virtual-staking")?
        } else {
            let missing = dir.display().to_string();
            Rc::new(move || panic!("no virtual-staking.wasm in {missing}"))
        },
    })
}
