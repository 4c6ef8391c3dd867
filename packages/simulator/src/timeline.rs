//! The story as it happened: one line per step with the simulated date, the
//! chain, the actor, the action and its key figures.

use cosmwasm_std::{Decimal, Timestamp};

/// Which embedded chain a step or an account is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Chain {
    /// Chain A: the protocol (pool, NFT, court, vault, cedent bridge).
    Cedent,
    /// Chain B: the partner chain with the reinsurer's bridge.
    Reinsurer,
}

impl Chain {
    pub fn label(self) -> &'static str {
        match self {
            Chain::Cedent => "A",
            Chain::Reinsurer => "B",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Chain::Cedent => "chain A (cedent: pool, court, vault)",
            Chain::Reinsurer => "chain B (partner: reinsurer)",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    pub time: Timestamp,
    pub chain: Chain,
    pub actor: String,
    pub action: String,
    /// Key figures, in order: (name, value).
    pub figures: Vec<(String, String)>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Timeline {
    pub start: Option<Timestamp>,
    pub events: Vec<Event>,
}

impl Timeline {
    pub fn push(
        &mut self,
        time: Timestamp,
        chain: Chain,
        actor: impl Into<String>,
        action: impl Into<String>,
        figures: Vec<(&str, String)>,
    ) {
        self.start.get_or_insert(time);
        self.events.push(Event {
            time,
            chain,
            actor: actor.into(),
            action: action.into(),
            figures: figures
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        });
    }

    pub fn render(&self) -> String {
        let start = self.start.unwrap_or_default();
        let actor_width = self.events.iter().map(|e| e.actor.len()).max().unwrap_or(0);
        let mut out = String::new();
        for e in &self.events {
            let day = (e.time.seconds().saturating_sub(start.seconds())) / 86_400;
            let mut line = format!(
                "{} day {:>3}  [{}]  {:<width$}  {}",
                datetime(e.time),
                day,
                e.chain.label(),
                e.actor,
                e.action,
                width = actor_width
            );
            if !e.figures.is_empty() {
                let figures: Vec<String> =
                    e.figures.iter().map(|(k, v)| format!("{k} {v}")).collect();
                line.push_str(" | ");
                line.push_str(&figures.join(", "));
            }
            out.push_str(&line);
            out.push('\n');
        }
        out
    }
}

/// `YYYY-MM-DD HH:MM` (UTC) of a block time.
pub fn datetime(t: Timestamp) -> String {
    let secs = t.seconds();
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rem / 3_600,
        (rem % 3_600) / 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// An amount with thousands separators: `1,234,567`.
pub fn amount(v: u128) -> String {
    signed(v as i128).trim_start_matches('+').to_string()
}

/// A signed amount with thousands separators and an explicit sign when not zero.
pub fn signed(v: i128) -> String {
    let digits = v.unsigned_abs().to_string();
    let first = match digits.len() % 3 {
        0 => 3,
        n => n,
    };
    let mut grouped = digits[..first].to_string();
    for group in digits.as_bytes()[first..].chunks(3) {
        grouped.push(',');
        grouped.push_str(std::str::from_utf8(group).unwrap_or_default());
    }
    match v.signum() {
        -1 => format!("-{grouped}"),
        1 => format!("+{grouped}"),
        _ => grouped,
    }
}

/// A price with six decimals (truncated).
pub fn price(p: Decimal) -> String {
    let s = p.to_string();
    match s.split_once('.') {
        Some((int, frac)) => format!("{int}.{:0<6}", &frac[..frac.len().min(6)]),
        None => format!("{s}.000000"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(amount(0), "0");
        assert_eq!(amount(1_234_567), "1,234,567");
        assert_eq!(signed(-1_000), "-1,000");
        assert_eq!(signed(999), "+999");
        assert_eq!(price(Decimal::one()), "1.000000");
        assert_eq!(price(Decimal::permille(1_234)), "1.234000");
        assert_eq!(datetime(Timestamp::from_seconds(0)), "1970-01-01 00:00");
        assert_eq!(
            datetime(Timestamp::from_seconds(1_571_797_419)),
            "2019-10-23 02:23"
        );
    }
}
