//! The IBC paths the scenario does not take, on the optimized wasm: a timed-out power update is
//! re-sent as the latest state with a new id, and a timed-out slash request stays in the
//! consumer's outbox and is retried.

use cosmwasm_std::Decimal;
use palisade_api::consumer::{
    ExecuteMsg as ConsumerMsg, OperatorResponse, QueryMsg as ConsumerQuery,
};
use palisade_api::ibc::{Infraction, OperatorPower, ProviderPacket};
use palisade_api::registry::ExecuteMsg as RegistryMsg;
use palisade_api::relay::{QueryMsg as RelayQuery, UpdateResponse, UpdateStatus};
use palisade_devnet::{artifacts_dir, wasm_codes, Vm};
use palisade_testing::interchain::{Interchain, Outcome};
use palisade_testing::{SuiteBuilder, ALLOCATION_DELAY};

const STAKE: u128 = 1_000_000;

fn world(vm: &std::rc::Rc<Vm>) -> Interchain {
    let codes = wasm_codes(vm, &artifacts_dir()).unwrap();
    let mut world = Interchain::new(
        SuiteBuilder::new()
            .codes(codes)
            .validators(&[1, 1])
            .staker("alice", 10 * STAKE),
        &["alpha-1"],
    );
    let alice = world.provider.addr("alice");
    for _ in 0..2 {
        world.provider.deposit(&alice, STAKE).unwrap();
    }
    for i in 0..2 {
        world.provider.register_operator(i).unwrap();
        let account = world.provider.validator_account(i);
        world
            .provider
            .registry_execute(
                &account,
                &RegistryMsg::OptIn {
                    chain_id: "alpha-1".into(),
                    consumer_key: format!("key-{i}"),
                    allocation: Decimal::percent(50),
                    commission_bps: 1_000,
                },
            )
            .unwrap();
    }
    world.advance(ALLOCATION_DELAY);
    world.open_channel(0).unwrap();
    world
}

#[test]
fn timeouts_on_the_wasm_resend_the_latest_state_and_retry_requests() {
    let vm = Vm::new().unwrap();
    let mut world = world(&vm);

    // The first power update times out: the relay marks it failed and re-sends at once.
    world.send_power_updates(0).unwrap();
    let (side, packet) = world.take_packets().into_iter().next().unwrap();
    assert_eq!(
        world.time_out(side, packet).unwrap().outcome,
        Outcome::Timeout
    );
    let failed: UpdateResponse = world.relay_query(&RelayQuery::Update {
        chain_id: "alpha-1".into(),
        update_id: 1,
    });
    assert_eq!(failed.status, UpdateStatus::Failed);
    let resent = world.relay_all().unwrap();
    let ProviderPacket::PowerUpdate { update_id, .. } = resent[0].packet();
    assert_eq!(update_id, 2);
    let sent: Vec<OperatorPower> = world.relay_query(&RelayQuery::SentPowers {
        chain_id: "alpha-1".into(),
        start_after: None,
        limit: None,
    });
    assert_eq!(sent.len(), 2);
    for power in sent {
        let on_consumer: OperatorResponse = world.consumers[0].query(&ConsumerQuery::Operator {
            operator: power.operator.clone(),
        });
        assert_eq!(on_consumer.power, power.power);
        assert_eq!(power.power.u128(), STAKE / 2);
    }

    // A slash request times out: it stays in the outbox, anyone retries it, and it lands.
    world.advance(60);
    world.consumers[0]
        .report_now("key-0", Infraction::Downtime)
        .unwrap();
    let (side, packet) = world.take_packets().into_iter().next().unwrap();
    world.time_out(side, packet).unwrap();
    let anyone = world.consumers[0].reporter.clone();
    world.consumers[0]
        .execute(&anyone, &ConsumerMsg::RetryTimedOut { limit: None })
        .unwrap();
    let delivered = world.relay_all().unwrap();
    assert_eq!(delivered.len(), 1);
    let ack: palisade_api::ibc::SlashRequestAck = delivered[0].result();
    assert_eq!(ack.slash_id, 1);
}
