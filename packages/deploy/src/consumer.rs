//! The proposals that deploy the consumer contract on a consumer chain, voted by that chain's
//! governance:
//!
//! 1. [`consumer_store_proposal`]: one gzipped `MsgStoreCode` of `consumer.wasm`, instantiable
//!    only by the chain's gov module account.
//! 2. [`consumer_instantiate_proposal`]: one `MsgInstantiateContract2`, so that the contract's
//!    address, and with it its IBC port `wasm.<address>`, is known before the vote. The provider's
//!    registry needs that port as the consumer's `counterparty_port` (`propose_consumer`), and
//!    the relay accepts a channel only from it.
//!
//! The consumer initiates the channel to the provider's relay once both sides are deployed and
//! the provider's governance has activated the consumer (`docs/guides/CONSUMERS.md`).

use palisade_api::consumer::InstantiateMsg;

use crate::address;
use crate::artifacts::{Artifact, SuiteContract, CONSUMER_SUITE};
use crate::chain::{
    check_instances, require, store_messages, Chain, Instance, StorePlan, VERIFY_STORE,
};
use crate::checks::{check_connection_id, check_packet_timeout, check_reporters};
use crate::error::DeployError;
use crate::proposal::Proposal;

/// wasmd's port for a contract: `wasm.` and the contract's bech32 address
/// (`PortIDForContract` in `x/wasm/keeper/ibc.go`).
pub const PORT_PREFIX: &str = "wasm.";

/// The length of a contract address (instantiate2 and classic wasmd addresses alike).
pub const CONTRACT_ADDRESS_LEN: usize = 32;

/// The IBC port wasmd binds for a contract.
pub fn port_of(contract: &str) -> String {
    format!("{PORT_PREFIX}{contract}")
}

/// What the consumer contract is instantiated with, besides the chain (whose gov module account
/// becomes the contract's owner and admin).
#[derive(Clone, Debug)]
pub struct ConsumerConfig {
    /// Code id the consumer chain's store proposal gave `consumer.wasm`.
    pub code_id: u64,
    /// The IBC connection **on the consumer chain** to the provider; the contract accepts a
    /// channel only over it. (The provider's registry names the provider's end of the same
    /// connection, which usually has another id.)
    pub provider_connection_id: String,
    /// The relay's address on the provider.
    pub relay: String,
    /// Bech32 prefix of the provider's addresses, to check `relay`.
    pub provider_prefix: String,
    /// Seconds before an unreceived slash request times out (then anyone may re-send it).
    pub packet_timeout: u64,
    /// Accounts of the consumer chain that may report infractions besides its governance.
    pub reporters: Vec<String>,
    pub salt: String,
    pub label: String,
}

/// The consumer's instantiate proposal, its predicted address and the ports of both ends.
#[derive(Clone, Debug)]
pub struct ConsumerPlan {
    pub proposal: Proposal,
    pub consumer: String,
    /// `wasm.<consumer>`: the `counterparty_port` the provider's registry must list.
    pub port: String,
    /// `wasm.<relay>`: the port the channel goes to.
    pub relay_port: String,
}

/// The store proposal for a consumer chain: `consumer.wasm`, gzipped.
pub fn consumer_store_proposal(
    chain: &Chain,
    artifacts: &[Artifact],
) -> Result<StorePlan, DeployError> {
    let chain = chain.validated()?;
    let (messages, code, lines) = store_messages(&chain, artifacts, &CONSUMER_SUITE)?;
    let summary = format!(
        "Uploads the code of the Palisade consumer contract (interchain restaking): this \
         chain's end of the palisade-1 IBC protocol, which receives the restaked power of the \
         provider's operators and reports their infractions to the provider.\n\n{lines}\n\
         Only the governance module ({gov}) may instantiate this code; a second proposal \
         instantiates it.\n\n{VERIFY_STORE}\n{source}",
        gov = chain.gov,
        source = chain.source_line(),
    );
    let proposal = chain.envelope("store the consumer contract code", summary, messages)?;
    Ok(StorePlan { proposal, code })
}

/// The consumer contract at its instantiate2 address, owned by the chain's governance.
pub fn consumer_instantiate_proposal(
    chain: &Chain,
    artifacts: &[Artifact],
    config: &ConsumerConfig,
) -> Result<ConsumerPlan, DeployError> {
    let chain = chain.validated()?;
    check_config(&chain, config)?;
    let code = require(artifacts, SuiteContract::Consumer)?;
    let consumer = chain.predict(code, &config.salt)?;
    let msg = InstantiateMsg {
        owner: chain.gov.clone(),
        provider_connection_id: config.provider_connection_id.clone(),
        relay_port: port_of(&config.relay),
        packet_timeout: config.packet_timeout,
        reporters: config.reporters.clone(),
    };
    let messages = vec![chain.instantiate2(
        config.code_id,
        &config.label,
        serde_json::to_value(&msg)?,
        &config.salt,
    )];
    let reporters = match config.reporters.as_slice() {
        [] => "none (only governance and the chain's sudo reports)".to_string(),
        list => list.join(", "),
    };
    let summary = format!(
        "Instantiates the Palisade consumer contract (interchain restaking) with instantiate2, \
         so that its address and IBC port are known before the vote. Governance ({gov}) is its \
         owner and admin.\n\n\
         Consumer, code id {code_id} (sha256 {checksum}), salt \"{salt}\", label \"{label}\"\n\
         \x20 address: {consumer}\n\
         \x20 IBC port: wasm.{consumer} (the provider's registry lists it as this chain's \
         counterparty_port)\n\
         \x20 provider connection (on this chain): {connection}\n\
         \x20 relay port on the provider: {relay_port}\n\
         \x20 packet_timeout: {timeout} s\n\
         \x20 reporters: {reporters}\n\n\
         The address follows from the code checksum above, the gov module account and the salt. \
         Before voting, check that the code id holds the checksum stated here (`query wasm \
         code-info <code id>`, field data_hash). Once instantiated, the channel to the relay is \
         opened from this chain (the consumer initiates), after the provider's governance has \
         admitted and activated this chain.\n{source}",
        gov = chain.gov,
        code_id = config.code_id,
        checksum = code.checksum_hex(),
        salt = config.salt,
        label = config.label,
        connection = config.provider_connection_id,
        relay_port = msg.relay_port,
        timeout = config.packet_timeout,
        source = chain.source_line(),
    );
    let proposal = chain.envelope("instantiate the consumer contract", summary, messages)?;
    Ok(ConsumerPlan {
        proposal,
        port: port_of(&consumer),
        relay_port: msg.relay_port,
        consumer,
    })
}

fn check_config(chain: &Chain, config: &ConsumerConfig) -> Result<(), DeployError> {
    check_instances(&[Instance {
        contract: SuiteContract::Consumer,
        code_id: config.code_id,
        salt: &config.salt,
        label: &config.label,
    }])?;
    check_connection_id("provider connection id", &config.provider_connection_id)?;
    let relay = address::decode("relay", &config.relay, &config.provider_prefix)?;
    if relay.len() != CONTRACT_ADDRESS_LEN {
        return Err(DeployError::InvalidAddress {
            field: "relay".to_string(),
            address: config.relay.clone(),
            prefix: config.provider_prefix.clone(),
            reason: format!(
                "{} bytes: a contract address has {CONTRACT_ADDRESS_LEN}",
                relay.len()
            ),
        });
    }
    check_packet_timeout("consumer packet_timeout", config.packet_timeout)?;
    check_reporters(&config.reporters, &chain.prefix)?;
    Ok(())
}
