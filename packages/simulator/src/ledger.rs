//! The balance sheet: every account's bank balance per chain and denom at the
//! start and the end of a run, and a reconciliation per chain and denom that
//! proves no token was created or lost.

use crate::timeline::{amount, signed, Chain};

/// One row of the balance sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub chain: Chain,
    pub denom: String,
    /// What kind of actor: staker, buyer, assessor, treasury, pool, ...
    pub group: String,
    pub name: String,
    pub start: i128,
    pub end: i128,
}

impl Line {
    pub fn change(&self) -> i128 {
        self.end - self.start
    }
}

/// The check of one (chain, denom): the test funds minted at genesis are all
/// in the listed accounts at the start and at the end, and the changes sum to
/// zero.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reconciliation {
    pub chain: Chain,
    pub denom: String,
    /// Test funds minted on this chain in this denom (the opening balances).
    pub minted: i128,
    pub start_total: i128,
    pub end_total: i128,
    pub sum_of_changes: i128,
}

impl Reconciliation {
    pub fn ok(&self) -> bool {
        self.sum_of_changes == 0 && self.start_total == self.minted && self.end_total == self.minted
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BalanceSheet {
    pub lines: Vec<Line>,
    pub reconciliations: Vec<Reconciliation>,
}

impl BalanceSheet {
    /// `lines` in display order; `minted` the test funds per (chain, denom).
    /// Every (chain, denom) of a line or of a mint gets a reconciliation.
    pub fn new(lines: Vec<Line>, minted: &[(Chain, String, i128)]) -> Self {
        let mut keys: Vec<(Chain, String)> = vec![];
        for (chain, denom) in lines
            .iter()
            .map(|l| (l.chain, l.denom.clone()))
            .chain(minted.iter().map(|(c, d, _)| (*c, d.clone())))
        {
            if !keys.contains(&(chain, denom.clone())) {
                keys.push((chain, denom));
            }
        }
        let reconciliations = keys
            .into_iter()
            .map(|(chain, denom)| {
                let of = |l: &&Line| l.chain == chain && l.denom == denom;
                Reconciliation {
                    minted: minted
                        .iter()
                        .filter(|(c, d, _)| *c == chain && *d == denom)
                        .map(|(_, _, v)| v)
                        .sum(),
                    start_total: lines.iter().filter(of).map(|l| l.start).sum(),
                    end_total: lines.iter().filter(of).map(|l| l.end).sum(),
                    sum_of_changes: lines.iter().filter(of).map(Line::change).sum(),
                    chain,
                    denom,
                }
            })
            .collect();
        BalanceSheet {
            lines,
            reconciliations,
        }
    }

    pub fn reconciles(&self) -> bool {
        !self.reconciliations.is_empty() && self.reconciliations.iter().all(Reconciliation::ok)
    }

    /// The row of `name` on `chain` in `denom`.
    pub fn line(&self, chain: Chain, denom: &str, name: &str) -> Option<&Line> {
        self.lines
            .iter()
            .find(|l| l.chain == chain && l.denom == denom && l.name == name)
    }

    pub fn render(&self) -> String {
        let name_width = self
            .lines
            .iter()
            .map(|l| l.name.len())
            .max()
            .unwrap_or(0)
            .max(7);
        let group_width = self
            .lines
            .iter()
            .map(|l| l.group.len())
            .max()
            .unwrap_or(0)
            .max(5);
        let mut out = String::new();
        let mut chain = None;
        for r in &self.reconciliations {
            if chain != Some(r.chain) {
                chain = Some(r.chain);
                out.push_str(&format!("\n{}\n", r.chain.title()));
            }
            let note = if r.denom.starts_with("ibc/") {
                " (ICS-20 voucher of chain A's collateral)"
            } else {
                ""
            };
            out.push_str(&format!(
                "  {}{note}\n  {:<gw$}  {:<nw$}  {:>13}  {:>13}  {:>13}\n",
                r.denom,
                "actor",
                "account",
                "start",
                "end",
                "change",
                gw = group_width,
                nw = name_width
            ));
            let mut omitted = 0;
            for l in self
                .lines
                .iter()
                .filter(|l| l.chain == r.chain && l.denom == r.denom)
            {
                if l.start == 0 && l.end == 0 {
                    omitted += 1;
                    continue;
                }
                out.push_str(&format!(
                    "  {:<gw$}  {:<nw$}  {:>13}  {:>13}  {:>13}\n",
                    l.group,
                    l.name,
                    signed_plain(l.start),
                    signed_plain(l.end),
                    signed(l.change()),
                    gw = group_width,
                    nw = name_width
                ));
            }
            if omitted > 0 {
                out.push_str(&format!(
                    "  ({omitted} other accounts held none of it at either end)\n"
                ));
            }
            out.push_str(&format!(
                "  reconciliation [{} {}]: minted at genesis {}, start {}, end {}, sum of changes {} -> {}\n",
                r.chain.label(),
                r.denom,
                signed_plain(r.minted),
                signed_plain(r.start_total),
                signed_plain(r.end_total),
                signed(r.sum_of_changes),
                if r.ok() { "OK" } else { "MISMATCH" }
            ));
        }
        out
    }
}

/// A balance without a `+` sign (negative only for the ICS-20 backing row).
fn signed_plain(v: i128) -> String {
    if v < 0 {
        signed(v)
    } else {
        amount(v as u128)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(name: &str, start: i128, end: i128) -> Line {
        Line {
            chain: Chain::Cedent,
            denom: "uusdc".to_string(),
            group: "staker".to_string(),
            name: name.to_string(),
            start,
            end,
        }
    }

    #[test]
    fn reconciles_only_when_nothing_is_created_or_lost() {
        let minted = [(Chain::Cedent, "uusdc".to_string(), 100)];
        let ok = BalanceSheet::new(vec![line("a", 100, 40), line("b", 0, 60)], &minted);
        assert!(ok.reconciles());
        let created = BalanceSheet::new(vec![line("a", 100, 40), line("b", 0, 61)], &minted);
        assert!(!created.reconciles());
        assert_eq!(created.reconciliations[0].sum_of_changes, 1);
        let unlisted = BalanceSheet::new(vec![line("a", 90, 90)], &minted);
        assert!(!unlisted.reconciles());
    }
}
