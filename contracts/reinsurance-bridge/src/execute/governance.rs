//! Instantiation and the operations reserved to chain governance, the
//! reinsurer's capital withdrawals included.

use cosmwasm_std::{Addr, Deps, DepsMut, Env, IbcMsg, Response, Uint128};
use insurance_common::auth::update_addr;
use insurance_common::funds::send;
use insurance_common::reinsurance_bridge::{
    GovernanceMsg, InFlightKind, InstantiateMsg, Role, TreatyError, TreatyLedger, TreatyTerms,
};
use insurance_common::risk_pool::RiskPoolContract;

use super::transfer::settlement_denom;
use super::{cession, recovery, Outcome};
use crate::error::{ConfigError, ContractError};
use crate::state::{
    ensure_role, free_funds, load_channel, load_in_flight, load_open_channel, load_treaty, Config,
    Treaty, CHANNELS, CONFIG, CONTRACT_NAME, CONTRACT_VERSION, MIN_RECEIVE_GAS_LIMIT,
    PACKETS_IN_FLIGHT, PRODUCT_TREATIES, ROUTES, TREATIES,
};

/// One year: longest timeout accepted.
const MAX_TIMEOUT: u64 = 365 * 24 * 60 * 60;

pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    let (risk_pool, collateral_denom) = match msg.risk_pool {
        Some(pool) => {
            let (pool, denom) = read_pool(deps.as_ref(), &pool)?;
            (Some(pool), Some(denom))
        }
        None => (None, None),
    };
    let config = Config {
        governance: deps.api.addr_validate(&msg.governance)?,
        risk_pool,
        collateral_denom,
        packet_timeout: msg.packet_timeout,
        transfer_timeout: msg.transfer_timeout,
        receive_gas_limit: msg.receive_gas_limit,
    };
    validate_config(&config)?;
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("governance", config.governance))
}

/// The pool's address and collateral denom.
fn read_pool(deps: Deps, pool: &str) -> Result<(Addr, String), ContractError> {
    let pool = deps.api.addr_validate(pool)?;
    let denom = RiskPoolContract(pool.clone())
        .funds(&deps.querier)?
        .collateral_denom;
    Ok((pool, denom))
}

fn invalid_config(reason: ConfigError) -> ContractError {
    ContractError::InvalidConfig { reason }
}

fn validate_config(c: &Config) -> Result<(), ContractError> {
    if c.packet_timeout == 0 || c.packet_timeout > MAX_TIMEOUT {
        return Err(invalid_config(ConfigError::PacketTimeout));
    }
    if c.transfer_timeout == 0 || c.transfer_timeout > MAX_TIMEOUT {
        return Err(invalid_config(ConfigError::TransferTimeout));
    }
    if c.receive_gas_limit < MIN_RECEIVE_GAS_LIMIT {
        return Err(invalid_config(ConfigError::ReceiveGasLimit));
    }
    Ok(())
}

