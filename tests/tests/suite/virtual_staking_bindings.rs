//! Virtual staking's bindings: who may bind a validator to an operator (the validator's
//! operator account, with a signature by the operator's consumer key), unbinding and moving,
//! governance's bar on a validator it unbound, and every refusal changing nothing.

use super::virtual_staking::{
    assert_books, bind, books, bound_world, budget_of, chain, world_with, ALPHA, NATIVE, STAKE,
};
use cosmwasm_std::{Addr, Decimal};
use cw_multi_test::Executor;
use palisade_api::registry::ExecuteMsg as RegistryExecute;
use palisade_api::virtual_staking::{
    BindingResponse, BindingStatus, ConfigResponse, ExecuteMsg, InstantiateMsg, Params, QueryMsg,
};
use palisade_testing::interchain::Interchain;
use palisade_testing::virtual_staking::{
    mint, params, virtual_staking_contract, CHAIN_UNBONDING, CONSUMER_DENOM,
};
use palisade_testing::{event_attr, ALLOCATION_DELAY};

// --- bindings ----------------------------------------------------------------------------------

#[test]
fn bindings_are_refused_without_both_proofs_and_change_nothing() {
    let (mut world, vs) = world_with(NATIVE, params());
    let operator0 = world.provider.validator(0);
    let v0 = vs.validators[0].clone();
    let v1 = vs.validators[1].clone();
    let good = vs.signature(chain(&mut world), 0, ALPHA, &operator0, &v0.valoper);
    let attempt = |world: &mut Interchain, sender: &Addr, validator: &str, operator: &str, sig| {
        vs.execute(
            chain(world),
            sender,
            &ExecuteMsg::BindValidator {
                operator: operator.to_string(),
                validator: validator.to_string(),
                signature: sig,
            },
        )
        .unwrap_err()
        .root_cause()
        .to_string()
    };

    // Another account than the validator's operator.
    let err = attempt(
        &mut world,
        &v1.account,
        &v0.valoper,
        &operator0,
        good.clone(),
    );
    assert_eq!(
        err,
        format!("only the operator account of {} may bind it", v0.valoper)
    );
    // A signature by another operator's key, and one for another validator.
    let other_key = vs.signature(chain(&mut world), 1, ALPHA, &operator0, &v0.valoper);
    let err = attempt(&mut world, &v0.account, &v0.valoper, &operator0, other_key);
    let forged =
        format!("the signature is not operator {operator0}'s consumer key signing this binding with its current binding nonce");
    assert_eq!(err, forged);
    let for_v1 = vs.signature(chain(&mut world), 0, ALPHA, &operator0, &v1.valoper);
    let err = attempt(&mut world, &v0.account, &v0.valoper, &operator0, for_v1);
    assert_eq!(err, forged);
    let err = attempt(
        &mut world,
        &v0.account,
        &v0.valoper,
        &operator0,
        vec![1u8; 3].into(),
    );
    assert_eq!(err, forged);
    // An operator the consumer does not know (operator 2 never opted in to alpha).
    let operator2 = world.provider.validator(2);
    let sig2 = vs.signature(chain(&mut world), 2, ALPHA, &operator2, &v0.valoper);
    let err = attempt(&mut world, &v0.account, &v0.valoper, &operator2, sig2);
    assert_eq!(
        err,
        format!("the consumer contract knows no operator {operator2}")
    );
    // A validator x/staking does not have.
    let stranger = chain(&mut world).app.api().addr_make("stranger");
    let err = attempt(
        &mut world,
        &stranger,
        "consumervaloper1nobody",
        &operator0,
        good.clone(),
    );
    assert_eq!(
        err,
        "consumervaloper1nobody is not a validator of this chain"
    );

    let none: Vec<BindingResponse> = vs.query(
        chain(&mut world),
        &QueryMsg::Bindings {
            start_after: None,
            limit: None,
        },
    );
    assert!(none.is_empty());

    // Both proofs: bound. Then neither side can be bound twice.
    bind(&mut world, &vs, 0, 0).unwrap();
    let err = bind(&mut world, &vs, 0, 1)
        .unwrap_err()
        .root_cause()
        .to_string();
    assert_eq!(
        err,
        format!(
            "operator {operator0} is already bound to {}: unbind it first",
            v0.valoper
        )
    );
    let err = bind(&mut world, &vs, 1, 0)
        .unwrap_err()
        .root_cause()
        .to_string();
    assert_eq!(
        err,
        format!("validator {} is already bound (to {operator0})", v0.valoper)
    );
    let all: Vec<BindingResponse> = vs.query(
        chain(&mut world),
        &QueryMsg::Bindings {
            start_after: None,
            limit: None,
        },
    );
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].operator, operator0);
}

