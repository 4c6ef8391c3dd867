//! The workspace's price oracle in the suite.

use anyhow::Result as AnyResult;
use cosmwasm_std::{Addr, Decimal, Timestamp};
use cw_multi_test::{AppResponse, Executor};
use insurance_common::price_oracle::{
    ExecuteMsg, GovernanceMsg, InstantiateMsg, OracleParams, PriceUpdate,
};

use crate::contracts;
use crate::Suite;

impl Suite {
    /// Deploys the price oracle, governed by the suite's governance, with `feeders`.
    pub fn deploy_price_oracle(&mut self, feeders: &[&Addr]) -> Addr {
        let code = self.app.store_code(contracts::price_oracle());
        let governance = self.governance.clone();
        self.app
            .instantiate_contract(
                code,
                governance.clone(),
                &InstantiateMsg {
                    governance: governance.to_string(),
                    feeders: feeders.iter().map(|f| f.to_string()).collect(),
                    params: OracleParams::default(),
                },
                &[],
                "price-oracle",
                Some(governance.to_string()),
            )
            .expect("instantiate price oracle")
    }

    /// `feeder` pushes `asset`'s price observed at `observed_at`.
    pub fn push_price(
        &mut self,
        oracle: &Addr,
        feeder: &Addr,
        asset: &str,
        price: Decimal,
        observed_at: Timestamp,
    ) -> AnyResult<AppResponse> {
        self.app.execute_contract(
            feeder.clone(),
            oracle.clone(),
            &ExecuteMsg::PushPrices {
                prices: vec![PriceUpdate {
                    asset: asset.to_string(),
                    price,
                    observed_at,
                }],
            },
            &[],
        )
    }

    /// Chain governance (sudo) on the oracle.
    pub fn sudo_oracle(&mut self, oracle: &Addr, msg: GovernanceMsg) -> AnyResult<AppResponse> {
        self.app.wasm_sudo(oracle.clone(), &msg)
    }
}