/// The caller has checked that governance sent `msg` (or it came through sudo).
pub fn execute(deps: DepsMut, env: Env, msg: GovernanceMsg) -> Result<Response, ContractError> {
    match msg {
        GovernanceMsg::UpdateConfig {
            governance,
            risk_pool,
            packet_timeout,
            transfer_timeout,
            receive_gas_limit,
        } => {
            let mut config = CONFIG.load(deps.storage)?;
            update_addr(deps.api, &mut config.governance, governance)?;
            if let Some(pool) = risk_pool {
                let (pool, denom) = read_pool(deps.as_ref(), &pool)?;
                config.risk_pool = Some(pool);
                config.collateral_denom = Some(denom);
            }
            config.packet_timeout = packet_timeout.unwrap_or(config.packet_timeout);
            config.transfer_timeout = transfer_timeout.unwrap_or(config.transfer_timeout);
            config.receive_gas_limit = receive_gas_limit.unwrap_or(config.receive_gas_limit);
            validate_config(&config)?;
            CONFIG.save(deps.storage, &config)?;
            Ok(Response::new().add_attribute("action", "update_config"))
        }
        GovernanceMsg::RegisterTreaty {
            channel_id,
            role,
            transfer_channel,
            terms,
        } => register_treaty(deps, env, channel_id, role, transfer_channel, terms),
        GovernanceMsg::AmendTreaty {
            channel_id,
            treaty_id,
            capacity,
            end,
            transfer_channel,
        } => {
            let mut treaty = load_treaty(deps.storage, &channel_id, treaty_id)?;
            if let Some(transfer_channel) = transfer_channel {
                if transfer_channel.is_empty() {
                    return Err(ContractError::InvalidTreaty {
                        reason: TreatyError::TransferChannel,
                    });
                }
                treaty.transfer_channel = transfer_channel;
            }
            if let Some(capacity) = capacity {
                treaty.terms.capacity = capacity;
            }
            if let Some(end) = end {
                treaty.terms.end = end;
            }
            treaty
                .terms
                .validate()
                .map_err(|reason| ContractError::InvalidTreaty { reason })?;
            TREATIES.save(deps.storage, (&channel_id, treaty_id), &treaty)?;
            Ok(Response::new()
                .add_attribute("action", "amend_treaty")
                .add_attribute("channel_id", channel_id)
                .add_attribute("treaty_id", treaty_id.to_string())
                .add_attribute("capacity", treaty.terms.capacity)
                .add_attribute("end", treaty.terms.end.seconds().to_string())
                .add_attribute("transfer_channel", treaty.transfer_channel))
        }
        GovernanceMsg::CloseChannel { channel_id } => {
            let mut channel = load_open_channel(deps.storage, &channel_id)?;
            let packets = PACKETS_IN_FLIGHT
                .may_load(deps.storage, &channel_id)?
                .unwrap_or(0);
            if packets > 0 {
                return Err(ContractError::PacketsInFlight {
                    channel_id,
                    packets,
                });
            }
            // The close handshake calls `ibc_channel_close` (CloseInit) on this
            // contract, which only accepts a close governance asked for.
            channel.close_requested = true;
            CHANNELS.save(deps.storage, &channel_id, &channel)?;
            Ok(Response::new()
                .add_message(IbcMsg::CloseChannel {
                    channel_id: channel_id.clone(),
                })
                .add_attribute("action", "close_channel")
                .add_attribute("channel_id", channel_id))
        }
        GovernanceMsg::WithdrawCapital {
            channel_id,
            treaty_id,
            recipient,
            amount,
        } => withdraw_capital(deps, env, channel_id, treaty_id, recipient, amount),
        GovernanceMsg::SettlePacket {
            packet_id,
            accepted,
        } => settle_packet(deps, env, packet_id, accepted),
        GovernanceMsg::Sweep { denom, amount } => sweep(deps, env, denom, amount),
        GovernanceMsg::RouteTreaty {
            channel_id,
            treaty_id,
            via,
        } => {
            let mut treaty = load_treaty(deps.storage, &channel_id, treaty_id)?;
            if load_channel(deps.storage, &channel_id)?.open {
                return Err(ContractError::ChannelOpen { channel_id });
            }
            load_open_channel(deps.storage, &via)?;
            if TREATIES.has(deps.storage, (&via, treaty_id))
                || ROUTES.has(deps.storage, (&via, treaty_id))
            {
                return Err(ContractError::TreatyExists {
                    channel_id: via,
                    treaty_id,
                });
            }
            // Earlier routes stay: packets still in flight on them (a timeout,
            // a stuck packet governance settles) must reach the treaty's books.
            treaty.route = Some(via.clone());
            ROUTES.save(deps.storage, (&via, treaty_id), &channel_id)?;
            TREATIES.save(deps.storage, (&channel_id, treaty_id), &treaty)?;
            Ok(Response::new()
                .add_attribute("action", "route_treaty")
                .add_attribute("channel_id", channel_id)
                .add_attribute("treaty_id", treaty_id.to_string())
                .add_attribute("via", via))
        }
    }
}

/// A packet stuck on a closed channel, settled as the partner's books show it.
fn settle_packet(
    deps: DepsMut,
    env: Env,
    packet_id: u64,
    accepted: bool,
) -> Result<Response, ContractError> {
    let item = load_in_flight(deps.storage, packet_id)?;
    if load_channel(deps.storage, &item.channel_id)?.open {
        return Err(ContractError::ChannelOpen {
            channel_id: item.channel_id,
        });
    }
    let outcome = if accepted {
        Outcome::Accepted
    } else {
        Outcome::Refused("settled by governance: the channel closed".to_string())
    };
    let response = match item.kind {
        InFlightKind::CessionPacket { cover_id } => {
            cession::on_outcome(deps, env, &item.channel_id, cover_id, outcome)?
        }
        InFlightKind::RecoveryPacket { loss } => {
            recovery::on_outcome(deps, &item.channel_id, loss, item.attempt, outcome)?
        }
        _ => return Err(ContractError::NotAPacket { id: packet_id }),
    };
    Ok(response
        .add_attribute("settled_by", "governance")
        .add_attribute("packet_id", packet_id.to_string()))
}

