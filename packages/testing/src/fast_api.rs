//! An `Api` for long simulations: `MockApi`'s answers, remembered.
//!
//! cw-multi-test validates the address of every contract it routes a message
//! or a query to, and the contracts validate and canonicalize the addresses
//! they are sent: with `MockApi` each is a bech32 decode and encode. A run of
//! thousands of paths asks the same few dozen addresses millions of times.
//! [`FastApi`] answers each address as `MockApi` did the first time it was
//! asked (a refusal is never remembered: a bad input gets `MockApi`'s own
//! error every time), so the contracts behave exactly as on `MockApi`.
//!
//! It also makes account addresses of 20 bytes, as Cosmos SDK chains derive
//! them from a public key ([`FastApi::with_account_len`]; `MockApi`'s
//! `addr_make` makes 32), which shortens every message and storage key that
//! holds one. Contract addresses are cw-multi-test's 32 bytes, as wasmd's,
//! unless [`FastApi::with_contract_len`] cuts them (on an App built with
//! [`ChainApi::build_app`]): every contract's storage keys start with its
//! address, and the protocol's contracts treat addresses as opaque strings.
//!
//! ```
//! use cw_multi_test::{no_init, AppBuilder};
//! use insurance_testing::{FastApi, SuiteBuilder};
//!
//! let app = AppBuilder::new().with_api(FastApi::new("cosmwasm")).build(no_init);
//! let mut suite = SuiteBuilder::new().with_app(app).with_funds("staker", 1_000).build();
//! let staker = suite.addr("staker");
//! assert_eq!(staker.as_str().len(), "cosmwasm1".len() + 32 + 6); // 20 bytes
//! suite.deposit(&staker, 1_000).unwrap();
//! ```

use std::cell::RefCell;

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{
    Addr, Api, CanonicalAddr, HashFunction, RecoverPubkeyError, StdResult, Storage,
    VerificationError,
};
use rustc_hash::FxHashMap as HashMap;
use sha2::{Digest, Sha256};

use cw_multi_test::error::AnyResult;
use cw_multi_test::{no_init, AddressGenerator, AppBuilder, WasmKeeper};

use crate::app::{ChainApi, ChainApp, MakeAddr};

/// Bytes of an account address on Cosmos SDK chains (the hash of a key).
pub const ACCOUNT_LEN: usize = 20;
/// Bytes of a contract address by default (wasmd's).
pub const CONTRACT_LEN: usize = 32;

/// `MockApi` with its answers remembered, and 20-byte accounts (see the
/// [module](self)).
#[derive(Clone)]
pub struct FastApi {
    mock: MockApi,
    account_len: usize,
    contract_len: usize,
    validated: RefCell<HashMap<String, Addr>>,
    canonical: RefCell<HashMap<String, CanonicalAddr>>,
    human: RefCell<HashMap<Vec<u8>, Addr>>,
    made: RefCell<HashMap<String, Addr>>,
}

impl FastApi {
    /// Addresses with `prefix`; accounts of [`ACCOUNT_LEN`] bytes.
    pub fn new(prefix: &'static str) -> Self {
        FastApi {
            mock: MockApi::default().with_prefix(prefix),
            account_len: ACCOUNT_LEN,
            contract_len: CONTRACT_LEN,
            validated: RefCell::default(),
            canonical: RefCell::default(),
            human: RefCell::default(),
            made: RefCell::default(),
        }
    }

    /// Accounts of `len` bytes (1 to 32; 32 makes `MockApi`'s addresses).
    pub fn with_account_len(mut self, len: usize) -> Self {
        assert!((1..=32).contains(&len), "an account has 1 to 32 bytes");
        self.account_len = len;
        self.made = RefCell::default();
        self
    }

    /// Contracts of `len` bytes (1 to 32; 32 makes cw-multi-test's addresses).
    pub fn with_contract_len(mut self, len: usize) -> Self {
        assert!(
            (1..=32).contains(&len),
            "a contract address has 1 to 32 bytes"
        );
        self.contract_len = len;
        self
    }

    /// Bytes of the contract addresses a chain on this API makes.
    pub fn contract_len(&self) -> usize {
        self.contract_len
    }

