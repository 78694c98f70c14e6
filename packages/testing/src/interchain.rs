//! A provider and consumer chains connected by `palisade-1`, with a relayer step that delivers
//! packets, acknowledgements and timeouts through the contracts' real IBC entry points
//! (see [`crate::ibc`] for how multi-test is extended).
//!
//! The provider is a [`Suite`] (hub, LRT, registry linked to the hub, relay); each consumer chain
//! is its own multi-test app with a consumer contract. Channel handshakes follow ICS-004's order:
//! `OpenInit` on the consumer, `OpenTry` on the provider, `OpenAck` on the consumer, `OpenConfirm`
//! on the provider.

use anyhow::{anyhow, Result as AnyResult};
use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Binary, Empty, IbcAcknowledgement, IbcChannel,
    IbcChannelCloseMsg, IbcChannelConnectMsg, IbcChannelOpenMsg, IbcEndpoint, IbcPacket,
    IbcPacketAckMsg, IbcPacketReceiveMsg, IbcPacketTimeoutMsg, IbcTimeout, StdAck, Timestamp,
};
use cw_multi_test::{AppBuilder, AppResponse, Contract, ContractWrapper, Executor};
use palisade_api::consumer::{
    ExecuteMsg as ConsumerExecute, InfractionReport, InstantiateMsg as ConsumerInstantiate,
    QueryMsg as ConsumerQuery,
};
use palisade_api::ibc::{PROTOCOL_ORDER, PROTOCOL_VERSION};
use palisade_api::registry::ExecuteMsg as RegistryExecute;
use palisade_api::relay::{
    ExecuteMsg as RelayExecute, InstantiateMsg as RelayInstantiate, QueryMsg as RelayQuery,
    RelaySettings,
};
use palisade_api::slash_book::{
    ExecuteMsg as BookExecute, InstantiateMsg as BookInstantiate, QueryMsg as BookQuery,
};
use serde::de::DeserializeOwned;

use crate::ibc::{dispatch_ibc_sudo, take_sent_packets, IbcEntryPoints, IbcSudo, SentPacket};
use crate::{consumer_params, PalisadeApp, Suite, SuiteBuilder, BLOCK_TIME, RISK_TIMELOCK};

/// Seconds before a packet times out, on both ends.
pub const PACKET_TIMEOUT: u64 = 3_600;
/// Operators one `send_power_updates` call reads.
pub const MAX_OPERATORS_PER_UPDATE: u32 = 10;

fn relay_sudo(
    deps: cosmwasm_std::DepsMut,
    env: cosmwasm_std::Env,
    msg: IbcSudo,
) -> AnyResult<cosmwasm_std::Response> {
    use palisade_relay::ibc;
    let entry = IbcEntryPoints {
        open: ibc::ibc_channel_open,
        connect: ibc::ibc_channel_connect,
        close: ibc::ibc_channel_close,
        receive: ibc::ibc_packet_receive,
        ack: ibc::ibc_packet_ack,
        timeout: ibc::ibc_packet_timeout,
    };
    dispatch_ibc_sudo::<_, Empty>(deps, env, msg, &entry, None)
}

fn consumer_sudo(
    deps: cosmwasm_std::DepsMut,
    env: cosmwasm_std::Env,
    msg: IbcSudo,
) -> AnyResult<cosmwasm_std::Response> {
    use palisade_consumer::ibc;
    let entry = IbcEntryPoints {
        open: ibc::ibc_channel_open,
        connect: ibc::ibc_channel_connect,
        close: ibc::ibc_channel_close,
        receive: ibc::ibc_packet_receive,
        ack: ibc::ibc_packet_ack,
        timeout: ibc::ibc_packet_timeout,
    };
    dispatch_ibc_sudo(
        deps,
        env,
        msg,
        &entry,
        Some(palisade_consumer::contract::sudo),
    )
}

pub fn relay_contract() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            palisade_relay::contract::execute,
            palisade_relay::contract::instantiate,
            palisade_relay::contract::query,
        )
        .with_sudo(relay_sudo)
        .with_reply(palisade_relay::contract::reply)
        .with_migrate(palisade_relay::contract::migrate),
    )
}

