//! Unit tests of the relay through its entry points. The registry is a `MockRegistry` answering
//! the relay's queries with JSON built from the registry's API types; `Suite` holds it with an
//! instantiated relay, the slash book the relay opens slashes in (its own storage, run as the
//! chain runs a submessage: the book's answer goes to the relay's `reply`, whose data becomes the
//! acknowledgement) and the current block, so each test reads as a short story.

mod acks;
mod admin;
mod book;
mod channel;
mod evidence;
mod power;
mod slashing;

use std::collections::BTreeMap;

use cosmwasm_std::testing::{
    message_info, mock_dependencies, mock_env, mock_ibc_channel_close_init,
    mock_ibc_channel_connect_confirm, mock_ibc_channel_open_try, mock_ibc_packet_ack,
    mock_ibc_packet_recv, mock_ibc_packet_timeout, MockApi, MockQuerier, MockStorage,
};
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Binary, ContractResult, CosmosMsg, Decimal, Env,
    IbcAcknowledgement, IbcBasicResponse, IbcChannelOpenResponse, IbcReceiveResponse, Order,
    OwnedDeps, Record, Reply, Response, StdAck, Storage, SubMsg, SubMsgResponse, SubMsgResult,
    SystemError, SystemResult, Timestamp, Uint128, WasmMsg, WasmQuery,
};
use palisade_api::ibc::{OperatorPower, ProviderPacket, PROTOCOL_ORDER, PROTOCOL_VERSION};
use palisade_api::registry::{
    CommissionBounds, ConfigResponse as RegistryConfig, ConsumerOperatorResponse, ConsumerParams,
    ConsumerResponse, ConsumerStatus, OperatorStatus, OptInResponse, PowerAtResponse,
    QueryMsg as RegistryQuery, RateLimit, RegistryParams, SlashDestination,
};
use palisade_api::relay::{ChannelResponse, ExecuteMsg, InstantiateMsg, QueryMsg, RelaySettings};
use palisade_testing::unit::packets_sent;
pub use palisade_testing::unit::{ack_of, attr, error_ack, power_update};
use serde::de::DeserializeOwned;

use crate::contract::{execute, instantiate, query};
use crate::error::ContractError;
use crate::ibc::{
    ibc_channel_close, ibc_channel_connect, ibc_channel_open, ibc_packet_ack, ibc_packet_receive,
    ibc_packet_timeout,
};
use palisade_api::slash_book::{
    ExecuteMsg as BookExecute, InstantiateMsg as BookInstantiate, QueryMsg as BookQuery,
};
use palisade_slash_book::contract as book_contract;
pub use palisade_slash_book::ContractError as BookError;

pub const CHAIN: &str = "consumer-1";
/// What `mock_ibc_channel` uses.
pub const CONNECTION: &str = "connection-2";
pub const CONSUMER_PORT: &str = "their_port";
pub const CHANNEL: &str = "channel-0";
pub const PACKET_TIMEOUT: u64 = 600;
pub const UNBONDING_PERIOD: u64 = 21 * 24 * 60 * 60;
pub const VETO_PERIOD: u64 = 3 * 24 * 60 * 60;
pub const RATE_WINDOW: u64 = 24 * 60 * 60;
/// Seconds per block when the suite advances.
pub const BLOCK_TIME: u64 = 5;
/// The LRT the hub names (the crank asks it to sync its commission checkpoints).
pub const LRT: &str = "lrt";

pub type Deps = OwnedDeps<MockStorage, MockApi, MockQuerier>;

pub fn consumer_params() -> ConsumerParams {
    ConsumerParams {
        connection_id: CONNECTION.to_string(),
        counterparty_port: CONSUMER_PORT.to_string(),
        unbonding_period: UNBONDING_PERIOD,
        double_sign_fraction: Decimal::percent(5),
        downtime_fraction: Decimal::percent(1),
        veto_period: VETO_PERIOD,
        downtime_jail: 600,
        slash_rate_limit: RateLimit {
            max_fraction: Decimal::percent(5),
            window: RATE_WINDOW,
        },
        slashed_funds: SlashDestination::Burn {},
        reward_denoms: vec![],
        commission_bounds: CommissionBounds {
            min_bps: 0,
            max_bps: 1_000,
        },
        max_operators: 100,
    }
}

