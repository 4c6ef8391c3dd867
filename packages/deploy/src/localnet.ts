// Deploys the protocol on the local network (scripts/localnet.sh) the way a chain would: the kit
// writes each proposal, it is submitted, the validator votes yes, it passes; then every contract is
// checked at its predicted address with governance as admin. Runs first in the end-to-end suite.
//
//   scripts/deploy.sh localnet [--out DIR] [--artifacts DIR] [--no-relayer] [--cedent-config FILE]
//
// Needs the network up (`scripts/localnet.sh up`; LOCALNET_SH names another copy of the script,
// LOCALNET_STATE its state directory as for the script). Writes <out>/deployment.json: every
// contract's address and code id on both chains, the bridges' channel, the proposals that passed.
import { execFile } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs, promisify } from "node:util";
import { LcdChain } from "./chain.js";
import { run, ROOT } from "./cli.js";
import { loadConfig } from "./config.js";
import { KitError } from "./errors.js";
import { verifyDeployment } from "./kit.js";
import { makePlan } from "./plan.js";

const exec = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CEDENT = "insurance-1";
const PARTNER = "partner-1";
const BRIDGE_VERSION = "insurance-reinsurance-1";

const { values } = parseArgs({
  options: { out: { type: "string" }, artifacts: { type: "string" }, "stake-funding": { type: "string" }, "no-relayer": { type: "boolean" }, "cedent-config": { type: "string" } },
});
const localnetSh = process.env.LOCALNET_SH ?? join(ROOT, "scripts", "localnet.sh");
const out = resolve(values.out ?? join(ROOT, "target", "proposals", "localnet"));
const artifacts = resolve(values.artifacts ?? join(ROOT, "artifacts"));
// --cedent-config: another parameter file for insurance-1 (e.g. short periods for a test suite; another salt).
const configs: Record<string, string> = { [CEDENT]: resolve(values["cedent-config"] ?? join(ROOT, "packages/deploy/config/insurance-1.json")), [PARTNER]: join(ROOT, "packages/deploy/config/partner-1.json") };

let lcd: Record<string, string> = {};
let rpc: Record<string, string> = {};
const log = (chain: string, line: string) => console.log(`[${chain}] ${line}`);

async function sh(args: string[]): Promise<string> {
  try {
    const { stdout } = await exec(localnetSh, args, { maxBuffer: 64 << 20 });
    return stdout;
  } catch (e: any) {
    throw new KitError(`${localnetSh} ${args.join(" ")} failed: ${String(e.stderr || e.message).trim().slice(-800)}`, "check the network: scripts/localnet.sh status / logs");
  }
}
/** The JSON a command printed: all of its output, or its last JSON line after log lines. */
const lastJson = (text: string): any => {
  try {
    return JSON.parse(text);
  } catch {
    const line = text.split("\n").filter((l) => l.startsWith("{") && l.trimEnd().endsWith("}")).pop();
    if (!line) throw new KitError(`no JSON in the output: ${text.slice(-300)}`, "check the network: scripts/localnet.sh logs");
    return JSON.parse(line);
  }
};
/** wasmd against one chain, with its node and chain id spelled out (not left to client.toml). */
const wasmd = async (chain: string, ...args: string[]) =>
  lastJson(await sh(["wasmd", chain, ...args, "--node", rpc[chain].replace(/^http/, "tcp"), ...(args[0] === "tx" ? ["--chain-id", chain, "--keyring-backend", "test"] : [])]));

/** Broadcasts, waits for the block, refuses a failed transaction; returns the included tx. */
async function tx(chain: string, from: string, args: string[]): Promise<any> {
  const res = await wasmd(chain, "tx", ...args, "--from", from, "--gas", "auto", "--gas-adjustment", "2", "--gas-prices", "0.025stake", "-y", "-o", "json");
  if (res.code !== 0) throw new KitError(`${chain}: tx ${args.slice(0, 2).join(" ")} refused: ${res.raw_log}`, "see the message above");
  for (let i = 0; i < 90; i++) {
    await sleep(700);
    let got: any;
    try {
      got = await wasmd(chain, "q", "tx", res.txhash, "-o", "json");
    } catch {
      continue;
    }
    if (got.code !== 0) throw new KitError(`${chain}: tx ${args.slice(0, 2).join(" ")} failed: ${got.raw_log}`, "see the message above");
    return got;
  }
  throw new KitError(`${chain}: tx ${res.txhash} not included after 60 s`, "check the chain is producing blocks");
}
const attr = (t: any, type: string, key: string): string | undefined =>
  t.events?.filter((e: any) => e.type === type).flatMap((e: any) => e.attributes).find((a: any) => a.key === key)?.value;

