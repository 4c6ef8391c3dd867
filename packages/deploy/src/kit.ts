// The proposals: store (split to fit), instantiate (pins, instantiate2, wiring), sudo groups
// (treaty, triggers, ...), the community pool's stake, and parameter changes.
import type { Chain, Coin } from "./chain.js";
import type { AccessConfig } from "./config.js";
import { KitError } from "./errors.js";
import {
  msgCommunityPoolSpend,
  msgExecute,
  msgInstantiate2,
  msgPinCodes,
  msgStoreCode,
  msgSudo,
  parseCoin,
  type ProtoMsg,
} from "./messages.js";
import { fill } from "./placeholders.js";
import { checkAddresses, contextOf, type Plan, saltText } from "./plan.js";
import { MAX_SUMMARY_CHARS, type Proposal, type ProposalFile } from "./proposal.js";
import type { Schemas } from "./schemas.js";
import { proposalTxBytes, splitToFit, txLimit } from "./size.js";
import type { Artifact } from "./artifacts.js";

/** One message and how the summary describes it. */
interface Line {
  msg: ProtoMsg;
  /** One line of plain text for the on-chain summary. */
  text: string;
  /** Markdown for the readable summary (may include a JSON block). */
  md: string;
}

const jsonBlock = (v: unknown) => "```json\n" + JSON.stringify(v, null, 2) + "\n```";
const variant = (msg: unknown) => (msg && typeof msg === "object" ? Object.keys(msg as object)[0] ?? "?" : "?");

function proposalOf(plan: Plan, name: string, title: string, intro: string[], lines: Line[], notes: string[] = []): Proposal {
  const c = plan.config;
  const header = [
    `chain ${c.chain_id}; every message runs as the governance module ${plan.governance}.`,
    ...(plan.source ? [`Artifacts built from ${plan.source}.`] : []),
  ];
  let summary = [...intro, ...header, "", ...lines.map((l, i) => `${i + 1}. ${l.text}`), ...(notes.length ? ["", ...notes] : [])].join("\n");
  if (summary.length > MAX_SUMMARY_CHARS) {
    summary = summary.slice(0, MAX_SUMMARY_CHARS - 80) + "\n... (cut: the full list is in the published summary file)";
  }
  const file: ProposalFile = {
    messages: lines.map((l) => l.msg),
    metadata: "",
    deposit: c.deposit,
    title,
    summary,
    expedited: c.expedited ?? false,
  };
  const txBytes = proposalTxBytes(file);
  const limit = txLimit(plan.limits);
  if (txBytes > limit) {
    throw new KitError(
      `the ${name} proposal makes a ${txBytes}-byte transaction, over the ${limit}-byte limit`,
      "move some sudo groups out of \"instantiate_sudo\" into their own proposals (proposals sudo --group NAME)",
    );
  }
  const readable = [
    `# ${title}`,
    "",
    ...intro,
    "",
    ...header.map((h) => `- ${h}`),
    `- deposit ${c.deposit}; transaction about ${txBytes} bytes (limit ${limit}).`,
    `- submit: \`wasmd tx gov submit-proposal ${name}.json --from <key> --chain-id ${c.chain_id} --gas auto --gas-adjustment 1.5\``,
    "",
    "## Messages",
    "",
    ...lines.flatMap((l, i) => [`${i + 1}. ${l.md}`, ""]),
    ...(notes.length ? ["## Notes", "", ...notes.map((n) => `- ${n}`), ""] : []),
  ].join("\n");
  return { name, file, readable, txBytes };
}

// ---------------------------------------------------------------- store

export interface StoreResult {
  proposals: Proposal[];
  /** Expected code id of each artifact file. */
  codeIds: Record<string, number>;
}

