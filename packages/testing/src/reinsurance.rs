//! Two chains with the reinsurance bridge: chain A (the cedent) runs the
//! protocol's suite, chain B (the reinsurer) holds reinsurance capital; a
//! bridge on each, a bridge channel and an ICS-20 channel between them, and a
//! treaty registered by governance on both sides.
//!
//! ```
//! use insurance_common::risk_pool::DAY;
//! use insurance_testing::reinsurance::ReinsuranceBuilder;
//! use insurance_testing::suite::DISCRETIONARY_PRODUCT;
//! use insurance_testing::SuiteBuilder;
//!
//! let cedent = SuiteBuilder::new().with_funds("staker", 1_000_000).with_funds("buyer", 10_000);
//! let mut world = ReinsuranceBuilder::new(cedent).build();
//! let (staker, buyer) = (world.cedent.addr("staker"), world.cedent.addr("buyer"));
//! world.cedent.deposit(&staker, 1_000_000).unwrap();
//! world.cedent.buy_cover(&buyer, DISCRETIONARY_PRODUCT, 100_000, 365 * DAY).unwrap();
//! // the cession, its ack, the premium's ICS-20 transfer and its callbacks
//! assert!(!world.relay_all().is_empty());
//! ```

use anyhow::Result as AnyResult;
use cosmwasm_std::{coin, Addr, Decimal, IbcOrder, IbcTimeout, Timestamp, Uint128};
use cw_multi_test::AppResponse;
use insurance_common::reinsurance_bridge::{
    self as bridge, InFlightItem, Role, TreatyKind, TreatyResponse, TreatyTerms, BRIDGE_VERSION,
};
use insurance_common::risk_pool::{GovernanceMsg, DAY};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::app::{ChainApp, WorldChain};
use crate::contracts;
use crate::ibc::{ibc_denom, IbcHost, Relayed, Relayer};
use crate::suite::{Suite, SuiteBuilder, DENOM, DISCRETIONARY_PRODUCT};

/// Id of the treaty the builder registers.
pub const TREATY_ID: u32 = 1;
/// Seconds before a bridge packet times out.
pub const PACKET_TIMEOUT: u64 = 3_600;
/// Seconds before an ICS-20 transfer of a bridge times out.
pub const TRANSFER_TIMEOUT: u64 = 3_600;
pub const RECEIVE_GAS_LIMIT: u64 = 2_000_000;
/// Account on chain A that funds the reinsurer's capital over ICS-20.
pub const CAPITAL_PROVIDER: &str = "capital_provider";

/// A 30 % quota share of the discretionary product, for a year from `now`,
/// in the default denom (the builder uses the cedent suite's).
pub fn quota_share_terms(now: Timestamp) -> TreatyTerms {
    TreatyTerms {
        id: TREATY_ID,
        kind: TreatyKind::QuotaShare {
            share: Decimal::percent(30),
        },
        start: now,
        end: now.plus_seconds(365 * DAY),
        capacity: Uint128::new(500_000),
        cedent_denom: DENOM.to_string(),
        products: vec![DISCRETIONARY_PRODUCT],
    }
}

pub struct ReinsuranceBuilder<C = ChainApp> {
    suite: SuiteBuilder<C>,
    terms: Option<TreatyTerms>,
    reinsurer_terms: Option<Option<TreatyTerms>>,
    capital: u128,
}

impl<C: WorldChain> ReinsuranceBuilder<C> {
    /// The cedent chain is `suite` (built here); the default treaty is
    /// [`quota_share_terms`], and the reinsurer gets 200 000 of capital.
    /// The reinsurer's chain is of the cedent's kind, its addresses
    /// prefixed `partner` ([`WorldChain::partner`]).
    pub fn new(suite: SuiteBuilder<C>) -> Self {
        ReinsuranceBuilder {
            suite,
            terms: None,
            reinsurer_terms: None,
            capital: 200_000,
        }
    }

    /// Terms registered on both sides.
    pub fn with_terms(mut self, terms: TreatyTerms) -> Self {
        self.terms = Some(terms);
        self
    }

    /// Different terms on the reinsurer's side, or none (`None`: the reinsurer
    /// never registered the treaty).
    pub fn with_reinsurer_terms(mut self, terms: Option<TreatyTerms>) -> Self {
        self.reinsurer_terms = Some(terms);
        self
    }

    /// Capital the reinsurer's bridge receives over ICS-20 before any flow.
    pub fn with_capital(mut self, amount: u128) -> Self {
        self.capital = amount;
        self
    }

