//! IBC for multi-test, which has none: contracts' packets are captured by a module, and a test
//! relayer calls the contracts' real IBC entry points with the packets, acknowledgements and
//! timeouts a real relayer would deliver.
//!
//! - [`CapturingIbc`] is the app's IBC module. It records every `IbcMsg::SendPacket` in the app's
//!   storage, so a transaction that fails takes its packets with it, as on a chain, and every
//!   ICS-20 `IbcMsg::Transfer` (escrowing the tokens); the test relayer delivers both.
//! - multi-test never calls a contract's IBC entry points. Each IBC contract is therefore wrapped
//!   so that its `sudo` entry point takes an [`IbcSudo`] and forwards it to the contract's own
//!   `ibc_*` function (or to the contract's own `sudo`). The response (the acknowledgement of a
//!   receive, the version of an open) comes back as the sudo response's data.

use anyhow::{anyhow, bail, Result as AnyResult};
use cosmwasm_std::{
    from_json, to_json_binary, Addr, Api, Binary, BlockInfo, CustomMsg, CustomQuery, DepsMut,
    Empty, Env, IbcBasicResponse, IbcChannelCloseMsg, IbcChannelConnectMsg, IbcChannelOpenMsg,
    IbcMsg, IbcPacketAckMsg, IbcPacketReceiveMsg, IbcPacketTimeoutMsg, IbcQuery, IbcTimeout,
    Querier, Response, Storage,
};
use cw_multi_test::{AppResponse, CosmosRouter, Ibc, Module};
use cw_storage_plus::{Item, Map};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A packet a contract sent, as the chain's IBC module saw it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentPacket {
    pub sender: Addr,
    pub channel_id: String,
    pub data: Binary,
    pub timeout: IbcTimeout,
}

const SENT: Map<u64, SentPacket> = Map::new("test_ibc_sent");
const NEXT_SENT: Item<u64> = Item::new("test_ibc_next_sent");

/// An ICS-20 transfer a contract sent (`IbcMsg::Transfer`): the tokens left the sender (escrowed,
/// here burned) and arrive when the test relayer delivers them on the other chain.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentTransfer {
    pub sender: Addr,
    pub channel_id: String,
    pub to_address: String,
    pub amount: cosmwasm_std::Coin,
}

const TRANSFERS: Map<u64, SentTransfer> = Map::new("test_ibc_transfers");
const NEXT_TRANSFER: Item<u64> = Item::new("test_ibc_next_transfer");

/// Removes and returns the transfers sent since the last call, oldest first.
pub fn take_sent_transfers(storage: &mut dyn Storage) -> Vec<SentTransfer> {
    let all: Vec<(u64, SentTransfer)> = TRANSFERS
        .range(storage, None, None, cosmwasm_std::Order::Ascending)
        .collect::<cosmwasm_std::StdResult<_>>()
        .expect("captured transfers decode");
    for (id, _) in &all {
        TRANSFERS.remove(storage, *id);
    }
    all.into_iter().map(|(_, t)| t).collect()
}

/// The IBC module of Palisade's test chains: captures sent packets, refuses everything else.
#[derive(Default)]
pub struct CapturingIbc;

impl Module for CapturingIbc {
    type ExecT = IbcMsg;
    type QueryT = IbcQuery;
    type SudoT = Empty;

    fn execute<ExecC, QueryC>(
        &self,
        api: &dyn Api,
        storage: &mut dyn Storage,
        router: &dyn CosmosRouter<ExecC = ExecC, QueryC = QueryC>,
        block: &BlockInfo,
        sender: Addr,
        msg: IbcMsg,
    ) -> AnyResult<AppResponse>
    where
        ExecC: CustomMsg + DeserializeOwned + 'static,
        QueryC: CustomQuery + DeserializeOwned + 'static,
    {
        match msg {
            IbcMsg::SendPacket {
                channel_id,
                data,
                timeout,
            } => {
                let id = NEXT_SENT.may_load(storage)?.unwrap_or_default();
                NEXT_SENT.save(storage, &(id + 1))?;
                SENT.save(
                    storage,
                    id,
                    &SentPacket {
                        sender,
                        channel_id,
                        data,
                        timeout,
                    },
                )?;
                Ok(AppResponse::default())
            }
            IbcMsg::Transfer {
                channel_id,
                to_address,
                amount,
                ..
            } => {
                // The transfer module escrows the tokens: they leave the sender now.
                router.execute(
                    api,
                    storage,
                    block,
                    sender.clone(),
                    cosmwasm_std::BankMsg::Burn {
                        amount: vec![amount.clone()],
                    }
                    .into(),
                )?;
                let id = NEXT_TRANSFER.may_load(storage)?.unwrap_or_default();
                NEXT_TRANSFER.save(storage, &(id + 1))?;
                TRANSFERS.save(
                    storage,
                    id,
                    &SentTransfer {
                        sender,
                        channel_id,
                        to_address,
                        amount,
                    },
                )?;
                Ok(AppResponse::default())
            }
            other => bail!("the test IBC module does not handle {other:?}"),
        }
    }

