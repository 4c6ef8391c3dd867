use cosmwasm_std::{Addr, Binary, DepsMut, Empty, Env, MessageInfo, Response, Storage, Uint128};
use cw721::traits::Cw721Execute;
use cw_utils::Expiration;
use insurance_common::cover_nft::{Config, Policy, PolicyStatus};

use crate::error::ContractError;
use crate::state::{cw721, CONFIG, LOCKED};

// ---- standard cw721 ----

pub fn transfer_nft(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    recipient: String,
    token_id: String,
) -> Result<Response, ContractError> {
    assert_not_locked(deps.storage, &token_id)?;
    Ok(cw721().transfer_nft(deps, &env, &info, recipient, token_id)?)
}

pub fn send_nft(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    contract: String,
    token_id: String,
    msg: Binary,
) -> Result<Response, ContractError> {
    assert_not_locked(deps.storage, &token_id)?;
    Ok(cw721().send_nft(deps, &env, &info, contract, token_id, msg)?)
}

pub fn burn(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    token_id: String,
) -> Result<Response, ContractError> {
    // A burnt token could never be paid out, and the lock entry would dangle.
    assert_not_locked(deps.storage, &token_id)?;
    Ok(cw721().burn_nft(deps, &env, &info, token_id)?)
}

// Approvals stay possible on a locked token: they move nothing.

pub fn approve(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    spender: String,
    token_id: String,
    expires: Option<Expiration>,
) -> Result<Response, ContractError> {
    Ok(cw721().approve(deps, &env, &info, spender, token_id, expires)?)
}

pub fn revoke(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    spender: String,
    token_id: String,
) -> Result<Response, ContractError> {
    Ok(cw721().revoke(deps, &env, &info, spender, token_id)?)
}

pub fn approve_all(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    operator: String,
    expires: Option<Expiration>,
) -> Result<Response, ContractError> {
    Ok(cw721().approve_all(deps, &env, &info, operator, expires)?)
}

pub fn revoke_all(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    operator: String,
) -> Result<Response, ContractError> {
    Ok(cw721().revoke_all(deps, &env, &info, operator)?)
}

// ---- protocol ----

pub fn mint(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    token_id: String,
    owner: String,
    policy: Policy,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    // cw721 checks the minter too; checking here first gives the typed error.
    if info.sender != config.risk_pool {
        return Err(ContractError::NotRiskPool {
            sender: info.sender,
        });
    }
    check_new_policy(&token_id, &policy)?;
    // cw721 validates the owner and refuses an existing token id.
    Ok(cw721().mint(deps, &env, &info, token_id, owner, None, policy)?)
}

pub fn set_remaining(
    deps: DepsMut,
    info: MessageInfo,
    token_id: String,
    remaining_amount: Uint128,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    if info.sender != config.risk_pool {
        return Err(ContractError::NotRiskPool {
            sender: info.sender,
        });
    }
    let locked = LOCKED.has(deps.storage, &token_id);
    let policy = update_policy(deps.storage, &token_id, |policy| {
        if remaining_amount > policy.cover_amount {
            return Err(ContractError::RemainingExceedsCover {
                token_id: token_id.clone(),
                remaining: remaining_amount,
                cover: policy.cover_amount,
            });
        }
        policy.remaining_amount = remaining_amount;
        // While a claim is open the status stays ClaimOpen; Unlock settles it.
        policy.status = status_of(locked, remaining_amount);
        Ok(())
    })?;
    Ok(Response::new()
        .add_attribute("action", "set_remaining")
        .add_attribute("token_id", token_id)
        .add_attribute("remaining_amount", remaining_amount)
        .add_attribute("status", status_name(&policy.status)))
}

pub fn lock(deps: DepsMut, info: MessageInfo, token_id: String) -> Result<Response, ContractError> {
    assert_claims_court(deps.storage, &info.sender)?;
    if LOCKED.has(deps.storage, &token_id) {
        return Err(ContractError::AlreadyLocked { token_id });
    }
    // Fails with not-found for an unknown token, before the lock is recorded.
    update_policy(deps.storage, &token_id, |policy| {
        policy.status = PolicyStatus::ClaimOpen;
        Ok(())
    })?;
    LOCKED.save(deps.storage, &token_id, &Empty {})?;
    Ok(Response::new()
        .add_attribute("action", "lock")
        .add_attribute("token_id", token_id))
}

pub fn unlock(
    deps: DepsMut,
    info: MessageInfo,
    token_id: String,
) -> Result<Response, ContractError> {
    assert_claims_court(deps.storage, &info.sender)?;
    if !LOCKED.has(deps.storage, &token_id) {
        return Err(ContractError::NotLocked { token_id });
    }
    LOCKED.remove(deps.storage, &token_id);
    let policy = update_policy(deps.storage, &token_id, |policy| {
        policy.status = status_of(false, policy.remaining_amount);
        Ok(())
    })?;
    Ok(Response::new()
        .add_attribute("action", "unlock")
        .add_attribute("token_id", token_id)
        .add_attribute("status", status_name(&policy.status)))
}