#[test]
fn an_unbound_validator_is_emptied_and_the_operator_may_move() {
    let (mut world, vs) = bound_world();
    vs.sync(chain(&mut world)).unwrap();
    let v0 = vs.validators[0].clone();
    let stranger = chain(&mut world).app.api().addr_make("stranger");
    let unbind = ExecuteMsg::Unbind {
        validator: v0.valoper.clone(),
    };
    let err = vs
        .execute(chain(&mut world), &stranger, &unbind)
        .unwrap_err();
    assert_eq!(
        err.root_cause().to_string(),
        format!(
            "only the owner or the operator account of {} may unbind it",
            v0.valoper
        )
    );
    vs.execute(chain(&mut world), &v0.account, &unbind).unwrap();
    let err = vs
        .execute(chain(&mut world), &v0.account, &unbind)
        .unwrap_err();
    assert_eq!(
        err.root_cause().to_string(),
        format!("validator {} is already unbound", v0.valoper)
    );
    // Validator 1 unbinds itself too (a governance unbind would bar it: see below).
    let unbind1 = ExecuteMsg::Unbind {
        validator: vs.validators[1].valoper.clone(),
    };
    let v1 = vs.validators[1].account.clone();
    vs.execute(chain(&mut world), &v1, &unbind1).unwrap();
    vs.sync(chain(&mut world)).unwrap();
    assert_eq!(vs.delegated(chain(&mut world), 0), 0);
    assert_eq!(
        vs.binding(chain(&mut world), 0).status,
        BindingStatus::Unbound
    );
    // A validator still emptying cannot be bound to another operator yet.
    let err = bind(&mut world, &vs, 0, 1)
        .unwrap_err()
        .root_cause()
        .to_string();
    let operator1 = world.provider.validator(1);
    assert_eq!(
        err,
        format!(
            "validator {} is already bound (to {operator1})",
            vs.validators[1].valoper
        )
    );

    // Once both records are gone, operator 0 moves to validator 1.
    world.advance(CHAIN_UNBONDING);
    let res = vs.sync(chain(&mut world)).unwrap();
    assert_eq!(event_attr(&res, "sync", "bindings").unwrap(), "2");
    bind(&mut world, &vs, 0, 1).unwrap();
    vs.sync(chain(&mut world)).unwrap();
    let c = chain(&mut world);
    assert_eq!(vs.delegated(c, 1), 500_000);
    assert_eq!(vs.delegated(c, 0), 0);
    let budget = assert_books(&mut world, &vs, STAKE);
    assert_eq!(books(&budget), budget_of(500_000, 500_000, 0, 0));
}