/// The registry as the relay sees it through its queries.
#[derive(Clone, Debug)]
pub struct MockRegistry {
    pub hub: Addr,
    pub consumers: BTreeMap<String, ConsumerResponse>,
    /// Opt-ins by chain id, then validator.
    pub operators: BTreeMap<String, BTreeMap<String, ConsumerOperatorResponse>>,
    /// `power_at` answers by (validator, chain id, height); otherwise the current opt-in (or
    /// nothing) answers.
    pub power_at: BTreeMap<(String, String, u64), PowerAtResponse>,
    /// `power_at` answers by (validator, height, time in nanoseconds), before `power_at`'s: the
    /// allocation in force at a time.
    pub power_at_time: BTreeMap<(String, u64, u64), PowerAtResponse>,
}

impl MockRegistry {
    pub fn new(hub: Addr) -> Self {
        let mut registry = MockRegistry {
            hub,
            consumers: BTreeMap::new(),
            operators: BTreeMap::new(),
            power_at: BTreeMap::new(),
            power_at_time: BTreeMap::new(),
        };
        registry.add_consumer(CHAIN, consumer_params());
        registry
    }

    pub fn add_consumer(&mut self, chain_id: &str, params: ConsumerParams) {
        self.consumers.insert(
            chain_id.to_string(),
            ConsumerResponse {
                chain_id: chain_id.to_string(),
                status: ConsumerStatus::Active,
                params,
                pending: None,
                activatable_at: Timestamp::from_seconds(0),
                operators: 0,
            },
        );
    }

    pub fn consumer_mut(&mut self, chain_id: &str) -> &mut ConsumerResponse {
        self.consumers.get_mut(chain_id).expect("a consumer")
    }

    /// Opts `validator` in to `CHAIN` with `hub_stake × allocation` restaked power.
    pub fn set_operator(
        &mut self,
        validator: &str,
        key: &str,
        hub_stake: u128,
        allocation: Decimal,
    ) {
        let hub_stake = Uint128::new(hub_stake);
        self.operators.entry(CHAIN.to_string()).or_default().insert(
            validator.to_string(),
            ConsumerOperatorResponse {
                opt_in: OptInResponse {
                    validator: validator.to_string(),
                    chain_id: CHAIN.to_string(),
                    consumer_key: key.to_string(),
                    allocation,
                    pending: None,
                    commission_bps: 500,
                    pending_commission: None,
                    status: OperatorStatus::Active,
                },
                hub_stake,
                restaked_power: hub_stake.mul_floor(allocation),
            },
        );
    }

    pub fn operator_mut(&mut self, validator: &str) -> &mut ConsumerOperatorResponse {
        self.operators
            .get_mut(CHAIN)
            .and_then(|ops| ops.get_mut(validator))
            .expect("an operator")
    }

    pub fn remove_operator(&mut self, validator: &str) {
        self.operators
            .get_mut(CHAIN)
            .map(|ops| ops.remove(validator));
    }

    /// The answer to a smart query's JSON, as the querier returns it.
    fn answer_raw(&self, msg: &Binary) -> SystemResult<ContractResult<Binary>> {
        SystemResult::Ok(match from_json::<RegistryQuery>(msg) {
            Ok(msg) => self.answer(msg),
            Err(err) => ContractResult::Err(err.to_string()),
        })
    }

