//! What every VM test shares: the artifacts, the chain's capabilities, and
//! the protocol deployed from its artifacts on the real-VM chain.

use std::fmt::Display;
use std::path::PathBuf;

use cosmwasm_std::{coins, Addr, Uint128};
use insurance_common::claims_court::{self, CourtParams};
use insurance_common::cover_nft::{self, PolicyResponse};
use insurance_common::risk_pool::{
    self, BuyCoverResponse, DepositResponse, GovernanceMsg, PoolParams, PoolStateResponse,
    QuoteResponse,
};
use insurance_common::tranche_vault::{self, TokenParams, VaultParams};
use insurance_testing::suite::default_products;
use insurance_vm::{read_artifact, Chain, ChainError};

/// Capabilities a typical chain offers (wasmd 0.5x).
pub const CHAIN_CAPABILITIES: &str =
    "iterator,staking,stargate,cosmwasm_1_1,cosmwasm_1_2,cosmwasm_1_3,cosmwasm_1_4,cosmwasm_2_0";
/// The common upload limit.
pub const MAX_ARTIFACT_BYTES: usize = 800 * 1024;
pub const DENOM: &str = "uusdc";
pub const ASSESSOR_DENOM: &str = "uinsr";
/// The code id the vault instantiates its tranche tokens from.
pub const CW20_CODE_ID: u64 = 7;

pub fn artifacts_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../artifacts")
}

pub fn artifact(name: &str) -> Vec<u8> {
    read_artifact(&artifacts_dir(), name).unwrap_or_else(|e| panic!("{e}"))
}

/// The call failed with exactly the contract error `expected` (compared as
/// the contract formats it: the VM only carries the text).
pub fn assert_contract_error(err: ChainError, expected: impl Display) {
    assert_eq!(
        err.contract_error(),
        Some(expected.to_string().as_str()),
        "{err}"
    );
}

/// The pool, the cover NFT and the claims court loaded from their artifacts
/// and wired as a governance proposal does, with the kit's default products.
pub struct Protocol {
    pub chain: Chain,
    pub gov: Addr,
    pub pool: Addr,
    pub nft: Addr,
    pub court: Addr,
}

impl Protocol {
    /// Quorum floor of the court: the tests' assessors bond hundreds of units.
    pub const MIN_QUORUM: u128 = 100;

    pub fn deploy() -> Self {
        let mut chain = Chain::new();
        let gov = chain.addr("governance");
        let treasury = chain.addr("treasury");
        let (pool, nft, court) = (
            chain.addr("risk_pool"),
            chain.addr("cover_nft"),
            chain.addr("claims_court"),
        );
        for (name, addr) in [
            ("risk_pool", &pool),
            ("cover_nft", &nft),
            ("claims_court", &court),
        ] {
            chain.store(name, addr, &artifact(name)).expect("load");
        }
        chain
            .instantiate(
                &pool,
                &gov,
                &risk_pool::InstantiateMsg {
                    collateral_denom: DENOM.to_string(),
                    governance: gov.to_string(),
                    treasury: treasury.to_string(),
                    params: PoolParams::default(),
                },
            )
            .expect("instantiate the pool");
        chain
            .instantiate(
                &nft,
                &gov,
                &cover_nft::InstantiateMsg {
                    name: "Insurance Cover".to_string(),
                    symbol: "COVER".to_string(),
                    risk_pool: pool.to_string(),
                    governance: gov.to_string(),
                    claims_court: Some(court.to_string()),
                },
            )
            .expect("instantiate the NFT");
        chain
            .instantiate(
                &court,
                &gov,
                &claims_court::InstantiateMsg {
                    governance: gov.to_string(),
                    risk_pool: pool.to_string(),
                    cover_nft: nft.to_string(),
                    assessor_denom: ASSESSOR_DENOM.to_string(),
                    params: CourtParams {
                        min_quorum: Uint128::new(Self::MIN_QUORUM),
                        ..CourtParams::default()
                    },
                },
            )
            .expect("instantiate the court");
        // governance by proposal (sudo)
        chain
            .sudo(
                &pool,
                &GovernanceMsg::SetCompanions {
                    cover_nft: Some(nft.to_string()),
                    claims_court: Some(court.to_string()),
                    tranche_vault: None,
                    reinsurance_bridge: None,
                },
            )
            .expect("set companions");
        for product in default_products() {
            chain
                .sudo(&pool, &GovernanceMsg::AddProduct { product })
                .expect("add product");
        }
        Protocol {
            chain,
            gov,
            pool,
            nft,
            court,
        }
    }