/// The binding's signature is public: without the bar, a validator governance unbound would bind
/// itself again at once with the same signature.
#[test]
fn a_validator_governance_unbinds_cannot_replay_its_binding_until_the_bar_is_lifted() {
    let (mut world, vs) = bound_world();
    vs.sync(chain(&mut world)).unwrap();
    let v0 = vs.validators[0].clone();
    let owner = chain(&mut world).owner.clone();
    let unbind = ExecuteMsg::Unbind {
        validator: v0.valoper.clone(),
    };
    vs.execute(chain(&mut world), &owner, &unbind).unwrap();
    let before = vs.binding(chain(&mut world), 0);
    assert_eq!(before.status, BindingStatus::Unbound);

    // The same operator and validator, the same (public) signature: refused, nothing changed.
    let err = bind(&mut world, &vs, 0, 0).unwrap_err();
    assert_eq!(
        err.root_cause().to_string(),
        format!(
            "validator {} was unbound by governance and is barred until it lifts the bar",
            v0.valoper
        )
    );
    assert_eq!(vs.binding(chain(&mut world), 0), before);

    // Only the owner lifts the bar, once.
    let unbar = ExecuteMsg::Unbar {
        validator: v0.valoper.clone(),
    };
    let err = vs
        .execute(chain(&mut world), &v0.account, &unbar)
        .unwrap_err();
    assert_eq!(
        err.root_cause().to_string(),
        "Caller is not the contract's current owner"
    );
    vs.execute(chain(&mut world), &owner, &unbar).unwrap();
    let err = vs.execute(chain(&mut world), &owner, &unbar).unwrap_err();
    assert_eq!(
        err.root_cause().to_string(),
        format!("validator {} is not barred", v0.valoper)
    );
    bind(&mut world, &vs, 0, 0).unwrap();
    assert_eq!(
        vs.binding(chain(&mut world), 0).status,
        BindingStatus::Active
    );

    // A validator that unbinds itself is not barred.
    let unbind1 = ExecuteMsg::Unbind {
        validator: vs.validators[1].valoper.clone(),
    };
    let v1 = vs.validators[1].account.clone();
    vs.execute(chain(&mut world), &v1, &unbind1).unwrap();
    bind(&mut world, &vs, 1, 1).unwrap();
    assert_books(&mut world, &vs, STAKE);
}

#[test]
fn owner_actions_and_unusable_inputs_are_refused_and_change_nothing() {
    let (mut world, vs) = bound_world();
    vs.sync(chain(&mut world)).unwrap();
    let config: ConfigResponse = vs.query(chain(&mut world), &QueryMsg::Config {});
    let stranger = chain(&mut world).app.api().addr_make("stranger");
    let owner = chain(&mut world).owner.clone();

    let set = |params: Params| ExecuteMsg::SetParams { params };
    let err = vs
        .execute(chain(&mut world), &stranger, &set(params()))
        .unwrap_err();
    assert_eq!(
        err.root_cause().to_string(),
        "Caller is not the contract's current owner"
    );
    for (bad, message) in [
        (
            Params {
                max_bonded_share_bps: 0,
                ..params()
            },
            "max_bonded_share_bps must be in [1, 9000], got 0",
        ),
        (
            Params {
                max_bonded_share_bps: 9_001,
                ..params()
            },
            "max_bonded_share_bps must be in [1, 9000], got 9001",
        ),
        (
            Params {
                unbonding_period: 0,
                ..params()
            },
            "unbonding_period must not be zero",
        ),
    ] {
        let err = vs
            .execute(chain(&mut world), &owner, &set(bad))
            .unwrap_err();
        assert_eq!(err.root_cause().to_string(), message);
    }
    let after: ConfigResponse = vs.query(chain(&mut world), &QueryMsg::Config {});
    assert_eq!(after, config);

    // Funds sent to the crank are refused.
    mint(chain(&mut world), &stranger, 10);
    let err = chain(&mut world)
        .app
        .execute_contract(
            stranger.clone(),
            vs.contract.clone(),
            &ExecuteMsg::Sync { limit: None },
            &cosmwasm_std::coins(10, CONSUMER_DENOM),
        )
        .unwrap_err();
    assert_eq!(
        err.root_cause().to_string(),
        "This message does no accept funds"
    );
    let budget = assert_books(&mut world, &vs, STAKE);
    assert_eq!(books(&budget), budget_of(200_000, 800_000, 0, 0));

    // A bonded pool the bank cannot answer for is refused at instantiation.
    let code = chain(&mut world).app.store_code(virtual_staking_contract());
    let consumer = chain(&mut world).contract.to_string();
    let err = chain(&mut world)
        .app
        .instantiate_contract(
            code,
            owner.clone(),
            &InstantiateMsg {
                owner: owner.to_string(),
                consumer,
                params: Params {
                    bonded_pool: "nowhere".into(),
                    ..params()
                },
            },
            &[],
            "bad pool",
            None,
        )
        .unwrap_err();
    assert_eq!(
        err.root_cause().to_string(),
        "bonded_pool nowhere is not an account the chain knows a balance of"
    );
}

