//! The scenario on the optimized wasm artifacts, in cosmwasm-vm, tells exactly the same story as on
//! the contracts' Rust code: every balance, rate, power, slash and reward figure it reads back from
//! the chain is the same. (Addresses aside: a wasm contract's instantiate2 address derives from its
//! real checksum.)

use palisade_devnet::{artifacts_dir, wasm_codes, Vm};
use palisade_testing::Codes;

/// The story with every bech32 address replaced by a placeholder.
fn without_addresses(story: Vec<String>) -> Vec<String> {
    story
        .into_iter()
        .map(|line| {
            line.split(' ')
                .map(|word| {
                    if word.starts_with("cosmwasm1") || word.starts_with("consumer1") {
                        "<address>"
                    } else {
                        word
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn the_artifacts_tell_the_same_story_as_the_rust_code() {
    let native = palisade_tests::scenario::run(Codes::native(), false).expect("native scenario");
    let vm = Vm::new().expect("VM");
    let codes = wasm_codes(&vm, &artifacts_dir()).expect("artifacts load");
    let wasm = palisade_tests::scenario::run(codes, false).expect("wasm scenario");
    assert!(vm.log_len() > 100, "the contracts ran in the VM");
    let (native, wasm) = (without_addresses(native), without_addresses(wasm));
    for (n, w) in native.iter().zip(&wasm) {
        assert_eq!(n, w);
    }
    assert_eq!(native.len(), wasm.len());
}