pub fn slash_book_contract() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            palisade_slash_book::contract::execute,
            palisade_slash_book::contract::instantiate,
            palisade_slash_book::contract::query,
        )
        .with_migrate(palisade_slash_book::contract::migrate),
    )
}

pub fn consumer_contract() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            palisade_consumer::contract::execute,
            palisade_consumer::contract::instantiate,
            palisade_consumer::contract::query,
        )
        .with_sudo(consumer_sudo)
        .with_migrate(palisade_consumer::contract::migrate),
    )
}

/// Which end a packet came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    Provider,
    Consumer(usize),
}

/// What happened to a delivered packet.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Ack(StdAck),
    Timeout,
}

/// One packet the relayer handled.
#[derive(Clone, Debug)]
pub struct Delivery {
    pub from: Side,
    pub data: Binary,
    pub outcome: Outcome,
}

impl Delivery {
    /// The packet decoded as `T`.
    pub fn packet<T: DeserializeOwned>(&self) -> T {
        from_json(&self.data).expect("packet decodes")
    }

    /// The acknowledgement's result payload decoded as `T` (panics on an error ack or a timeout).
    pub fn result<T: DeserializeOwned>(&self) -> T {
        match &self.outcome {
            Outcome::Ack(StdAck::Success(data)) => from_json(data).expect("ack payload decodes"),
            other => panic!("expected a successful ack, got {other:?}"),
        }
    }

    /// The error acknowledgement's reason (panics otherwise).
    pub fn error(&self) -> String {
        match &self.outcome {
            Outcome::Ack(StdAck::Error(reason)) => reason.clone(),
            other => panic!("expected an error ack, got {other:?}"),
        }
    }
}

/// The two channel ends of a consumer's channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelPair {
    pub provider: String,
    pub consumer: String,
}

pub struct ConsumerChain {
    pub chain_id: String,
    pub app: PalisadeApp,
    pub contract: Addr,
    /// The consumer chain's authority (its governance).
    pub owner: Addr,
    /// An account the owner authorized to report infractions.
    pub reporter: Addr,
    /// The connection's id on the provider (registered in the registry) and on the consumer.
    pub provider_connection: String,
    pub consumer_connection: String,
    pub channel: Option<ChannelPair>,
    /// Channels closed before, for packets still in flight on them (their timeouts).
    pub closed_channels: Vec<ChannelPair>,
    next_channel: u64,
}

impl ConsumerChain {
    /// The channel (open or closed) whose end on `side` is `channel_id`.
    fn channel_pair(&self, side: Side, channel_id: &str) -> Option<ChannelPair> {
        self.channel
            .iter()
            .chain(self.closed_channels.iter())
            .find(|p| match side {
                Side::Provider => p.provider == channel_id,
                Side::Consumer(_) => p.consumer == channel_id,
            })
            .cloned()
    }
}

impl ConsumerChain {
    pub fn port(&self) -> String {
        format!("wasm.{}", self.contract)
    }

    pub fn query<T: DeserializeOwned>(&self, msg: &ConsumerQuery) -> T {
        self.app
            .wrap()
            .query_wasm_smart(&self.contract, msg)
            .expect("consumer query")
    }

    pub fn execute(&mut self, sender: &Addr, msg: &ConsumerExecute) -> AnyResult<AppResponse> {
        let contract = self.contract.clone();
        self.app
            .execute_contract(sender.clone(), contract, msg, &[])
    }

    /// The reporter reports an infraction at the consumer's current height and time.
    pub fn report_now(
        &mut self,
        consumer_key: &str,
        infraction: palisade_api::ibc::Infraction,
    ) -> AnyResult<AppResponse> {
        let block = self.app.block_info();
        let reporter = self.reporter.clone();
        self.execute(
            &reporter,
            &ConsumerExecute::ReportInfraction(InfractionReport {
                consumer_key: consumer_key.to_string(),
                infraction,
                infraction_height: block.height,
                infraction_time: block.time,
                evidence: None,
            }),
        )
    }