function permissionOf(plan: Plan, file: string): AccessConfig {
  const perms = plan.config.store.instantiate_permission;
  const raw = perms[file] ?? perms.default;
  if (!raw) {
    throw new KitError(
      `no instantiate permission for ${file}`,
      `set "store.instantiate_permission.default" (or ."${file}") in the parameter file, e.g. {"permission": "AnyOfAddresses", "addresses": ["\${governance}"]}`,
    );
  }
  const where = `store.instantiate_permission.${perms[file] ? file : "default"}`;
  const p = fill(raw, contextOf(plan, {}), where) as AccessConfig;
  const addresses = p.addresses ?? [];
  if (p.permission === "AnyOfAddresses") {
    if (addresses.length === 0) throw new KitError(`${where}: AnyOfAddresses with no address`, "list the addresses allowed to instantiate");
    checkAddresses(addresses, plan.config.bech32_prefix, `${where}.addresses`);
    if (new Set(addresses).size !== addresses.length) throw new KitError(`${where}: an address is listed twice`, "list each once (wasmd refuses duplicates)");
  } else if (addresses.length) {
    throw new KitError(`${where}: ${p.permission} takes no addresses`, "remove \"addresses\" or use AnyOfAddresses");
  }
  return { permission: p.permission, addresses };
}

/** The store proposals, split so that each transaction fits; code ids expected from `firstCodeId` on. */
export function storeProposals(plan: Plan, firstCodeId: number): StoreResult {
  if (!Number.isInteger(firstCodeId) || firstCodeId < 1) {
    throw new KitError(`the first code id must be a positive integer (got ${firstCodeId})`, "pass --first-code-id N (the chain's last code id + 1) or --lcd URL");
  }
  const c = plan.config;
  const perms = new Map(plan.artifacts.map((a) => [a.file, permissionOf(plan, a.file)]));
  const codeIds: Record<string, number> = {};
  plan.artifacts.forEach((a, i) => (codeIds[a.file] = firstCodeId + i));
  const memo = new Map<string, Line>();
  const storeLine = (a: Artifact): Line => {
    const hit = memo.get(a.file);
    if (hit) return hit;
    const p = perms.get(a.file)!;
    const who = p.permission === "AnyOfAddresses" ? `${p.addresses!.join(", ")}` : p.permission;
    const users = plan.contracts.filter((x) => x.artifact === a.file).map((x) => x.name);
    const line: Line = {
      msg: msgStoreCode(plan.governance, a.code, p),
      text: `store ${a.file} as code ${codeIds[a.file]}: sha256 ${a.checksum}, ${a.bytes} bytes (${a.gzipped ? `gzip ${a.code.length}` : "not compressed"}); instantiate: ${who}`,
      md:
        `**store** \`${a.file}\` → expected code id **${codeIds[a.file]}**  \n` +
        `sha256 \`${a.checksum}\`, ${a.bytes} bytes (${a.gzipped ? `${a.code.length} gzipped` : "uncompressed"} in the message)  \n` +
        `instantiate permission: ${p.permission}${p.permission === "AnyOfAddresses" ? ` [${p.addresses!.join(", ")}]` : ""}` +
        (users.length ? `  \ninstantiated as: ${users.join(", ")}` : ""),
    };
    memo.set(a.file, line);
    return line;
  };
  const title = (k: number, n: number) => `Store the insurance protocol's code${n > 1 ? ` (${k} of ${n})` : ""}`;
  const intro = (group: Artifact[], k: number, n: number) => [
    `Stores ${group.length} wasm code${group.length > 1 ? "s" : ""} of the insurance protocol; the checksums are those of artifacts/checksums.txt.`,
    `The code ids hold if no other code is stored first${n > 1 ? ` and proposals 1 to ${n} execute in order (this is ${k})` : ""}; the instantiate proposal checks them on chain and pins the codes.`,
  ];
  const build = (group: Artifact[], k = 1, n = 1) =>
    ({ messages: group.map((a) => storeLine(a).msg), metadata: "", deposit: c.deposit, title: title(k, n), summary: intro(group, k, n).join("\n") + "\n" + group.map((a) => storeLine(a).text).join("\n"), expedited: c.expedited ?? false }) as ProposalFile;
  const groups = splitToFit(plan.artifacts, (g) => build(g, 9, 9), txLimit(plan.limits), (a) => a.file);
  const proposals = groups.map((group, i) =>
    proposalOf(plan, `store-${i + 1}`, title(i + 1, groups.length), intro(group, i + 1, groups.length), group.map(storeLine)),
  );
  return { proposals, codeIds };
}

// ---------------------------------------------------------------- chain checks

