//! Instantiation and the operations reserved to chain governance.

use cosmwasm_std::{to_json_binary, Decimal, DepsMut, Env, Response, SubMsg, WasmMsg};
use cw20::MinterResponse;
use insurance_common::auth::update_addr;
use insurance_common::reply::ReplyIds;
use insurance_common::risk_pool::RiskPoolContract;
use insurance_common::tranche_vault::{
    GovernanceMsg, InstantiateMsg, TokenParams, Tranche, VaultParams,
};

use super::settled;
use crate::error::{ContractError, ParamError};
use crate::reply_ids::ReplyId;
use crate::state::{Config, Ledger, CONFIG, CONTRACT_NAME, CONTRACT_VERSION, LEDGER};

const MAX_DECIMALS: u8 = 18;

/// Saves the configuration (the collateral denom is read from the pool) and
/// instantiates the two cw20-base token contracts with the vault as their
/// only minter and governance as their admin. Their addresses arrive in the
/// replies ([`crate::reply`]).
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    validate_params(&msg.params)?;
    if msg.decimals > MAX_DECIMALS {
        return Err(invalid(ParamError::Decimals));
    }
    let risk_pool = deps.api.addr_validate(&msg.risk_pool)?;
    let governance = deps.api.addr_validate(&msg.governance)?;
    let pool_config = RiskPoolContract(risk_pool.clone()).config(&deps.querier)?;
    let config = Config {
        risk_pool,
        collateral_denom: pool_config.collateral_denom,
        governance,
        cw20_code_id: msg.cw20_code_id,
        params: msg.params,
    };
    CONFIG.save(deps.storage, &config)?;
    LEDGER.save(deps.storage, &Ledger::new(env.block.time.seconds()))?;

    let token = |tranche: Tranche, params: TokenParams| -> Result<SubMsg, ContractError> {
        let msg = cw20_base::msg::InstantiateMsg {
            name: params.name,
            symbol: params.symbol,
            decimals: msg.decimals,
            initial_balances: vec![],
            mint: Some(MinterResponse {
                minter: env.contract.address.to_string(),
                cap: None,
            }),
            marketing: None,
        };
        Ok(SubMsg::reply_on_success(
            WasmMsg::Instantiate {
                admin: Some(config.governance.to_string()),
                code_id: config.cw20_code_id,
                msg: to_json_binary(&msg)?,
                funds: vec![],
                label: format!("tranche-vault {tranche} token"),
            },
            ReplyId::InstantiateToken.id(),
        )
        .with_payload(to_json_binary(&tranche)?))
    };
    Ok(Response::new()
        .add_submessage(token(Tranche::Senior, msg.senior_token)?)
        .add_submessage(token(Tranche::Junior, msg.junior_token)?)
        .add_attribute("action", "instantiate")
        .add_attribute("risk_pool", &config.risk_pool)
        .add_attribute("collateral_denom", &config.collateral_denom)
        .add_attribute("governance", &config.governance))
}

/// The caller has checked that governance sent `msg` (or it came through sudo).
pub fn execute(deps: DepsMut, env: Env, msg: GovernanceMsg) -> Result<Response, ContractError> {
    match msg {
        GovernanceMsg::UpdateParams { params } => {
            validate_params(&params)?;
            // Income and target up to now are allocated at the old rate.
            let s = settled(deps.as_ref(), &env, |_| {})?;
            LEDGER.save(deps.storage, &s.ledger)?;
            let mut config = s.config;
            config.params = params;
            CONFIG.save(deps.storage, &config)?;
            Ok(Response::new()
                .add_attribute("action", "update_params")
                .add_attribute(
                    "senior_target_rate",
                    config.params.senior_target_rate.to_string(),
                )
                .add_attribute(
                    "min_subordination",
                    config.params.min_subordination.to_string(),
                ))
        }
        GovernanceMsg::UpdateConfig { governance } => {
            let mut config = CONFIG.load(deps.storage)?;
            update_addr(deps.api, &mut config.governance, governance)?;
            CONFIG.save(deps.storage, &config)?;
            Ok(Response::new()
                .add_attribute("action", "update_config")
                .add_attribute("governance", config.governance))
        }
    }
}

fn invalid(reason: ParamError) -> ContractError {
    ContractError::InvalidParams { reason }
}

pub fn validate_params(p: &VaultParams) -> Result<(), ContractError> {
    if p.senior_target_rate > Decimal::one() {
        return Err(invalid(ParamError::SeniorTargetRate));
    }
    if p.min_subordination >= Decimal::one() {
        return Err(invalid(ParamError::MinSubordination));
    }
    Ok(())
}