    fn sudo(&mut self, msg: &IbcSudo) -> AnyResult<AppResponse> {
        let contract = self.contract.clone();
        self.app.wasm_sudo(contract, msg)
    }
}

/// Instantiates the slash book beside `relay` and names it on the relay, as governance does.
pub fn deploy_slash_book(
    provider: &mut Suite,
    code: crate::CodeFn,
    registry: &Addr,
    relay: &Addr,
) -> Addr {
    let owner = provider.addrs.owner.clone();
    let book_code = provider.app.store_code(code());
    let slash_book = provider
        .app
        .instantiate_contract(
            book_code,
            owner.clone(),
            &BookInstantiate {
                owner: owner.to_string(),
                registry: registry.to_string(),
                relay: relay.to_string(),
            },
            &[],
            "palisade-slash-book",
            Some(owner.to_string()),
        )
        .expect("slash book instantiates");
    provider
        .app
        .execute_contract(
            owner,
            relay.clone(),
            &RelayExecute::SetSlashBook {
                slash_book: slash_book.to_string(),
            },
            &[],
        )
        .expect("slash book set");
    slash_book
}

pub struct Interchain {
    pub provider: Suite,
    pub relay: Addr,
    /// Where the relay opens slashes: veto, release, execution and the slash queries (a
    /// placeholder for a release whose relay kept the book: `Codes::slash_book` is `None`).
    pub slash_book: Addr,
    pub consumers: Vec<ConsumerChain>,
    pub relayer: Addr,
    next_provider_channel: u64,
    next_sequence: u64,
    /// Every packet the relayer handled, in order.
    pub log: Vec<Delivery>,
}

/// The ed25519 key operator `operator` signs with on consumer `consumer` in the tests (its
/// public half, base64, is the `consumer_key` it registers).
pub fn consumer_signing_key(operator: usize, consumer: usize) -> ed25519_zebra::SigningKey {
    let mut seed = [7u8; 32];
    seed[0] = operator as u8;
    seed[1] = consumer as u8;
    ed25519_zebra::SigningKey::from(seed)
}

/// The key operator `operator` registers for consumer `consumer` in the tests: a real ed25519
/// public key in base64, as CometBFT shows a consensus key.
pub fn consumer_key(operator: usize, consumer: usize) -> String {
    let public =
        ed25519_zebra::VerificationKeyBytes::from(&consumer_signing_key(operator, consumer));
    Binary::from(public.as_ref().to_vec()).to_base64()
}

impl Interchain {
    /// A provider built by `builder` with its registry linked to the hub and a relay, and one
    /// consumer chain per id, admitted (active) with [`consumer_params`]`(n)` pointing at its
    /// consumer contract. No channel is open yet.
    pub fn new(builder: SuiteBuilder, chain_ids: &[&str]) -> Self {
        Self::with_params(builder, chain_ids, |_, _| {})
    }

