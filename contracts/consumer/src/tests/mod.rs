//! Unit tests of the contract through its entry points. `Suite` holds an instantiated contract
//! and the current block, so each test reads as a short story.

mod acks;
mod admin;
mod channel;
mod power;
mod reports;

use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, mock_ibc_channel_connect_ack,
    mock_ibc_channel_open_init, mock_ibc_packet_ack, mock_ibc_packet_recv, mock_ibc_packet_timeout,
    MockApi, MockQuerier, MockStorage,
};
use cosmwasm_std::{
    from_json, Addr, Binary, Env, IbcAcknowledgement, IbcBasicResponse, IbcPacketReceiveMsg,
    IbcReceiveResponse, Order, OwnedDeps, Record, Response, StdAck, Storage, Timestamp, Uint128,
};
use palisade_api::consumer::{
    ExecuteMsg, InfractionReport, InstantiateMsg, OperatorResponse, OutboxEntryResponse,
    PowerSummaryResponse, QueryMsg, SudoMsg,
};
use palisade_api::ibc::{
    ConsumerPacket, Infraction, PowerUpdateAck, ProviderPacket, SlashRequest, PROTOCOL_ORDER,
    PROTOCOL_VERSION,
};
pub use palisade_testing::unit::{attr, error_ack, power_update};
use palisade_testing::unit::{packets_sent, success_ack};
use serde::de::DeserializeOwned;

use crate::contract::{execute, instantiate, query, sudo};
use crate::error::ContractError;
use crate::ibc::{
    ibc_channel_connect, ibc_channel_open, ibc_packet_ack, ibc_packet_receive, ibc_packet_timeout,
};

/// What `mock_ibc_channel` uses.
pub const CONNECTION: &str = "connection-2";
pub const RELAY_PORT: &str = "their_port";
pub const CHANNEL: &str = "channel-0";
pub const PACKET_TIMEOUT: u64 = 600;
/// Seconds per block when the suite advances.
pub const BLOCK_TIME: u64 = 5;

pub type Deps = OwnedDeps<MockStorage, MockApi, MockQuerier>;

pub struct Suite {
    pub deps: Deps,
    pub env: Env,
    pub owner: Addr,
    pub reporter: Addr,
}

pub fn instantiate_msg(api: &MockApi) -> InstantiateMsg {
    InstantiateMsg {
        owner: api.addr_make("owner").to_string(),
        provider_connection_id: CONNECTION.to_string(),
        relay_port: RELAY_PORT.to_string(),
        packet_timeout: PACKET_TIMEOUT,
        reporters: vec![api.addr_make("reporter").to_string()],
    }
}

/// Everything a refused action must leave as it was: the raw storage and what queries show.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    storage: Vec<Record>,
    queries: Vec<Binary>,
}

impl Suite {
    /// Instantiated, no channel.
    pub fn new() -> Self {
        let mut deps = mock_dependencies();
        let owner = deps.api.addr_make("owner");
        let reporter = deps.api.addr_make("reporter");
        let msg = instantiate_msg(&deps.api);
        instantiate(deps.as_mut(), mock_env(), message_info(&owner, &[]), msg).unwrap();
        Suite {
            deps,
            env: mock_env(),
            owner,
            reporter,
        }
    }

    /// Instantiated, with `CHANNEL` open.
    pub fn connected() -> Self {
        let mut suite = Suite::new();
        suite.handshake(CHANNEL).unwrap();
        suite
    }

    pub fn addr(&self, name: &str) -> Addr {
        self.deps.api.addr_make(name)
    }

    /// Moves `blocks` blocks ahead.
    pub fn advance(&mut self, blocks: u64) {
        self.env.block.height += blocks;
        self.env.block.time = self.env.block.time.plus_seconds(blocks * BLOCK_TIME);
    }

    /// `OpenInit` then `OpenAck` of a channel with the protocol's parameters.
    pub fn handshake(&mut self, channel_id: &str) -> Result<IbcBasicResponse, ContractError> {
        let open = mock_ibc_channel_open_init(channel_id, PROTOCOL_ORDER, PROTOCOL_VERSION);
        ibc_channel_open(self.deps.as_mut(), self.env.clone(), open)?;
        let connect = mock_ibc_channel_connect_ack(channel_id, PROTOCOL_ORDER, PROTOCOL_VERSION);
        ibc_channel_connect(self.deps.as_mut(), self.env.clone(), connect)
    }

    pub fn receive_msg(&mut self, msg: IbcPacketReceiveMsg) -> IbcReceiveResponse {
        match ibc_packet_receive(self.deps.as_mut(), self.env.clone(), msg) {
            Ok(response) => response,
        }
    }

    /// A power update on `CHANNEL`; `powers` are (operator, key, power).
    pub fn power_update(
        &mut self,
        update_id: u64,
        powers: &[(&str, &str, u128)],
        removed: &[&str],
    ) -> IbcReceiveResponse {
        let packet = power_update(update_id, powers, removed);
        self.receive_msg(mock_ibc_packet_recv(CHANNEL, &packet).unwrap())
    }