/// Cedent: stray funds to the pool's treasury, never more than the bridge
/// holds beyond what its books owe (premiums of cessions in flight and of
/// returned transfers).
fn sweep(
    deps: DepsMut,
    env: Env,
    denom: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    if amount.is_zero() {
        return Err(ContractError::ZeroSweep {});
    }
    let config = CONFIG.load(deps.storage)?;
    let pool = config.risk_pool.ok_or(ContractError::RiskPoolNotSet {})?;
    let surplus = free_funds(deps.as_ref(), &env.contract.address, &denom)?;
    if amount > surplus {
        return Err(ContractError::SweepAboveSurplus {
            denom,
            requested: amount,
            surplus,
        });
    }
    let treasury = RiskPoolContract(pool).funds(&deps.querier)?.treasury;
    Ok(Response::new()
        .add_message(send(&treasury, &denom, amount))
        .add_attribute("action", "sweep")
        .add_attribute("denom", denom)
        .add_attribute("amount", amount)
        .add_attribute("treasury", treasury))
}

/// Reinsurer: sends free capital, in the treaty's settlement denom, to
/// `recipient`. Funds held for returned recovery transfers never leave, so a
/// recovery already due stays payable; later recoveries are paid from what
/// remains, or refused.
fn withdraw_capital(
    deps: DepsMut,
    env: Env,
    channel_id: String,
    treaty_id: u32,
    recipient: String,
    amount: Uint128,
) -> Result<Response, ContractError> {
    if amount.is_zero() {
        return Err(ContractError::ZeroWithdrawal {});
    }
    let recipient = deps.api.addr_validate(&recipient)?;
    let mut treaty = load_treaty(deps.storage, &channel_id, treaty_id)?;
    ensure_role(&treaty, Role::Reinsurer)?;
    let denom = settlement_denom(&treaty);
    let free = free_funds(deps.as_ref(), &env.contract.address, &denom)?;
    if amount > free {
        return Err(ContractError::WithdrawalAboveFreeFunds {
            denom,
            requested: amount,
            free,
        });
    }
    treaty.ledger.capital_withdrawn = treaty.ledger.capital_withdrawn.checked_add(amount)?;
    TREATIES.save(deps.storage, (&channel_id, treaty_id), &treaty)?;
    Ok(Response::new()
        .add_message(send(&recipient, &denom, amount))
        .add_attribute("action", "withdraw_capital")
        .add_attribute("channel_id", channel_id)
        .add_attribute("treaty_id", treaty_id.to_string())
        .add_attribute("recipient", recipient)
        .add_attribute("amount", amount)
        .add_attribute("denom", denom))
}

fn register_treaty(
    deps: DepsMut,
    env: Env,
    channel_id: String,
    role: Role,
    transfer_channel: String,
    terms: TreatyTerms,
) -> Result<Response, ContractError> {
    terms
        .validate()
        .map_err(|reason| ContractError::InvalidTreaty { reason })?;
    if transfer_channel.is_empty() {
        return Err(ContractError::InvalidTreaty {
            reason: TreatyError::TransferChannel,
        });
    }
    load_open_channel(deps.storage, &channel_id)?;
    if TREATIES.has(deps.storage, (&channel_id, terms.id)) {
        return Err(ContractError::TreatyExists {
            channel_id,
            treaty_id: terms.id,
        });
    }
    if role == Role::Cedent {
        let config = CONFIG.load(deps.storage)?;
        let denom = super::collateral_denom(&config)?;
        if denom != terms.cedent_denom {
            return Err(ContractError::DenomMismatch {
                expected: denom,
                actual: terms.cedent_denom,
            });
        }
        // A product is under one treaty at a time; a treaty whose term is over
        // gives its products up.
        for product_id in &terms.products {
            if let Some((ch, id)) = PRODUCT_TREATIES.may_load(deps.storage, *product_id)? {
                let current = load_treaty(deps.storage, &ch, id)?;
                if current.terms.end > env.block.time {
                    return Err(ContractError::ProductAlreadyCeded {
                        product_id: *product_id,
                        channel_id: ch,
                        treaty_id: id,
                    });
                }
            }
            PRODUCT_TREATIES.save(deps.storage, *product_id, &(channel_id.clone(), terms.id))?;
        }
    }
    let treaty_id = terms.id;
    TREATIES.save(
        deps.storage,
        (&channel_id, treaty_id),
        &Treaty {
            role,
            transfer_channel,
            terms,
            ledger: TreatyLedger::default(),
            claimed: Uint128::zero(),
            route: None,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "register_treaty")
        .add_attribute("channel_id", channel_id)
        .add_attribute("treaty_id", treaty_id.to_string())
        .add_attribute("role", role.to_string()))
}
