//! One-call deployment of the protocol on a cw-multi-test `App`, with
//! helpers that drive it the way users and governance do.

use anyhow::Result as AnyResult;
use cosmwasm_std::{coins, Addr, Coin, Decimal, Uint128};
use cw_multi_test::{App, AppResponse};
use insurance_common::claims_court::RESERVED_CLAIMS_KEY;
use insurance_common::cover_nft::{self, PolicyResponse};
use insurance_common::risk_pool::{
    self, ClaimMethod, ConfigResponse, CoverResponse, GovernanceMsg, LossEvent, PoolParams,
    PoolStateResponse, ProductInfo, ProductResponse, QuoteResponse, StakerResponse,
    UnbondingsResponse, DAY,
};

use crate::app::SuiteApp;
use crate::contracts;

/// Collateral denom of the default suite.
pub const DENOM: &str = "uusdc";

/// Product 1: discretionary (assessors vote on claims).
pub const DISCRETIONARY_PRODUCT: u32 = 1;
/// Product 2: parametric (incidents pay a fixed ratio).
pub const PARAMETRIC_PRODUCT: u32 = 2;

pub fn default_products() -> Vec<ProductInfo> {
    vec![
        ProductInfo {
            id: DISCRETIONARY_PRODUCT,
            name: "Smart contract exploit cover".to_string(),
            base_annual_rate: Decimal::percent(2),
            capacity_weight: Decimal::one(),
            grace_period: 30 * DAY,
            claim_method: ClaimMethod::Discretionary,
        },
        ProductInfo {
            id: PARAMETRIC_PRODUCT,
            name: "Stablecoin depeg cover".to_string(),
            base_annual_rate: Decimal::percent(3),
            capacity_weight: Decimal::percent(50),
            grace_period: 14 * DAY,
            claim_method: ClaimMethod::Parametric,
        },
    ]
}

/// Deploys the pool, the cover NFT and the claims court on an App: by
/// default a fresh cw-multi-test `App` with [`DENOM`] as collateral;
/// [`SuiteBuilder::with_app`] and [`SuiteBuilder::with_denom`] choose others.
pub struct SuiteBuilder<A = App> {
    app: A,
    denom: String,
    params: PoolParams,
    products: Vec<ProductInfo>,
    funds: Vec<(String, u128)>,
}

impl Default for SuiteBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl SuiteBuilder {
    /// Default parameters and the two default products, on a default `App`.
    pub fn new() -> Self {
        SuiteBuilder {
            app: App::default(),
            denom: DENOM.to_string(),
            params: PoolParams::default(),
            products: default_products(),
            funds: vec![],
        }
    }
}

impl<A: SuiteApp> SuiteBuilder<A> {
    /// Deploys on `app` instead: an App the integrator built (custom
    /// module, stargate, bank, API with another address prefix, block)
    /// with cw-multi-test's `AppBuilder`. See [`crate::app`].
    pub fn with_app<B: SuiteApp>(self, app: B) -> SuiteBuilder<B> {
        SuiteBuilder {
            app,
            denom: self.denom,
            params: self.params,
            products: self.products,
            funds: self.funds,
        }
    }

    /// The pool's collateral denom (default [`DENOM`]): premiums, stakes,
    /// claim deposits and incident bonds are paid in it.
    pub fn with_denom(mut self, denom: &str) -> Self {
        self.denom = denom.to_string();
        self
    }

    pub fn with_params(mut self, params: PoolParams) -> Self {
        self.params = params;
        self
    }

    pub fn with_products(mut self, products: Vec<ProductInfo>) -> Self {
        self.products = products;
        self
    }

    /// Gives `name` (an address made with `addr_make`) `amount` of the collateral denom.
    pub fn with_funds(mut self, name: &str, amount: u128) -> Self {
        self.funds.push((name.to_string(), amount));
        self
    }