    /// The account named `name`: the first bytes of its SHA-256, in bech32
    /// (all 32 of them: `MockApi::addr_make`'s address).
    pub fn addr_make(&self, name: &str) -> Addr {
        if let Some(addr) = self.made.borrow().get(name) {
            return addr.clone();
        }
        let digest = Sha256::digest(name.as_bytes());
        let canonical = CanonicalAddr::from(&digest[..self.account_len]);
        let addr = self
            .addr_humanize(&canonical)
            .expect("a hash is a valid canonical address");
        self.made
            .borrow_mut()
            .insert(name.to_string(), addr.clone());
        addr
    }
}

impl Api for FastApi {
    fn addr_validate(&self, human: &str) -> StdResult<Addr> {
        if let Some(addr) = self.validated.borrow().get(human) {
            return Ok(addr.clone());
        }
        let addr = self.mock.addr_validate(human)?;
        self.validated
            .borrow_mut()
            .insert(human.to_string(), addr.clone());
        Ok(addr)
    }

    fn addr_canonicalize(&self, human: &str) -> StdResult<CanonicalAddr> {
        if let Some(canonical) = self.canonical.borrow().get(human) {
            return Ok(canonical.clone());
        }
        let canonical = self.mock.addr_canonicalize(human)?;
        self.canonical
            .borrow_mut()
            .insert(human.to_string(), canonical.clone());
        Ok(canonical)
    }

    fn addr_humanize(&self, canonical: &CanonicalAddr) -> StdResult<Addr> {
        if let Some(addr) = self.human.borrow().get(canonical.as_slice()) {
            return Ok(addr.clone());
        }
        let addr = self.mock.addr_humanize(canonical)?;
        self.human
            .borrow_mut()
            .insert(canonical.to_vec(), addr.clone());
        Ok(addr)
    }

    fn secp256k1_verify(
        &self,
        message_hash: &[u8],
        signature: &[u8],
        public_key: &[u8],
    ) -> Result<bool, VerificationError> {
        self.mock
            .secp256k1_verify(message_hash, signature, public_key)
    }

    fn secp256k1_recover_pubkey(
        &self,
        message_hash: &[u8],
        signature: &[u8],
        recovery_param: u8,
    ) -> Result<Vec<u8>, RecoverPubkeyError> {
        self.mock
            .secp256k1_recover_pubkey(message_hash, signature, recovery_param)
    }

    fn bls12_381_aggregate_g1(&self, g1s: &[u8]) -> Result<[u8; 48], VerificationError> {
        self.mock.bls12_381_aggregate_g1(g1s)
    }

    fn bls12_381_aggregate_g2(&self, g2s: &[u8]) -> Result<[u8; 96], VerificationError> {
        self.mock.bls12_381_aggregate_g2(g2s)
    }

    fn bls12_381_pairing_equality(
        &self,
        ps: &[u8],
        qs: &[u8],
        r: &[u8],
        s: &[u8],
    ) -> Result<bool, VerificationError> {
        self.mock.bls12_381_pairing_equality(ps, qs, r, s)
    }

    fn bls12_381_hash_to_g1(
        &self,
        hash_function: HashFunction,
        msg: &[u8],
        dst: &[u8],
    ) -> Result<[u8; 48], VerificationError> {
        self.mock.bls12_381_hash_to_g1(hash_function, msg, dst)
    }

    fn bls12_381_hash_to_g2(
        &self,
        hash_function: HashFunction,
        msg: &[u8],
        dst: &[u8],
    ) -> Result<[u8; 96], VerificationError> {
        self.mock.bls12_381_hash_to_g2(hash_function, msg, dst)
    }

    fn secp256r1_verify(
        &self,
        message_hash: &[u8],
        signature: &[u8],
        public_key: &[u8],
    ) -> Result<bool, VerificationError> {
        self.mock
            .secp256r1_verify(message_hash, signature, public_key)
    }

    fn secp256r1_recover_pubkey(
        &self,
        message_hash: &[u8],
        signature: &[u8],
        recovery_param: u8,
    ) -> Result<Vec<u8>, RecoverPubkeyError> {
        self.mock
            .secp256r1_recover_pubkey(message_hash, signature, recovery_param)
    }

    fn ed25519_verify(
        &self,
        message: &[u8],
        signature: &[u8],
        public_key: &[u8],
    ) -> Result<bool, VerificationError> {
        self.mock.ed25519_verify(message, signature, public_key)
    }

    fn ed25519_batch_verify(
        &self,
        messages: &[&[u8]],
        signatures: &[&[u8]],
        public_keys: &[&[u8]],
    ) -> Result<bool, VerificationError> {
        self.mock
            .ed25519_batch_verify(messages, signatures, public_keys)
    }

    fn debug(&self, message: &str) {
        self.mock.debug(message);
    }
}

