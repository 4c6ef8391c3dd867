//! The cover NFT in the suite: what holders, wallets and marketplaces do with
//! a policy, and the pool's and court's messages sent from their addresses.

use anyhow::Result as AnyResult;
use cosmwasm_std::Addr;
use cw721::msg::{AllNftInfoResponse, NftInfoResponse, OwnerOfResponse};
use cw_multi_test::{AppResponse, Executor};
use insurance_common::claims_court::OPEN_CLAIMS_KEY;
use insurance_common::cover_nft::{
    Config, CoverNftContract, DisplayMetadata, ExecuteMsg, GovernanceMsg, Policy, PoolMsg, QueryMsg,
};
use serde::de::DeserializeOwned;

use crate::suite::Suite;

impl Suite {
    pub fn nft_contract(&self) -> CoverNftContract {
        CoverNftContract(self.cover_nft.clone())
    }

    /// An execute on the NFT, without funds (it refuses them).
    pub fn execute_nft(&mut self, sender: &Addr, msg: &ExecuteMsg) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.cover_nft.clone(), msg, &[])
    }

    pub fn transfer_nft(
        &mut self,
        sender: &Addr,
        cover_id: u64,
        recipient: &Addr,
    ) -> AnyResult<AppResponse> {
        self.execute_nft(
            sender,
            &ExecuteMsg::TransferNft {
                recipient: recipient.to_string(),
                token_id: cover_id.to_string(),
            },
        )
    }

    /// cw721 `Approve` for one token, without expiry.
    pub fn approve_nft(
        &mut self,
        owner: &Addr,
        spender: &Addr,
        cover_id: u64,
    ) -> AnyResult<AppResponse> {
        self.execute_nft(
            owner,
            &ExecuteMsg::Approve {
                spender: spender.to_string(),
                token_id: cover_id.to_string(),
                expires: None,
            },
        )
    }

    /// cw721 `ApproveAll` (an operator over all the owner's tokens), without expiry.
    pub fn approve_all_nfts(&mut self, owner: &Addr, operator: &Addr) -> AnyResult<AppResponse> {
        self.execute_nft(
            owner,
            &ExecuteMsg::ApproveAll {
                operator: operator.to_string(),
                expires: None,
            },
        )
    }

    pub fn burn_nft(&mut self, sender: &Addr, cover_id: u64) -> AnyResult<AppResponse> {
        self.execute_nft(
            sender,
            &ExecuteMsg::Burn {
                token_id: cover_id.to_string(),
            },
        )
    }

    /// The pool's mint, sent from the pool's address.
    pub fn mint_as_pool(&mut self, owner: &Addr, policy: Policy) -> AnyResult<AppResponse> {
        let pool = self.pool.clone();
        self.execute_nft(
            &pool,
            &ExecuteMsg::Pool(PoolMsg::Mint {
                owner: owner.to_string(),
                policy,
            }),
        )
    }

    /// Writes or removes the court's open claim on a cover
    /// (`claims_court::OPEN_CLAIMS_KEY`), which the NFT reads raw as its lock:
    /// lets NFT tests open and close a claim without a vote.
    pub fn set_open_claim(&mut self, cover_id: u64, claim_id: Option<u64>) {
        let court = self.claims_court.clone();
        let key = cw_storage_plus::Map::<u64, u64>::new(OPEN_CLAIMS_KEY).key(cover_id);
        let mut storage = self.app.contract_storage_mut(&court);
        match claim_id {
            Some(id) => storage.set(&key, &cosmwasm_std::to_json_vec(&id).expect("serialize")),
            None => storage.remove(&key),
        }
    }

    /// A governance operation on the NFT sent by the governance address.
    pub fn nft_governance(&mut self, msg: GovernanceMsg) -> AnyResult<AppResponse> {
        let gov = self.governance.clone();
        self.execute_nft(&gov, &ExecuteMsg::Governance(msg))
    }

    /// The same through x/wasm sudo.
    pub fn sudo_nft(&mut self, msg: GovernanceMsg) -> AnyResult<AppResponse> {
        self.app.wasm_sudo(self.cover_nft.clone(), &msg)
    }

    // --- queries ---

    pub fn query_nft<T: DeserializeOwned>(&self, msg: &QueryMsg) -> AnyResult<T> {
        Ok(self.app.wrap().query_wasm_smart(&self.cover_nft, msg)?)
    }

    /// What a wallet shows: the display metadata at the current block.
    pub fn nft_info(&self, cover_id: u64) -> NftInfoResponse<DisplayMetadata> {
        self.query_nft(&QueryMsg::NftInfo {
            token_id: cover_id.to_string(),
        })
        .expect("nft info")
    }

    pub fn all_nft_info(&self, cover_id: u64) -> AllNftInfoResponse<DisplayMetadata> {
        self.query_nft(&QueryMsg::AllNftInfo {
            token_id: cover_id.to_string(),
            include_expired: None,
        })
        .expect("all nft info")
    }

    pub fn nft_owner_of(&self, cover_id: u64) -> OwnerOfResponse {
        self.query_nft(&QueryMsg::OwnerOf {
            token_id: cover_id.to_string(),
            include_expired: None,
        })
        .expect("owner of")
    }

    pub fn nft_config(&self) -> Config {
        self.query_nft(&QueryMsg::Config {}).expect("nft config")
    }

    /// The value of a display attribute (`Status`, `Remaining`, ...).
    pub fn nft_attribute(&self, cover_id: u64, trait_type: &str) -> String {
        self.nft_info(cover_id)
            .extension
            .attributes
            .unwrap_or_default()
            .into_iter()
            .find(|t| t.trait_type == trait_type)
            .map(|t| t.value)
            .unwrap_or_else(|| panic!("no {trait_type} attribute"))
    }
}