    pub fn build(self) -> Suite<A> {
        let mut app = self.app;
        let governance = app.addr_make("governance");
        let treasury = app.addr_make("treasury");
        let claims_court = app.addr_make("claims_court");
        let deployer = app.addr_make("deployer");

        let pool_code = app.store_code(contracts::risk_pool());
        let nft_code = app.store_code(contracts::cover_nft());

        let pool = app
            .instantiate_contract(
                pool_code,
                deployer.clone(),
                &risk_pool::InstantiateMsg {
                    collateral_denom: self.denom.clone(),
                    governance: governance.to_string(),
                    treasury: treasury.to_string(),
                    params: self.params,
                },
                &[],
                "risk-pool",
                Some(governance.to_string()),
            )
            .expect("instantiate risk pool");
        let cover_nft = app
            .instantiate_contract(
                nft_code,
                deployer,
                &cover_nft::InstantiateMsg {
                    name: "Insurance Cover".to_string(),
                    symbol: "COVER".to_string(),
                    risk_pool: pool.to_string(),
                    governance: governance.to_string(),
                    claims_court: Some(claims_court.to_string()),
                },
                &[],
                "cover-nft",
                Some(governance.to_string()),
            )
            .expect("instantiate cover nft");
        // The real claims court replaces the stand-in account, and the NFT is pointed at it.
        let claims_court =
            crate::court::deploy_claims_court(&mut app, &governance, &pool, &cover_nft);

        let mut suite = Suite {
            app,
            denom: self.denom,
            governance,
            treasury,
            claims_court,
            pool,
            cover_nft,
            tranche_vault: None,
        };
        suite
            .governance(GovernanceMsg::SetCompanions {
                cover_nft: Some(suite.cover_nft.to_string()),
                claims_court: Some(suite.claims_court.to_string()),
                tranche_vault: None,
                reinsurance_bridge: None,
            })
            .expect("set companions");
        for product in self.products {
            suite
                .governance(GovernanceMsg::AddProduct { product })
                .expect("add product");
        }
        for (name, amount) in self.funds {
            let addr = suite.addr(&name);
            suite.fund(&addr, amount);
        }
        suite
    }
}

/// A deployed protocol. Fields are public so tests can drive anything directly.
pub struct Suite<A = App> {
    pub app: A,
    /// The pool's collateral denom.
    pub denom: String,
    pub governance: Addr,
    pub treasury: Addr,
    /// The claims court contract (tests may also send from its address directly).
    pub claims_court: Addr,
    pub pool: Addr,
    pub cover_nft: Addr,
    /// Set by `deploy_tranche_vault` (see `vault.rs`).
    pub tranche_vault: Option<Addr>,
}

impl<A: SuiteApp> Suite<A> {
    pub fn addr(&self, name: &str) -> Addr {
        self.app.addr_make(name)
    }

    /// Mints `amount` of the collateral denom to `to`.
    pub fn fund(&mut self, to: &Addr, amount: u128) {
        self.fund_coins(to, coins(amount, &self.denom));
    }

    pub fn fund_coins(&mut self, to: &Addr, funds: Vec<Coin>) {
        self.app
            .sudo(cw_multi_test::SudoMsg::Bank(
                cw_multi_test::BankSudo::Mint {
                    to_address: to.to_string(),
                    amount: funds,
                },
            ))
            .expect("mint funds");
    }

    pub fn balance(&self, addr: &Addr) -> u128 {
        self.app
            .wrap()
            .query_balance(addr, &self.denom)
            .expect("balance")
            .amount
            .u128()
    }

    pub fn advance_time(&mut self, seconds: u64) {
        self.app.update_block(|b| {
            b.time = b.time.plus_seconds(seconds);
            b.height += seconds / 5 + 1;
        });
    }

    pub fn now(&self) -> cosmwasm_std::Timestamp {
        self.app.block_info().time
    }

    // --- pool actions ---