    fn query(
        &self,
        _api: &dyn Api,
        _storage: &dyn Storage,
        _querier: &dyn Querier,
        _block: &BlockInfo,
        request: IbcQuery,
    ) -> AnyResult<Binary> {
        bail!("the test IBC module answers no queries ({request:?})")
    }

    fn sudo<ExecC, QueryC>(
        &self,
        _api: &dyn Api,
        _storage: &mut dyn Storage,
        _router: &dyn CosmosRouter<ExecC = ExecC, QueryC = QueryC>,
        _block: &BlockInfo,
        _msg: Empty,
    ) -> AnyResult<AppResponse>
    where
        ExecC: CustomMsg + DeserializeOwned + 'static,
        QueryC: CustomQuery + DeserializeOwned + 'static,
    {
        bail!("the test IBC module has no sudo")
    }
}

impl Ibc for CapturingIbc {}

/// Removes and returns the packets sent since the last call, in the order they were sent.
pub fn take_sent_packets(storage: &mut dyn Storage) -> Vec<SentPacket> {
    let sent: Vec<(u64, SentPacket)> = SENT
        .range(storage, None, None, cosmwasm_std::Order::Ascending)
        .collect::<cosmwasm_std::StdResult<_>>()
        .expect("captured packets decode");
    for (id, _) in &sent {
        SENT.remove(storage, *id);
    }
    sent.into_iter().map(|(_, p)| p).collect()
}

/// What the test relayer asks an IBC contract to do, through its `sudo` entry point.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IbcSudo {
    ChannelOpen(IbcChannelOpenMsg),
    ChannelConnect(IbcChannelConnectMsg),
    ChannelClose(IbcChannelCloseMsg),
    PacketReceive(IbcPacketReceiveMsg),
    PacketAck(IbcPacketAckMsg),
    PacketTimeout(IbcPacketTimeoutMsg),
    /// The contract's own `sudo` message, as JSON.
    Contract(Binary),
}

/// A contract's IBC entry points, as the test wrapper calls them.
pub struct IbcEntryPoints<E> {
    pub open:
        fn(DepsMut, Env, IbcChannelOpenMsg) -> Result<cosmwasm_std::IbcChannelOpenResponse, E>,
    pub connect: fn(DepsMut, Env, IbcChannelConnectMsg) -> Result<IbcBasicResponse, E>,
    pub close: fn(DepsMut, Env, IbcChannelCloseMsg) -> Result<IbcBasicResponse, E>,
    pub receive: fn(
        DepsMut,
        Env,
        IbcPacketReceiveMsg,
    ) -> Result<cosmwasm_std::IbcReceiveResponse, cosmwasm_std::Never>,
    pub ack: fn(DepsMut, Env, IbcPacketAckMsg) -> Result<IbcBasicResponse, E>,
    pub timeout: fn(DepsMut, Env, IbcPacketTimeoutMsg) -> Result<IbcBasicResponse, E>,
}

/// A contract's own `sudo` entry point.
pub type OwnSudo<S, E> = fn(DepsMut, Env, S) -> Result<Response, E>;

fn basic(response: IbcBasicResponse) -> Response {
    Response::new()
        .add_submessages(response.messages)
        .add_attributes(response.attributes)
        .add_events(response.events)
}

/// Runs one [`IbcSudo`] against a contract's entry points. `own_sudo` handles
/// [`IbcSudo::Contract`]. A receive's acknowledgement is returned as the response's data.
pub fn dispatch_ibc_sudo<E, S>(
    deps: DepsMut,
    env: Env,
    msg: IbcSudo,
    entry: &IbcEntryPoints<E>,
    own_sudo: Option<OwnSudo<S, E>>,
) -> AnyResult<Response>
where
    E: std::fmt::Display,
    S: DeserializeOwned,
{
    let err = |e: E| anyhow!("{e}");
    Ok(match msg {
        IbcSudo::ChannelOpen(m) => {
            let version = (entry.open)(deps, env, m).map_err(err)?;
            Response::new().set_data(to_json_binary(&version)?)
        }
        IbcSudo::ChannelConnect(m) => basic((entry.connect)(deps, env, m).map_err(err)?),
        IbcSudo::ChannelClose(m) => basic((entry.close)(deps, env, m).map_err(err)?),
        IbcSudo::PacketReceive(m) => {
            let Ok(received) = (entry.receive)(deps, env, m);
            let mut response = Response::new()
                .add_submessages(received.messages)
                .add_attributes(received.attributes)
                .add_events(received.events);
            if let Some(ack) = received.acknowledgement {
                response = response.set_data(ack);
            }
            response
        }
        IbcSudo::PacketAck(m) => basic((entry.ack)(deps, env, m).map_err(err)?),
        IbcSudo::PacketTimeout(m) => basic((entry.timeout)(deps, env, m).map_err(err)?),
        IbcSudo::Contract(raw) => match own_sudo {
            Some(sudo) => sudo(deps, env, from_json(&raw)?).map_err(err)?,
            None => bail!("this contract has no sudo entry point"),
        },
    })
}