/** Refuses unless each expected code id holds the expected checksum (all problems in one message). */
export async function checkCodes(plan: Plan, chain: Chain, codeIds: Record<string, number>): Promise<void> {
  const problems: string[] = [];
  const fixes = new Set<string>();
  const last = await chain.lastCodeId();
  for (const a of plan.artifacts) {
    const id = codeIds[a.file];
    if (id === undefined) {
      problems.push(`${a.file}: no expected code id`);
      fixes.add("write the store proposals first (their plan.json gives the ids) or pass --code-id FILE=N");
      continue;
    }
    const info = await chain.codeInfo(id);
    if (info === null) {
      problems.push(`code ${id} (${a.file}) is not on ${plan.config.chain_id} (last code id ${last})`);
      fixes.add("wait until the store proposals have passed and executed, then write this proposal again");
    } else if (info.checksum !== a.checksum) {
      problems.push(`code ${id} holds sha256 ${info.checksum}, not ${a.file} (${a.checksum})`);
      fixes.add("another code took the expected id: find the artifact's code id (wasmd q wasm list-code) and pass --code-id FILE=N");
    }
  }
  if (problems.length) {
    throw new KitError(`the chain's codes differ from what this proposal expects:\n    ${problems.join("\n    ")}`, [...fixes].join("; "));
  }
}

async function checkChainId(plan: Plan, chain: Chain): Promise<void> {
  const id = await chain.chainId();
  if (id !== plan.config.chain_id) {
    throw new KitError(`${chain.endpoint} serves chain ${id}, the parameter file is for ${plan.config.chain_id}`, "point --lcd at the right chain or use its parameter file");
  }
  const gov = await chain.moduleAddress("gov");
  if (gov !== plan.governance) {
    throw new KitError(`the chain's gov module is ${gov}, the kit expected ${plan.governance}`, "check \"bech32_prefix\" in the parameter file");
  }
}

// ---------------------------------------------------------------- instantiate

/** Pins the codes, instantiates every contract at its predicted address and sends the wiring groups. */
export async function instantiateProposal(
  plan: Plan,
  schemas: Schemas,
  chain: Chain,
  codeIds: Record<string, number>,
  vars: Record<string, string> = {},
): Promise<Proposal> {
  await checkChainId(plan, chain);
  await checkCodes(plan, chain, codeIds);
  const taken: string[] = [];
  for (const c of plan.contracts) {
    const info = await chain.contractInfo(c.address);
    if (info) taken.push(`${c.name}: ${c.address} already holds a contract (code ${info.codeId}, admin ${info.admin || "none"})`);
  }
  if (taken.length) {
    throw new KitError(`the predicted addresses are taken:\n    ${taken.join("\n    ")}`, "this deployment already ran; a second one needs another \"salt\" in the parameter file");
  }
  const ctx = contextOf(plan, vars, codeIds);
  const ids = plan.artifacts.map((a) => codeIds[a.file]);
  const lines: Line[] = [
    {
      msg: msgPinCodes(plan.governance, ids),
      text: `pin codes ${ids.join(", ")} (each call then costs 2,000 gas of instance cost instead of 60,000)`,
      md: `**pin** codes ${ids.map((id, i) => `${id} (\`${plan.artifacts[i].file}\`)`).join(", ")}: a pinned code's calls cost 2,000 gas of instance cost instead of 60,000`,
    },
  ];
  plan.contracts.forEach((c, i) => {
    const entry = plan.config.contracts[i];
    const msg = fill(entry.msg, ctx, `contracts[${i}] (${c.name}).msg`);
    schemas.check(c.schema, "instantiate", msg, `contracts[${i}] (${c.name})`);
    const codeId = codeIds[c.artifact];
    lines.push({
      msg: msgInstantiate2({ sender: plan.governance, admin: plan.governance, codeId, label: c.label, msg, salt: c.salt }),
      text: `instantiate ${c.name} from code ${codeId} (sha256 ${c.checksum}) at ${c.address}, admin governance, salt ${saltText(c.salt)}`,
      md:
        `**instantiate** \`${c.name}\` at **\`${c.address}\`**  \n` +
        `code ${codeId} (\`${c.artifact}\`, sha256 \`${c.checksum}\`), admin: governance, label "${c.label}", salt ${saltText(c.salt)}\n\n` +
        jsonBlock(msg),
    });
  });
  for (const group of plan.config.instantiate_sudo) lines.push(...sudoLines(plan, schemas, group, ctx));
  const notes = [
    "Addresses: instantiate2 (wasmd BuildContractAddressPredictable) from the code checksum, the governance module as creator and the salt; `wasmd q wasm build-address <checksum> <gov> <salt hex>` recomputes each.",
    ...Object.keys(plan.config.sudo)
      .filter((g) => !plan.config.instantiate_sudo.includes(g))
      .map((g) => `The group "${g}" goes in its own proposal (proposals sudo --group ${g}).`),
  ];
  return proposalOf(
    plan,
    "instantiate",
    "Instantiate the insurance protocol",
    [`Pins the protocol's codes, instantiates ${plan.contracts.length} contracts at addresses fixed before the vote, with governance as admin, and wires them.`],
    lines,
    notes,
  );
}