    /// Like [`Interchain::new`], with each consumer's parameters edited by `edit(index, params)`
    /// before its admission.
    pub fn with_params(
        builder: SuiteBuilder,
        chain_ids: &[&str],
        edit: impl Fn(usize, &mut palisade_api::registry::ConsumerParams),
    ) -> Self {
        let mut provider = builder.build();
        let registry = provider.deploy_registry();
        provider
            .owner_execute(&palisade_api::hub::ExecuteMsg::SetRegistry {
                registry: Some(registry.to_string()),
            })
            .expect("hub linked to the registry");
        let relay_code = provider.app.store_code((provider.codes.relay)());
        let owner = provider.addrs.owner.clone();
        let relay = provider
            .app
            .instantiate_contract(
                relay_code,
                owner.clone(),
                &RelayInstantiate {
                    owner: owner.to_string(),
                    registry: registry.to_string(),
                    settings: RelaySettings {
                        packet_timeout: PACKET_TIMEOUT,
                        max_operators_per_update: MAX_OPERATORS_PER_UPDATE,
                    },
                },
                &[],
                "palisade-relay",
                Some(owner.to_string()),
            )
            .expect("relay instantiates");
        let slash_book = match provider.codes.slash_book.clone() {
            Some(code) => deploy_slash_book(&mut provider, code, &registry, &relay),
            None => Addr::unchecked("the relay keeps the slash book"),
        };
        provider
            .registry_owner_execute(&RegistryExecute::SetRelay {
                relay: relay.to_string(),
            })
            .expect("relay set");

        let relay_port = format!("wasm.{relay}");
        let mut consumers = Vec::new();
        for (n, chain_id) in chain_ids.iter().enumerate() {
            let consumer = consumer_chain(
                chain_id,
                n as u32 + 1,
                &relay_port,
                &provider.app,
                &provider.codes,
            );
            let mut params = consumer_params(n as u32 + 1);
            params.counterparty_port = consumer.port();
            params.connection_id = consumer.provider_connection.clone();
            edit(n, &mut params);
            provider
                .registry_owner_execute(&RegistryExecute::ProposeConsumer {
                    chain_id: chain_id.to_string(),
                    params,
                })
                .expect("consumer proposed");
            consumers.push(consumer);
        }
        provider.advance(RISK_TIMELOCK);
        for chain_id in chain_ids {
            provider
                .registry_owner_execute(&RegistryExecute::ActivateConsumer {
                    chain_id: chain_id.to_string(),
                })
                .expect("consumer activated");
        }
        let relayer = provider.addr("relayer");
        let mut world = Interchain {
            provider,
            relay,
            slash_book,
            consumers,
            relayer,
            next_provider_channel: 0,
            next_sequence: 1,
            log: Vec::new(),
        };
        world.sync_clocks();
        world
    }

    pub fn relay_port(&self) -> String {
        format!("wasm.{}", self.relay)
    }

    pub fn relay_query<T: DeserializeOwned>(&self, msg: &RelayQuery) -> T {
        self.provider
            .app
            .wrap()
            .query_wasm_smart(&self.relay, msg)
            .expect("relay query")
    }

    pub fn relay_execute(&mut self, sender: &Addr, msg: &RelayExecute) -> AnyResult<AppResponse> {
        let relay = self.relay.clone();
        self.provider
            .app
            .execute_contract(sender.clone(), relay, msg, &[])
    }

    pub fn book_query<T: DeserializeOwned>(&self, msg: &BookQuery) -> T {
        self.provider
            .app
            .wrap()
            .query_wasm_smart(&self.slash_book, msg)
            .expect("slash book query")
    }

    pub fn book_execute(&mut self, sender: &Addr, msg: &BookExecute) -> AnyResult<AppResponse> {
        let book = self.slash_book.clone();
        self.provider
            .app
            .execute_contract(sender.clone(), book, msg, &[])
    }

    /// Anyone runs the power crank for consumer `i`.
    pub fn send_power_updates(&mut self, i: usize) -> AnyResult<AppResponse> {
        let chain_id = self.consumers[i].chain_id.clone();
        let cranker = self.provider.addr("cranker");
        self.relay_execute(&cranker, &RelayExecute::SendPowerUpdates { chain_id })
    }

    /// Anyone brings the LRT's commission checkpoints of consumer `i` up to date (every
    /// operator: the tests' consumers have fewer than 100), e.g. after a rate changed.
    pub fn sync_commission(&mut self, i: usize) {
        let chain_id = self.consumers[i].chain_id.clone();
        let keeper = self.provider.addr("keeper");
        let lrt = self.provider.lrt.clone();
        self.provider
            .app
            .execute_contract(
                keeper,
                lrt,
                &palisade_api::lrt::ExecuteMsg::SyncCommission {
                    chain_id,
                    start_after: None,
                    limit: Some(100),
                },
                &[],
            )
            .expect("sync_commission");
    }

    /// Sends and relays the current powers of consumer `i`.
    pub fn sync_powers(&mut self, i: usize) {
        self.send_power_updates(i).unwrap();
        self.relay_all().unwrap();
    }

