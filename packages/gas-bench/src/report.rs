//! The benchmark's results: per action and size, VM gas and the SDK gas
//! estimate; the largest over the smallest across sizes. As an aligned
//! table and as JSON.

use serde::Serialize;

use crate::gas::{
    SdkGas, DELETE_COST, GAS_MULTIPLIER, INSTANCE_COST, INSTANCE_COST_DISCOUNT,
    ITER_NEXT_COST_FLAT, READ_COST_FLAT, READ_COST_PER_BYTE, WRITE_COST_FLAT, WRITE_COST_PER_BYTE,
};
use crate::scenarios::{Action, Measurement};

#[derive(Clone, Debug, Serialize)]
pub struct Cell {
    /// Items of prior state of each kind when the action ran.
    pub size: u64,
    pub vm_gas: u64,
    pub sdk_gas: SdkGas,
    /// Executes (the message, each submessage, IBC entry points), replies
    /// and queries.
    pub calls: u64,
    pub replies: u64,
    pub queries: u64,
    /// IBC messages emitted (packets sent, ICS-20 transfers): core IBC and
    /// the transfer module handle them, outside the estimate.
    pub ibc_messages: u64,
    /// Storage writes and deletes.
    pub writes: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Row {
    pub action: String,
    pub contracts: Vec<String>,
    pub cells: Vec<Cell>,
    /// Largest over smallest VM gas across sizes.
    pub vm_gas_ratio: f64,
    /// Largest over smallest SDK gas estimate across sizes.
    pub sdk_gas_ratio: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Constants {
    pub gas_multiplier: u64,
    pub instance_cost: u64,
    pub instance_cost_discount: u64,
    pub read_cost_flat: u64,
    pub read_cost_per_byte: u64,
    pub write_cost_flat: u64,
    pub write_cost_per_byte: u64,
    pub delete_cost: u64,
    pub iter_next_cost_flat: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub vm: String,
    pub sizes: Vec<u64>,
    pub constants: Constants,
    pub notes: Vec<String>,
    pub rows: Vec<Row>,
}

fn ratio(values: impl Iterator<Item = u64> + Clone) -> f64 {
    let max = values.clone().max().unwrap_or(0);
    let min = values.min().unwrap_or(0);
    if min == 0 {
        0.0
    } else {
        max as f64 / min as f64
    }
}

impl Report {
    /// `runs[i]` holds the measurements taken with `sizes[i]` prior items.
    pub fn new(sizes: &[u64], runs: &[Vec<Measurement>], notes: Vec<String>) -> Self {
        let mut rows: Vec<Row> = vec![];
        for (size, run) in sizes.iter().zip(runs) {
            for m in run {
                let cell = Cell {
                    size: *size,
                    vm_gas: m.vm_gas,
                    sdk_gas: m.sdk.clone(),
                    calls: m.calls,
                    replies: m.replies,
                    queries: m.queries,
                    ibc_messages: m.ibc_messages,
                    writes: m.writes,
                };
                match rows.iter_mut().find(|r| r.action == m.action) {
                    Some(row) => {
                        for c in &m.contracts {
                            if !row.contracts.contains(c) {
                                row.contracts.push(c.clone());
                            }
                        }
                        row.cells.push(cell);
                    }
                    None => rows.push(Row {
                        action: m.action.clone(),
                        contracts: m.contracts.clone(),
                        cells: vec![cell],
                        vm_gas_ratio: 0.0,
                        sdk_gas_ratio: 0.0,
                    }),
                }
            }
        }
        for row in &mut rows {
            row.vm_gas_ratio = ratio(row.cells.iter().map(|c| c.vm_gas));
            row.sdk_gas_ratio = ratio(row.cells.iter().map(|c| c.sdk_gas.total));
        }
        Report {
            vm: "cosmwasm-vm 2.3.5".to_string(),
            sizes: sizes.to_vec(),
            constants: Constants {
                gas_multiplier: GAS_MULTIPLIER,
                instance_cost: INSTANCE_COST,
                instance_cost_discount: INSTANCE_COST_DISCOUNT,
                read_cost_flat: READ_COST_FLAT,
                read_cost_per_byte: READ_COST_PER_BYTE,
                write_cost_flat: WRITE_COST_FLAT,
                write_cost_per_byte: WRITE_COST_PER_BYTE,
                delete_cost: DELETE_COST,
                iter_next_cost_flat: ITER_NEXT_COST_FLAT,
            },
            notes,
            rows,
        }
    }

    /// The row of `action`.
    pub fn row(&self, action: Action) -> Option<&Row> {
        self.rows.iter().find(|r| r.action == action.name())
    }

    /// The README's table: per action, at the largest size, the calls, the
    /// storage writes, SDK gas unpinned and pinned, and each as a ratio to
    /// the reference (cw20-base `transfer`; the NFT's own cw721 `mint` for
    /// buying cover, which mints one).
    pub fn markdown(&self) -> String {
        let size = self.sizes.iter().max().copied().unwrap_or_default();
        let at = |action: Action| {
            self.row(action)
                .and_then(|r| r.cells.iter().find(|c| c.size == size))
                .map(|c| c.sdk_gas.clone())
        };
        let (cw20, cw721) = (at(Action::Cw20Transfer), at(Action::Cw721Mint));
        let mut out = format!(
            "| action | calls | writes | SDK gas @{size} | ratio | pinned | pinned ratio | max/min over sizes |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n"
        );
        for action in Action::ALL {
            let Some(row) = self.row(action) else {
                continue;
            };
            let Some(c) = row.cells.iter().find(|c| c.size == size) else {
                continue;
            };
            let reference = if action == Action::BuyCover {
                &cw721
            } else {
                &cw20
            };
            let (ratio, pinned_ratio) = match reference {
                Some(r) if r.total > 0 && r.pinned_total > 0 => (
                    format!("{:.2}", c.sdk_gas.total as f64 / r.total as f64),
                    format!(
                        "{:.2}",
                        c.sdk_gas.pinned_total as f64 / r.pinned_total as f64
                    ),
                ),
                _ => ("-".to_string(), "-".to_string()),
            };
            out.push_str(&format!(
                "| {} | {}+{}r+{}q | {} | {} | {} | {} | {} | {:.3} |\n",
                row.action,
                c.calls,
                c.replies,
                c.queries,
                c.writes,
                c.sdk_gas.total,
                ratio,
                c.sdk_gas.pinned_total,
                pinned_ratio,
                row.sdk_gas_ratio
            ));
        }
        out
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the report serializes")
    }

    /// An aligned text table: one line per action, VM gas and SDK gas per
    /// size, and the max/min ratios.
    pub fn table(&self) -> String {
        let mut header = vec![
            "action".to_string(),
            "contracts touched".to_string(),
            "calls".to_string(),
            "writes".to_string(),
        ];
        for size in &self.sizes {
            header.push(format!("VM gas @{size}"));
            header.push(format!("SDK gas @{size}"));
            header.push(format!("pinned @{size}"));
        }
        header.push("VM max/min".to_string());
        header.push("SDK max/min".to_string());
        let mut lines = vec![header];
        for row in &self.rows {
            let calls = row
                .cells
                .last()
                .map(|c| format!("{}+{}r+{}q", c.calls, c.replies, c.queries))
                .unwrap_or_default();
            let writes = row
                .cells
                .last()
                .map(|c| c.writes.to_string())
                .unwrap_or_default();
            let mut line = vec![row.action.clone(), row.contracts.join(","), calls, writes];
            for size in &self.sizes {
                match row.cells.iter().find(|c| c.size == *size) {
                    Some(c) => {
                        line.push(c.vm_gas.to_string());
                        line.push(c.sdk_gas.total.to_string());
                        line.push(c.sdk_gas.pinned_total.to_string());
                    }
                    None => {
                        line.push("-".to_string());
                        line.push("-".to_string());
                        line.push("-".to_string());
                    }
                }
            }
            line.push(format!("{:.3}", row.vm_gas_ratio));
            line.push(format!("{:.3}", row.sdk_gas_ratio));
            lines.push(line);
        }
        let widths: Vec<usize> = (0..lines[0].len())
            .map(|i| lines.iter().map(|l| l[i].len()).max().unwrap_or(0))
            .collect();
        let mut out = String::new();
        for (n, line) in lines.iter().enumerate() {
            let cells: Vec<String> = line
                .iter()
                .enumerate()
                .map(|(i, cell)| {
                    if i < 4 {
                        format!("{cell:<w$}", w = widths[i])
                    } else {
                        format!("{cell:>w$}", w = widths[i])
                    }
                })
                .collect();
            out.push_str(cells.join("  ").trim_end());
            out.push('\n');
            if n == 0 {
                let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
                out.push_str(&rule.join("  "));
                out.push('\n');
            }
        }
        out
    }
}