    pub fn execute_pool(
        &mut self,
        sender: &Addr,
        msg: &risk_pool::ExecuteMsg,
        funds: &[Coin],
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.pool.clone(), msg, funds)
    }

    pub fn deposit(&mut self, staker: &Addr, amount: u128) -> AnyResult<AppResponse> {
        self.execute_pool(
            staker,
            &risk_pool::ExecuteMsg::Deposit {},
            &coins(amount, &self.denom),
        )
    }

    pub fn request_unbond(&mut self, staker: &Addr, shares: Uint128) -> AnyResult<AppResponse> {
        self.execute_pool(
            staker,
            &risk_pool::ExecuteMsg::RequestUnbond { shares },
            &[],
        )
    }

    pub fn withdraw(&mut self, staker: &Addr, unbonding_id: u64) -> AnyResult<AppResponse> {
        self.execute_pool(
            staker,
            &risk_pool::ExecuteMsg::Withdraw { unbonding_id },
            &[],
        )
    }

    pub fn claim_rewards(&mut self, staker: &Addr) -> AnyResult<AppResponse> {
        self.execute_pool(staker, &risk_pool::ExecuteMsg::ClaimRewards {}, &[])
    }

    /// Buys cover paying exactly the quoted premium. Returns the cover id.
    pub fn buy_cover(
        &mut self,
        buyer: &Addr,
        product_id: u32,
        amount: u128,
        duration: u64,
    ) -> AnyResult<u64> {
        let premium = self
            .quote(product_id, amount, duration)
            .map(|q| q.premium.u128())
            .unwrap_or(1);
        let res = self.execute_pool(
            buyer,
            &risk_pool::ExecuteMsg::BuyCover {
                product_id,
                amount: Uint128::new(amount),
                duration,
                max_premium: Uint128::new(premium),
            },
            &coins(premium, &self.denom),
        )?;
        Ok(cover_id_from(&res))
    }

    /// Pays out on a cover, sent by the claims court, as a loss event of its
    /// own (a claim numbered by the cover).
    pub fn payout(
        &mut self,
        cover_id: u64,
        recipient: &Addr,
        amount: u128,
    ) -> AnyResult<AppResponse> {
        self.payout_for_event(
            cover_id,
            recipient,
            amount,
            LossEvent::Claim { claim_id: cover_id },
        )
    }

    /// Pays out on a cover as part of the given loss event, sent by the claims court.
    pub fn payout_for_event(
        &mut self,
        cover_id: u64,
        recipient: &Addr,
        amount: u128,
        event: LossEvent,
    ) -> AnyResult<AppResponse> {
        let court = self.claims_court.clone();
        self.execute_pool(
            &court,
            &risk_pool::ExecuteMsg::Court(risk_pool::CourtMsg::Payout {
                cover_id,
                recipient: recipient.to_string(),
                amount: Uint128::new(amount),
                event,
                claims_fund: Uint128::zero(),
            }),
            &[],
        )
    }

    /// Writes what the claims court publishes as reserved for open and
    /// accepted claims (`claims_court::RESERVED_CLAIMS_KEY`), the figure the
    /// pool reads raw on withdrawals: lets pool tests set the reserve directly.
    pub fn set_reserved_claims(&mut self, amount: u128) {
        let court = self.claims_court.clone();
        let value = cosmwasm_std::to_json_vec(&Uint128::new(amount)).expect("serialize");
        self.app
            .contract_storage_mut(&court)
            .set(RESERVED_CLAIMS_KEY.as_bytes(), &value);
    }

    /// A governance operation sent by the governance address.
    pub fn governance(&mut self, msg: GovernanceMsg) -> AnyResult<AppResponse> {
        let gov = self.governance.clone();
        self.execute_pool(&gov, &risk_pool::ExecuteMsg::Governance(msg), &[])
    }

    /// The same operation through x/wasm sudo (a governance proposal).
    pub fn sudo_pool(&mut self, msg: GovernanceMsg) -> AnyResult<AppResponse> {
        self.app.wasm_sudo(self.pool.clone(), &msg)
    }

    // --- queries ---

    pub fn pool_state(&self) -> PoolStateResponse {
        self.app
            .wrap()
            .query_wasm_smart(&self.pool, &risk_pool::QueryMsg::PoolState {})
            .expect("pool state")
    }

    pub fn pool_config(&self) -> ConfigResponse {
        self.app
            .wrap()
            .query_wasm_smart(&self.pool, &risk_pool::QueryMsg::Config {})
            .expect("pool config")
    }

    pub fn staker(&self, staker: &Addr) -> StakerResponse {
        self.app
            .wrap()
            .query_wasm_smart(
                &self.pool,
                &risk_pool::QueryMsg::Staker {
                    address: staker.to_string(),
                },
            )
            .expect("staker")
    }

    pub fn unbondings(&self, staker: &Addr) -> UnbondingsResponse {
        self.app
            .wrap()
            .query_wasm_smart(
                &self.pool,
                &risk_pool::QueryMsg::Unbondings {
                    staker: staker.to_string(),
                    start_after: None,
                    limit: None,
                },
            )
            .expect("unbondings")
    }

    pub fn quote(&self, product_id: u32, amount: u128, duration: u64) -> AnyResult<QuoteResponse> {
        Ok(self.app.wrap().query_wasm_smart(
            &self.pool,
            &risk_pool::QueryMsg::Quote {
                product_id,
                amount: Uint128::new(amount),
                duration,
            },
        )?)
    }

    pub fn product(&self, product_id: u32) -> ProductResponse {
        self.app
            .wrap()
            .query_wasm_smart(&self.pool, &risk_pool::QueryMsg::Product { product_id })
            .expect("product")
    }

    pub fn cover(&self, cover_id: u64) -> CoverResponse {
        self.app
            .wrap()
            .query_wasm_smart(&self.pool, &risk_pool::QueryMsg::Cover { cover_id })
            .expect("cover")
    }

    pub fn policy(&self, cover_id: u64) -> PolicyResponse {
        self.app
            .wrap()
            .query_wasm_smart(
                &self.cover_nft,
                &cover_nft::QueryMsg::Policy {
                    token_id: cover_id.to_string(),
                },
            )
            .expect("policy")
    }

    pub fn nft_owner(&self, cover_id: u64) -> Addr {
        let res: cw721::msg::OwnerOfResponse = self
            .app
            .wrap()
            .query_wasm_smart(
                &self.cover_nft,
                &cover_nft::QueryMsg::OwnerOf {
                    token_id: cover_id.to_string(),
                    include_expired: None,
                },
            )
            .expect("owner of");
        Addr::unchecked(res.owner)
    }
}

/// The cover id from a `buy_cover` response's wasm event.
pub fn cover_id_from(res: &AppResponse) -> u64 {
    res.events
        .iter()
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == "cover_id")
        .and_then(|a| a.value.parse().ok())
        .expect("cover_id attribute")
}