    /// Operator `operator` opts in to consumer `consumer` with `allocation`, commission 10%, under
    /// [`consumer_key`].
    pub fn opt_in(&mut self, operator: usize, consumer: usize, allocation: cosmwasm_std::Decimal) {
        let account = self.provider.validator_account(operator);
        let chain_id = self.consumers[consumer].chain_id.clone();
        self.provider
            .registry_execute(
                &account,
                &RegistryExecute::OptIn {
                    chain_id,
                    consumer_key: consumer_key(operator, consumer),
                    allocation,
                    commission_bps: 1_000,
                },
            )
            .unwrap();
    }

    /// Governance sets operator `operator`'s weight in the hub through the registry.
    pub fn set_hub_weight(&mut self, operator: usize, weight: u64) {
        let validator = self.provider.validator(operator);
        self.provider
            .registry_owner_execute(&RegistryExecute::SetHubWeight { validator, weight })
            .unwrap();
    }

    /// Consumer `consumer` reports `infraction` by `operator` now and the report is relayed;
    /// returns the relay's slash id.
    pub fn report_slash(
        &mut self,
        consumer: usize,
        operator: usize,
        infraction: palisade_api::ibc::Infraction,
    ) -> u64 {
        self.consumers[consumer]
            .report_now(&consumer_key(operator, consumer), infraction)
            .unwrap();
        let delivered = self.relay_all().unwrap();
        let ack: palisade_api::ibc::SlashRequestAck = delivered.last().unwrap().result();
        ack.slash_id
    }

    /// Moves every chain's clock forward by `seconds` (blocks advance with it).
    pub fn advance(&mut self, seconds: u64) {
        self.provider.advance(seconds);
        self.sync_clocks();
    }

    /// Consumer chains keep the provider's time (heights differ: each chain has its own).
    fn sync_clocks(&mut self) {
        let time = self.provider.app.block_info().time;
        for c in &mut self.consumers {
            c.app.update_block(|b| {
                let elapsed = time.seconds().saturating_sub(b.time.seconds());
                b.height += (elapsed / BLOCK_TIME).max(1);
                b.time = time;
            });
        }
    }

    fn channel(&self, order: cosmwasm_std::IbcOrder, i: usize, version: &str) -> IbcChannel {
        let c = &self.consumers[i];
        let pair = c.channel.clone();
        IbcChannel::new(
            IbcEndpoint {
                port_id: self.relay_port(),
                channel_id: pair
                    .as_ref()
                    .map(|p| p.provider.clone())
                    .unwrap_or_default(),
            },
            IbcEndpoint {
                port_id: c.port(),
                channel_id: pair.map(|p| p.consumer).unwrap_or_default(),
            },
            order,
            version,
            c.provider_connection.clone(),
        )
    }

    /// Runs the four handshake steps for consumer `i` with the protocol's order and version.
    pub fn open_channel(&mut self, i: usize) -> AnyResult<ChannelPair> {
        self.open_channel_with(i, PROTOCOL_ORDER, PROTOCOL_VERSION)
    }

