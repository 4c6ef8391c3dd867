//! The claims court in the suite: deployment, and helpers that drive claims,
//! votes, incidents and governance the way users and governance do.

use anyhow::Result as AnyResult;
use cosmwasm_std::{coins, Addr, Coin, Decimal, Timestamp, Uint128};
use cw_multi_test::AppResponse;
use insurance_common::claims_court::{
    AssessorResponse, ClaimResponse, ClaimsCourtContract, ClaimsResponse, ConfigResponse,
    CourtParams, ExecuteMsg, GovernanceMsg, IncidentClaimResponse, IncidentResponse,
    IncidentsResponse, InstantiateMsg, ParametricTerms, QueryMsg, SaleStatusResponse,
    StateResponse, TermsResponse, TriggerCondition, TriggerInfo, VoteResponse, VotesResponse,
};
use insurance_common::cover_nft;

use crate::app::SuiteApp;
use crate::contracts;
use crate::mock_oracle;
use crate::suite::Suite;

/// Denom assessors bond in the default suite (the protocol's governance token).
pub const ASSESSOR_DENOM: &str = "uinsr";

/// Quorum floor of the suite's court: its assessors bond hundreds of units,
/// not the thousands of tokens the default floor asks.
pub const TEST_MIN_QUORUM: u128 = 100;

/// Instantiates the claims court next to a deployed pool and cover NFT (with
/// `CourtParams::default()` but the quorum floor `TEST_MIN_QUORUM`), and
/// points the NFT at it.
pub fn deploy_claims_court<A: SuiteApp>(
    app: &mut A,
    governance: &Addr,
    pool: &Addr,
    cover_nft: &Addr,
) -> Addr {
    let code = app.store_code(contracts::claims_court());
    let deployer = app.addr_make("deployer");
    let court = app
        .instantiate_contract(
            code,
            deployer,
            &InstantiateMsg {
                governance: governance.to_string(),
                risk_pool: pool.to_string(),
                cover_nft: cover_nft.to_string(),
                assessor_denom: ASSESSOR_DENOM.to_string(),
                params: CourtParams {
                    min_quorum: Uint128::new(TEST_MIN_QUORUM),
                    ..CourtParams::default()
                },
            },
            &[],
            "claims-court",
            Some(governance.to_string()),
        )
        .expect("instantiate claims court");
    app.wasm_sudo(
        cover_nft.clone(),
        &cover_nft::SudoMsg::UpdateConfig {
            governance: None,
            claims_court: Some(court.to_string()),
        },
    )
    .expect("point the cover NFT at the claims court");
    court
}

/// The value of the first attribute named `key` in a response's events.
pub fn attribute(res: &AppResponse, key: &str) -> Option<String> {
    res.events
        .iter()
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
}

fn id_from(res: &AppResponse, key: &str) -> u64 {
    attribute(res, key)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("{key} attribute"))
}

impl<A: SuiteApp> Suite<A> {
    pub fn balance_of(&self, addr: &Addr, denom: &str) -> u128 {
        self.app
            .wrap()
            .query_balance(addr, denom)
            .expect("balance")
            .amount
            .u128()
    }

    /// Mints `amount` of the assessor denom to `to`.
    pub fn fund_assessor(&mut self, to: &Addr, amount: u128) {
        self.fund_coins(to, coins(amount, ASSESSOR_DENOM));
    }

