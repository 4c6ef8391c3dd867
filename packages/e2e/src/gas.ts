// Real gas: every transaction the suite sends (and the relayer's transactions it finds) with its
// `gas_used`, beside gas-bench's estimate for the same action (target/gas-bench.json from
// `cargo run --release -p gas-bench`), unpinned as gas-bench reports it and pinned as the kit
// deploys (each contract call's instance cost 2,000 instead of 60,000, replies unchanged).
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export interface GasRow {
  action: string;
  chain: string;
  gasUsed: number;
  /** gas-bench row with the same action, if any. */
  bench?: string;
  /** What the chain transaction carries beyond the contract calls. */
  note: string;
  /** Whether the contracts' codes were pinned (the kit pins them; one step measures unpinned). */
  pinned?: boolean;
}

export interface BenchFigures {
  unpinned: number;
  pinned: number;
  calls: number;
  replies: number;
}

const INSTANCE = 60_000;
const PINNED_INSTANCE = 2_000;
const REPLY = 2_000;

/** gas-bench's smallest-size cell of each row: SDK gas unpinned, and pinned (instances at 2,000). */
export function loadBench(path: string): Map<string, BenchFigures> | undefined {
  if (!existsSync(path)) return undefined;
  const json = JSON.parse(readFileSync(path, "utf8"));
  const out = new Map<string, BenchFigures>();
  for (const row of json.rows ?? []) {
    const cell = [...(row.cells ?? [])].sort((a: any, b: any) => a.size - b.size)[0];
    if (!cell?.sdk_gas) continue;
    const instances: number = cell.sdk_gas.instances;
    // instances = calls × 60,000 + replies × 2,000 (replies are discounted whether pinned or not)
    const calls = Math.floor(instances / INSTANCE);
    const replies = Math.round((instances - calls * INSTANCE) / REPLY);
    const unpinned: number = cell.sdk_gas.total;
    out.set(row.action, { unpinned, pinned: unpinned - calls * (INSTANCE - PINNED_INSTANCE), calls, replies });
  }
  return out;
}

export class GasLog {
  readonly rows: GasRow[] = [];

  add(row: GasRow): void {
    this.rows.push(row);
  }

  table(bench: Map<string, BenchFigures> | undefined): string {
    const head = ["action", "chain", "codes", "gas used", "gas-bench unpinned", "gas-bench pinned", "chain - gas-bench", "what the chain adds"];
    const lines: string[][] = [];
    for (const r of this.rows) {
      const b = r.bench ? bench?.get(r.bench) : undefined;
      const pinned = r.pinned ?? true;
      lines.push([
        r.action,
        r.chain,
        pinned ? "pinned" : "unpinned",
        r.gasUsed.toLocaleString("en-US"),
        b ? b.unpinned.toLocaleString("en-US") : "-",
        b ? b.pinned.toLocaleString("en-US") : "-",
        b ? (r.gasUsed - (pinned ? b.pinned : b.unpinned)).toLocaleString("en-US") : "-",
        r.note,
      ]);
    }
    const md = [`| ${head.join(" | ")} |`, `|${head.map((_, i) => (i >= 3 && i <= 6 ? " ---: " : " --- ")).join("|")}|`];
    for (const l of lines) md.push(`| ${l.join(" | ")} |`);
    return md.join("\n");
  }

  write(path: string, bench: Map<string, BenchFigures> | undefined): void {
    writeFileSync(
      path,
      JSON.stringify(
        {
          rows: this.rows.map((r) => ({ ...r, bench_figures: r.bench ? bench?.get(r.bench) ?? null : null })),
        },
        null,
        2,
      ) + "\n",
    );
  }
}
