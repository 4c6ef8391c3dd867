//! Replies to the court's submessages.

use cosmwasm_std::{from_json, DepsMut, Env, Reply, Response, SubMsgResult};
use insurance_common::reply::ReplyIds;

use crate::error::ContractError;
use crate::execute::decisions::finalize;
use crate::reply_ids::{PendingPayout, ReplyId};
use crate::state::CLAIMS;

pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response, ContractError> {
    match ReplyId::from_id(msg.id)? {
        ReplyId::ClaimPayout => claim_payout(deps, env, from_json(&msg.payload)?, msg.result),
    }
}

/// Success finalises the claim; a refusal by the pool is recorded and the
/// claim stays executable (the NFT stays locked) for a later attempt.
fn claim_payout(
    deps: DepsMut,
    env: Env,
    pending: PendingPayout,
    result: SubMsgResult,
) -> Result<Response, ContractError> {
    let mut claim = CLAIMS.load(deps.storage, pending.claim_id)?;
    match result {
        SubMsgResult::Ok(_) => {
            let response = finalize(
                deps,
                env.block.time,
                pending.claim_id,
                claim,
                pending.amount,
            )?;
            Ok(response.add_attribute("recipient", pending.recipient))
        }
        SubMsgResult::Err(error) => {
            claim.payout_failures += 1;
            claim.last_payout_error = Some(error.clone());
            CLAIMS.save(deps.storage, pending.claim_id, &claim)?;
            Ok(Response::new()
                .add_attribute("action", "payout_failed")
                .add_attribute("claim_id", pending.claim_id.to_string())
                .add_attribute("error", error))
        }
    }
}
