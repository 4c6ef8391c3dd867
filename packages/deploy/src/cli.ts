#!/usr/bin/env -S npx tsx
// insurance-deploy: writes the governance proposals that deploy the insurance protocol on a chain.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { toHex } from "@cosmjs/encoding";
import { type Chain, LcdChain } from "./chain.js";
import { loadConfig } from "./config.js";
import { KitError } from "./errors.js";
import {
  instantiateProposal,
  paramsProposal,
  stakeProposal,
  storeProposals,
  sudoGroupProposal,
  verifyDeployment,
} from "./kit.js";
import { makePlan, type Plan } from "./plan.js";
import { type Proposal, writeProposal } from "./proposal.js";
import { Schemas } from "./schemas.js";
import { txLimit } from "./size.js";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

export const USAGE = `usage: scripts/deploy.sh <command> --config <chain parameter file> [options]

commands:
  addresses                  the artifacts' checksums and every contract's predicted address
  proposals store            the store proposals (split to fit a transaction) and plan.json
  proposals instantiate      pin, instantiate2 every contract, wire it (checks the code ids on chain first)
  proposals sudo --group G   one sudo group of the parameter file (e.g. treaty, triggers)
  proposals stake            the community pool stakes in the risk pool
  proposals params --contract NAME [--set path=value ...]
                             a parameter change (update_params through sudo); no --set: the template
  verify                     every contract at its predicted address, governance admin, codes pinned

options:
  --config FILE              the chain's parameter file (examples: packages/deploy/config/)
  --artifacts DIR            default: artifacts/
  --schema DIR               default: schema/
  --out DIR                  default: target/proposals/<chain id>
  --lcd URL                  the chain's REST endpoint (default: "lcd" of the parameter file)
  --offline                  no chain queries (store needs --first-code-id; instantiate always checks the chain)
  --first-code-id N          store: the chain's next code id (default: read from the chain)
  --code-id FILE=N           instantiate: the code id of an artifact (default: plan.json of the store step)
  --var NAME=VALUE           a value for \${var:NAME} in the parameter file (repeatable)
  --amount COIN              stake: the amount (default: stake.amount)
  --contract NAME, --set PATH=VALUE   params
`;

export interface CliOptions {
  config: string;
  artifacts: string;
  schema: string;
  out?: string;
  lcd?: string;
  offline: boolean;
  firstCodeId?: number;
  codeIds: Record<string, number>;
  vars: Record<string, string>;
  group?: string;
  amount?: string;
  contract?: string;
  sets: string[];
}

function pairs(values: string[] | undefined, flag: string): [string, string][] {
  return (values ?? []).map((v) => {
    const eq = v.indexOf("=");
    if (eq < 1) throw new KitError(`${flag} "${v}" is not NAME=VALUE`, `write ${flag} name=value`);
    return [v.slice(0, eq), v.slice(eq + 1)];
  });
}

export function parseCli(argv: string[]): { command: string[]; options: CliOptions } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: "string" },
      artifacts: { type: "string" },
      schema: { type: "string" },
      out: { type: "string" },
      lcd: { type: "string" },
      offline: { type: "boolean" },
      "first-code-id": { type: "string" },
      "code-id": { type: "string", multiple: true },
      var: { type: "string", multiple: true },
      group: { type: "string" },
      amount: { type: "string" },
      contract: { type: "string" },
      set: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals.length === 0) throw new UsageError();
  if (!values.config) throw new KitError("missing --config", "pass the chain's parameter file, e.g. --config packages/deploy/config/insurance-1.json");
  const codeIds: Record<string, number> = {};
  for (const [k, v] of pairs(values["code-id"], "--code-id")) {
    if (!/^[1-9][0-9]*$/.test(v)) throw new KitError(`--code-id ${k}=${v}: not a code id`, "give a positive integer");
    codeIds[k] = Number(v);
  }
  let firstCodeId: number | undefined;
  if (values["first-code-id"] !== undefined) {
    if (!/^[1-9][0-9]*$/.test(values["first-code-id"])) throw new KitError(`--first-code-id ${values["first-code-id"]}: not a code id`, "give a positive integer");
    firstCodeId = Number(values["first-code-id"]);
  }
  return {
    command: positionals,
    options: {
      config: resolve(values.config),
      artifacts: resolve(values.artifacts ?? join(ROOT, "artifacts")),
      schema: resolve(values.schema ?? join(ROOT, "schema")),
      out: values.out ? resolve(values.out) : undefined,
      lcd: values.lcd,
      offline: values.offline ?? false,
      firstCodeId,
      codeIds,
      vars: Object.fromEntries(pairs(values.var, "--var")),
      group: values.group,
      amount: values.amount,
      contract: values.contract,
      sets: values.set ?? [],
    },
  };
}

