//! The chain the suite runs on: any cw-multi-test `App`, so that an
//! integrator brings their own custom module, stargate handler, bank or
//! address prefix (see [`SuiteBuilder::with_app`](crate::SuiteBuilder::with_app)).
//!
//! The protocol's contracts send and query nothing custom: on an App whose
//! custom message or query type is not `Empty` they run through
//! `ContractWrapper::new_with_empty` (see [`contracts`](crate::contracts)).
//!
//! ```
//! use cosmwasm_std::testing::MockApi;
//! use cw_multi_test::{AppBuilder, StargateAccepting};
//! use insurance_testing::SuiteBuilder;
//!
//! // an App with another address prefix that accepts every stargate message
//! let app = AppBuilder::new()
//!     .with_api(MockApi::default().with_prefix("neutron"))
//!     .with_stargate(StargateAccepting)
//!     .build(|_, _, _| {});
//! let mut suite = SuiteBuilder::new()
//!     .with_app(app)
//!     .with_denom("untrn")
//!     .with_funds("staker", 1_000)
//!     .build();
//! let staker = suite.addr("staker");
//! assert!(staker.as_str().starts_with("neutron1"));
//! suite.deposit(&staker, 1_000).unwrap();
//! assert_eq!(suite.pool_config().collateral_denom, "untrn");
//! ```

use anyhow::Result as AnyResult;
use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{Addr, Api, BlockInfo, CustomMsg, CustomQuery, Empty, QuerierWrapper, Storage};
use cw_multi_test::{
    no_init, App, AppBuilder, AppResponse, Bank, BankKeeper, Contract, Distribution, Executor, Gov,
    Ibc, MockApiBech32, MockApiBech32m, Module, Staking, Stargate, SudoMsg, Wasm,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::ibc::{IbcContract, IbcEntry};

/// An API that makes a valid address from a name (`addr_make`).
pub trait MakeAddr: Api {
    fn make_addr(&self, name: &str) -> Addr;
}

impl MakeAddr for MockApi {
    fn make_addr(&self, name: &str) -> Addr {
        self.addr_make(name)
    }
}

impl MakeAddr for MockApiBech32 {
    fn make_addr(&self, name: &str) -> Addr {
        self.addr_make(name)
    }
}

impl MakeAddr for MockApiBech32m {
    fn make_addr(&self, name: &str) -> Addr {
        self.addr_make(name)
    }
}

/// The chain of the kit's two-chain world ([`crate::ibc`],
/// [`crate::reinsurance`]): cw-multi-test's default App on the API `A`
/// (`MockApi` by default, [`crate::FastApi`] for long simulations).
pub type ChainApp<A = MockApi> = App<BankKeeper, A>;

/// An API the two-chain world can run on: the partner chain gets the same
/// API with its own prefix.
pub trait ChainApi: MakeAddr + Sized + 'static {
    /// The same API with the bech32 prefix `prefix`.
    fn prefixed(&self, prefix: &'static str) -> Self;

    /// A fresh chain on this API.
    fn build_app(self) -> ChainApp<Self> {
        AppBuilder::new().with_api(self).build(no_init)
    }
}

impl ChainApi for MockApi {
    fn prefixed(&self, prefix: &'static str) -> Self {
        self.with_prefix(prefix)
    }
}

/// What the suite uses of an App besides [`Executor`]. Implemented for every
/// cw-multi-test `App` whose API implements [`MakeAddr`].
pub trait AppParts {
    /// The App's custom message type (`Empty` unless a custom module is set).
    type ExecC: CustomMsg + DeserializeOwned + 'static;
    /// The App's custom query type.
    type QueryC: CustomQuery + DeserializeOwned + 'static;

    fn addr_make(&self, name: &str) -> Addr;
    fn wrap(&self) -> QuerierWrapper<'_, Self::QueryC>;
    fn store_code(&mut self, code: Box<dyn Contract<Self::ExecC, Self::QueryC>>) -> u64;
    fn sudo(&mut self, msg: SudoMsg) -> AnyResult<AppResponse>;
    fn wasm_sudo<T: Serialize, U: Into<Addr>>(
        &mut self,
        contract_addr: U,
        msg: &T,
    ) -> AnyResult<AppResponse>;
    fn update_block<F: Fn(&mut BlockInfo)>(&mut self, action: F);
    fn block_info(&self) -> BlockInfo;
    fn contract_storage_mut<'a>(&'a mut self, contract_addr: &Addr) -> Box<dyn Storage + 'a>;
}

