//! Attacks on pricing: split purchases, quotes.

use insurance_common::risk_pool::DAY;
use insurance_testing::suite::DISCRETIONARY_PRODUCT;
use insurance_testing::{Suite, SuiteBuilder};

fn funded() -> Suite {
    let mut s = SuiteBuilder::new()
        .with_funds("staker", 1_000_000)
        .with_funds("buyer", 1_000_000)
        .build();
    let staker = s.addr("staker");
    s.deposit(&staker, 1_000_000).unwrap();
    s
}

/// Buys `amount` and returns what the buyer paid, checking it is what the
/// quote said.
fn buy(s: &mut Suite, amount: u128) -> u128 {
    let buyer = s.addr("buyer");
    let quoted = s
        .quote(DISCRETIONARY_PRODUCT, amount, 365 * DAY)
        .unwrap()
        .premium
        .u128();
    let before = s.balance(&buyer);
    s.buy_cover(&buyer, DISCRETIONARY_PRODUCT, amount, 365 * DAY)
        .unwrap();
    let paid = before - s.balance(&buyer);
    assert_eq!(paid, quoted, "BuyCover charged what Quote said");
    paid
}

/// 1.8 M of cover (to 90 % utilisation) bought in one purchase, then on a
/// twin pool in 18 slices of 100,000: the price is the integral of the rate
/// curve over the utilisation each purchase spans, so the slices cost at
/// least the one purchase, and at most a unit more per extra slice.
#[test]
fn splitting_a_purchase_into_slices_is_never_cheaper() {
    let mut one = funded();
    let whole = buy(&mut one, 1_800_000);
    // 1.6 M at 2 % and 0.2 M at 4.5 % on average
    assert_eq!(whole, 41_000);

    let mut split = funded();
    let mut sliced = 0;
    for _ in 0..18 {
        sliced += buy(&mut split, 100_000);
    }
    assert!(
        sliced >= whole,
        "18 slices cost {sliced}, one purchase {whole}"
    );
    assert!(
        sliced <= whole + 17,
        "18 slices cost {sliced}, one purchase {whole}"
    );
    // the same cover in force, and the stakers got at least as much
    assert_eq!(
        one.pool_state().active_cover,
        split.pool_state().active_cover
    );
    assert!(split.pool_state().reward_reserve >= one.pool_state().reward_reserve);
    let buyer = split.addr("buyer");
    assert_eq!(split.balance(&buyer), 1_000_000 - sliced);
}

/// Buying in the reverse order (a large slice after many small ones, or the
/// other way round) changes nothing either: the price depends only on where
/// the cover starts and ends on the curve.
#[test]
fn ordering_slices_cannot_game_the_curve() {
    let mut a = funded();
    let mut b = funded();
    let first = buy(&mut a, 1_500_000) + buy(&mut a, 300_000);
    let mut second = 0;
    for _ in 0..6 {
        second += buy(&mut b, 50_000);
    }
    second += buy(&mut b, 1_500_000);
    assert!(first.abs_diff(second) <= 6, "{first} vs {second}");
    assert!(first >= 41_000 && second >= 41_000);
}
