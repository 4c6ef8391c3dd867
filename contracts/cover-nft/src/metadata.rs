//! Display metadata for wallets and marketplaces: cw721's on-chain
//! (OpenSea-style) `NftExtension` with a name, a description, attributes and
//! a small SVG card as a data URI. Built at query time, never stored.

use std::fmt::Write;

use cosmwasm_std::{Binary, Timestamp};
use cw721::state::Trait;
use insurance_common::cover_nft::{DisplayMetadata, Policy, PolicyStatus};

/// `product`: the product's name when the pool has it.
pub fn display(policy: &Policy, status: PolicyStatus, product: Option<&str>) -> DisplayMetadata {
    let id = policy.cover_id;
    let product = match product {
        Some(name) => name.to_string(),
        None => format!("Product {}", policy.product_id),
    };
    let amount = format!("{} {}", policy.cover_amount, policy.denom);
    let remaining = format!("{} {}", policy.remaining_amount, policy.denom);
    let until = policy.claimable_until().unwrap_or(policy.end);
    let (start, end) = (date(policy.start), date(policy.end));
    let description = format!(
        "Insurance policy {id} on {product}: {amount} of cover from {start} to {end}, \
         claims until {}. Status: {}.",
        date(until),
        status.as_str()
    );
    let card = svg(&Card {
        id,
        product: &product,
        cover_amount: policy.cover_amount.u128(),
        remaining: policy.remaining_amount.u128(),
        denom: &policy.denom,
        start: &start,
        end: &end,
        status,
    });
    let attributes = vec![
        text("Product", product),
        text("Amount", amount),
        text("Remaining", remaining),
        day("Start", policy.start),
        day("End", policy.end),
        day("Claimable until", until),
        text("Status", status.as_str().to_string()),
    ];
    DisplayMetadata {
        name: Some(format!("Cover #{id}")),
        description: Some(description),
        image: Some(format!(
            "data:image/svg+xml;base64,{}",
            Binary::from(card.into_bytes()).to_base64()
        )),
        attributes: Some(attributes),
        ..DisplayMetadata::default()
    }
}

fn text(trait_type: &str, value: String) -> Trait {
    Trait {
        display_type: None,
        trait_type: trait_type.to_string(),
        value,
    }
}

/// OpenSea's `date` display type: seconds since the epoch.
fn day(trait_type: &str, time: Timestamp) -> Trait {
    Trait {
        display_type: Some("date".to_string()),
        trait_type: trait_type.to_string(),
        value: time.seconds().to_string(),
    }
}

struct Card<'a> {
    id: u64,
    product: &'a str,
    cover_amount: u128,
    remaining: u128,
    denom: &'a str,
    start: &'a str,
    end: &'a str,
    status: PolicyStatus,
}

/// A 320×200 card, about 900 bytes.
fn svg(c: &Card) -> String {
    let badge = match c.status {
        PolicyStatus::Active => "#2e9d5b",
        PolicyStatus::InGrace => "#c98a1b",
        PolicyStatus::Expired => "#6b7785",
        PolicyStatus::UnderClaim => "#d0612a",
        PolicyStatus::Paid => "#7a5cc7",
    };
    let denom = short(c.denom, 14);
    let mut s = String::with_capacity(1024);
    s.push_str(
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 320 200' font-family='sans-serif'>\
         <rect width='320' height='200' rx='16' fill='#102a43'/>",
    );
    line(
        &mut s,
        40,
        "20' font-weight='bold",
        "#fff",
        &format!("Cover #{}", c.id),
    );
    line(&mut s, 64, "13", "#9fb3c8", &short(c.product, 40));
    line(
        &mut s,
        104,
        "16",
        "#fff",
        &format!("{} {denom}", c.cover_amount),
    );
    line(
        &mut s,
        126,
        "12",
        "#9fb3c8",
        &format!("remaining {} {denom}", c.remaining),
    );
    line(
        &mut s,
        148,
        "12",
        "#9fb3c8",
        &format!("{} to {}", c.start, c.end),
    );
    let _ = write!(
        s,
        "<rect x='20' y='162' width='112' height='24' rx='12' fill='{badge}'/>\
         <text x='76' y='178' font-size='12' fill='#fff' text-anchor='middle'>{}</text></svg>",
        c.status.as_str()
    );
    s
}

fn line(s: &mut String, y: u32, size: &str, fill: &str, content: &str) {
    let _ = write!(s, "<text x='20' y='{y}' font-size='{size}' fill='{fill}'>");
    escape(s, content);
    s.push_str("</text>");
}