impl MakeAddr for FastApi {
    fn make_addr(&self, name: &str) -> Addr {
        self.addr_make(name)
    }
}

impl ChainApi for FastApi {
    fn prefixed(&self, prefix: &'static str) -> Self {
        FastApi::new(prefix)
            .with_account_len(self.account_len)
            .with_contract_len(self.contract_len)
    }

    fn build_app(self) -> ChainApp<Self> {
        let len = self.contract_len;
        AppBuilder::new()
            .with_api(self)
            .with_wasm(WasmKeeper::new().with_address_generator(ContractAddresses(len)))
            .build(no_init)
    }
}

/// cw-multi-test's contract addresses (a hash of the code and instance
/// ids), cut to their first `.0` bytes.
struct ContractAddresses(usize);

impl AddressGenerator for ContractAddresses {
    fn contract_address(
        &self,
        api: &dyn Api,
        _storage: &mut dyn Storage,
        code_id: u64,
        instance_id: u64,
    ) -> AnyResult<Addr> {
        contract_address(api, self.0, code_id, instance_id)
    }
}

/// cw-multi-test's address of instance `instance_id` of code `code_id`, its
/// first `len` bytes.
pub(crate) fn contract_address(
    api: &dyn Api,
    len: usize,
    code_id: u64,
    instance_id: u64,
) -> AnyResult<Addr> {
    let mut key = b"wasm\0".to_vec();
    key.extend_from_slice(&code_id.to_be_bytes());
    key.extend_from_slice(&instance_id.to_be_bytes());
    let hash = Sha256::new()
        .chain_update(Sha256::digest(b"module"))
        .chain_update(key)
        .finalize();
    Ok(api.addr_humanize(&CanonicalAddr::from(&hash[..len]))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_as_mock_api() {
        let mock = MockApi::default();
        let fast = FastApi::new("cosmwasm").with_account_len(32);
        let alice = mock.addr_make("alice");
        assert_eq!(fast.addr_make("alice"), alice);
        for _ in 0..2 {
            assert_eq!(fast.addr_validate(alice.as_str()).unwrap(), alice);
            let canonical = mock.addr_canonicalize(alice.as_str()).unwrap();
            assert_eq!(fast.addr_canonicalize(alice.as_str()).unwrap(), canonical);
            assert_eq!(fast.addr_humanize(&canonical).unwrap(), alice);
            // upper case canonicalizes (bech32 is case-insensitive) but does not validate
            let upper = alice.as_str().to_uppercase();
            assert_eq!(fast.addr_canonicalize(&upper).unwrap(), canonical);
            assert_eq!(
                fast.addr_validate(&upper).unwrap_err(),
                mock.addr_validate(&upper).unwrap_err()
            );
            let other = MockApi::default().with_prefix("partner").addr_make("alice");
            assert_eq!(
                fast.addr_validate(other.as_str()).unwrap_err(),
                mock.addr_validate(other.as_str()).unwrap_err()
            );
        }
    }

    #[test]
    fn contract_addresses_as_cw_multi_test() {
        use cosmwasm_std::testing::MockStorage;
        use cw_multi_test::SimpleAddressGenerator;
        let mut storage = MockStorage::new();
        let api = MockApi::default();
        for (code, instance) in [(1, 0), (2, 7)] {
            let ours = ContractAddresses(32)
                .contract_address(&api, &mut storage, code, instance)
                .unwrap();
            let theirs = SimpleAddressGenerator
                .contract_address(&api, &mut storage, code, instance)
                .unwrap();
            assert_eq!(ours, theirs);
        }
        let short = ContractAddresses(20)
            .contract_address(&api, &mut storage, 1, 0)
            .unwrap();
        assert_eq!(api.addr_canonicalize(short.as_str()).unwrap().len(), 20);
    }

    #[test]
    fn accounts_have_twenty_bytes() {
        let fast = FastApi::new("cosmwasm");
        let alice = fast.addr_make("alice");
        let canonical = fast.addr_canonicalize(alice.as_str()).unwrap();
        assert_eq!(canonical.len(), ACCOUNT_LEN);
        assert_eq!(
            canonical.as_slice(),
            &Sha256::digest(b"alice")[..ACCOUNT_LEN]
        );
        assert_eq!(MockApi::default().addr_validate(alice.as_str()), Ok(alice));
        let partner = fast.prefixed("partner").addr_make("alice");
        assert!(partner.as_str().starts_with("partner1"));
    }
}