    /// The handshake with a given order and version (for refusals). Stops at the first refusal.
    pub fn open_channel_with(
        &mut self,
        i: usize,
        order: cosmwasm_std::IbcOrder,
        version: &str,
    ) -> AnyResult<ChannelPair> {
        let relay_port = self.relay_port();
        let consumer_channel = {
            let c = &mut self.consumers[i];
            c.next_channel += 1;
            format!("channel-{}", c.next_channel - 1)
        };
        let provider_channel = format!("channel-{}", self.next_provider_channel);
        self.next_provider_channel += 1;
        let c = &self.consumers[i];
        // OpenInit on the consumer: its own end, the counterparty's channel not known yet.
        let init = IbcChannel::new(
            IbcEndpoint {
                port_id: c.port(),
                channel_id: consumer_channel.clone(),
            },
            IbcEndpoint {
                port_id: relay_port.clone(),
                channel_id: String::new(),
            },
            order.clone(),
            version,
            c.consumer_connection.clone(),
        );
        self.consumers[i].sudo(&IbcSudo::ChannelOpen(IbcChannelOpenMsg::OpenInit {
            channel: init.clone(),
        }))?;
        // OpenTry on the provider.
        let pair = ChannelPair {
            provider: provider_channel.clone(),
            consumer: consumer_channel.clone(),
        };
        let try_channel = IbcChannel::new(
            IbcEndpoint {
                port_id: relay_port.clone(),
                channel_id: provider_channel.clone(),
            },
            IbcEndpoint {
                port_id: self.consumers[i].port(),
                channel_id: consumer_channel.clone(),
            },
            order.clone(),
            version,
            self.consumers[i].provider_connection.clone(),
        );
        self.provider_sudo(&IbcSudo::ChannelOpen(IbcChannelOpenMsg::OpenTry {
            channel: try_channel.clone(),
            counterparty_version: version.to_string(),
        }))?;
        // OpenAck on the consumer, now knowing the provider's channel.
        let ack_channel = IbcChannel::new(
            IbcEndpoint {
                port_id: self.consumers[i].port(),
                channel_id: consumer_channel,
            },
            IbcEndpoint {
                port_id: relay_port,
                channel_id: provider_channel,
            },
            order.clone(),
            version,
            self.consumers[i].consumer_connection.clone(),
        );
        self.consumers[i].sudo(&IbcSudo::ChannelConnect(IbcChannelConnectMsg::OpenAck {
            channel: ack_channel,
            counterparty_version: version.to_string(),
        }))?;
        // OpenConfirm on the provider.
        self.provider_sudo(&IbcSudo::ChannelConnect(
            IbcChannelConnectMsg::OpenConfirm {
                channel: try_channel,
            },
        ))?;
        self.consumers[i].channel = Some(pair.clone());
        Ok(pair)
    }

    /// The consumer closes its channel; the relayer delivers the close to the provider.
    pub fn close_channel(&mut self, i: usize) -> AnyResult<()> {
        let pair = self.consumers[i]
            .channel
            .clone()
            .ok_or_else(|| anyhow!("no channel"))?;
        let c = &self.consumers[i];
        let consumer_end = IbcChannel::new(
            IbcEndpoint {
                port_id: c.port(),
                channel_id: pair.consumer.clone(),
            },
            IbcEndpoint {
                port_id: self.relay_port(),
                channel_id: pair.provider.clone(),
            },
            PROTOCOL_ORDER,
            PROTOCOL_VERSION,
            c.consumer_connection.clone(),
        );
        self.consumers[i].sudo(&IbcSudo::ChannelClose(IbcChannelCloseMsg::CloseInit {
            channel: consumer_end,
        }))?;
        let provider_end = self.channel(PROTOCOL_ORDER, i, PROTOCOL_VERSION);
        self.provider_sudo(&IbcSudo::ChannelClose(IbcChannelCloseMsg::CloseConfirm {
            channel: provider_end,
        }))?;
        self.consumers[i].closed_channels.push(pair);
        self.consumers[i].channel = None;
        Ok(())
    }

    fn provider_sudo(&mut self, msg: &IbcSudo) -> AnyResult<AppResponse> {
        let relay = self.relay.clone();
        self.provider.app.wasm_sudo(relay, msg)
    }

    /// Packets sent and not yet relayed, from each side.
    pub fn take_packets(&mut self) -> Vec<(Side, SentPacket)> {
        let mut packets: Vec<(Side, SentPacket)> =
            take_sent_packets(self.provider.app.storage_mut())
                .into_iter()
                .map(|p| (Side::Provider, p))
                .collect();
        for (i, c) in self.consumers.iter_mut().enumerate() {
            packets.extend(
                take_sent_packets(c.app.storage_mut())
                    .into_iter()
                    .map(|p| (Side::Consumer(i), p)),
            );
        }
        packets
    }

