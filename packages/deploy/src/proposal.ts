// A proposal as written to disk: the JSON `wasmd tx gov submit-proposal` takes, and a readable
// summary a validator checks before voting.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ProtoMsg } from "./messages.js";

export interface ProposalFile {
  messages: ProtoMsg[];
  metadata: string;
  deposit: string;
  title: string;
  summary: string;
  expedited: boolean;
}

export interface Proposal {
  /** File stem: `store-1`, `instantiate`, `sudo-treaty`, `stake`, `params-risk_pool`. */
  name: string;
  file: ProposalFile;
  /** Markdown: every message, checksums, predicted addresses, expected code ids. */
  readable: string;
  txBytes: number;
}

/** The gov module's default `MaxSummaryLen` (x/gov/types/config.go). */
export const MAX_SUMMARY_CHARS = 10_200;

/** Writes `<name>.json` and `<name>.md`; returns their paths. */
export function writeProposal(dir: string, p: Proposal): [string, string] {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${p.name}.json`);
  const md = join(dir, `${p.name}.md`);
  writeFileSync(json, JSON.stringify(p.file, null, 2) + "\n");
  writeFileSync(md, p.readable);
  return [json, md];
}
