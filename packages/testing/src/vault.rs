//! The tranche vault in the suite: deployment on the suite's pool (with the
//! real cw20-base contract for the tranche tokens) and helpers that drive it
//! the way capital providers and governance do.
//!
//! ```
//! use insurance_common::risk_pool::PoolParams;
//! use insurance_common::tranche_vault::Tranche;
//! use insurance_testing::SuiteBuilder;
//!
//! let mut suite = SuiteBuilder::new().with_funds("alice", 2_000).build();
//! suite.deploy_tranche_vault();
//! let alice = suite.addr("alice");
//! // the first deposit of a tranche locks 1,000 tokens: alice gets 1,000
//! suite.deposit_junior(&alice, 2_000).unwrap();
//! assert_eq!(suite.tranche_balance(Tranche::Junior, &alice), 1_000);
//! let id = suite.redeem(&alice, Tranche::Junior, 400).unwrap();
//! suite.advance_time(PoolParams::default().unbonding_period);
//! suite.withdraw_redemption(&alice, id).unwrap();
//! assert_eq!(suite.balance(&alice), 400);
//! ```

use anyhow::Result as AnyResult;
use cosmwasm_std::{coins, to_json_binary, Addr, Coin, Uint128};
use cw_multi_test::AppResponse;
use insurance_common::risk_pool::GovernanceMsg as PoolGovernanceMsg;
use insurance_common::tranche_vault::{
    ConfigResponse, ExecuteMsg, GovernanceMsg, InstantiateMsg, QueryMsg, ReceiveMsg,
    RedemptionResponse, RedemptionsResponse, StateResponse, SubordinationResponse, TokenParams,
    Tranche, TrancheResponse, VaultParams,
};

use crate::app::SuiteApp;
use crate::contracts;
use crate::suite::Suite;

impl<A: SuiteApp> Suite<A> {
    /// Stores cw20-base and the vault, instantiates the vault on the suite's
    /// pool with default parameters, and registers it with the pool through
    /// governance (`SetCompanions { tranche_vault }`).
    pub fn deploy_tranche_vault(&mut self) -> Addr {
        self.deploy_tranche_vault_with(VaultParams::default())
    }

    pub fn deploy_tranche_vault_with(&mut self, params: VaultParams) -> Addr {
        let cw20_code_id = self.app.store_code(contracts::cw20_base());
        let vault_code_id = self.app.store_code(contracts::tranche_vault());
        let deployer = self.addr("deployer");
        let vault = self
            .app
            .instantiate_contract(
                vault_code_id,
                deployer,
                &InstantiateMsg {
                    risk_pool: self.pool.to_string(),
                    governance: self.governance.to_string(),
                    cw20_code_id,
                    senior_token: TokenParams {
                        name: "Insurance Senior Tranche".to_string(),
                        symbol: "SENIOR".to_string(),
                    },
                    junior_token: TokenParams {
                        name: "Insurance Junior Tranche".to_string(),
                        symbol: "JUNIOR".to_string(),
                    },
                    decimals: 6,
                    params,
                },
                &[],
                "tranche-vault",
                Some(self.governance.to_string()),
            )
            .expect("instantiate tranche vault");
        self.governance(PoolGovernanceMsg::SetCompanions {
            cover_nft: None,
            claims_court: None,
            tranche_vault: Some(vault.to_string()),
            reinsurance_bridge: None,
        })
        .expect("register the tranche vault with the pool");
        self.tranche_vault = Some(vault.clone());
        vault
    }

    /// The deployed vault; panics before `deploy_tranche_vault`.
    pub fn vault(&self) -> Addr {
        self.tranche_vault
            .clone()
            .expect("deploy_tranche_vault first")
    }

    pub fn tranche_token(&self, tranche: Tranche) -> Addr {
        let config = self.vault_config();
        match tranche {
            Tranche::Senior => config.senior_token,
            Tranche::Junior => config.junior_token,
        }
    }

    // --- vault actions ---

    pub fn execute_vault(
        &mut self,
        sender: &Addr,
        msg: &ExecuteMsg,
        funds: &[Coin],
    ) -> AnyResult<AppResponse> {
        let vault = self.vault();
        self.app.execute_contract(sender.clone(), vault, msg, funds)
    }

    pub fn deposit_tranche(
        &mut self,
        depositor: &Addr,
        tranche: Tranche,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        self.execute_vault(
            depositor,
            &ExecuteMsg::Deposit { tranche },
            &coins(amount, &self.denom),
        )
    }

    pub fn deposit_senior(&mut self, depositor: &Addr, amount: u128) -> AnyResult<AppResponse> {
        self.deposit_tranche(depositor, Tranche::Senior, amount)
    }

    pub fn deposit_junior(&mut self, depositor: &Addr, amount: u128) -> AnyResult<AppResponse> {
        self.deposit_tranche(depositor, Tranche::Junior, amount)
    }

    /// Sends `amount` of a tranche token to the vault with cw20 `Send` and the
    /// `Redeem` hook message. Returns the redemption id.
    pub fn redeem(&mut self, holder: &Addr, tranche: Tranche, amount: u128) -> AnyResult<u64> {
        let token = self.tranche_token(tranche);
        let vault = self.vault();
        let res = self.send_tokens(
            holder,
            &token,
            &vault,
            amount,
            to_json_binary(&ReceiveMsg::Redeem {})?,
        )?;
        Ok(redemption_id_from(&res, &vault))
    }