/// A consumer key that is not an ed25519 public key cannot sign a binding: operator 2 opts in with
/// a plain name as its key.
#[test]
fn an_operator_whose_consumer_key_is_not_ed25519_cannot_bind() {
    let (mut world, vs) = world_with(NATIVE, params());
    let account = world.provider.validator_account(2);
    world
        .provider
        .registry_execute(
            &account,
            &RegistryExecute::OptIn {
                chain_id: "alpha-1".into(),
                consumer_key: "not-a-key".into(),
                allocation: Decimal::percent(10),
                commission_bps: 1_000,
            },
        )
        .unwrap();
    world.advance(ALLOCATION_DELAY);
    world.sync_powers(ALPHA);
    let operator2 = world.provider.validator(2);
    let err = vs
        .bind(chain(&mut world), ALPHA, 2, &operator2, 0)
        .unwrap_err();
    assert_eq!(
        err.root_cause().to_string(),
        format!("operator {operator2}'s consumer key is not an ed25519 public key in base64")
    );
    let none: Vec<BindingResponse> = vs.query(
        chain(&mut world),
        &QueryMsg::Bindings {
            start_after: None,
            limit: None,
        },
    );
    assert!(none.is_empty());
}

/// A binding's signature is public once sent: every unbind raises the operator's nonce, so the
/// validator cannot bind itself again with it after the binding ended (a validator the operator
/// left keeps no claim on the operator's power); the operator signs a new one.
#[test]
fn a_binding_signature_binds_once() {
    let (mut world, vs) = bound_world();
    let operator0 = world.provider.validator(0).to_string();
    let v0 = vs.validators[0].clone();
    let nonce = |world: &mut Interchain| -> u64 {
        vs.query(
            chain(world),
            &QueryMsg::BindingNonce {
                operator: operator0.clone(),
            },
        )
    };
    assert_eq!(nonce(&mut world), 0);
    let public = vs.signature(chain(&mut world), 0, ALPHA, &operator0, &v0.valoper);
    let unbind = ExecuteMsg::Unbind {
        validator: v0.valoper.clone(),
    };
    let res = vs.execute(chain(&mut world), &v0.account, &unbind).unwrap();
    assert_eq!(
        event_attr(&res, "unbind", "binding_nonce").as_deref(),
        Some("1")
    );
    assert_eq!(nonce(&mut world), 1);
    let before = vs.binding(chain(&mut world), 0);

    let replay = ExecuteMsg::BindValidator {
        operator: operator0.clone(),
        validator: v0.valoper.clone(),
        signature: public,
    };
    let err = vs
        .execute(chain(&mut world), &v0.account, &replay)
        .unwrap_err();
    assert_eq!(
        err.root_cause().to_string(),
        format!(
            "the signature is not operator {operator0}'s consumer key signing this binding with \
             its current binding nonce"
        )
    );
    assert_eq!(vs.binding(chain(&mut world), 0), before);

    // The operator's new signature (nonce 1) binds.
    bind(&mut world, &vs, 0, 0).unwrap();
    assert_eq!(
        vs.binding(chain(&mut world), 0).status,
        BindingStatus::Active
    );
    assert_eq!(nonce(&mut world), 1);
}
