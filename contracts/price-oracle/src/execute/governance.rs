//! Instantiation and the operations reserved to chain governance.

use cosmwasm_std::{Addr, DepsMut, Empty, Response};
use insurance_common::price_oracle::{GovernanceMsg, InstantiateMsg, OracleParams, MAX_MAX_DELAY};

use crate::error::ContractError;
use crate::state::{Config, CONFIG, CONTRACT_NAME, CONTRACT_VERSION, FEEDERS};

pub fn instantiate(deps: DepsMut, msg: InstantiateMsg) -> Result<Response, ContractError> {
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    validate_params(&msg.params)?;
    let governance = deps.api.addr_validate(&msg.governance)?;
    CONFIG.save(
        deps.storage,
        &Config {
            governance: governance.clone(),
            params: msg.params,
        },
    )?;
    for feeder in msg.feeders {
        add_feeder(&mut *deps.storage, deps.api, &feeder)?;
    }
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("governance", governance))
}

pub fn execute(deps: DepsMut, msg: GovernanceMsg) -> Result<Response, ContractError> {
    match msg {
        GovernanceMsg::AddFeeder { address } => {
            let feeder = add_feeder(deps.storage, deps.api, &address)?;
            Ok(Response::new()
                .add_attribute("action", "add_feeder")
                .add_attribute("feeder", feeder))
        }
        GovernanceMsg::RemoveFeeder { address } => {
            let feeder = deps.api.addr_validate(&address)?;
            if !FEEDERS.has(deps.storage, &feeder) {
                return Err(ContractError::FeederNotFound { address: feeder });
            }
            FEEDERS.remove(deps.storage, &feeder);
            Ok(Response::new()
                .add_attribute("action", "remove_feeder")
                .add_attribute("feeder", feeder))
        }
        GovernanceMsg::UpdateParams { params } => {
            validate_params(&params)?;
            CONFIG.update(deps.storage, |mut c| -> Result<_, ContractError> {
                c.params = params.clone();
                Ok(c)
            })?;
            Ok(Response::new()
                .add_attribute("action", "update_params")
                .add_attribute("max_delay", params.max_delay.to_string()))
        }
    }
}

fn add_feeder(
    storage: &mut dyn cosmwasm_std::Storage,
    api: &dyn cosmwasm_std::Api,
    address: &str,
) -> Result<Addr, ContractError> {
    let feeder = api.addr_validate(address)?;
    if FEEDERS.has(storage, &feeder) {
        return Err(ContractError::FeederExists { address: feeder });
    }
    FEEDERS.save(storage, &feeder, &Empty {})?;
    Ok(feeder)
}

fn validate_params(params: &OracleParams) -> Result<(), ContractError> {
    if params.max_delay == 0 || params.max_delay > MAX_MAX_DELAY {
        return Err(ContractError::InvalidMaxDelay {
            max_delay: params.max_delay,
            max: MAX_MAX_DELAY,
        });
    }
    Ok(())
}