    pub fn execute_court(
        &mut self,
        sender: &Addr,
        msg: &ExecuteMsg,
        funds: &[Coin],
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), self.claims_court.clone(), msg, funds)
    }

    // --- assessors ---

    pub fn bond(&mut self, assessor: &Addr, amount: u128) -> AnyResult<AppResponse> {
        self.execute_court(
            assessor,
            &ExecuteMsg::Bond {},
            &coins(amount, ASSESSOR_DENOM),
        )
    }

    /// Mints the assessor denom to `assessor` and bonds it.
    pub fn fund_and_bond(&mut self, assessor: &Addr, amount: u128) -> AnyResult<AppResponse> {
        self.fund_assessor(assessor, amount);
        self.bond(assessor, amount)
    }

    pub fn unbond(&mut self, assessor: &Addr, amount: u128) -> AnyResult<AppResponse> {
        self.execute_court(
            assessor,
            &ExecuteMsg::Unbond {
                amount: Uint128::new(amount),
            },
            &[],
        )
    }

    pub fn withdraw_bond(&mut self, assessor: &Addr) -> AnyResult<AppResponse> {
        self.execute_court(assessor, &ExecuteMsg::WithdrawBond {}, &[])
    }

    // --- discretionary claims ---

    /// Files a claim with `deposit` of the collateral denom. Returns the claim id.
    pub fn file_claim(
        &mut self,
        sender: &Addr,
        cover_id: u64,
        amount: u128,
        deposit: u128,
    ) -> AnyResult<u64> {
        self.file_claim_for(sender, cover_id, amount, deposit, None)
    }

    /// Files a claim naming the incident (event) it is for.
    pub fn file_claim_for(
        &mut self,
        sender: &Addr,
        cover_id: u64,
        amount: u128,
        deposit: u128,
        incident_id: Option<u64>,
    ) -> AnyResult<u64> {
        let res = self.execute_court(
            sender,
            &ExecuteMsg::FileClaim {
                cover_id,
                amount: Uint128::new(amount),
                description: "The covered protocol was exploited".to_string(),
                evidence: Some("ipfs://post-mortem".to_string()),
                incident_id,
            },
            &coins(deposit, &self.denom),
        )?;
        Ok(id_from(&res, "claim_id"))
    }

    pub fn vote(&mut self, voter: &Addr, claim_id: u64, approve: bool) -> AnyResult<AppResponse> {
        self.execute_court(voter, &ExecuteMsg::Vote { claim_id, approve }, &[])
    }

    pub fn execute_claim(&mut self, sender: &Addr, claim_id: u64) -> AnyResult<AppResponse> {
        self.execute_court(sender, &ExecuteMsg::ExecuteClaim { claim_id }, &[])
    }

    pub fn appeal(&mut self, claimant: &Addr, claim_id: u64, fee: u128) -> AnyResult<AppResponse> {
        self.execute_court(
            claimant,
            &ExecuteMsg::Appeal { claim_id },
            &coins(fee, &self.denom),
        )
    }

    /// Settles `voter`'s vote, sent by `sender`.
    pub fn settle_vote(
        &mut self,
        sender: &Addr,
        claim_id: u64,
        voter: &Addr,
    ) -> AnyResult<AppResponse> {
        self.execute_court(
            sender,
            &ExecuteMsg::SettleVote {
                claim_id,
                voter: Some(voter.to_string()),
            },
            &[],
        )
    }

    pub fn fund_rewards(&mut self, sender: &Addr) -> AnyResult<AppResponse> {
        self.execute_court(sender, &ExecuteMsg::FundRewards {}, &[])
    }

    // --- parametric incidents ---

    /// Deploys a mock oracle with initial prices. Returns its address.
    pub fn deploy_mock_oracle(&mut self, prices: &[(&str, Decimal)]) -> Addr {
        let code = self.app.store_code(contracts::mock_oracle());
        let deployer = self.addr("deployer");
        self.app
            .instantiate_contract(
                code,
                deployer,
                &mock_oracle::InstantiateMsg {
                    prices: prices.iter().map(|(a, p)| (a.to_string(), *p)).collect(),
                },
                &[],
                "mock-oracle",
                None,
            )
            .expect("instantiate mock oracle")
    }

    /// Sets a mock oracle's price, observed at `updated_at` (default: now).
    pub fn set_price(
        &mut self,
        oracle: &Addr,
        asset: &str,
        price: Decimal,
        updated_at: Option<Timestamp>,
    ) {
        let sender = self.addr("oracle_feeder");
        self.app
            .execute_contract(
                sender,
                oracle.clone(),
                &mock_oracle::ExecuteMsg::SetPrice {
                    asset: asset.to_string(),
                    price,
                    updated_at,
                },
                &[],
            )
            .expect("set price");
    }

    /// Governance sets (or with `None` removes) a product's parametric terms.
    pub fn set_terms(
        &mut self,
        product_id: u32,
        terms: Option<ParametricTerms>,
    ) -> AnyResult<AppResponse> {
        self.sudo_court(GovernanceMsg::SetTerms { product_id, terms })
    }

    /// Governance makes `product_id` report-only: `payout_ratio` per incident,
    /// the default waiting period.
    pub fn set_report_terms(
        &mut self,
        product_id: u32,
        payout_ratio: Decimal,
    ) -> AnyResult<AppResponse> {
        self.set_terms(
            product_id,
            Some(ParametricTerms {
                payout_ratio,
                ..ParametricTerms::default()
            }),
        )
    }

    /// Governance gives `product_id` terms paying `payout_ratio` (default
    /// waiting period) with a `PriceBelow` trigger on `oracle`.
    pub fn set_price_trigger(
        &mut self,
        product_id: u32,
        oracle: &Addr,
        asset: &str,
        threshold: Decimal,
        payout_ratio: Decimal,
    ) -> AnyResult<AppResponse> {
        self.set_terms(
            product_id,
            Some(ParametricTerms {
                payout_ratio,
                trigger: Some(TriggerInfo {
                    oracle: oracle.to_string(),
                    condition: TriggerCondition::PriceBelow {
                        asset: asset.to_string(),
                        threshold,
                    },
                }),
                ..ParametricTerms::default()
            }),
        )
    }

    /// Anyone checks a product's trigger. Returns the recorded incident id
    /// (an error if the check re-armed the trigger instead).
    pub fn check_trigger(&mut self, sender: &Addr, product_id: u32) -> AnyResult<u64> {
        let res = self.check_trigger_response(sender, product_id)?;
        attribute(&res, "incident_id")
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| anyhow::anyhow!("no incident recorded: the trigger re-armed"))
    }

    /// Anyone checks a product's trigger (records an incident or re-arms).
    pub fn check_trigger_response(
        &mut self,
        sender: &Addr,
        product_id: u32,
    ) -> AnyResult<AppResponse> {
        self.execute_court(sender, &ExecuteMsg::CheckTrigger { product_id }, &[])
    }

    /// Reports an incident with `bond` attached. Returns the incident id.
    pub fn report_incident(
        &mut self,
        reporter: &Addr,
        product_id: u32,
        time: Timestamp,
        bond: u128,
    ) -> AnyResult<u64> {
        let res = self.execute_court(
            reporter,
            &ExecuteMsg::ReportIncident {
                product_id,
                time,
                evidence: "https://status.example/depeg".to_string(),
            },
            &coins(bond, &self.denom),
        )?;
        Ok(id_from(&res, "incident_id"))
    }

    pub fn dispute_incident(
        &mut self,
        disputer: &Addr,
        incident_id: u64,
        bond: u128,
    ) -> AnyResult<AppResponse> {
        self.execute_court(
            disputer,
            &ExecuteMsg::DisputeIncident { incident_id },
            &coins(bond, &self.denom),
        )
    }

    pub fn confirm_incident(&mut self, sender: &Addr, incident_id: u64) -> AnyResult<AppResponse> {
        self.execute_court(sender, &ExecuteMsg::ConfirmIncident { incident_id }, &[])
    }

    pub fn claim_incident(
        &mut self,
        sender: &Addr,
        incident_id: u64,
        cover_id: u64,
    ) -> AnyResult<AppResponse> {
        self.execute_court(
            sender,
            &ExecuteMsg::ClaimIncident {
                incident_id,
                cover_id,
            },
            &[],
        )
    }

    pub fn close_incident(&mut self, sender: &Addr, incident_id: u64) -> AnyResult<AppResponse> {
        self.execute_court(sender, &ExecuteMsg::CloseIncident { incident_id }, &[])
    }

    /// What the court reserves against the pool's capital, read raw under
    /// `RESERVED_CLAIMS_KEY` as the pool reads it.
    pub fn reserved_claims(&self) -> u128 {
        ClaimsCourtContract(self.claims_court.clone())
            .reserved_claims(&self.app.wrap().into_empty())
            .expect("reserved claims")
            .u128()
    }

    // --- governance ---

    /// A court governance operation sent by the governance address.
    pub fn court_governance(&mut self, msg: GovernanceMsg) -> AnyResult<AppResponse> {
        let gov = self.governance.clone();
        self.execute_court(&gov, &ExecuteMsg::Governance(msg), &[])
    }

    /// The same operation through x/wasm sudo (a governance proposal).
    pub fn sudo_court(&mut self, msg: GovernanceMsg) -> AnyResult<AppResponse> {
        self.app.wasm_sudo(self.claims_court.clone(), &msg)
    }

    /// Governance updates some of the court's parameters.
    pub fn update_court_params(&mut self, f: impl FnOnce(&mut CourtParams)) {
        let mut params = self.court_config().params;
        f(&mut params);
        self.sudo_court(GovernanceMsg::UpdateParams { params })
            .expect("update court params");
    }

    // --- queries ---

    fn query_court<T: serde::de::DeserializeOwned>(&self, msg: &QueryMsg) -> AnyResult<T> {
        Ok(self.app.wrap().query_wasm_smart(&self.claims_court, msg)?)
    }

    pub fn court_config(&self) -> ConfigResponse {
        self.query_court(&QueryMsg::Config {})
            .expect("court config")
    }

    pub fn court_state(&self) -> StateResponse {
        self.query_court(&QueryMsg::State {}).expect("court state")
    }

    pub fn claim(&self, claim_id: u64) -> ClaimResponse {
        self.query_court(&QueryMsg::Claim { claim_id })
            .expect("claim")
    }

    pub fn claims_by_cover(&self, cover_id: u64, start_after: Option<u64>) -> ClaimsResponse {
        self.query_court(&QueryMsg::ClaimsByCover {
            cover_id,
            start_after,
            limit: None,
        })
        .expect("claims by cover")
    }

    pub fn claims_by_claimant(&self, claimant: &Addr, start_after: Option<u64>) -> ClaimsResponse {
        self.query_court(&QueryMsg::ClaimsByClaimant {
            claimant: claimant.to_string(),
            start_after,
            limit: None,
        })
        .expect("claims by claimant")
    }

    pub fn assessor(&self, address: &Addr) -> AssessorResponse {
        self.query_court(&QueryMsg::Assessor {
            address: address.to_string(),
        })
        .expect("assessor")
    }

    pub fn vote_of(&self, claim_id: u64, voter: &Addr) -> VoteResponse {
        self.query_court(&QueryMsg::AssessorVote {
            claim_id,
            voter: voter.to_string(),
        })
        .expect("vote")
    }

    pub fn assessor_votes(&self, address: &Addr, start_after: Option<u64>) -> VotesResponse {
        self.query_court(&QueryMsg::AssessorVotes {
            address: address.to_string(),
            start_after,
            limit: None,
        })
        .expect("assessor votes")
    }

    pub fn terms(&self, product_id: u32) -> TermsResponse {
        self.query_court(&QueryMsg::Terms { product_id })
            .expect("terms")
    }

    pub fn incident(&self, incident_id: u64) -> IncidentResponse {
        self.query_court(&QueryMsg::Incident { incident_id })
            .expect("incident")
    }

    pub fn incidents(&self, product_id: u32, start_after: Option<u64>) -> IncidentsResponse {
        self.query_court(&QueryMsg::Incidents {
            product_id,
            start_after,
            limit: None,
        })
        .expect("incidents")
    }

    pub fn sale_status(&self, product_id: u32) -> SaleStatusResponse {
        self.query_court(&QueryMsg::SaleStatus { product_id })
            .expect("sale status")
    }

    pub fn incident_claim(&self, incident_id: u64, cover_id: u64) -> IncidentClaimResponse {
        self.query_court(&QueryMsg::IncidentClaim {
            incident_id,
            cover_id,
        })
        .expect("incident claim")
    }

    /// The court's bank balances equal its books: collateral == reward pool +
    /// outstanding rewards + escrow, assessor denom == bonded + unbonding.
    pub fn assert_court_conserved(&self) {
        let s = self.court_state();
        let collateral = (s.reward_pool + s.rewards_outstanding + s.escrow).u128();
        let bonds = (s.total_bonded + s.total_unbonding).u128();
        if ASSESSOR_DENOM == self.denom {
            assert_eq!(self.balance(&self.claims_court), collateral + bonds);
        } else {
            assert_eq!(
                self.balance(&self.claims_court),
                collateral,
                "court collateral must equal reward pool + outstanding rewards + escrow"
            );
            assert_eq!(
                self.balance_of(&self.claims_court, ASSESSOR_DENOM),
                bonds,
                "court assessor denom must equal bonded + unbonding"
            );
        }
    }
}