/** Submits a proposal file, votes yes with the validator and waits until it passed. */
async function pass(chain: string, file: string): Promise<number> {
  const submitted = await tx(chain, "alice", ["gov", "submit-proposal", file]);
  const id = Number(attr(submitted, "submit_proposal", "proposal_id"));
  log(chain, `proposal ${id} submitted (${file.split("/").pop()}, gas used ${submitted.gas_used})`);
  await tx(chain, "validator", ["gov", "vote", String(id), "yes"]);
  for (let i = 0; i < 120; i++) {
    const p = await wasmd(chain, "q", "gov", "proposal", String(id), "-o", "json");
    const status = p.proposal?.status ?? p.status;
    if (status === "PROPOSAL_STATUS_PASSED") {
      log(chain, `proposal ${id} passed`);
      return id;
    }
    if (status === "PROPOSAL_STATUS_REJECTED" || status === "PROPOSAL_STATUS_FAILED") {
      throw new KitError(`${chain}: proposal ${id} ${status}: ${p.proposal?.failed_reason ?? ""}`, `read ${file.replace(/\.json$/, ".md")} and the chain's log`);
    }
    await sleep(1000);
  }
  throw new KitError(`${chain}: proposal ${id} did not pass within 120 s`, "check the voting period and the validator's vote");
}

async function kit(chain: string, args: string[]): Promise<void> {
  await run([...args, "--config", configs[chain], "--artifacts", artifacts, "--out", join(out, chain), "--lcd", lcd[chain]], {
    log: (l) => log(chain, l),
    source: "local build",
  });
}

async function deploy(chain: string): Promise<number[]> {
  const ids: number[] = [];
  const plan = makePlan(loadConfig(configs[chain]), artifacts);
  const chainApi = new LcdChain(lcd[chain]);
  const verified = await verifyDeployment(plan, chainApi);
  if (verified.every((r) => r.ok)) {
    log(chain, "already deployed at the predicted addresses: nothing to store or instantiate");
    return ids;
  }
  await kit(chain, ["proposals", "store"]);
  const planFile = JSON.parse(readFileSync(join(out, chain, "plan.json"), "utf8"));
  for (const name of planFile.store_proposals) ids.push(await pass(chain, join(out, chain, `${name}.json`)));
  await kit(chain, ["proposals", "instantiate"]);
  ids.push(await pass(chain, join(out, chain, "instantiate.json")));
  await kit(chain, ["verify"]);
  return ids;
}