    /// A cw20 `Send` of any cw20 `token` to `contract`.
    pub fn send_tokens(
        &mut self,
        holder: &Addr,
        token: &Addr,
        contract: &Addr,
        amount: u128,
        msg: cosmwasm_std::Binary,
    ) -> AnyResult<AppResponse> {
        self.app.execute_contract(
            holder.clone(),
            token.clone(),
            &cw20::Cw20ExecuteMsg::Send {
                contract: contract.to_string(),
                amount: Uint128::new(amount),
                msg,
            },
            &[],
        )
    }

    pub fn transfer_tranche_tokens(
        &mut self,
        from: &Addr,
        to: &Addr,
        tranche: Tranche,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        let token = self.tranche_token(tranche);
        self.app.execute_contract(
            from.clone(),
            token,
            &cw20::Cw20ExecuteMsg::Transfer {
                recipient: to.to_string(),
                amount: Uint128::new(amount),
            },
            &[],
        )
    }

    pub fn withdraw_redemption(
        &mut self,
        holder: &Addr,
        redemption_id: u64,
    ) -> AnyResult<AppResponse> {
        self.execute_vault(
            holder,
            &ExecuteMsg::WithdrawRedemption { redemption_id },
            &[],
        )
    }

    pub fn harvest(&mut self, sender: &Addr) -> AnyResult<AppResponse> {
        self.execute_vault(sender, &ExecuteMsg::Harvest {}, &[])
    }

    /// A vault governance operation sent by the governance address.
    pub fn vault_governance(&mut self, msg: GovernanceMsg) -> AnyResult<AppResponse> {
        let gov = self.governance.clone();
        self.execute_vault(&gov, &ExecuteMsg::Governance(msg), &[])
    }

    /// The same through x/wasm sudo (a governance proposal).
    pub fn sudo_vault(&mut self, msg: GovernanceMsg) -> AnyResult<AppResponse> {
        let vault = self.vault();
        self.app.wasm_sudo(vault, &msg)
    }

    // --- queries ---

    pub fn vault_config(&self) -> ConfigResponse {
        self.app
            .wrap()
            .query_wasm_smart(self.vault(), &QueryMsg::Config {})
            .expect("vault config")
    }

    pub fn vault_state(&self) -> StateResponse {
        self.app
            .wrap()
            .query_wasm_smart(self.vault(), &QueryMsg::State {})
            .expect("vault state")
    }

    pub fn tranche(&self, tranche: Tranche) -> TrancheResponse {
        self.app
            .wrap()
            .query_wasm_smart(self.vault(), &QueryMsg::Tranche { tranche })
            .expect("tranche")
    }

    pub fn subordination(&self) -> SubordinationResponse {
        self.app
            .wrap()
            .query_wasm_smart(self.vault(), &QueryMsg::Subordination {})
            .expect("subordination")
    }

    pub fn redemption(&self, owner: &Addr, redemption_id: u64) -> AnyResult<RedemptionResponse> {
        Ok(self.app.wrap().query_wasm_smart(
            self.vault(),
            &QueryMsg::Redemption {
                owner: owner.to_string(),
                redemption_id,
            },
        )?)
    }

    pub fn redemptions_page(
        &self,
        owner: &Addr,
        start_after: Option<u64>,
        limit: Option<u32>,
    ) -> Vec<RedemptionResponse> {
        let res: RedemptionsResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                self.vault(),
                &QueryMsg::Redemptions {
                    owner: owner.to_string(),
                    start_after,
                    limit,
                },
            )
            .expect("redemptions");
        res.redemptions
    }

    /// The first page (default limit) of an owner's pending redemptions.
    pub fn redemptions(&self, owner: &Addr) -> Vec<RedemptionResponse> {
        self.redemptions_page(owner, None, None)
    }

    /// A holder's balance of a tranche token.
    pub fn tranche_balance(&self, tranche: Tranche, holder: &Addr) -> u128 {
        let res: cw20::BalanceResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                self.tranche_token(tranche),
                &cw20::Cw20QueryMsg::Balance {
                    address: holder.to_string(),
                },
            )
            .expect("tranche token balance");
        res.balance.u128()
    }

    /// Tranche tokens outstanding: cw20-base's total supply less what the
    /// vault holds (redeemed tokens stay with it).
    pub fn tranche_supply(&self, tranche: Tranche) -> u128 {
        let res: cw20::TokenInfoResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                self.tranche_token(tranche),
                &cw20::Cw20QueryMsg::TokenInfo {},
            )
            .expect("tranche token info");
        // redeemed tokens stay with the vault, outside the outstanding supply
        res.total_supply.u128() - self.tranche_balance(tranche, &self.vault())
    }
}

/// The redemption id from a redeem's wasm event of the vault.
pub fn redemption_id_from(res: &AppResponse, vault: &Addr) -> u64 {
    res.events
        .iter()
        .filter(|e| {
            e.ty == "wasm"
                && e.attributes
                    .iter()
                    .any(|a| a.key == "_contract_address" && a.value == vault.as_str())
        })
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == "redemption_id")
        .and_then(|a| a.value.parse().ok())
        .expect("redemption_id attribute")
}
