//! Queries. Values are computed on demand: the ledger is settled against the
//! pool position at the queried block without writing, the same way an
//! execute would settle it.

use cosmwasm_std::{Addr, Decimal, Deps, Env, StdError, StdResult, Uint128};
use insurance_common::tranche_vault::{
    ConfigResponse, RedemptionResponse, RedemptionsResponse, StateResponse, SubordinationResponse,
    Tranche, TrancheResponse,
};

use insurance_common::pagination::prefix_page;

use crate::error::ContractError;
use crate::position::{observe, Position};
use crate::state::{
    load_redemption, load_token, Config, Ledger, Redemption, CONFIG, LEDGER, REDEMPTIONS,
};
use crate::waterfall::Split;

struct Current {
    config: Config,
    ledger: Ledger,
    position: Position,
    split: Split,
}

fn current(deps: Deps, env: &Env) -> Result<Current, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    let mut ledger = LEDGER.load(deps.storage)?;
    let position = observe(deps, env, &config)?;
    ledger.settle(
        &position.holdings()?,
        config.params.senior_target_rate,
        env.block.time.seconds(),
    )?;
    let split = ledger.split()?;
    Ok(Current {
        config,
        ledger,
        position,
        split,
    })
}

pub fn config(deps: Deps) -> Result<ConfigResponse, ContractError> {
    let c = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        senior_token: load_token(deps.storage, Tranche::Senior)?,
        junior_token: load_token(deps.storage, Tranche::Junior)?,
        risk_pool: c.risk_pool,
        collateral_denom: c.collateral_denom,
        governance: c.governance,
        cw20_code_id: c.cw20_code_id,
        params: c.params,
    })
}

fn tranche_response(
    deps: Deps,
    cur: &Current,
    tranche: Tranche,
) -> Result<TrancheResponse, ContractError> {
    let supply = cur.position.supply(tranche);
    let value = cur.split.active(tranche);
    let price = if supply.is_zero() {
        Decimal::one()
    } else {
        Decimal::checked_from_ratio(value, supply)
            .map_err(|e| StdError::generic_err(e.to_string()))?
    };
    Ok(TrancheResponse {
        tranche,
        token: load_token(deps.storage, tranche)?,
        supply,
        value,
        price,
        pending_value: cur.split.pending(tranche),
        target_rate: match tranche {
            Tranche::Senior => Some(cur.config.params.senior_target_rate),
            Tranche::Junior => None,
        },
    })
}

pub fn tranche(deps: Deps, env: Env, tranche: Tranche) -> Result<TrancheResponse, ContractError> {
    let cur = current(deps, &env)?;
    tranche_response(deps, &cur, tranche)
}

pub fn state(deps: Deps, env: Env) -> Result<StateResponse, ContractError> {
    let cur = current(deps, &env)?;
    Ok(StateResponse {
        total_value: cur.split.total,
        pool_shares: cur.position.active_shares,
        unbonding_shares: cur.position.unbonding_shares,
        unclaimed_rewards: cur.position.unclaimed_rewards,
        idle: cur.ledger.idle,
        senior_principal: cur.ledger.senior_principal,
        senior_entitlement: cur.ledger.senior_claims()?,
        senior: tranche_response(deps, &cur, Tranche::Senior)?,
        junior: tranche_response(deps, &cur, Tranche::Junior)?,
        last_accrual: cur.ledger.last_accrual,
    })
}

pub fn subordination(deps: Deps, env: Env) -> Result<SubordinationResponse, ContractError> {
    let cur = current(deps, &env)?;
    Ok(SubordinationResponse {
        junior_share: cur.ledger.junior_share(Uint128::zero())?,
        minimum: cur.config.params.min_subordination,
        senior_value: cur.split.senior_active,
        junior_value: cur.split.junior_active,
    })
}

fn redemption_response(
    cur: &Current,
    env: &Env,
    owner: &Addr,
    id: u64,
    r: Redemption,
) -> StdResult<RedemptionResponse> {
    Ok(RedemptionResponse {
        id,
        owner: owner.clone(),
        value: cur.ledger.owed(&r.pending())?,
        tranche: r.tranche,
        tokens: r.tokens,
        requested_value: r.requested_value,
        paid: r.paid,
        unbonding_id: r.unbonding_id,
        release_at: r.release_at,
        withdrawable: env.block.time >= r.release_at,
    })
}

pub fn redemption(
    deps: Deps,
    env: Env,
    owner: String,
    id: u64,
) -> Result<RedemptionResponse, ContractError> {
    let owner = deps.api.addr_validate(&owner)?;
    let r = load_redemption(deps.storage, &owner, id)?;
    let cur = current(deps, &env)?;
    Ok(redemption_response(&cur, &env, &owner, id, r)?)
}

pub fn redemptions(
    deps: Deps,
    env: Env,
    owner: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<RedemptionsResponse, ContractError> {
    let owner = deps.api.addr_validate(&owner)?;
    let cur = current(deps, &env)?;
    let redemptions = prefix_page(
        &REDEMPTIONS.prefix(&owner),
        deps.storage,
        start_after,
        limit,
    )
    .map(|item| {
        let (id, r) = item?;
        redemption_response(&cur, &env, &owner, id, r)
    })
    .collect::<StdResult<_>>()?;
    Ok(RedemptionsResponse { redemptions })
}