    pub fn build(self) -> ReinsuranceWorld<C> {
        let capital = self.capital;
        let mut cedent = self.suite.with_funds(CAPITAL_PROVIDER, capital).build();
        let host_a = IbcHost::deploy(&mut cedent.app);
        let bridge_a = instantiate_bridge(
            &mut cedent.app,
            &host_a,
            &cedent.governance.clone(),
            Some(cedent.pool.to_string()),
        );
        cedent
            .governance(GovernanceMsg::SetCompanions {
                cover_nft: None,
                claims_court: None,
                tranche_vault: None,
                reinsurance_bridge: Some(bridge_a.to_string()),
            })
            .expect("set the pool's bridge");

        let mut reinsurer = cedent.app.partner("partner");
        reinsurer.update_block(|b| b.chain_id = "partner-1".to_string());
        let host_b = IbcHost::deploy(&mut reinsurer);
        let governance_b = reinsurer.addr_make("partner_governance");
        let bridge_b = instantiate_bridge(&mut reinsurer, &host_b, &governance_b, None);

        let now = cedent.now();
        let terms = self.terms.unwrap_or_else(|| TreatyTerms {
            cedent_denom: cedent.denom.clone(),
            ..quota_share_terms(now)
        });
        let reinsurer_terms = self.reinsurer_terms.unwrap_or(Some(terms.clone()));

        let mut world = ReinsuranceWorld {
            cedent,
            reinsurer,
            host_a,
            host_b,
            bridge_a,
            bridge_b,
            governance_b,
            channel_a: String::new(),
            channel_b: String::new(),
            transfer_a: String::new(),
            transfer_b: String::new(),
            voucher: String::new(),
            capital,
        };
        let (a_port, b_port) = (world.port_a(), world.port_b());
        let mut relayer = world.relayer();
        let (channel_a, channel_b) = relayer
            .open_channel(&a_port, &b_port, IbcOrder::Unordered, BRIDGE_VERSION)
            .expect("open the bridge channel");
        let (transfer_a, transfer_b) = relayer
            .open_transfer_channel()
            .expect("open the transfer channel");
        world.voucher = ibc_denom("transfer", &transfer_b, &world.cedent.denom);
        world.channel_a = channel_a;
        world.channel_b = channel_b;
        world.transfer_a = transfer_a;
        world.transfer_b = transfer_b;

        world
            .governance_a(bridge::GovernanceMsg::RegisterTreaty {
                channel_id: world.channel_a.clone(),
                role: Role::Cedent,
                transfer_channel: world.transfer_a.clone(),
                terms,
            })
            .expect("register the treaty on the cedent");
        if let Some(terms) = reinsurer_terms {
            world
                .governance_b(bridge::GovernanceMsg::RegisterTreaty {
                    channel_id: world.channel_b.clone(),
                    role: Role::Reinsurer,
                    transfer_channel: world.transfer_b.clone(),
                    terms,
                })
                .expect("register the treaty on the reinsurer");
        }
        if capital > 0 {
            let provider = world.cedent.addr(CAPITAL_PROVIDER);
            let timeout = IbcTimeout::with_timestamp(world.cedent.now().plus_seconds(DAY));
            let (host, to, channel) = (
                world.host_a.clone(),
                world.bridge_b.to_string(),
                world.transfer_a.clone(),
            );
            host.transfer(
                &mut world.cedent.app,
                &provider,
                &channel,
                &to,
                coin(capital, &world.cedent.denom),
                timeout,
            )
            .expect("send the reinsurer's capital");
            world.relay_all();
        }
        world
    }
}

fn instantiate_bridge<C: WorldChain>(
    app: &mut C,
    host: &IbcHost,
    governance: &Addr,
    risk_pool: Option<String>,
) -> Addr {
    let code = app.store_ibc_code(contracts::reinsurance_bridge_ibc(&host.addr));
    let deployer = app.addr_make("deployer");
    app.instantiate_contract(
        code,
        deployer,
        &bridge::InstantiateMsg {
            governance: governance.to_string(),
            risk_pool,
            packet_timeout: PACKET_TIMEOUT,
            transfer_timeout: TRANSFER_TIMEOUT,
            receive_gas_limit: RECEIVE_GAS_LIMIT,
        },
        &[],
        "reinsurance-bridge",
        Some(governance.to_string()),
    )
    .expect("instantiate the bridge")
}

/// The two chains and everything between them. Fields are public so tests
/// can drive anything directly.
pub struct ReinsuranceWorld<C = ChainApp> {
    /// Chain A: the protocol, with its bridge as the pool's companion.
    pub cedent: Suite<C>,
    /// Chain B (addresses `partner1...`).
    pub reinsurer: C,
    pub host_a: IbcHost,
    pub host_b: IbcHost,
    pub bridge_a: Addr,
    pub bridge_b: Addr,
    pub governance_b: Addr,
    /// The bridge channel, on A and on B.
    pub channel_a: String,
    pub channel_b: String,
    /// The ICS-20 channel, on A and on B.
    pub transfer_a: String,
    pub transfer_b: String,
    /// The cedent's collateral as a voucher on B: what the reinsurer holds and pays in.
    pub voucher: String,
    /// What the capital provider on A sent the reinsurer's bridge at the start.
    pub capital: u128,
}