export class UsageError extends Error {}

function gitSource(): string | undefined {
  try {
    const commit = execFileSync("git", ["-C", ROOT, "rev-parse", "--short=12", "HEAD"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim();
    return commit ? `commit ${commit}` : undefined;
  } catch {
    return undefined;
  }
}

/** What the commands print and write; `log` is stdout. */
export interface Io {
  log: (line: string) => void;
  chain?: (endpoint: string) => Chain;
  source?: string;
}

interface PlanFile {
  chain_id: string;
  governance: string;
  source?: string;
  code_ids: Record<string, number>;
  checksums: Record<string, string>;
  contracts: { name: string; artifact: string; checksum: string; address: string; salt_hex: string }[];
  store_proposals: string[];
}

export async function run(argv: string[], io: Io): Promise<void> {
  const { command, options: o } = parseCli(argv);
  const config = loadConfig(o.config);
  const plan = makePlan(config, o.artifacts, io.source);
  const schemas = new Schemas(o.schema);
  const out = o.out ?? join(ROOT, "target", "proposals", config.chain_id);
  const chainFor = (required: boolean): Chain | undefined => {
    if (o.offline) {
      if (required) throw new KitError("this proposal checks the chain first: --offline is not allowed", "give the chain's REST endpoint (--lcd URL)");
      return undefined;
    }
    const lcd = o.lcd ?? config.lcd;
    if (!lcd) throw new KitError(`no REST endpoint for ${config.chain_id}`, 'pass --lcd URL or set "lcd" in the parameter file (or --offline where allowed)');
    return (io.chain ?? ((e: string) => new LcdChain(e)))(lcd);
  };
  const emit = (p: Proposal) => {
    const [json, md] = writeProposal(out, p);
    io.log(`wrote ${rel(json)} (${p.file.messages.length} messages, ~${p.txBytes} bytes of transaction) and ${rel(md)}`);
  };
  const addresses = () => {
    for (const c of plan.contracts) io.log(`  ${c.name.padEnd(22)} ${c.address}  (${c.artifact} ${c.checksum.slice(0, 16)}...)`);
  };
  const key = command.join(" ");
  switch (key) {
    case "addresses": {
      io.log(`${config.chain_id}: governance ${plan.governance}`);
      for (const a of plan.artifacts) io.log(`  ${a.file.padEnd(26)} sha256 ${a.checksum}  ${a.bytes} bytes (${a.gzipped ? `gzip ${a.code.length}` : "not compressible"})`);
      io.log("predicted addresses (instantiate2: checksum, governance as creator, salt):");
      addresses();
      return;
    }
    case "proposals store": {
      let first = o.firstCodeId;
      if (first === undefined) {
        const chain = chainFor(false);
        if (!chain) throw new KitError("the first code id is unknown offline", "pass --first-code-id N (the chain's last code id + 1)");
        first = (await chain.lastCodeId()) + 1;
      }
      const { proposals, codeIds } = storeProposals(plan, first);
      proposals.forEach(emit);
      const planFile: PlanFile = {
        chain_id: config.chain_id,
        governance: plan.governance,
        source: plan.source,
        code_ids: codeIds,
        checksums: Object.fromEntries(plan.artifacts.map((a) => [a.file, a.checksum])),
        contracts: plan.contracts.map((c) => ({ name: c.name, artifact: c.artifact, checksum: c.checksum, address: c.address, salt_hex: toHex(c.salt) })),
        store_proposals: proposals.map((p) => p.name),
      };
      mkdirSync(out, { recursive: true });
      writeFileSync(join(out, "plan.json"), JSON.stringify(planFile, null, 2) + "\n");
      io.log(`wrote ${rel(join(out, "plan.json"))}: expected code ids ${Object.entries(codeIds).map(([f, id]) => `${f}=${id}`).join(", ")}`);
      io.log(`transaction limit ${txLimit(plan.limits)} bytes; submit the store proposals in order, before any other code is stored`);
      io.log("predicted addresses:");
      addresses();
      return;
    }
    case "proposals instantiate": {
      const codeIds = { ...readPlanCodeIds(out, plan), ...o.codeIds };
      const p = await instantiateProposal(plan, schemas, chainFor(true)!, codeIds, o.vars);
      emit(p);
      addresses();
      return;
    }
    case "proposals sudo": {
      if (!o.group) throw new KitError("missing --group", `name a group of "sudo": ${Object.keys(config.sudo).join(", ")}`);
      emit(await sudoGroupProposal(plan, schemas, o.group, o.vars, chainFor(false)));
      return;
    }
    case "proposals stake":
      emit(await stakeProposal(plan, schemas, o.amount, chainFor(false)));
      return;
    case "proposals params": {
      if (!o.contract) throw new KitError("missing --contract", `name one of: ${plan.contracts.map((c) => c.name).join(", ")}`);
      emit(await paramsProposal(plan, schemas, o.contract, o.sets, chainFor(false)));
      return;
    }
    case "verify": {
      const results = await verifyDeployment(plan, chainFor(true)!);
      for (const r of results) io.log(`  ${r.ok ? "ok  " : "FAIL"} ${r.name.padEnd(22)} ${r.address}  ${r.detail}`);
      const bad = results.filter((r) => !r.ok);
      if (bad.length) throw new KitError(`${bad.length} of ${results.length} contracts are not deployed as planned on ${config.chain_id}`, "pass the instantiate proposal (or find what changed it)");
      io.log(`${config.chain_id}: all ${results.length} contracts at their predicted addresses, governance admin, codes pinned`);
      return;
    }
    default:
      throw new UsageError(`unknown command "${key}"`);
  }
}

const rel = (p: string) => relative(process.cwd(), p) || p;

/** The code ids the store step expected, if plan.json is there and matches these artifacts. */
function readPlanCodeIds(out: string, plan: Plan): Record<string, number> {
  const path = join(out, "plan.json");
  if (!existsSync(path)) return {};
  const saved = JSON.parse(readFileSync(path, "utf8")) as PlanFile;
  for (const a of plan.artifacts) {
    const was = saved.checksums?.[a.file];
    if (was && was !== a.checksum) {
      throw new KitError(
        `${a.file} changed since the store proposals were written (${path}: ${was}, now ${a.checksum})`,
        "deploy the artifacts that were stored (rebuild them from the same commit), or write and pass new store proposals",
      );
    }
  }
  return saved.code_ids ?? {};
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  run(process.argv.slice(2), { log: (l) => console.log(l), source: gitSource() }).catch((e: unknown) => {
    if (e instanceof UsageError) {
      if (e.message) console.error(`deploy: ${e.message}`);
      console.error(USAGE);
      process.exit(2);
    }
    if (e instanceof KitError) {
      console.error(`deploy: error: ${e.message}`);
      process.exit(1);
    }
    console.error(e);
    process.exit(1);
  });
}