    /// Which consumer a packet from `side` on `channel_id` goes to or comes from.
    fn consumer_of(&self, side: Side, channel_id: &str) -> AnyResult<usize> {
        match side {
            Side::Consumer(i) => Ok(i),
            Side::Provider => self
                .consumers
                .iter()
                .position(|c| c.channel_pair(side, channel_id).is_some())
                .ok_or_else(|| anyhow!("no consumer on provider channel {channel_id}")),
        }
    }

    fn ibc_packet(&mut self, side: Side, sent: &SentPacket) -> AnyResult<(usize, IbcPacket)> {
        let i = self.consumer_of(side, &sent.channel_id)?;
        let pair = self.consumers[i]
            .channel_pair(side, &sent.channel_id)
            .ok_or_else(|| anyhow!("consumer {i} has no channel {}", sent.channel_id))?;
        let provider_end = IbcEndpoint {
            port_id: self.relay_port(),
            channel_id: pair.provider,
        };
        let consumer_end = IbcEndpoint {
            port_id: self.consumers[i].port(),
            channel_id: pair.consumer,
        };
        let (src, dest) = match side {
            Side::Provider => (provider_end, consumer_end),
            Side::Consumer(_) => (consumer_end, provider_end),
        };
        let sequence = self.next_sequence;
        self.next_sequence += 1;
        Ok((
            i,
            IbcPacket::new(sent.data.clone(), src, dest, sequence, sent.timeout.clone()),
        ))
    }

    /// Delivers one packet: received by the other end (its acknowledgement returned to the
    /// sender) or, when the receiving chain's time has passed the packet's timeout, a timeout to
    /// the sender.
    pub fn deliver(&mut self, side: Side, sent: SentPacket) -> AnyResult<Delivery> {
        let (i, packet) = self.ibc_packet(side, &sent)?;
        let receiver_time = match side {
            Side::Provider => self.consumers[i].app.block_info().time,
            Side::Consumer(_) => self.provider.app.block_info().time,
        };
        if timed_out(&sent.timeout, receiver_time) {
            return self.time_out(side, sent);
        }
        let ack_bytes = self.receive_only(side, &sent)?;
        let ack: StdAck = from_json(&ack_bytes)?;
        let ack_msg = IbcSudo::PacketAck(IbcPacketAckMsg::new(
            IbcAcknowledgement::new(ack_bytes),
            packet,
            self.relayer.clone(),
        ));
        match side {
            Side::Provider => self.provider_sudo(&ack_msg)?,
            Side::Consumer(i) => self.consumers[i].sudo(&ack_msg)?,
        };
        let delivery = Delivery {
            from: side,
            data: sent.data,
            outcome: Outcome::Ack(ack),
        };
        self.log.push(delivery.clone());
        Ok(delivery)
    }

    /// The receiving side's half of a delivery: the packet is received and acknowledged there,
    /// and the acknowledgement is returned without being relayed back (as when a channel closes
    /// before a relayer delivers it).
    pub fn receive_only(&mut self, side: Side, sent: &SentPacket) -> AnyResult<Binary> {
        let (i, packet) = self.ibc_packet(side, sent)?;
        let relayer = self.relayer.clone();
        let receive =
            IbcSudo::PacketReceive(IbcPacketReceiveMsg::new(packet.clone(), relayer.clone()));
        let received = match side {
            Side::Provider => self.consumers[i].sudo(&receive),
            Side::Consumer(_) => self.provider_sudo(&receive),
        };
        // As wasmd does (`x/wasm/ibc.go`, `OnRecvPacket`): a failed receive, the messages the
        // contract returned included, reverts the receiver's state and is acknowledged with an
        // error (wasmd redacts the reason to an ABCI code; the test keeps it for the assertions).
        Ok(match received {
            Ok(received) => received
                .data
                .ok_or_else(|| anyhow!("the receiver wrote no acknowledgement"))?,
            Err(err) => cosmwasm_std::to_json_binary(&StdAck::error(format!(
                "error handling packet: {}",
                err.root_cause()
            )))?,
        })
    }