/// XML text: product names and denoms come from outside the NFT.
fn escape(s: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '\'' => s.push_str("&apos;"),
            '"' => s.push_str("&quot;"),
            c => s.push(c),
        }
    }
}

/// At most `max` characters, the last one an ellipsis when cut.
fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// `YYYY-MM-DD` (UTC), by the days-to-civil algorithm of H. Hinnant.
fn date(time: Timestamp) -> String {
    let z = (time.seconds() / 86_400) as i64 + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::Uint128;

    fn policy() -> Policy {
        Policy {
            cover_id: 7,
            product_id: 2,
            denom: "uusdc".to_string(),
            cover_amount: Uint128::new(50_000),
            remaining_amount: Uint128::new(30_000),
            premium: Uint128::new(500),
            // 2024-02-28 00:00 UTC, 90 days, 14 days of grace
            start: Timestamp::from_seconds(1_709_078_400),
            end: Timestamp::from_seconds(1_709_078_400 + 90 * 86_400),
            grace_period: 14 * 86_400,
        }
    }

    #[test]
    fn dates_are_utc_calendar_days() {
        let at = Timestamp::from_seconds;
        assert_eq!(date(at(0)), "1970-01-01");
        assert_eq!(date(at(951_782_400)), "2000-02-29");
        assert_eq!(date(at(1_709_078_400)), "2024-02-28");
        assert_eq!(date(at(1_709_078_400 + 86_400)), "2024-02-29");
        assert_eq!(date(at(1_735_689_599)), "2024-12-31");
        assert_eq!(date(at(1_735_689_600)), "2025-01-01");
        assert_eq!(date(Timestamp::from_nanos(u64::MAX)), "2554-07-21");
    }

    #[test]
    fn metadata_names_the_policy_and_its_status() {
        let m = display(&policy(), PolicyStatus::InGrace, Some("Depeg <cover>"));
        assert_eq!(m.name.as_deref(), Some("Cover #7"));
        assert_eq!(
            m.description.as_deref(),
            Some(
                "Insurance policy 7 on Depeg <cover>: 50000 uusdc of cover from 2024-02-28 \
                 to 2024-05-28, claims until 2024-06-11. Status: in grace."
            )
        );
        let attributes = m.attributes.unwrap();
        let value = |name: &str| {
            attributes
                .iter()
                .find(|t| t.trait_type == name)
                .map(|t| (t.display_type.clone(), t.value.clone()))
                .unwrap()
        };
        assert_eq!(value("Product"), (None, "Depeg <cover>".to_string()));
        assert_eq!(value("Amount"), (None, "50000 uusdc".to_string()));
        assert_eq!(value("Remaining"), (None, "30000 uusdc".to_string()));
        assert_eq!(
            value("Start"),
            (Some("date".to_string()), "1709078400".to_string())
        );
        assert_eq!(value("Status"), (None, "in grace".to_string()));
        assert_eq!(attributes.len(), 7);

        let image = m.image.unwrap();
        let b64 = image.strip_prefix("data:image/svg+xml;base64,").unwrap();
        let svg = String::from_utf8(Binary::from_base64(b64).unwrap().to_vec()).unwrap();
        assert!(svg.starts_with("<svg xmlns='http://www.w3.org/2000/svg'"));
        assert!(svg.ends_with("</svg>"));
        // outside text is escaped, long text shortened
        assert!(svg.contains(">Depeg &lt;cover&gt;</text>"));
        assert!(svg.contains(">remaining 30000 uusdc</text>"));
        assert!(svg.contains(">2024-02-28 to 2024-05-28</text>"));
        assert!(svg.contains(">in grace</text>"));
        assert!(svg.len() < 1_000, "{}", svg.len());
    }

    #[test]
    fn unknown_products_show_their_id_and_long_denoms_are_cut() {
        let mut p = policy();
        p.denom =
            "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2".to_string();
        let m = display(&p, PolicyStatus::Active, None);
        let attributes = m.attributes.unwrap();
        assert_eq!(attributes[0].value, "Product 2");
        // attributes keep the whole denom, the card a short one
        assert_eq!(attributes[1].value, format!("50000 {}", p.denom));
        let b64 = m.image.unwrap();
        let svg =
            Binary::from_base64(b64.strip_prefix("data:image/svg+xml;base64,").unwrap()).unwrap();
        let svg = String::from_utf8(svg.to_vec()).unwrap();
        assert!(svg.contains(">50000 ibc/27394FB09…</text>"));
    }
}
