//! Instantiation and the operations reserved to chain governance.

use cosmwasm_std::{Addr, DepsMut, Env, Response};
use cw721::error::Cw721ContractError;
use cw721::state::CollectionInfo;
use insurance_common::auth::update_addr;
use insurance_common::cover_nft::{Config, GovernanceMsg, InstantiateMsg};

use crate::error::ContractError;
use crate::state::{cw721_state, CONFIG, CONTRACT_NAME, CONTRACT_VERSION};

pub fn instantiate(
    deps: DepsMut,
    env: Env,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    if msg.name.trim().is_empty() {
        return Err(Cw721ContractError::CollectionNameEmpty {}.into());
    }
    if msg.symbol.trim().is_empty() {
        return Err(Cw721ContractError::CollectionSymbolEmpty {}.into());
    }
    let config = Config {
        risk_pool: deps.api.addr_validate(&msg.risk_pool)?,
        governance: deps.api.addr_validate(&msg.governance)?,
        claims_court: msg
            .claims_court
            .map(|court| deps.api.addr_validate(&court))
            .transpose()?,
    };
    CONFIG.save(deps.storage, &config)?;
    // Where cw721 keeps it, so its collection queries read the same item.
    cw721_state().collection_info.save(
        deps.storage,
        &CollectionInfo {
            name: msg.name,
            symbol: msg.symbol,
            updated_at: env.block.time,
        },
    )?;
    // The pool is the collection's minter, governance its creator: both are
    // answered from the config, never stored twice.
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("minter", config.risk_pool)
        .add_attribute("creator", config.governance))
}

/// Sent by the governance address (checked by the caller) or through `sudo`.
pub fn execute(deps: DepsMut, msg: GovernanceMsg) -> Result<Response, ContractError> {
    match msg {
        GovernanceMsg::UpdateConfig {
            governance,
            claims_court,
        } => {
            let mut config = CONFIG.load(deps.storage)?;
            update_addr(deps.api, &mut config.governance, governance)?;
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
    }
}
