//! The risk pool and the cover NFT: a full cover flow, the pool's mint and
//! policy updates reaching the NFT through the chain.

use cosmwasm_std::{coins, Uint128};
use insurance_common::cover_nft;
use insurance_common::risk_pool::{self, LossEvent, DAY};
use insurance_testing::suite::{default_products, DISCRETIONARY_PRODUCT};

use crate::support::{assert_contract_error, Protocol, DENOM};

#[test]
fn pool_and_nft_run_a_full_cover_flow_in_the_vm() {
    let mut p = Protocol::deploy();
    let (staker, buyer, friend) = (p.addr("staker"), p.addr("buyer"), p.addr("friend"));
    let shares = p.deposit(&staker, 1_000_000).shares;

    // A purchase whose premium is above the buyer's maximum is refused, and
    // nothing moves.
    let quote = p.quote(DISCRETIONARY_PRODUCT, 100_000, 365 * DAY);
    p.chain.mint(&buyer, &coins(quote.premium.u128(), DENOM));
    let max_premium = quote.premium - Uint128::one();
    let err = p
        .chain
        .execute(
            &p.pool,
            &buyer,
            &risk_pool::ExecuteMsg::BuyCover {
                product_id: DISCRETIONARY_PRODUCT,
                amount: Uint128::new(100_000),
                duration: 365 * DAY,
                max_premium,
            },
            &coins(max_premium.u128(), DENOM),
        )
        .unwrap_err();
    assert_contract_error(
        err,
        ::risk_pool::ContractError::PremiumAboveMax {
            premium: quote.premium,
            max_premium,
        },
    );
    assert_eq!(p.balance(&buyer), quote.premium.u128());
    assert_eq!(p.pool_state().covers_sold, 0);

    // The purchase: the pool mints the policy NFT through a submessage.
    let bought = p.buy_cover(&buyer, DISCRETIONARY_PRODUCT, 100_000, 365 * DAY);
    assert_eq!(bought.premium, quote.premium);
    let policy = p.policy(bought.cover_id);
    assert_eq!(policy.owner, buyer);
    assert_eq!(policy.policy.cover_amount, Uint128::new(100_000));
    assert_eq!(p.balance(&buyer), quote.premium.u128());

    // The holder transfers the NFT like any cw721.
    p.chain
        .execute(
            &p.nft,
            &buyer,
            &cover_nft::ExecuteMsg::TransferNft {
                recipient: friend.to_string(),
                token_id: bought.cover_id.to_string(),
            },
            &[],
        )
        .unwrap();

    // The court pays a claim: the pool pays the holder; the NFT reads the
    // remaining amount from the pool.
    let (court, pool) = (p.court.clone(), p.pool.clone());
    let assets = p.pool_state().total_assets;
    p.chain
        .execute(
            &pool,
            &court,
            &risk_pool::ExecuteMsg::Court(risk_pool::CourtMsg::Payout {
                cover_id: bought.cover_id,
                recipient: friend.to_string(),
                amount: Uint128::new(40_000),
                event: LossEvent::Claim { claim_id: 1 },
                claims_fund: Uint128::zero(),
            }),
            &[],
        )
        .unwrap();
    assert_eq!(p.balance(&friend), 40_000);
    let state = p.pool_state();
    assert_eq!(state.total_assets, assets - Uint128::new(40_000));
    assert_eq!(state.active_cover, Uint128::new(60_000));
    let policy = p.policy(bought.cover_id);
    assert_eq!(policy.owner, friend);
    assert_eq!(policy.policy.remaining_amount, Uint128::new(60_000));
    assert_eq!(policy.status, cover_nft::PolicyStatus::Active);
    // Wallets' display metadata, built by the wasm; the product's name is
    // read raw from the pool's storage through the chain.
    let info: cw721::msg::NftInfoResponse<cover_nft::DisplayMetadata> = p
        .chain
        .query(
            &p.nft,
            &cover_nft::QueryMsg::NftInfo {
                token_id: bought.cover_id.to_string(),
            },
        )
        .unwrap();
    let id = bought.cover_id;
    assert_eq!(info.extension.name, Some(format!("Cover #{id}")));
    let product = &default_products()[0].name;
    let description = info.extension.description.unwrap();
    assert!(
        description.starts_with(&format!(
            "Insurance policy {id} on {product}: 100000 {DENOM} of cover"
        )),
        "{description}"
    );
    assert!(description.ends_with("Status: active."), "{description}");
    assert!(info
        .extension
        .image
        .unwrap()
        .starts_with("data:image/svg+xml;base64,PHN2Zy"));

    // The staker asks to leave with a tenth of the shares.
    let shares = shares.multiply_ratio(1u128, 10u128);
    let data = p
        .chain
        .execute(
            &pool,
            &staker,
            &risk_pool::ExecuteMsg::RequestUnbond { shares },
            &[],
        )
        .unwrap();
    let unbond: risk_pool::RequestUnbondResponse = data.parse_data().unwrap();
    assert_eq!(unbond.shares, shares);

    println!(
        "VM gas used: risk_pool {}, cover_nft {}",
        p.chain.vm_gas_used_by(&p.pool).unwrap(),
        p.chain.vm_gas_used_by(&p.nft).unwrap()
    );
}
