//! A validator's operator account is the account with the same address bytes as its `valoper`
//! address, under the chain's account prefix. Comparing the decoded bytes checks this without
//! knowing either prefix. The registry checks it at registration; the LRT pays commission with it,
//! so an operator claims even after it left the registry.

use bech32::primitives::decode::CheckedHrpstring;
use bech32::Bech32;

/// The address bytes of a bech32 address, if it is one.
fn address_bytes(address: &str) -> Option<Vec<u8>> {
    let checked = CheckedHrpstring::new::<Bech32>(address).ok()?;
    Some(checked.byte_iter().collect())
}

/// Whether `account` is the operator account of `validator`.
pub fn is_operator_account(account: &str, validator: &str) -> bool {
    match (address_bytes(account), address_bytes(validator)) {
        (Some(a), Some(v)) => a == v,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockApi;

    #[test]
    fn same_bytes_under_another_prefix_match() {
        let account = MockApi::default().addr_make("validator0");
        let valoper = MockApi::default()
            .with_prefix("cosmwasmvaloper")
            .addr_make("validator0");
        let other = MockApi::default().addr_make("someone");
        assert!(is_operator_account(account.as_str(), valoper.as_str()));
        assert!(!is_operator_account(other.as_str(), valoper.as_str()));
        assert!(!is_operator_account("not bech32", valoper.as_str()));
    }
}