/// A chain the suite can deploy on and drive: any cw-multi-test `App` (with
/// an address-making API), through [`AppParts`] and [`Executor`].
pub trait SuiteApp: AppParts + Executor<<Self as AppParts>::ExecC> {}

impl<T> SuiteApp for T where T: AppParts + Executor<<T as AppParts>::ExecC> {}

/// A chain the kit's two-chain world ([`crate::ibc`], [`crate::reinsurance`])
/// runs on: cw-multi-test's [`ChainApp`] on any [`ChainApi`], or the kit's
/// [`FastChain`](crate::FastChain) for long simulations.
pub trait WorldChain: SuiteApp<ExecC = Empty, QueryC = Empty> + 'static {
    type Api: ChainApi;

    fn chain_api(&self) -> &Self::Api;

    /// A contract's storage, to read.
    fn contract_storage<'a>(&'a self, contract_addr: &Addr) -> Box<dyn Storage + 'a>;

    /// A fresh chain of the same kind whose addresses have `prefix`.
    fn partner(&self, prefix: &'static str) -> Self;

    /// Stores an IBC contract's code (its entry points reachable with
    /// [`WorldChain::ibc_entry`]).
    fn store_ibc_code(&mut self, code: IbcContract) -> u64 {
        self.store_code(Box::new(code))
    }

    /// Calls an IBC entry point of `contract` in a transaction of its own,
    /// as a relayer's message would: through `sudo` as JSON, unless the chain
    /// reaches the entry point directly.
    fn ibc_entry(&mut self, contract: Addr, entry: IbcEntry) -> AnyResult<AppResponse> {
        self.wasm_sudo(contract, &entry)
    }
}

impl<A: ChainApi> WorldChain for ChainApp<A> {
    type Api = A;

    fn chain_api(&self) -> &A {
        self.api()
    }

    fn contract_storage<'a>(&'a self, contract_addr: &Addr) -> Box<dyn Storage + 'a> {
        App::contract_storage(self, contract_addr)
    }

    fn partner(&self, prefix: &'static str) -> Self {
        self.api().prefixed(prefix).build_app()
    }
}

impl<BankT, ApiT, StorageT, CustomT, WasmT, StakingT, DistrT, IbcT, GovT, StargateT> AppParts
    for App<BankT, ApiT, StorageT, CustomT, WasmT, StakingT, DistrT, IbcT, GovT, StargateT>
where
    CustomT::ExecT: CustomMsg + DeserializeOwned + 'static,
    CustomT::QueryT: CustomQuery + DeserializeOwned + 'static,
    WasmT: Wasm<CustomT::ExecT, CustomT::QueryT>,
    BankT: Bank,
    ApiT: MakeAddr,
    StorageT: Storage,
    CustomT: Module,
    StakingT: Staking,
    DistrT: Distribution,
    IbcT: Ibc,
    GovT: Gov,
    StargateT: Stargate,
{
    type ExecC = CustomT::ExecT;
    type QueryC = CustomT::QueryT;

    fn addr_make(&self, name: &str) -> Addr {
        self.api().make_addr(name)
    }

    fn wrap(&self) -> QuerierWrapper<'_, Self::QueryC> {
        App::wrap(self)
    }

    fn store_code(&mut self, code: Box<dyn Contract<Self::ExecC, Self::QueryC>>) -> u64 {
        App::store_code(self, code)
    }

    fn sudo(&mut self, msg: SudoMsg) -> AnyResult<AppResponse> {
        App::sudo(self, msg)
    }

    fn wasm_sudo<T: Serialize, U: Into<Addr>>(
        &mut self,
        contract_addr: U,
        msg: &T,
    ) -> AnyResult<AppResponse> {
        App::wasm_sudo(self, contract_addr, msg)
    }

    fn update_block<F: Fn(&mut BlockInfo)>(&mut self, action: F) {
        App::update_block(self, action);
    }

    fn block_info(&self) -> BlockInfo {
        App::block_info(self)
    }

    fn contract_storage_mut<'a>(&'a mut self, contract_addr: &Addr) -> Box<dyn Storage + 'a> {
        App::contract_storage_mut(self, contract_addr)
    }
}