    fn answer(&self, msg: RegistryQuery) -> ContractResult<Binary> {
        let limit = |limit: Option<u32>| palisade_api::pagination::clamp_limit(limit);
        let result = match msg {
            RegistryQuery::Config {} => to_json_binary(&RegistryConfig {
                hub: self.hub.clone(),
                relay: None,
                params: RegistryParams {
                    risk_timelock: 100,
                    allocation_delay: 100,
                    max_total_allocation: Decimal::one(),
                    max_commission_bps: 1_000,
                },
                pending_params: None,
            }),
            RegistryQuery::Consumer { chain_id } => match self.consumers.get(&chain_id) {
                Some(consumer) => to_json_binary(consumer),
                None => return ContractResult::Err(format!("consumer {chain_id} not found")),
            },
            RegistryQuery::Consumers {
                start_after,
                limit: l,
            } => {
                let page: Vec<&ConsumerResponse> = self
                    .consumers
                    .values()
                    .filter(|c| start_after.as_ref().is_none_or(|s| c.chain_id > *s))
                    .take(limit(l))
                    .collect();
                to_json_binary(&page)
            }
            RegistryQuery::ConsumerOperators {
                chain_id,
                start_after,
                limit: l,
            } => {
                let page: Vec<&ConsumerOperatorResponse> = self
                    .operators
                    .get(&chain_id)
                    .into_iter()
                    .flat_map(|ops| ops.values())
                    .filter(|o| start_after.as_ref().is_none_or(|s| o.opt_in.validator > *s))
                    .take(limit(l))
                    .collect();
                to_json_binary(&page)
            }
            RegistryQuery::PowerAt {
                validator,
                chain_id,
                height,
                time,
            } => {
                let key = (validator.clone(), chain_id.clone(), height);
                let at_time = self
                    .power_at_time
                    .get(&(validator.clone(), height, time.nanos()));
                let answer = at_time
                    .or(self.power_at.get(&key))
                    .cloned()
                    .unwrap_or_else(|| {
                        match self
                            .operators
                            .get(&chain_id)
                            .and_then(|o| o.get(&validator))
                        {
                            Some(op) => PowerAtResponse {
                                hub_stake: op.hub_stake,
                                allocation: op.opt_in.allocation,
                                restaked_power: op.restaked_power,
                            },
                            None => PowerAtResponse {
                                hub_stake: Uint128::zero(),
                                allocation: Decimal::zero(),
                                restaked_power: Uint128::zero(),
                            },
                        }
                    });
                to_json_binary(&answer)
            }
            other => return ContractResult::Err(format!("unexpected query {other:?}")),
        };
        result.into()
    }
}

pub struct Suite {
    pub deps: Deps,
    pub env: Env,
    pub owner: Addr,
    pub registry_addr: Addr,
    pub registry: MockRegistry,
    /// The slash book's storage and address.
    pub book: Deps,
    pub book_addr: Addr,
}

pub fn settings(max_operators_per_update: u32) -> RelaySettings {
    RelaySettings {
        packet_timeout: PACKET_TIMEOUT,
        max_operators_per_update,
    }
}

/// Everything a refused packet must leave as it was: the raw storage.
pub type Snapshot = Vec<Record>;

impl Suite {
    /// Instantiated, the consumer `CHAIN` active in the registry with no operators, no channel.
    pub fn new() -> Self {
        Suite::with_settings(settings(10))
    }

    pub fn with_settings(settings: RelaySettings) -> Self {
        let deps = mock_dependencies();
        let owner = deps.api.addr_make("owner");
        let registry_addr = deps.api.addr_make("registry");
        let registry = MockRegistry::new(deps.api.addr_make("hub"));
        let book_addr = deps.api.addr_make("slash_book");
        let mut suite = Suite {
            deps,
            env: mock_env(),
            owner,
            registry_addr,
            registry,
            book: mock_dependencies(),
            book_addr,
        };
        suite.sync();
        let msg = InstantiateMsg {
            owner: suite.owner.to_string(),
            registry: suite.registry_addr.to_string(),
            settings,
        };
        instantiate(
            suite.deps.as_mut(),
            suite.env.clone(),
            message_info(&suite.owner, &[]),
            msg,
        )
        .unwrap();
        let book = BookInstantiate {
            owner: suite.owner.to_string(),
            registry: suite.registry_addr.to_string(),
            relay: suite.env.contract.address.to_string(),
        };
        let (book_env, owner) = (suite.book_env(), suite.owner.clone());
        book_contract::instantiate(
            suite.book.as_mut(),
            book_env,
            message_info(&owner, &[]),
            book,
        )
        .unwrap();
        let slash_book = suite.book_addr.to_string();
        suite
            .execute(&owner, ExecuteMsg::SetSlashBook { slash_book })
            .unwrap();
        suite
    }

    /// The block as the slash book sees it.
    pub fn book_env(&self) -> Env {
        let mut env = self.env.clone();
        env.contract.address = self.book_addr.clone();
        env
    }