impl<C: WorldChain> ReinsuranceWorld<C> {
    pub fn relayer(&mut self) -> Relayer<'_, C> {
        Relayer::new(
            &mut self.cedent.app,
            &self.host_a,
            &mut self.reinsurer,
            &self.host_b,
        )
    }

    /// Relays everything pending, both ways.
    pub fn relay_all(&mut self) -> Vec<Relayed> {
        self.relayer().relay_all().expect("relay")
    }

    /// A relayer opens another channel between the two bridges (after the
    /// first closed, say). Returns (A's id, B's id).
    pub fn open_bridge_channel(&mut self) -> (String, String) {
        let (a_port, b_port) = (self.port_a(), self.port_b());
        self.relayer()
            .open_channel(&a_port, &b_port, IbcOrder::Unordered, BRIDGE_VERSION)
            .expect("open a bridge channel")
    }

    pub fn port_a(&self) -> String {
        format!("wasm.{}", self.bridge_a)
    }

    pub fn port_b(&self) -> String {
        format!("wasm.{}", self.bridge_b)
    }

    /// Both chains' clocks move together.
    pub fn advance_time(&mut self, seconds: u64) {
        self.cedent.advance_time(seconds);
        self.advance_reinsurer(seconds);
    }

    pub fn advance_reinsurer(&mut self, seconds: u64) {
        self.reinsurer.update_block(|b| {
            b.time = b.time.plus_seconds(seconds);
            b.height += seconds / 5 + 1;
        });
    }

    pub fn governance_a(&mut self, msg: bridge::GovernanceMsg) -> AnyResult<AppResponse> {
        let gov = self.cedent.governance.clone();
        self.cedent.app.execute_contract(
            gov,
            self.bridge_a.clone(),
            &bridge::ExecuteMsg::Governance(msg),
            &[],
        )
    }

    pub fn governance_b(&mut self, msg: bridge::GovernanceMsg) -> AnyResult<AppResponse> {
        let gov = self.governance_b.clone();
        self.reinsurer.execute_contract(
            gov,
            self.bridge_b.clone(),
            &bridge::ExecuteMsg::Governance(msg),
            &[],
        )
    }

    pub fn query_a<T: DeserializeOwned>(&self, msg: &bridge::QueryMsg) -> T {
        self.cedent
            .app
            .wrap()
            .query_wasm_smart(&self.bridge_a, msg)
            .expect("query the cedent's bridge")
    }

    pub fn query_b<T: DeserializeOwned>(&self, msg: &bridge::QueryMsg) -> T {
        self.reinsurer
            .wrap()
            .query_wasm_smart(&self.bridge_b, msg)
            .expect("query the reinsurer's bridge")
    }

    pub fn treaty_a(&self) -> TreatyResponse {
        self.query_a(&bridge::QueryMsg::Treaty {
            channel_id: self.channel_a.clone(),
            treaty_id: TREATY_ID,
        })
    }

    pub fn treaty_b(&self) -> TreatyResponse {
        self.query_b(&bridge::QueryMsg::Treaty {
            channel_id: self.channel_b.clone(),
            treaty_id: TREATY_ID,
        })
    }

    pub fn in_flight_a(&self) -> Vec<InFlightItem> {
        self.query_a::<bridge::InFlightResponse>(&bridge::QueryMsg::InFlight {
            start_after: None,
            limit: Some(30),
        })
        .items
    }

    pub fn in_flight_b(&self) -> Vec<InFlightItem> {
        self.query_b::<bridge::InFlightResponse>(&bridge::QueryMsg::InFlight {
            start_after: None,
            limit: Some(30),
        })
        .items
    }

    /// Balance of `addr` on chain A in the collateral denom.
    pub fn balance_a(&self, addr: &Addr) -> u128 {
        self.cedent.balance(addr)
    }

    /// Balance of `addr` on chain B in the collateral's voucher.
    pub fn balance_b(&self, addr: &Addr) -> u128 {
        self.reinsurer
            .wrap()
            .query_balance(addr, &self.voucher)
            .expect("balance")
            .amount
            .u128()
    }

    /// ICS-20 escrow on A of the collateral sent to B.
    pub fn escrow_a(&self) -> u128 {
        self.host_a
            .escrowed(&self.cedent.app, &self.transfer_a, &self.cedent.denom)
    }

    /// Sends `msg` to the cedent's bridge as `sender`.
    pub fn execute_a<T: Serialize + std::fmt::Debug>(
        &mut self,
        sender: &Addr,
        msg: &T,
        funds: &[cosmwasm_std::Coin],
    ) -> AnyResult<AppResponse> {
        self.cedent
            .app
            .execute_contract(sender.clone(), self.bridge_a.clone(), msg, funds)
    }

    /// Sends `msg` to the reinsurer's bridge as `sender`.
    pub fn execute_b<T: Serialize + std::fmt::Debug>(
        &mut self,
        sender: &Addr,
        msg: &T,
        funds: &[cosmwasm_std::Coin],
    ) -> AnyResult<AppResponse> {
        self.reinsurer
            .execute_contract(sender.clone(), self.bridge_b.clone(), msg, funds)
    }
}