    pub fn addr(&self, name: &str) -> Addr {
        self.chain.addr(name)
    }

    pub fn balance(&self, addr: &Addr) -> u128 {
        self.chain.balance(addr, DENOM)
    }

    /// Mints `amount` of the collateral to `staker` and deposits it.
    pub fn deposit(&mut self, staker: &Addr, amount: u128) -> DepositResponse {
        self.chain.mint(staker, &coins(amount, DENOM));
        self.chain
            .execute(
                &self.pool,
                staker,
                &risk_pool::ExecuteMsg::Deposit {},
                &coins(amount, DENOM),
            )
            .expect("deposit")
            .parse_data()
            .expect("deposit data")
    }

    pub fn quote(&self, product_id: u32, amount: u128, duration: u64) -> QuoteResponse {
        self.chain
            .query(
                &self.pool,
                &risk_pool::QueryMsg::Quote {
                    product_id,
                    amount: Uint128::new(amount),
                    duration,
                },
            )
            .expect("quote")
    }

    /// Mints the quoted premium to `buyer`, who buys the cover with it.
    pub fn buy_cover(
        &mut self,
        buyer: &Addr,
        product_id: u32,
        amount: u128,
        duration: u64,
    ) -> BuyCoverResponse {
        let premium = self.quote(product_id, amount, duration).premium;
        self.chain.mint(buyer, &coins(premium.u128(), DENOM));
        self.chain
            .execute(
                &self.pool,
                buyer,
                &risk_pool::ExecuteMsg::BuyCover {
                    product_id,
                    amount: Uint128::new(amount),
                    duration,
                    max_premium: premium,
                },
                &coins(premium.u128(), DENOM),
            )
            .expect("buy cover")
            .parse_data()
            .expect("buy cover data")
    }

    pub fn pool_state(&self) -> PoolStateResponse {
        self.chain
            .query(&self.pool, &risk_pool::QueryMsg::PoolState {})
            .expect("pool state")
    }

    pub fn policy(&self, cover_id: u64) -> PolicyResponse {
        self.chain
            .query(
                &self.nft,
                &cover_nft::QueryMsg::Policy {
                    token_id: cover_id.to_string(),
                },
            )
            .expect("policy")
    }

    /// Stores cw20-base and instantiates the vault on the pool (it creates
    /// its two tranche tokens), registered with the pool by governance.
    /// Returns the vault.
    pub fn deploy_vault(&mut self) -> Addr {
        self.chain
            .store_code(CW20_CODE_ID, "cw20_base", &artifact("cw20_base"));
        let vault = self
            .chain
            .deploy(
                "tranche_vault",
                &artifact("tranche_vault"),
                &self.gov.clone(),
                &tranche_vault::InstantiateMsg {
                    risk_pool: self.pool.to_string(),
                    governance: self.gov.to_string(),
                    cw20_code_id: CW20_CODE_ID,
                    senior_token: TokenParams {
                        name: "Insurance Senior Tranche".to_string(),
                        symbol: "SENIOR".to_string(),
                    },
                    junior_token: TokenParams {
                        name: "Insurance Junior Tranche".to_string(),
                        symbol: "JUNIOR".to_string(),
                    },
                    decimals: 6,
                    params: VaultParams::default(),
                },
            )
            .expect("instantiate the vault");
        self.chain
            .sudo(
                &self.pool,
                &GovernanceMsg::SetCompanions {
                    cover_nft: None,
                    claims_court: None,
                    tranche_vault: Some(vault.to_string()),
                    reinsurance_bridge: None,
                },
            )
            .expect("register the vault");
        vault
    }
}