// ---------------------------------------------------------------- sudo groups

function describeSudo(msg: unknown): string {
  const v = variant(msg);
  const body = (msg as Record<string, any>)[v] ?? {};
  if (v === "add_product" && body.product) return `add_product ${body.product.id} "${body.product.name}" (${variant(body.product.claim_method) === "?" ? body.product.claim_method : variant(body.product.claim_method)})`;
  if (v === "set_terms") {
    const terms = body.terms;
    if (!terms) return `set_terms on product ${body.product_id} (removed)`;
    const trigger = terms.trigger ? `, oracle ${terms.trigger.oracle}` : ", report-only";
    return `set_terms on product ${body.product_id} (ratio ${terms.payout_ratio}, waiting ${terms.waiting_period} s${trigger})`;
  }
  if (v === "register_treaty") return `register_treaty ${body.terms?.id ?? "?"} as ${body.role} on ${body.channel_id} (ICS-20 ${body.transfer_channel})`;
  return v;
}

function sudoLines(plan: Plan, schemas: Schemas, group: string, ctx: ReturnType<typeof contextOf>): Line[] {
  const entries = plan.config.sudo[group];
  if (!entries) throw new KitError(`no sudo group "${group}" in the parameter file`, `use one of: ${Object.keys(plan.config.sudo).join(", ") || "(none)"}`);
  return entries.map((e, i) => {
    const c = plan.contracts.find((x) => x.name === e.contract)!;
    const msg = fill(e.msg, ctx, `sudo.${group}[${i}].msg`);
    schemas.check(c.schema, "sudo", msg, `sudo.${group}[${i}] (${c.name})`);
    const what = describeSudo(msg);
    return {
      msg: msgSudo(plan.governance, c.address, msg),
      text: `sudo ${c.name} (${c.address}): ${what}${e.note ? ` - ${e.note}` : ""}`,
      md: `**sudo** \`${c.name}\` (\`${c.address}\`): ${what}${e.note ? `: ${e.note}` : ""}\n\n${jsonBlock(msg)}`,
    };
  });
}

async function checkDeployed(plan: Plan, chain: Chain, names: string[]): Promise<Record<string, number>> {
  const missing: string[] = [];
  const ids: Record<string, number> = {};
  for (const name of new Set(names)) {
    const c = plan.contracts.find((x) => x.name === name)!;
    const info = await chain.contractInfo(c.address);
    if (!info) missing.push(`${name} is not at ${c.address}`);
    else {
      ids[c.artifact] = info.codeId;
      if (info.admin !== plan.governance) missing.push(`${name} at ${c.address} has admin ${info.admin || "none"}, not governance`);
    }
  }
  if (missing.length) {
    throw new KitError(`the contracts this proposal addresses are not deployed as planned:\n    ${missing.join("\n    ")}`, "pass the instantiate proposal first");
  }
  return ids;
}

/** A proposal of one sudo group of the parameter file (treaty registration, triggers, ...). */
export async function sudoGroupProposal(
  plan: Plan,
  schemas: Schemas,
  group: string,
  vars: Record<string, string>,
  chain?: Chain,
): Promise<Proposal> {
  const entries = plan.config.sudo[group];
  if (!entries) throw new KitError(`no sudo group "${group}" in the parameter file`, `use one of: ${Object.keys(plan.config.sudo).join(", ") || "(none)"}`);
  let codeIds: Record<string, number> | undefined;
  if (chain) {
    await checkChainId(plan, chain);
    codeIds = await checkDeployed(plan, chain, entries.map((e) => e.contract));
  }
  const lines = sudoLines(plan, schemas, group, contextOf(plan, vars, codeIds));
  return proposalOf(plan, `sudo-${group}`, `Insurance protocol: ${group}`, [`Sends the "${group}" governance messages to the protocol's contracts.`], lines);
}