// ---------------------------------------------------------------- main
async function main(): Promise<void> {
  const stateDir = (await sh(["env"])).match(/^LOCALNET_STATE=(.*)$/m)?.[1];
  const networkFile = join(stateDir ?? "", "network.json");
  if (!stateDir || !existsSync(networkFile)) throw new KitError(`no ${networkFile}`, "start the network: scripts/localnet.sh up");
  const network = JSON.parse(readFileSync(networkFile, "utf8"));
  lcd = { [CEDENT]: network.chains[CEDENT].rest, [PARTNER]: network.chains[PARTNER].rest };
  rpc = { [CEDENT]: network.chains[CEDENT].rpc, [PARTNER]: network.chains[PARTNER].rpc };

  const started = Date.now();
  const proposals: Record<string, number[]> = {};
  [proposals[CEDENT], proposals[PARTNER]] = await Promise.all([deploy(CEDENT), deploy(PARTNER)]);

  const cedentPlan = makePlan(loadConfig(configs[CEDENT]), artifacts);
  const partnerPlan = makePlan(loadConfig(configs[PARTNER]), artifacts);

  // The community pool stakes: fund it with collateral first (a chain's pool would hold it already).
  const pool = cedentPlan.contracts.find((c) => c.name === "risk_pool")!.address;
  const gov = cedentPlan.governance;
  const staker: any = await new LcdChain(lcd[CEDENT]).smartQuery(pool, { staker: { address: gov } });
  if (staker && staker.shares && staker.shares !== "0") {
    log(CEDENT, `the community pool already stakes (${staker.shares} shares)`);
  } else {
    const amount = cedentPlan.config.stake!.amount!;
    await tx(CEDENT, "alice", ["protocolpool", "fund-community-pool", values["stake-funding"] ?? amount]);
    log(CEDENT, `alice funded the community pool with ${values["stake-funding"] ?? amount}`);
    await kit(CEDENT, ["proposals", "stake"]);
    proposals[CEDENT].push(await pass(CEDENT, join(out, CEDENT, "stake.json")));
    const after: any = await new LcdChain(lcd[CEDENT]).smartQuery(pool, { staker: { address: gov } });
    log(CEDENT, `the gov module holds ${after.shares} shares of the risk pool`);
  }

  // A parameter change through the template.
  const court = cedentPlan.contracts.find((c) => c.name === "claims_court")!.address;
  await kit(CEDENT, ["proposals", "params", "--contract", "claims_court", "--set", "quorum=0.35"]);
  proposals[CEDENT].push(await pass(CEDENT, join(out, CEDENT, "params-claims_court.json")));
  const courtConfig: any = await new LcdChain(lcd[CEDENT]).smartQuery(court, { config: {} });
  if (courtConfig.params?.quorum !== "0.35") throw new KitError(`the court's quorum is ${courtConfig.params?.quorum} after the parameter change`, "read the proposal's execution in the chain's log");
  log(CEDENT, "the court's quorum is 0.35 after the parameter change");

  // The bridges' channel, then the treaty on both sides (needs the relayer).
  let channelA: string | null = null;
  let channelB: string | null = null;
  if (values["no-relayer"]) {
    log(CEDENT, "--no-relayer: no bridge channel, no treaty");
  } else {
    const bridgeA = cedentPlan.contracts.find((c) => c.name === "reinsurance_bridge")!.address;
    const bridgeB = partnerPlan.contracts.find((c) => c.name === "reinsurance_bridge")!.address;
    const channels = await wasmd(CEDENT, "q", "ibc", "channel", "channels", "-o", "json");
    const channel = channels.channels?.find((c: any) => c.port_id === `wasm.${bridgeA}` && c.state === "STATE_OPEN" && c.counterparty?.port_id === `wasm.${bridgeB}`);
    if (channel) {
      [channelA, channelB] = [channel.channel_id, channel.counterparty.channel_id];
      log(CEDENT, `bridges' channel already open: ${channelA} <-> ${PARTNER} ${channelB}`);
    } else {
      const opened = lastJson(await sh(["channel", `wasm.${bridgeA}`, `wasm.${bridgeB}`, BRIDGE_VERSION, "unordered"]));
      [channelA, channelB] = [opened.a.channel, opened.b.channel];
      log(CEDENT, `bridges' channel opened: ${channelA} <-> ${PARTNER} ${channelB}`);
      // Hermes 1.13 relays only the channels it found when it started: restart it to take this one.
      await sh(["relayer", "stop"]);
      await sh(["relayer", "start"]);
      log(CEDENT, "hermes restarted to relay the bridges' channel");
    }
    const treaty = async (chain: string, bridgeChannel: string) => {
      const bridge = (chain === CEDENT ? cedentPlan : partnerPlan).contracts.find((c) => c.name === "reinsurance_bridge")!.address;
      const existing: any = await new LcdChain(lcd[chain]).smartQuery(bridge, { treaties: {} });
      if (existing.treaties?.some((t: any) => t.channel_id === bridgeChannel)) {
        log(chain, `treaty already registered on ${bridgeChannel}`);
        return;
      }
      await kit(chain, ["proposals", "sudo", "--group", "treaty", "--var", `bridge_channel=${bridgeChannel}`, "--var", `transfer_channel=${network.transfer[chain]}`]);
      proposals[chain].push(await pass(chain, join(out, chain, "sudo-treaty.json")));
    };
    await Promise.all([treaty(CEDENT, channelA!), treaty(PARTNER, channelB!)]);
  }

  // Final check on both chains, and what the end-to-end suite needs.
  for (const [chain, plan] of [[CEDENT, cedentPlan], [PARTNER, partnerPlan]] as const) {
    const results = await verifyDeployment(plan, new LcdChain(lcd[chain]));
    for (const r of results) log(chain, `${r.ok ? "ok  " : "FAIL"} ${r.name.padEnd(20)} ${r.address}  ${r.detail}`);
    if (!results.every((r) => r.ok)) throw new KitError(`${chain}: not deployed as planned`, "see the lines above");
  }
  const deployment = {
    governance: { [CEDENT]: cedentPlan.governance, [PARTNER]: partnerPlan.governance },
    contracts: {
      [CEDENT]: Object.fromEntries(cedentPlan.contracts.map((c) => [c.name, c.address])),
      [PARTNER]: Object.fromEntries(partnerPlan.contracts.map((c) => [c.name, c.address])),
    },
    bridge_channel: { [CEDENT]: channelA, [PARTNER]: channelB },
    transfer_channel: network.transfer,
    proposals,
  };
  writeFileSync(join(out, "deployment.json"), JSON.stringify(deployment, null, 2) + "\n");
  console.log(`deployed by governance on both chains in ${Math.round((Date.now() - started) / 1000)} s; ${join(out, "deployment.json")}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof KitError ? `deploy localnet: error: ${e.message}` : e);
  process.exit(1);
});