pub fn update_config_by_governance(
    deps: DepsMut,
    info: MessageInfo,
    governance: Option<String>,
    claims_court: Option<String>,
) -> Result<Response, ContractError> {
    let config = CONFIG.load(deps.storage)?;
    if info.sender != config.governance {
        return Err(ContractError::NotGovernance {
            sender: info.sender,
        });
    }
    update_config(deps, config, governance, claims_court)
}

/// Shared by the governance execute path and `sudo`, which is authorised by the chain.
pub fn update_config(
    deps: DepsMut,
    mut config: Config,
    governance: Option<String>,
    claims_court: Option<String>,
) -> Result<Response, ContractError> {
    if let Some(governance) = governance {
        config.governance = deps.api.addr_validate(&governance)?;
        // Governance is also the cw721 collection creator; keep them in step.
        cw721().initialize_creator(deps.storage, deps.api, Some(config.governance.as_str()))?;
    }
    if let Some(claims_court) = claims_court {
        config.claims_court = Some(deps.api.addr_validate(&claims_court)?);
    }
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "update_config")
        .add_attribute("governance", config.governance.as_str())
        .add_attribute(
            "claims_court",
            config.claims_court.as_ref().map_or("none", Addr::as_str),
        ))
}

// ---- helpers ----

fn assert_not_locked(storage: &dyn Storage, token_id: &str) -> Result<(), ContractError> {
    if LOCKED.has(storage, token_id) {
        return Err(ContractError::TokenLocked {
            token_id: token_id.to_string(),
        });
    }
    Ok(())
}

fn assert_claims_court(storage: &dyn Storage, sender: &Addr) -> Result<(), ContractError> {
    match CONFIG.load(storage)?.claims_court {
        None => Err(ContractError::NoClaimsCourt {}),
        Some(court) if court == *sender => Ok(()),
        Some(_) => Err(ContractError::NotClaimsCourt {
            sender: sender.clone(),
        }),
    }
}

/// Status of a policy given its lock and what is left to pay.
pub(crate) fn status_of(locked: bool, remaining: Uint128) -> PolicyStatus {
    if locked {
        PolicyStatus::ClaimOpen
    } else if remaining.is_zero() {
        PolicyStatus::Exhausted
    } else {
        PolicyStatus::Active
    }
}

fn status_name(status: &PolicyStatus) -> &'static str {
    match status {
        PolicyStatus::Active => "active",
        PolicyStatus::ClaimOpen => "claim_open",
        PolicyStatus::Exhausted => "exhausted",
    }
}

/// Rewrites a token's policy in cw721's own token store.
fn update_policy(
    storage: &mut dyn Storage,
    token_id: &str,
    change: impl FnOnce(&mut Policy) -> Result<(), ContractError>,
) -> Result<Policy, ContractError> {
    let tokens = &cw721().config.nft_info;
    let mut token = tokens.load(storage, token_id)?;
    change(&mut token.extension)?;
    tokens.save(storage, token_id, &token)?;
    Ok(token.extension)
}

/// Terms the pool must get right when it mints; later changes go through
/// `SetRemaining`, `Lock` and `Unlock` only.
fn check_new_policy(token_id: &str, policy: &Policy) -> Result<(), ContractError> {
    if token_id != policy.cover_id.to_string() {
        return Err(ContractError::TokenIdMismatch {
            token_id: token_id.to_string(),
            cover_id: policy.cover_id,
        });
    }
    let invalid = |reason: &str| {
        Err(ContractError::InvalidPolicy {
            reason: reason.to_string(),
        })
    };
    if policy.denom.is_empty() {
        return invalid("empty denom");
    }
    if policy.cover_amount.is_zero() {
        return invalid("zero cover amount");
    }
    if policy.remaining_amount > policy.cover_amount {
        return Err(ContractError::RemainingExceedsCover {
            token_id: token_id.to_string(),
            remaining: policy.remaining_amount,
            cover: policy.cover_amount,
        });
    }
    if policy.status != PolicyStatus::Active || policy.remaining_amount.is_zero() {
        return invalid("a new policy must be active with a non-zero remaining amount");
    }
    if policy.start >= policy.end {
        return invalid("cover must end after it starts");
    }
    // Queries compute the claim deadline; make sure it can never overflow.
    if claim_deadline_nanos(policy).is_none() {
        return invalid("grace period too long");
    }
    Ok(())
}

/// End of the cover period plus grace, in nanoseconds; None on overflow.
pub(crate) fn claim_deadline_nanos(policy: &Policy) -> Option<u64> {
    policy
        .grace_period
        .checked_mul(1_000_000_000)
        .and_then(|grace| policy.end.nanos().checked_add(grace))
}
