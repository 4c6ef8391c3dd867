//! Replies to the court's submessages.

use cosmwasm_std::{DepsMut, Env, Reply, Response, SubMsgResult};

use crate::error::ContractError;
use crate::execute::decisions::finalize;
use crate::state::{CLAIMS, PENDING_PAYOUT};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum ReplyId {
    /// The pool's payout of an accepted claim.
    ClaimPayout = 1,
}

impl From<ReplyId> for u64 {
    fn from(id: ReplyId) -> u64 {
        id as u64
    }
}

impl TryFrom<u64> for ReplyId {
    type Error = ContractError;

    fn try_from(id: u64) -> Result<Self, ContractError> {
        match id {
            1 => Ok(ReplyId::ClaimPayout),
            _ => Err(ContractError::UnknownReplyId { id }),
        }
    }
}

pub fn reply(deps: DepsMut, env: Env, msg: Reply) -> Result<Response, ContractError> {
    match ReplyId::try_from(msg.id)? {
        ReplyId::ClaimPayout => claim_payout(deps, env, msg.result),
    }
}

/// Success finalises the claim; a refusal by the pool is recorded and the
/// claim stays executable (the NFT stays locked) for a later attempt.
fn claim_payout(deps: DepsMut, env: Env, result: SubMsgResult) -> Result<Response, ContractError> {
    let pending = PENDING_PAYOUT.load(deps.storage)?;
    PENDING_PAYOUT.remove(deps.storage);
    let mut claim = CLAIMS.load(deps.storage, pending.claim_id)?;
    match result {
        SubMsgResult::Ok(_) => {
            let response = finalize(
                deps,
                env.block.time.seconds(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reply_ids_round_trip() {
        assert_eq!(
            ReplyId::try_from(u64::from(ReplyId::ClaimPayout)),
            Ok(ReplyId::ClaimPayout)
        );
        assert_eq!(
            ReplyId::try_from(7),
            Err(ContractError::UnknownReplyId { id: 7 })
        );
    }
}