// ---------------------------------------------------------------- community pool stake

/**
 * The community pool stakes in the risk pool: the pool's funds go to the governance module,
 * which deposits them in the same proposal (atomically). The shares belong to the governance
 * module, so only a later proposal can unbond, withdraw or claim their rewards.
 */
export async function stakeProposal(plan: Plan, schemas: Schemas, amountText?: string, chain?: Chain): Promise<Proposal> {
  const stake = plan.config.stake;
  if (!stake) throw new KitError("the parameter file has no \"stake\" section", 'add "stake": {"contract": "risk_pool", "amount": "...", "community_pool_module": "protocolpool"}');
  const text = amountText ?? stake.amount;
  if (!text) throw new KitError("no amount to stake", 'pass --amount <amount><denom> or set "stake.amount"');
  const amount = parseCoin(text);
  if (!amount || amount.amount === "0") throw new KitError(`"${text}" is not a positive amount`, "give it as <integer><denom>, e.g. 1000000000uusdc");
  const c = plan.contracts.find((x) => x.name === stake.contract)!;
  const entry = plan.config.contracts.find((x) => x.name === stake.contract)!;
  const denom = (entry.msg as Record<string, unknown>).collateral_denom;
  if (typeof denom === "string" && !denom.startsWith("${") && denom !== amount.denom) {
    throw new KitError(`the stake is in ${amount.denom}, the pool takes ${denom}`, `stake ${denom}`);
  }
  const module = stake.community_pool_module ?? "protocolpool";
  if (chain) {
    await checkChainId(plan, chain);
    await checkDeployed(plan, chain, [c.name]);
    const pool = await chain.communityPool(module);
    const held = BigInt(pool.find((x) => x.denom === amount.denom)?.amount ?? "0");
    if (held < BigInt(amount.amount)) {
      throw new KitError(`the community pool holds ${held}${amount.denom}, less than ${text}`, "stake less, or fund the community pool first");
    }
  }
  const deposit = { deposit: {} };
  schemas.check(c.schema, "execute", deposit, `stake (${c.name})`);
  const funds: Coin[] = [amount];
  const lines: Line[] = [
    {
      msg: msgCommunityPoolSpend(module, plan.governance, plan.governance, funds),
      text: `community pool (${module}) pays ${text} to the governance module`,
      md: `**community pool spend** (${module}): ${text} to the governance module \`${plan.governance}\``,
    },
    {
      msg: msgExecute(plan.governance, c.address, deposit, funds),
      text: `the governance module deposits ${text} in ${c.name} (${c.address})`,
      md: `**execute** \`${c.name}\` (\`${c.address}\`) as the governance module with ${text}\n\n${jsonBlock(deposit)}`,
    },
  ];
  return proposalOf(
    plan,
    "stake",
    `The community pool stakes ${text} in the insurance risk pool`,
    [
      `The chain underwrites its own ecosystem: ${text} of the community pool becomes risk-pool capital, earning premiums and bearing losses pro rata with every staker.`,
    ],
    lines,
    [
      "Both messages execute in one proposal: if the deposit fails, the spend is undone too.",
      "The shares belong to the governance module: rewards (claim_rewards), unbonding and withdrawal each take a proposal, which returns the funds with MsgFundCommunityPool from the governance module.",
    ],
  );
}

// ---------------------------------------------------------------- parameter change

function setPath(target: Record<string, unknown>, path: string, raw: string, where: string): [unknown, unknown] {
  const keys = path.split(".");
  let node: any = target;
  for (const k of keys.slice(0, -1)) {
    if (node === null || typeof node !== "object" || !(k in node)) throw new KitError(`${where}: no field "${path}"`, `fields: ${Object.keys(node ?? {}).join(", ")}`);
    node = node[k];
  }
  const last = keys[keys.length - 1];
  if (node === null || typeof node !== "object" || !(last in node)) {
    throw new KitError(`${where}: no field "${path}"`, `fields: ${Object.keys(node ?? {}).join(", ")}`);
  }
  const old = node[last];
  let value: unknown = raw;
  // Decimals and Uint128 are strings in the contracts' JSON: keep strings strings.
  if (typeof old !== "string") {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new KitError(`${where}: "${raw}" for ${path} is not JSON`, `give a ${typeof old} value`);
    }
  }
  node[last] = value;
  return [old, value];
}