    pub fn execute(&mut self, sender: &Addr, msg: ExecuteMsg) -> Result<Response, ContractError> {
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, &[]),
            msg,
        )
    }

    pub fn report(
        &mut self,
        sender: &Addr,
        report: InfractionReport,
    ) -> Result<Response, ContractError> {
        self.execute(sender, ExecuteMsg::ReportInfraction(report))
    }

    pub fn sudo_report(&mut self, report: InfractionReport) -> Result<Response, ContractError> {
        sudo(
            self.deps.as_mut(),
            self.env.clone(),
            SudoMsg::ReportInfraction(report),
        )
    }

    pub fn retry(&mut self, limit: Option<u32>) -> Result<Response, ContractError> {
        let anyone = self.addr("anyone");
        self.execute(&anyone, ExecuteMsg::RetryTimedOut { limit })
    }

    /// The provider acknowledges `request` on `CHANNEL`.
    pub fn ack(
        &mut self,
        request: &SlashRequest,
        ack: impl Into<Binary>,
    ) -> Result<IbcBasicResponse, ContractError> {
        self.ack_on(CHANNEL, request, ack)
    }

    /// The acknowledgement of `request` sent on our `channel`.
    pub fn ack_on(
        &mut self,
        channel: &str,
        request: &SlashRequest,
        ack: impl Into<Binary>,
    ) -> Result<IbcBasicResponse, ContractError> {
        let packet = ConsumerPacket::SlashRequest(request.clone());
        let mut msg = mock_ibc_packet_ack(channel, &packet, IbcAcknowledgement::new(ack)).unwrap();
        // The mock names our channel as the destination; a packet we sent left from it.
        msg.original_packet.src.channel_id = channel.to_string();
        ibc_packet_ack(self.deps.as_mut(), self.env.clone(), msg)
    }

    pub fn timeout(&mut self, request: &SlashRequest) -> Result<IbcBasicResponse, ContractError> {
        self.timeout_on(CHANNEL, request)
    }

    /// The timeout of `request` sent on our `channel`.
    pub fn timeout_on(
        &mut self,
        channel: &str,
        request: &SlashRequest,
    ) -> Result<IbcBasicResponse, ContractError> {
        let packet = ConsumerPacket::SlashRequest(request.clone());
        let mut msg = mock_ibc_packet_timeout(channel, &packet).unwrap();
        msg.packet.src.channel_id = channel.to_string();
        ibc_packet_timeout(self.deps.as_mut(), self.env.clone(), msg)
    }

    pub fn query<T: DeserializeOwned>(&self, msg: QueryMsg) -> T {
        from_json(query(self.deps.as_ref(), self.env.clone(), msg).unwrap()).unwrap()
    }

    pub fn operator(&self, operator: &str) -> OperatorResponse {
        self.query(QueryMsg::Operator {
            operator: operator.to_string(),
        })
    }

    pub fn summary(&self) -> PowerSummaryResponse {
        self.query(QueryMsg::PowerSummary {})
    }

    pub fn request(&self, request_id: u64) -> OutboxEntryResponse {
        self.query(QueryMsg::SlashRequest { request_id })
    }

    pub fn snapshot(&self) -> Snapshot {
        let queries = [
            QueryMsg::Config {},
            QueryMsg::Channel {},
            QueryMsg::PowerSummary {},
            QueryMsg::Operators {
                start_after: None,
                limit: Some(30),
            },
            QueryMsg::SlashRequests {
                start_before: None,
                limit: Some(30),
            },
        ]
        .into_iter()
        .map(|msg| query(self.deps.as_ref(), self.env.clone(), msg).unwrap())
        .collect();
        Snapshot {
            storage: self
                .deps
                .storage
                .range(None, None, Order::Ascending)
                .collect(),
            queries,
        }
    }

    /// A report of `infraction` by `consumer_key` at `height`, at the time of that block.
    pub fn infraction(
        &self,
        consumer_key: &str,
        infraction: Infraction,
        height: u64,
    ) -> InfractionReport {
        let blocks_ago = self.env.block.height - height;
        InfractionReport {
            consumer_key: consumer_key.to_string(),
            infraction,
            infraction_height: height,
            infraction_time: self.env.block.time.minus_seconds(blocks_ago * BLOCK_TIME),
            evidence: None,
        }
    }
}

/// The slash requests a response sends, with their channel and timeout.
pub fn sent(messages: &[cosmwasm_std::SubMsg]) -> Vec<(String, SlashRequest, Timestamp)> {
    packets_sent::<ConsumerPacket>(messages)
        .into_iter()
        .map(|(channel, packet, timeout)| {
            let ConsumerPacket::SlashRequest(request) = packet else {
                panic!("not a slash request")
            };
            (channel, request, timeout)
        })
        .collect()
}

pub fn power_ack(response: &IbcReceiveResponse) -> PowerUpdateAck {
    success_ack(response)
}
