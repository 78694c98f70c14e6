//! Bech32 addresses and instantiate2 prediction.
//!
//! A contract instantiated with `MsgInstantiateContract2` (and `fix_msg = false`) gets an address
//! that depends only on the code's checksum, the creator's canonical address and a salt; wasmd
//! derives it with the same function as `cosmwasm_std::instantiate2_address`. In a proposal the
//! creator is the gov module account, so every address of the suite is known before the vote and
//! the contracts can name each other within one proposal.

use bech32::primitives::decode::CheckedHrpstring;
use bech32::{Bech32, Hrp};
use cosmwasm_std::{instantiate2_address, CanonicalAddr};

use crate::artifacts::sha256;
use crate::error::DeployError;

/// wasmd's limits on a salt (`ValidateSalt`), which `instantiate2_address` also enforces.
pub const MAX_SALT_LEN: usize = 64;

fn hrp(prefix: &str) -> Result<Hrp, DeployError> {
    if prefix.is_empty() || prefix != prefix.to_lowercase() {
        return Err(DeployError::InvalidPrefix {
            prefix: prefix.to_string(),
        });
    }
    Hrp::parse(prefix).map_err(|_| DeployError::InvalidPrefix {
        prefix: prefix.to_string(),
    })
}

/// Decodes a lowercase bech32 (not bech32m) address with the given prefix into its bytes.
pub fn decode(field: &str, address: &str, prefix: &str) -> Result<Vec<u8>, DeployError> {
    let invalid = |reason: String| DeployError::InvalidAddress {
        field: field.to_string(),
        address: address.to_string(),
        prefix: prefix.to_string(),
        reason,
    };
    if address != address.to_lowercase() {
        return Err(invalid("not lowercase".to_string()));
    }
    let checked = CheckedHrpstring::new::<Bech32>(address).map_err(|e| invalid(e.to_string()))?;
    if checked.hrp().as_str() != prefix {
        return Err(invalid(format!("prefix is {:?}", checked.hrp().as_str())));
    }
    let data: Vec<u8> = checked.byte_iter().collect();
    // The SDK's VerifyAddressFormat: 1 to 255 bytes (accounts 20, contracts 32).
    if data.is_empty() || data.len() > 255 {
        return Err(invalid(format!("{} bytes", data.len())));
    }
    Ok(data)
}

/// Encodes bytes as a bech32 address with the given prefix.
pub fn encode(prefix: &str, data: &[u8]) -> Result<String, DeployError> {
    bech32::encode::<Bech32>(hrp(prefix)?, data).map_err(|e| DeployError::InvalidAddress {
        field: "encoded address".to_string(),
        address: String::new(),
        prefix: prefix.to_string(),
        reason: e.to_string(),
    })
}

/// The address of a Cosmos SDK module account (`authtypes.NewModuleAddress`): the first 20 bytes
/// of sha256 of the module name. `module_address("cosmos", "gov")` is
/// `cosmos10d07y265gmmuvt4z0w9aw880jnsr700j6zn9kn`.
pub fn module_address(prefix: &str, module: &str) -> Result<String, DeployError> {
    encode(prefix, &sha256(module.as_bytes())[..20])
}

/// The address wasmd gives a contract of code `checksum` instantiated by `creator` with `salt`
/// through `MsgInstantiateContract2` with `fix_msg = false`.
pub fn predict_instantiate2(
    prefix: &str,
    creator: &str,
    checksum: &[u8],
    salt: &[u8],
) -> Result<String, DeployError> {
    let canonical = CanonicalAddr::from(decode("creator", creator, prefix)?);
    let address = instantiate2_address(checksum, &canonical, salt)
        .map_err(|e| DeployError::Instantiate2(e.to_string()))?;
    encode(prefix, address.as_slice())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::HexBinary;

    fn hex(s: &str) -> Vec<u8> {
        HexBinary::from_hex(s).unwrap().to_vec()
    }

    /// Golden vectors from wasmd's `x/wasm/keeper/addresses_test.go`
    /// (`goldenMasterPredictableContractAddr`, generated with CosmJS), the entries without a
    /// message: what wasmd itself computes for `fix_msg = false`.
    #[test]
    fn predictions_match_wasmd_golden_vectors() {
        let creator = "purple1nxvenxve42424242hwamhwamenxvenxvhxf2py";
        assert_eq!(
            decode("creator", creator, "purple").unwrap(),
            hex("9999999999aaaaaaaaaabbbbbbbbbbcccccccccc")
        );
        let long_salt = hex(
            "aabbccddeeffffeeddbbccddaa66551155aaaabbcc787878789900aabbccddeeffffeeddbbccddaa66551155aaaabbcc787878789900aabbbbcc221100acadae",
        );
        let cases: [(&str, &[u8], &str); 3] = [
            (
                "13a1fc994cc6d1c81b746ee0c0ff6f90043875e0bf1d9be6b7d779fc978dc2a5",
                b"a",
                "purple1t6r960j945lfv8mhl4mage2rg97w63xeynwrupum2s2l7em4lprs9ce5hk",
            ),
            (
                "13a1fc994cc6d1c81b746ee0c0ff6f90043875e0bf1d9be6b7d779fc978dc2a5",
                &long_salt,
                "purple1jwzvvfyvpwchrccxl476pxf7c83qawsqv3f2820q0zyrav6eg4jqdcq7gc",
            ),
            (
                "1da6c16de2cbaf7ad8cbb66f0925ba33f5c278cb2491762d04658c1480ea229b",
                b"a",
                "purple1h9wyvusc6sy2p7fsgmez0dhvullpsyel7vq38k6d9fa7ehlv59qsvnyh36",
            ),
        ];
        for (checksum, salt, expected) in cases {
            assert_eq!(
                predict_instantiate2("purple", creator, &hex(checksum), salt).unwrap(),
                expected
            );
        }
    }

    #[test]
    fn gov_module_address_is_the_well_known_one() {
        assert_eq!(
            module_address("cosmos", "gov").unwrap(),
            "cosmos10d07y265gmmuvt4z0w9aw880jnsr700j6zn9kn"
        );
    }

    #[test]
    fn addresses_with_another_prefix_or_a_bad_checksum_are_refused() {
        let gov = module_address("wasm", "gov").unwrap();
        assert!(decode("gov", &gov, "wasm").is_ok());
        assert!(matches!(
            decode("gov", &gov, "cosmos"),
            Err(DeployError::InvalidAddress { .. })
        ));
        let mut broken = gov.clone();
        let last = broken.pop().unwrap();
        broken.push(if last == 'q' { 'p' } else { 'q' });
        assert!(decode("gov", &broken, "wasm").is_err());
        assert!(decode("gov", &gov.to_uppercase(), "wasm").is_err());
    }

    #[test]
    fn salts_outside_wasmds_limits_are_refused() {
        let gov = module_address("wasm", "gov").unwrap();
        let checksum = [7u8; 32];
        assert!(predict_instantiate2("wasm", &gov, &checksum, b"").is_err());
        assert!(predict_instantiate2("wasm", &gov, &checksum, &[1; MAX_SALT_LEN]).is_ok());
        assert!(predict_instantiate2("wasm", &gov, &checksum, &[1; MAX_SALT_LEN + 1]).is_err());
    }
}