    /// Instantiated, with `CHANNEL` open.
    pub fn connected() -> Self {
        let mut suite = Suite::new();
        suite.handshake(CHANNEL).unwrap();
        suite
    }

    /// Makes the querier answer from the current `registry`, and the book's from the relay's
    /// current storage (its raw records and its queries, run on a copy).
    pub fn sync(&mut self) {
        let registry = self.registry.clone();
        let addr = self.registry_addr.to_string();
        let relay = self.env.contract.address.to_string();
        let for_book = registry.clone();
        let registry_addr = addr.clone();
        let relay_storage: BTreeMap<Vec<u8>, Vec<u8>> = self
            .deps
            .storage
            .range(None, None, Order::Ascending)
            .collect();
        let env = self.env.clone();
        self.book.querier.update_wasm(move |request| match request {
            WasmQuery::Raw { contract_addr, key } if *contract_addr == relay => {
                // An absent key answers empty, as wasmd does.
                let value = relay_storage
                    .get(key.as_slice())
                    .cloned()
                    .unwrap_or_default();
                SystemResult::Ok(ContractResult::Ok(Binary::from(value)))
            }
            WasmQuery::Smart { contract_addr, msg } if *contract_addr == registry_addr => {
                for_book.answer_raw(msg)
            }
            WasmQuery::Smart { contract_addr, msg } if *contract_addr == relay => {
                let mut copy = mock_dependencies();
                for (key, value) in &relay_storage {
                    copy.storage.set(key, value);
                }
                let answer = from_json::<QueryMsg>(msg)
                    .and_then(|msg| query(copy.as_ref(), env.clone(), msg));
                SystemResult::Ok(answer.map_err(|err| err.to_string()).into())
            }
            _ => SystemResult::Err(SystemError::NoSuchContract {
                addr: "unknown".to_string(),
            }),
        });
        let hub = registry.hub.to_string();
        let lrt = self.deps.api.addr_make(LRT).to_string();
        self.deps.querier.update_wasm(move |query| match query {
            WasmQuery::Smart { contract_addr, msg } if *contract_addr == addr => {
                registry.answer_raw(msg)
            }
            // The hub names the LRT, which every crank asks to sync its commission checkpoints.
            WasmQuery::Smart { contract_addr, .. } if *contract_addr == hub => SystemResult::Ok(
                ContractResult::Ok(Binary::from(format!(r#"{{"lrt":"{lrt}"}}"#).into_bytes())),
            ),
            _ => SystemResult::Err(SystemError::NoSuchContract {
                addr: "unknown".to_string(),
            }),
        });
    }

    /// Changes the registry and makes the querier answer from it.
    pub fn registry(&mut self, change: impl FnOnce(&mut MockRegistry)) {
        change(&mut self.registry);
        self.sync();
    }

    pub fn addr(&self, name: &str) -> Addr {
        self.deps.api.addr_make(name)
    }

    /// Moves `blocks` blocks ahead.
    pub fn advance(&mut self, blocks: u64) {
        self.env.block.height += blocks;
        self.env.block.time = self.env.block.time.plus_seconds(blocks * BLOCK_TIME);
    }

    pub fn open_try(&mut self, channel_id: &str) -> Result<IbcChannelOpenResponse, ContractError> {
        let msg = mock_ibc_channel_open_try(channel_id, PROTOCOL_ORDER, PROTOCOL_VERSION);
        ibc_channel_open(self.deps.as_mut(), self.env.clone(), msg)
    }

    pub fn confirm(&mut self, channel_id: &str) -> Result<IbcBasicResponse, ContractError> {
        let msg = mock_ibc_channel_connect_confirm(channel_id, PROTOCOL_ORDER, PROTOCOL_VERSION);
        ibc_channel_connect(self.deps.as_mut(), self.env.clone(), msg)
    }

    /// `OpenTry` then `OpenConfirm` of a channel with the protocol's parameters.
    pub fn handshake(&mut self, channel_id: &str) -> Result<IbcBasicResponse, ContractError> {
        self.open_try(channel_id)?;
        self.confirm(channel_id)
    }

    pub fn close(&mut self, channel_id: &str) -> Result<IbcBasicResponse, ContractError> {
        let msg = mock_ibc_channel_close_init(channel_id, PROTOCOL_ORDER, PROTOCOL_VERSION);
        ibc_channel_close(self.deps.as_mut(), self.env.clone(), msg)
    }

    pub fn execute(&mut self, sender: &Addr, msg: ExecuteMsg) -> Result<Response, ContractError> {
        execute(
            self.deps.as_mut(),
            self.env.clone(),
            message_info(sender, &[]),
            msg,
        )
    }

    /// Anyone cranks `CHAIN`'s power updates. Every crank's last message asks the LRT to sync
    /// the commission checkpoints of the page it compared (from the cursor it started at, as
    /// many operators as an update carries); it is checked and taken off, so the response holds
    /// the packets only.
    pub fn crank(&mut self) -> Result<Response, ContractError> {
        let anyone = self.addr("anyone");
        let before = crate::state::CHANNELS
            .may_load(&self.deps.storage, CHAIN)
            .unwrap();
        let limit = crate::state::CONFIG
            .load(&self.deps.storage)
            .unwrap()
            .settings
            .max_operators_per_update;
        let mut response = self.execute(
            &anyone,
            ExecuteMsg::SendPowerUpdates {
                chain_id: CHAIN.to_string(),
            },
        )?;
        let sync = response.messages.pop().expect("the LRT's sync");
        assert_eq!(sync.id, crate::power::SYNC_COMMISSION);
        assert_eq!(sync.reply_on, cosmwasm_std::ReplyOn::Error);
        let expected = cosmwasm_std::WasmMsg::Execute {
            contract_addr: self.addr(LRT).to_string(),
            msg: cosmwasm_std::to_json_binary(&palisade_api::lrt::ExecuteMsg::SyncCommission {
                chain_id: CHAIN.to_string(),
                start_after: before.and_then(|record| record.cursor),
                limit: Some(limit),
            })
            .unwrap(),
            funds: vec![],
        };
        assert_eq!(sync.msg, cosmwasm_std::CosmosMsg::Wasm(expected));
        Ok(response)
    }

    /// The consumer acknowledges `packet`, sent on `channel_id`.
    pub fn ack_on(
        &mut self,
        channel_id: &str,
        packet: &ProviderPacket,
        ack: StdAck,
    ) -> Result<IbcBasicResponse, ContractError> {
        let msg = mock_ibc_packet_ack(channel_id, packet, IbcAcknowledgement::new(ack)).unwrap();
        ibc_packet_ack(self.deps.as_mut(), self.env.clone(), msg)
    }

    pub fn ack(
        &mut self,
        packet: &ProviderPacket,
        ack: StdAck,
    ) -> Result<IbcBasicResponse, ContractError> {
        self.ack_on(CHANNEL, packet, ack)
    }

    pub fn timeout(&mut self, packet: &ProviderPacket) -> Result<IbcBasicResponse, ContractError> {
        let msg = mock_ibc_packet_timeout(CHANNEL, packet).unwrap();
        ibc_packet_timeout(self.deps.as_mut(), self.env.clone(), msg)
    }

    /// The consumer sends `data` on `channel_id`.
    pub fn receive_on(
        &mut self,
        channel_id: &str,
        data: &impl serde::Serialize,
    ) -> IbcReceiveResponse {
        let msg = mock_ibc_packet_recv(channel_id, data).unwrap();
        let Ok(mut response) = ibc_packet_receive(self.deps.as_mut(), self.env.clone(), msg);
        let opening = response.messages.iter().find_map(|sub| match &sub.msg {
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr, msg, ..
            }) if *contract_addr == self.book_addr.as_str() => {
                Some((sub.id, sub.payload.clone(), msg.clone()))
            }
            _ => None,
        });
        let Some((id, payload, msg)) = opening else {
            return response;
        };
        // The chain runs the submessage, then the relay's reply, whose data replaces the
        // acknowledgement. The book's events come first, then the reply's.
        self.sync();
        let relay = self.env.contract.address.clone();
        let book_env = self.book_env();
        let opened = book_contract::execute(
            self.book.as_mut(),
            book_env,
            message_info(&relay, &[]),
            from_json(&msg).unwrap(),
        );
        let (result, mut attributes) = match opened {
            #[allow(deprecated)]
            Ok(book) => (
                SubMsgResult::Ok(SubMsgResponse {
                    events: vec![],
                    data: Some(execute_response(book.data.as_deref().unwrap_or_default())),
                    msg_responses: vec![],
                }),
                book.attributes,
            ),
            Err(err) => (SubMsgResult::Err(err.to_string()), vec![]),
        };
        let reply = Reply {
            id,
            payload,
            gas_used: 0,
            result,
        };
        let replied = crate::contract::reply(self.deps.as_mut(), self.env.clone(), reply).unwrap();
        if attributes.is_empty() || attr_is(&replied.attributes, "action", "packet_refused") {
            attributes = replied.attributes;
        } else {
            attributes.extend(replied.attributes);
        }
        response.acknowledgement = replied.data;
        response.messages.clear();
        response.attributes = attributes;
        response
    }

    /// Executes a slash book message; what it sends the relay runs too, and the relay's messages
    /// (the registry's slash order) take its place in the response.
    pub fn book_execute(&mut self, sender: &Addr, msg: BookExecute) -> Result<Response, BookError> {
        self.sync();
        let book_env = self.book_env();
        let mut response =
            book_contract::execute(self.book.as_mut(), book_env, message_info(sender, &[]), msg)?;
        let mut forwarded = vec![];
        for sub in std::mem::take(&mut response.messages) {
            match &sub.msg {
                CosmosMsg::Wasm(WasmMsg::Execute {
                    contract_addr, msg, ..
                }) if *contract_addr == self.env.contract.address.as_str() => {
                    let book = self.book_addr.clone();
                    let relayed = self
                        .execute(&book, from_json(msg).unwrap())
                        .expect("the relay takes the book's update");
                    forwarded.extend(relayed.messages);
                }
                _ => forwarded.push(sub),
            }
        }
        response.messages = forwarded;
        Ok(response)
    }

    /// A slash book query (its querier as of the last `sync`).
    pub fn book_query<T: DeserializeOwned>(&self, msg: BookQuery) -> T {
        let env = self.book_env();
        from_json(book_contract::query(self.book.as_ref(), env, msg).unwrap()).unwrap()
    }

    pub fn receive(&mut self, data: &impl serde::Serialize) -> IbcReceiveResponse {
        self.receive_on(CHANNEL, data)
    }

    pub fn query<T: DeserializeOwned>(&self, msg: QueryMsg) -> T {
        from_json(query(self.deps.as_ref(), self.env.clone(), msg).unwrap()).unwrap()
    }

    pub fn channel(&self) -> ChannelResponse {
        self.query(QueryMsg::Channel {
            chain_id: CHAIN.to_string(),
        })
    }

    pub fn sent_powers(&self) -> Vec<OperatorPower> {
        self.query(QueryMsg::SentPowers {
            chain_id: CHAIN.to_string(),
            start_after: None,
            limit: Some(30),
        })
    }

    /// The relay's storage and the book's.
    pub fn snapshot(&self) -> Snapshot {
        let relay = self.deps.storage.range(None, None, Order::Ascending);
        let book = self.book.storage.range(None, None, Order::Ascending);
        relay.chain(book).collect()
    }
}

/// An execution's data as the chain hands it to a reply: the protobuf `MsgExecuteContractResponse`
/// (field 1, bytes).
pub fn execute_response(data: &[u8]) -> Binary {
    let mut wrapped = vec![0x0a];
    let mut len = data.len();
    loop {
        let byte = (len & 0x7f) as u8;
        len >>= 7;
        if len == 0 {
            wrapped.push(byte);
            break;
        }
        wrapped.push(byte | 0x80);
    }
    wrapped.extend_from_slice(data);
    Binary::from(wrapped)
}

fn attr_is(attributes: &[cosmwasm_std::Attribute], key: &str, value: &str) -> bool {
    attributes.iter().any(|a| a.key == key && a.value == value)
}

/// The power updates a response sends, with their channel and timeout.
pub fn sent(messages: &[SubMsg]) -> Vec<(String, ProviderPacket, Timestamp)> {
    packets_sent(messages)
}

/// The one power update a response sends.
pub fn one_update(messages: &[SubMsg]) -> ProviderPacket {
    let mut updates = sent(messages);
    assert_eq!(updates.len(), 1, "one update expected");
    updates.remove(0).1
}