    /// Tells the sender that a packet timed out (it was never received).
    pub fn time_out(&mut self, side: Side, sent: SentPacket) -> AnyResult<Delivery> {
        let (_, packet) = self.ibc_packet(side, &sent)?;
        let msg = IbcSudo::PacketTimeout(IbcPacketTimeoutMsg::new(packet, self.relayer.clone()));
        match side {
            Side::Provider => self.provider_sudo(&msg)?,
            Side::Consumer(i) => self.consumers[i].sudo(&msg)?,
        };
        let delivery = Delivery {
            from: side,
            data: sent.data,
            outcome: Outcome::Timeout,
        };
        self.log.push(delivery.clone());
        Ok(delivery)
    }

    /// Delivers the ICS-20 transfers consumer `i` sent: each arrives on the provider as
    /// `provider_denom` (what the transfer module would mint as its `ibc/...` voucher). Returns
    /// them.
    pub fn deliver_transfers(
        &mut self,
        i: usize,
        provider_denom: &str,
    ) -> Vec<crate::ibc::SentTransfer> {
        let transfers = crate::ibc::take_sent_transfers(self.consumers[i].app.storage_mut());
        for t in &transfers {
            self.provider
                .app
                .sudo(cw_multi_test::SudoMsg::Bank(
                    cw_multi_test::BankSudo::Mint {
                        to_address: t.to_address.clone(),
                        amount: cosmwasm_std::coins(t.amount.amount.u128(), provider_denom),
                    },
                ))
                .expect("the voucher is minted");
        }
        transfers
    }

    /// Relays until no packet is left (acks may trigger new packets). Returns what it delivered.
    pub fn relay_all(&mut self) -> AnyResult<Vec<Delivery>> {
        let mut delivered = Vec::new();
        for _ in 0..20 {
            let packets = self.take_packets();
            if packets.is_empty() {
                return Ok(delivered);
            }
            for (side, packet) in packets {
                delivered.push(self.deliver(side, packet)?);
            }
        }
        Err(anyhow!("packets keep coming after 20 rounds"))
    }
}

fn timed_out(timeout: &IbcTimeout, receiver_time: Timestamp) -> bool {
    timeout.timestamp().is_some_and(|t| receiver_time >= t)
}

/// A consumer chain with its consumer contract, expecting the relay at `relay_port`.
fn consumer_chain(
    chain_id: &str,
    n: u32,
    relay_port: &str,
    provider: &PalisadeApp,
    codes: &crate::Codes,
) -> ConsumerChain {
    let api = MockApi::default().with_prefix("consumer");
    let owner = api.addr_make(&format!("{chain_id}-gov"));
    let reporter = api.addr_make(&format!("{chain_id}-reporter"));
    let mut app: PalisadeApp = AppBuilder::new()
        .with_bank(crate::bank::ChainBank::default())
        .with_api(api)
        .with_ibc(crate::ibc::CapturingIbc)
        .with_staking(crate::staking::ChainStaking::default())
        .build(|_, _, _| {});
    let provider_block = provider.block_info();
    app.update_block(|b| {
        b.chain_id = chain_id.to_string();
        b.time = provider_block.time;
        b.height = 1_000 * n as u64;
    });
    let code = app.store_code((codes.consumer)());
    let consumer_connection = format!("connection-{}", 100 + n);
    let contract = app
        .instantiate_contract(
            code,
            owner.clone(),
            &ConsumerInstantiate {
                owner: owner.to_string(),
                provider_connection_id: consumer_connection.clone(),
                relay_port: relay_port.to_string(),
                packet_timeout: PACKET_TIMEOUT,
                reporters: vec![reporter.to_string()],
            },
            &[],
            "palisade-consumer",
            Some(owner.to_string()),
        )
        .expect("consumer instantiates");
    ConsumerChain {
        chain_id: chain_id.to_string(),
        app,
        contract,
        owner,
        reporter,
        provider_connection: format!("connection-{n}"),
        consumer_connection,
        channel: None,
        closed_channels: Vec::new(),
        next_channel: 0,
    }
}

/// Encodes a value as a packet's data (for tests that forge packets).
pub fn packet_data<T: serde::Serialize>(value: &T) -> Binary {
    to_json_binary(value).expect("encodes")
}
