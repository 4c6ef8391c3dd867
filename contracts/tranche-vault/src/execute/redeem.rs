//! Redemptions: tranche tokens come back through the cw20 receive hook.

use cosmwasm_std::{from_json, DepsMut, Env, MessageInfo, Response, Uint128};
use cw20::Cw20ReceiveMsg;
use insurance_common::risk_pool::{self, RiskPoolContract};
use insurance_common::tranche_vault::ReceiveMsg;

use super::{pool_msg, settled, shares_for};
use crate::error::ContractError;
use crate::state::{load_token_tranche, Redemption, LEDGER, REDEMPTIONS};

/// The sender must be one of the vault's two token contracts (anything else
/// is `NotATrancheToken`); `msg.sender` is the holder. The tokens are already
/// the vault's: it keeps them (tokens the vault holds are not outstanding, so
/// burning them would only cost a call), moves their share of the tranche to
/// the pending side (see [`crate::waterfall`]) and unbonds pool shares worth
/// their value with a plain message: the pool numbers unbondings in order, so
/// the id is the pool's next one, read raw with the position.
pub fn receive(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    wrapper: Cw20ReceiveMsg,
) -> Result<Response, ContractError> {
    let token = info.sender;
    let tranche = load_token_tranche(deps.storage, &token)?;
    let holder = deps.api.addr_validate(&wrapper.sender)?;
    let tokens = wrapper.amount;
    if tokens.is_zero() {
        return Err(ContractError::ZeroAmount {});
    }
    match from_json(&wrapper.msg)? {
        ReceiveMsg::Redeem {} => {}
    }

    // The vault holds the sent tokens already: count them as outstanding
    // until they are redeemed (from then on, held by the vault, they are not).
    let s = settled(deps.as_ref(), &env, |pos| {
        let supply = pos.supply_mut(tranche);
        *supply = supply.saturating_add(tokens);
    })?;
    let (config, mut ledger, pos) = (s.config, s.ledger, s.position);
    let redeemed = ledger.redeem(tranche, tokens, pos.supply(tranche))?;
    let id = ledger.next_redemption_id;
    ledger.next_redemption_id += 1;
    let shares = shares_for(redeemed.value, &pos)?;
    let (unbonding_id, release_at) = if shares.is_zero() {
        // Nothing to unbond: withdrawable at once (paid from idle collateral).
        (None, env.block.time)
    } else {
        let period = RiskPoolContract(config.risk_pool.clone())
            .config_raw(&deps.querier)?
            .params
            .unbonding_period;
        (
            Some(pos.next_unbonding_id),
            env.block.time.plus_seconds(period),
        )
    };
    REDEMPTIONS.save(
        deps.storage,
        (&holder, id),
        &Redemption {
            tranche,
            tokens,
            claim: redeemed.claim,
            epoch: redeemed.epoch,
            requested_value: redeemed.value,
            paid: Uint128::zero(),
            unbonding_id,
            release_at,
        },
    )?;
    LEDGER.save(deps.storage, &ledger)?;

    let mut messages = vec![];
    if !shares.is_zero() {
        messages.push(pool_msg(
            &config,
            &risk_pool::ExecuteMsg::RequestUnbond { shares },
            vec![],
        )?);
    }
    Ok(Response::new()
        .add_messages(messages)
        .add_attribute("action", "redeem")
        .add_attribute("tranche", tranche.as_str())
        .add_attribute("holder", holder)
        .add_attribute("redemption_id", id.to_string())
        .add_attribute("tokens", tokens)
        .add_attribute("value", redeemed.value)
        .add_attribute("unbonded_shares", shares)
        .add_attribute("income", s.settlement.income)
        .add_attribute("income_to_senior", s.settlement.to_senior))
}