/**
 * A parameter change: `update_params` through sudo, starting from the parameters in the file
 * (what was deployed) with `sets` (`path=value`) applied; with no set it is the template to edit.
 */
export async function paramsProposal(plan: Plan, schemas: Schemas, contract: string, sets: string[], chain?: Chain): Promise<Proposal> {
  const c = plan.contracts.find((x) => x.name === contract);
  if (!c) throw new KitError(`no contract named "${contract}"`, `use one of: ${plan.contracts.map((x) => x.name).join(", ")}`);
  const entry = plan.config.contracts.find((x) => x.name === contract)!;
  const ctx = contextOf(plan, {}, undefined);
  const base = fill(entry.msg, { ...ctx, codeIds: {} }, `contracts (${contract}).msg`) as Record<string, unknown>;
  if (!base.params || typeof base.params !== "object") {
    throw new KitError(`${contract}'s instantiate message has no "params"`, "change its settings with a sudo group instead");
  }
  const params = structuredClone(base.params) as Record<string, unknown>;
  const changes: string[] = [];
  for (const s of sets) {
    const eq = s.indexOf("=");
    if (eq < 1) throw new KitError(`--set "${s}" is not path=value`, "e.g. --set pricing.min_annual_rate=0.01");
    const path = s.slice(0, eq);
    const [old, value] = setPath(params, path, s.slice(eq + 1), `--set ${path}`);
    changes.push(`${path}: ${JSON.stringify(old)} → ${JSON.stringify(value)}`);
  }
  if (chain) {
    await checkChainId(plan, chain);
    await checkDeployed(plan, chain, [contract]);
  }
  const msg = { update_params: { params } };
  schemas.check(c.schema, "sudo", msg, `params (${contract})`);
  const lines: Line[] = [
    {
      msg: msgSudo(plan.governance, c.address, msg),
      text: `sudo ${contract} (${c.address}): update_params; ${changes.length ? changes.join("; ") : "no change (template)"}`,
      md: `**sudo** \`${contract}\` (\`${c.address}\`): update_params\n\n${jsonBlock(msg)}`,
    },
  ];
  return proposalOf(
    plan,
    `params-${contract}`,
    `Insurance protocol: ${contract} parameters`,
    [changes.length ? `Changes ${contract}'s parameters: ${changes.join("; ")}.` : `Template: ${contract}'s parameters as deployed; change them with --set path=value.`],
    lines,
    ["update_params replaces every parameter: the others keep the values of the parameter file. If an earlier proposal changed them, start from the chain's values instead (query the contract's config)."],
  );
}

// ---------------------------------------------------------------- verification after the votes

export interface Deployed {
  name: string;
  address: string;
  ok: boolean;
  detail: string;
}

/** Every contract at its predicted address, from the expected code, with governance as admin and creator; the codes pinned. */
export async function verifyDeployment(plan: Plan, chain: Chain): Promise<Deployed[]> {
  await checkChainId(plan, chain);
  const pinned = new Set(await chain.pinnedCodes());
  const out: Deployed[] = [];
  for (const c of plan.contracts) {
    const info = await chain.contractInfo(c.address);
    if (!info) {
      out.push({ name: c.name, address: c.address, ok: false, detail: "no contract at the predicted address" });
      continue;
    }
    const code = await chain.codeInfo(info.codeId);
    const problems: string[] = [];
    if (!code || code.checksum !== c.checksum) problems.push(`code ${info.codeId} is not ${c.artifact}`);
    if (info.admin !== plan.governance) problems.push(`admin ${info.admin || "none"}`);
    if (info.creator !== plan.governance) problems.push(`creator ${info.creator}`);
    if (!pinned.has(info.codeId)) problems.push(`code ${info.codeId} not pinned`);
    out.push({
      name: c.name,
      address: c.address,
      ok: problems.length === 0,
      detail: problems.length ? problems.join(", ") : `code ${info.codeId} (${c.artifact}, pinned), admin governance, label "${info.label}"`,
    });
  }
  return out;
}
