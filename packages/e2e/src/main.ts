// The end-to-end suite: the protocol deployed by governance on two local wasmd chains, then its
// users', keepers' and the relayer's flows across both chains, with real gas.
//
//   scripts/e2e.sh [--no-relayer] [--skip-deploy]
//
// Needs `scripts/localnet.sh up` (and Hermes for the IBC steps; --no-relayer skips them). Each step
// prints `ok` or `FAIL` with its time; the last line is `e2e: N passed, N failed, N skipped`.
// Writes target/e2e/gas.md and gas.json (the real gas table) and target/e2e/report.json.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { instantiate2Address, type ExecuteResult } from "@cosmjs/cosmwasm-stargate";
import { fromHex, toBase64, toUtf8 } from "@cosmjs/encoding";
import { contracts } from "../../client/src/index.ts";
import { GasLog, loadBench } from "./gas.ts";
import {
  attr,
  CEDENT,
  Chain,
  check,
  equal,
  hasAttr,
  loadNetwork,
  localnetSh,
  mnemonics,
  PARTNER,
  ROOT,
  sh,
  sleep,
  SuiteError,
  until,
  voucher,
  type Deployment,
  type Network,
} from "./net.ts";

const { values: opts } = parseArgs({
  options: { "no-relayer": { type: "boolean" }, "skip-deploy": { type: "boolean" }, out: { type: "string" }, only: { type: "string" } },
});
const RELAYER = !opts["no-relayer"];
const OUT = opts.out ?? join(ROOT, "target", "e2e");
const PROPOSALS = join(ROOT, "target", "proposals");
const CONFIG = { [CEDENT]: join(ROOT, "packages/deploy/config/insurance-1.json"), [PARTNER]: join(ROOT, "packages/deploy/config/partner-1.json") };

const USDC = "uusdc";
const INSR = "uinsr";
const M = 1_000_000n; // one token of 6 decimals
const DAY = 86_400;
const EXPLOIT = 1; // discretionary product, ceded 30 % to the partner chain
const DEPEG = 2; // parametric product, the price oracle's trigger

// ---------------------------------------------------------------- state shared by the steps
let network: Network;
let deployment: Deployment;
let cedent: Chain;
let partner: Chain;
const gas = new GasLog();
/** What each cedent actor's uusdc balance must have moved by, from the flows the suite ran. */
const expected = new Map<string, bigint>();
const initial = new Map<string, bigint>();
const report: Record<string, unknown> = {};
/** The treaty books and the reinsurer's vouchers before the flows (the suite may run again on a network). */
let start: { cedentLedger?: any; partnerLedger?: any; partnerVouchers: bigint } = { partnerVouchers: 0n };
const move = (who: string, amount: bigint) => expected.set(who, (expected.get(who) ?? 0n) + amount);

const c = (name: string) => deployment.contracts[CEDENT][name];
const p = (name: string) => deployment.contracts[PARTNER][name];

type Clients = ReturnType<typeof clientsOf>;
function clientsOf(actor: string) {
  const a = cedent.actor(actor);
  return {
    pool: new contracts.RiskPool.RiskPoolClient(a.client, a.address, c("risk_pool")),
    court: new contracts.ClaimsCourt.ClaimsCourtClient(a.client, a.address, c("claims_court")),
    nft: new contracts.CoverNft.CoverNftClient(a.client, a.address, c("cover_nft")),
    vault: new contracts.TrancheVault.TrancheVaultClient(a.client, a.address, c("tranche_vault")),
    bridge: new contracts.ReinsuranceBridge.ReinsuranceBridgeClient(a.client, a.address, c("reinsurance_bridge")),
    oracle: new contracts.PriceOracle.PriceOracleClient(a.client, a.address, c("price_oracle")),
  };
}
let q: Clients; // queries (keeper's clients)
let partnerBridge: InstanceType<typeof contracts.ReinsuranceBridge.ReinsuranceBridgeQueryClient>;

const coins = (amount: bigint, denom = USDC) => [{ denom, amount: amount.toString() }];
const wasm = (res: ExecuteResult, key: string, action?: string) =>
  attr(res.events, "wasm", key, action ? (e) => hasAttr(e, "action", action) : undefined);

/** Records a transaction's gas. */
function gasOf(res: { gasUsed: bigint | number }, action: string, chain: string, bench: string | undefined, note: string, pinned = true): void {
  gas.add({ action, chain, gasUsed: Number(res.gasUsed), bench, note, pinned });
}

/** The relayer's transaction that carried a packet event (recv_packet, acknowledge_packet, timeout_packet). */
async function relayerTx(chain: Chain, event: string, channelKey: string, channel: string, sequence: string) {
  return until(`${chain.id}: ${event} of ${channel} #${sequence}`, async () => {
    const txs = await chain.query.searchTx(`${event}.${channelKey}='${channel}' AND ${event}.packet_sequence='${sequence}'`);
    return txs.find((t) => t.code === 0);
  });
}

/** Hermes 1.13 stops a packet worker idle for 100 blocks and does not always start it again for a
 * contract's port: while waiting for a relay, ask it to clear the bridges' and the ICS-20 channels
 * every 30 s, as an operator would (`hermes clear packets`). */
async function relayed<T>(what: string, probe: () => Promise<T | undefined>, limitMs = 240_000): Promise<T> {
  let last = Date.now();
  return until(what, async () => {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() - last > 30_000) {
      last = Date.now();
      for (const [port, channel] of [[`wasm.${c("reinsurance_bridge")}`, deployment.bridge_channel[CEDENT]!], ["transfer", network.transfer[CEDENT]]]) {
        await sh(localnetSh, ["hermes", "clear", "packets", "--chain", CEDENT, "--port", port, "--channel", channel]).catch(() => undefined);
      }
    }
    return undefined;
  }, limitMs);
}

// ---------------------------------------------------------------- governance through the kit
/** Submits a proposal file the kit wrote, the validator votes yes, waits until it passed. */
async function pass(chain: Chain, file: string): Promise<number> {
  const wasmd = async (...args: string[]) => {
    const out = await sh(localnetSh, ["wasmd", chain.id, ...args]);
    const line = out.split("\n").filter((l) => l.startsWith("{")).pop();
    check(line, `wasmd ${args.slice(0, 3).join(" ")}: no JSON in ${out.slice(-200)}`);
    return JSON.parse(line);
  };
  const tx = async (from: string, args: string[]) => {
    const res = await wasmd("tx", ...args, "--from", from, "--gas", "auto", "--gas-adjustment", "2", "--gas-prices", chain.info.gas_price, "-y", "-o", "json");
    check(res.code === 0, `${chain.id}: ${args.slice(0, 2).join(" ")} refused: ${res.raw_log}`);
    return until(`${chain.id}: tx ${res.txhash}`, async () => {
      const t = await chain.query.getTx(res.txhash);
      if (!t) return undefined;
      check(t.code === 0, `${chain.id}: ${args.slice(0, 2).join(" ")} failed: ${t.rawLog}`);
      return t;
    });
  };
  const submitted = await tx("alice", ["gov", "submit-proposal", file]);
  const id = Number(attr(submitted.events, "submit_proposal", "proposal_id"));
  await tx("validator", ["gov", "vote", String(id), "yes"]);
  await until(`${chain.id}: proposal ${id} passed`, async () => {
    const prop = await chain.rest(`/cosmos/gov/v1/proposals/${id}`);
    const status = prop.proposal?.status;
    if (status === "PROPOSAL_STATUS_REJECTED" || status === "PROPOSAL_STATUS_FAILED") {
      throw new SuiteError(`proposal ${id} ${status}: ${prop.proposal?.failed_reason ?? ""}`);
    }
    return status === "PROPOSAL_STATUS_PASSED" ? true : undefined;
  });
  return id;
}

async function kit(chain: Chain, args: string[]): Promise<string> {
  const out = join(PROPOSALS, "e2e", chain.id);
  await sh(join(ROOT, "scripts", "deploy.sh"), [...args, "--config", CONFIG[chain.id], "--out", out, "--lcd", chain.info.rest]);
  return out;
}

// ---------------------------------------------------------------- the steps
type Step = { name: string; relayer?: boolean; run: () => Promise<void> };
const steps: Step[] = [];
const step = (name: string, run: () => Promise<void>, relayer = false) => steps.push({ name, run, relayer });

let coverExploit = 0; // bob's ceded cover
let coverDepeg = 0; // erin's parametric cover
let coverTimeout = 0; // keeper's cover whose cession times out
let cessionSeq = ""; // the cession packet of bob's cover
let claimId = 0;
const CAPITAL = 1_000n * M; // the reinsurer's capital, sent over ICS-20

step("deploy by governance proposals (scripts/deploy.sh localnet: submitted, voted, executed)", async () => {
  if (!opts["skip-deploy"]) {
    const started = Date.now();
    await sh(join(ROOT, "scripts", "deploy.sh"), ["localnet", ...(RELAYER ? [] : ["--no-relayer"])], { inherit: true });
    report.deploy_seconds = Math.round((Date.now() - started) / 1000);
  }
  deployment = JSON.parse(readFileSync(join(PROPOSALS, "localnet", "deployment.json"), "utf8"));
  if (RELAYER) check(deployment.bridge_channel[CEDENT] && deployment.bridge_channel[PARTNER], "no bridge channel in deployment.json: deploy with the relayer");
});

step("every contract at its predicted address, the gov module its admin, its code pinned", async () => {
  const checksums = new Map(
    readFileSync(join(ROOT, "artifacts", "checksums.txt"), "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(/\s+/))
      .map(([sum, file]) => [file, sum] as const),
  );
  for (const chain of [cedent, partner]) {
    const config = JSON.parse(readFileSync(CONFIG[chain.id], "utf8"));
    const gov = chain.info.gov_module;
    equal(deployment.governance[chain.id], gov, `${chain.id}: governance`);
    const pinned = await chain.rest(`/cosmwasm/wasm/v1/codes/pinned?pagination.limit=100`);
    const pinnedIds = new Set<string>((pinned.code_ids ?? []).map(String));
    for (const entry of config.contracts) {
      const checksum = checksums.get(entry.artifact);
      check(checksum, `${entry.artifact} not in artifacts/checksums.txt`);
      const predicted = instantiate2Address(fromHex(checksum), gov, toUtf8(`${config.salt}/${entry.name}`), "wasm");
      equal(deployment.contracts[chain.id][entry.name], predicted, `${chain.id}: ${entry.name}'s address`);
      const info = await chain.query.getContract(predicted);
      equal(info.admin, gov, `${chain.id}: ${entry.name}'s admin`);
      equal(info.creator, gov, `${chain.id}: ${entry.name}'s creator`);
      const code = await chain.query.getCodeDetails(info.codeId);
      equal(code.checksum.toLowerCase(), checksum, `${chain.id}: ${entry.name}'s code checksum`);
      check(pinnedIds.has(String(info.codeId)), `${chain.id}: ${entry.name}'s code ${info.codeId} is not pinned`);
    }
  }
  // Balances before the users' flows: the reconciliation at the end starts here.
  for (const name of Object.keys(cedent.actors)) initial.set(name, await cedent.balance(cedent.actor(name).address, USDC));
  if (RELAYER) {
    const cb = new contracts.ReinsuranceBridge.ReinsuranceBridgeQueryClient(cedent.query, c("reinsurance_bridge"));
    const pb = new contracts.ReinsuranceBridge.ReinsuranceBridgeQueryClient(partner.query, p("reinsurance_bridge"));
    start = {
      cedentLedger: (await cb.treaties({})).treaties[0]?.ledger,
      partnerLedger: (await pb.treaties({})).treaties[0]?.ledger,
      partnerVouchers: await partner.balance(p("reinsurance_bridge"), voucher(network.transfer[PARTNER], USDC)),
    };
    check(start.cedentLedger && start.partnerLedger, "no treaty registered on the bridges");
  }
});

step("baseline: alice sends bob 1 uusdc with a bank MsgSend (the ante handler and one bank send, no contract)", async () => {
  const alice = cedent.actor("alice");
  const res = await alice.client.sendTokens(alice.address, cedent.actor("bob").address, coins(1n), "auto");
  check(res.code === 0, `bank send failed: ${res.rawLog}`);
  move("alice", -1n);
  move("bob", 1n);
  gasOf(res, "baseline: bank MsgSend (no contract)", CEDENT, undefined, "the ante handler (signature, tx bytes, fee) and one bank send: what every row below carries");
});

step("stake: alice deposits 50,000 USDC in the risk pool", async () => {
  const alice = clientsOf("alice");
  const before = await q.pool.staker({ address: cedent.actor("alice").address });
  const res = await alice.pool.deposit("auto", undefined, coins(50_000n * M));
  move("alice", -50_000n * M);
  gasOf(res, "stake (risk-pool Deposit)", CEDENT, "stake (risk-pool Deposit)", "ante (signature, tx bytes), bank send to the pool");
  const after = await q.pool.staker({ address: cedent.actor("alice").address });
  check(BigInt(after.shares) > BigInt(before.shares), "alice's shares did not grow");
});

step("the feeder pushes USDC at 1.00 to the price oracle (the depeg product is sold only on a fresh healthy price)", async () => {
  const feeder = clientsOf("feeder");
  const res = await feeder.oracle.pushPrices({ prices: [{ asset: "USDC", price: "1", observed_at: await cedent.timeNanos() }] });
  gasOf(res, "oracle push (price-oracle PushPrices)", CEDENT, undefined, "ante; no gas-bench row (one storage write)");
  const price = await q.oracle.price({ asset: "USDC" });
  equal(price.price, "1", "the oracle's USDC price");
  // On a network where an earlier run fired the trigger: a healthy price re-arms it once the
  // trigger's cooldown (60 s) has passed since the breach.
  const keeper = clientsOf("keeper");
  await until("the depeg product on sale", async () => {
    const sale = await q.court.saleStatus({ productId: DEPEG });
    if (!sale.blocked) return true;
    await feeder.oracle.pushPrices({ prices: [{ asset: "USDC", price: "1", observed_at: await cedent.timeNanos() }] });
    await keeper.court.checkTrigger({ productId: DEPEG }).catch(() => undefined);
    return undefined;
  }, 120_000, 5000);
});

step("buy cover: bob buys 10,000 USDC of exploit cover for 30 days; his cover NFT appears", async () => {
  const bob = clientsOf("bob");
  const amount = (10_000n * M).toString();
  const quote = await q.pool.quote({ productId: EXPLOIT, amount, duration: 30 * DAY });
  const res = await bob.pool.buyCover({ productId: EXPLOIT, amount, duration: 30 * DAY, maxPremium: quote.premium }, "auto", undefined, coins(BigInt(quote.premium)));
  move("bob", -BigInt(quote.premium));
  gasOf(res, "buy cover (risk-pool BuyCover, ceded)", CEDENT, "buy cover (risk-pool BuyCover)", "ante, bank sends (treasury, bridge), the bridge's CessionQuote and Cede, the cession packet (core IBC send)");
  coverExploit = Number(wasm(res, "cover_id", "buy_cover"));
  check(coverExploit > 0, "no cover id in the buy_cover events");
  const owner = await q.nft.ownerOf({ tokenId: String(coverExploit) });
  equal(owner.owner, cedent.actor("bob").address, "the cover NFT's owner");
  const policy = await q.nft.policy({ tokenId: String(coverExploit) });
  equal(policy.policy.remaining_amount, amount, "the policy's remaining amount");
  cessionSeq = attr(res.events, "send_packet", "packet_sequence") ?? "";
  report.cover_exploit = { cover_id: coverExploit, premium: quote.premium, cession_packet: cessionSeq };
});

step("cession relayed to the partner chain: accepted there, acknowledged here, the ceded premium crosses over ICS-20", async () => {
  const bridgeChannel = deployment.bridge_channel[CEDENT]!;
  const cession = await relayed("the cession accepted", async () => {
    const s = await q.bridge.cession({ coverId: coverExploit });
    if (typeof s.status === "object") throw new SuiteError(`cession refused: ${JSON.stringify(s.status)}`);
    return s.status === "accepted" ? s : undefined;
  });
  const accepted = await partnerBridge.acceptedCover({ channelId: deployment.bridge_channel[PARTNER]!, coverId: coverExploit });
  check(accepted, "the partner bridge has no record of the cover");
  // The ceded premium arrives in the reinsurer's bridge as the cedent's USDC voucher.
  const denom = voucher(network.transfer[PARTNER], USDC);
  await relayed("the ceded premium on the partner bridge", async () =>
    (await partner.balance(p("reinsurance_bridge"), denom)) >= BigInt(cession.ceded_premium) ? true : undefined);
  const recv = await relayerTx(partner, "recv_packet", "packet_dst_channel", deployment.bridge_channel[PARTNER]!, cessionSeq);
  gasOf(recv, "relayer: cession packet received (partner bridge)", PARTNER, "bridge packet receive (Cession, reinsurer)", "the relayer's whole tx: ante, MsgUpdateClient, MsgRecvPacket's proof checks and receipt, the ack commitment");
  const ack = await relayerTx(cedent, "acknowledge_packet", "packet_src_channel", bridgeChannel, cessionSeq);
  gasOf(ack, "relayer: cession ack (cedent bridge)", CEDENT, "bridge packet ack (Cession, cedent)", "the relayer's whole tx: ante, MsgUpdateClient, MsgAcknowledgement's proof checks, the premium's ICS-20 send (escrow)");
  report.ceded_premium = cession.ceded_premium;
}, true);

step("the reinsurer's capital: alice sends 1,000 USDC over ICS-20 to the partner bridge", async () => {
  const alice = cedent.actor("alice");
  const denom = voucher(network.transfer[PARTNER], USDC);
  const before = await partner.balance(p("reinsurance_bridge"), denom);
  const timeout = BigInt(Date.now() + 600_000) * 1_000_000n;
  const res = await alice.client.signAndBroadcast(
    alice.address,
    [
      {
        typeUrl: "/ibc.applications.transfer.v1.MsgTransfer",
        value: {
          sourcePort: "transfer",
          sourceChannel: network.transfer[CEDENT],
          token: { denom: USDC, amount: CAPITAL.toString() },
          sender: alice.address,
          receiver: p("reinsurance_bridge"),
          timeoutHeight: undefined,
          timeoutTimestamp: timeout,
          memo: "",
        },
      },
    ],
    "auto",
  );
  check(res.code === 0, `ICS-20 transfer failed: ${res.rawLog}`);
  move("alice", -CAPITAL);
  gasOf(res, "ICS-20 transfer (MsgTransfer)", CEDENT, undefined, "ante, escrow (bank), core IBC send; no contract");
  await relayed("the capital on the partner bridge", async () => ((await partner.balance(p("reinsurance_bridge"), denom)) >= before + CAPITAL ? true : undefined));
}, true);

step("discretionary claim: bob files 2,000 USDC with a deposit, carol and dave (assessors) vote yes, keeper executes, bob is paid", async () => {
  const [bob, carol, dave, keeper] = ["bob", "carol", "dave", "keeper"].map(clientsOf);
  for (const [name, cl] of [["carol", carol], ["dave", dave]] as const) {
    const res = await cl.court.bond("auto", undefined, coins(20_000n * M, INSR));
    if (name === "carol") gasOf(res, "assessor bond (claims-court Bond)", CEDENT, undefined, "ante, bank send");
  }
  const amount = 2_000n * M;
  const deposit = amount / 20n; // min_deposit_ratio 0.05
  const filed = await bob.court.fileClaim({ coverId: coverExploit, amount: amount.toString(), description: "exploit of the covered protocol", evidence: "ipfs://e2e" }, "auto", undefined, coins(deposit));
  move("bob", -deposit);
  gasOf(filed, "file claim (claims-court FileClaim)", CEDENT, "file claim (claims-court FileClaim)", "ante, bank send of the deposit");
  claimId = Number(wasm(filed, "claim_id"));
  check(claimId > 0, "no claim id");
  const v1 = await carol.court.vote({ claimId, approve: true });
  gasOf(v1, "vote (claims-court Vote)", CEDENT, "vote (claims-court Vote)", "ante");
  await dave.court.vote({ claimId, approve: true });
  const claim = await q.court.claim({ claimId });
  const executableAt = Math.ceil(Number(BigInt(claim.voting_end) / 1_000_000_000n)) + 5 + 1; // cooldown 5 s
  await cedent.waitUntil(executableAt, "the end of the vote and cooldown");
  const bobBefore = await cedent.balance(cedent.actor("bob").address, USDC);
  const executed = await until("the claim executed", async () => {
    try {
      return await keeper.court.executeClaim({ claimId });
    } catch (e: any) {
      if (/not yet|cooldown|voting/i.test(String(e.message))) return undefined;
      throw e;
    }
  }, 60_000, 2000);
  gasOf(executed, "execute payout (claims-court ExecuteClaim)", CEDENT, "execute payout (claims-court ExecuteClaim)", "ante, bank sends (payout, deposit back), the bridge's RecordLoss and its recovery packet (core IBC send)");
  const after = await q.court.claim({ claimId });
  equal(after.paid, amount.toString(), "the claim's paid amount");
  move("bob", amount + deposit);
  equal((await cedent.balance(cedent.actor("bob").address, USDC)) - bobBefore, amount + deposit, "bob's payout and deposit back");
  const policy = await q.nft.policy({ tokenId: String(coverExploit) });
  equal(policy.policy.remaining_amount, (8_000n * M).toString(), "the cover's remaining amount");
  report.claim = { claim_id: claimId, paid: after.paid, recovery_packet: attr(executed.events, "send_packet", "packet_sequence") ?? null };
});

step("the reinsurer's recovery: the recovery packet relayed, 30 % paid back over ICS-20, the callbacks settle it in the pool", async () => {
  const before = BigInt(start.cedentLedger.recoveries_paid);
  const recovery = (2_000n * M * 3n) / 10n; // 30 % quota share of the 2,000 USDC loss
  const loss = await relayed("the recovery paid", async () => {
    const t = (await q.bridge.treaties({})).treaties[0];
    return BigInt(t.ledger.recoveries_paid) > before ? t : undefined;
  });
  equal(BigInt(loss.ledger.recoveries_paid) - before, recovery, "recovery paid to the pool (30 % quota share)");
  const state = await q.pool.poolState();
  equal(state.reinsurance_receivable ?? "0", "0", "the pool's reinsurance receivable after settlement");
  const seq = (report.claim as any).recovery_packet as string | null;
  if (seq) {
    const recv = await relayerTx(partner, "recv_packet", "packet_dst_channel", deployment.bridge_channel[PARTNER]!, seq);
    gasOf(recv, "relayer: recovery packet received (partner bridge pays over ICS-20)", PARTNER, "bridge packet receive (Recovery, reinsurer)", "the relayer's whole tx: ante, MsgUpdateClient, proofs, receipt, the recovery's ICS-20 send (escrow burn of the voucher)");
    const ack = await relayerTx(cedent, "acknowledge_packet", "packet_src_channel", deployment.bridge_channel[CEDENT]!, seq);
    gasOf(ack, "relayer: recovery ack (cedent bridge)", CEDENT, "bridge packet ack (Recovery, cedent)", "the relayer's whole tx: ante, MsgUpdateClient, proofs");
  }
  // The ICS-20 leg: the cedent bridge's destination callback (transfer_received) ran once.
  const received = await cedent.query.searchTx(`wasm.action='transfer_received' AND wasm._contract_address='${c("reinsurance_bridge")}'`);
  check(received.filter((t) => t.code === 0).length >= 1, "no transfer_received callback on the cedent bridge");
  const last = received.filter((t) => t.code === 0).pop()!;
  gasOf(last, "relayer: ICS-20 recovery received (destination callback, SettleRecovery)", CEDENT, undefined, "the relayer's whole tx: ante, client update, ICS-20 receive (unescrow), the bridge's destination callback and the pool's SettleRecovery");
}, true);

step("parametric incident: erin buys depeg cover; the feeder pushes USDC at 0.90; keeper fires the trigger; erin claims 50 %", async () => {
  const [erin, feeder, keeper] = ["erin", "feeder", "keeper"].map(clientsOf);
  const amount = 5_000n * M;
  const quote = await q.pool.quote({ productId: DEPEG, amount: amount.toString(), duration: 30 * DAY });
  const bought = await erin.pool.buyCover({ productId: DEPEG, amount: amount.toString(), duration: 30 * DAY, maxPremium: quote.premium }, "auto", undefined, coins(BigInt(quote.premium)));
  move("erin", -BigInt(quote.premium));
  gasOf(bought, "buy cover (risk-pool BuyCover, parametric)", CEDENT, "buy cover (risk-pool BuyCover)", "ante, bank sends, the court's SaleStatus (and through it the oracle's Price), the bridge's CessionQuote");
  coverDepeg = Number(wasm(bought, "cover_id", "buy_cover"));
  const policy = await q.nft.policy({ tokenId: String(coverDepeg) });
  const start = Number(BigInt(policy.policy.start) / 1_000_000_000n);
  await cedent.waitUntil(start + 15 + 2, "the end of the 15 s waiting period");
  const pushed = await feeder.oracle.pushPrices({ prices: [{ asset: "USDC", price: "0.9", observed_at: await cedent.timeNanos() }] });
  gasOf(pushed, "oracle push (price-oracle PushPrices)", CEDENT, undefined, "ante; one storage write");
  const fired = await keeper.court.checkTrigger({ productId: DEPEG });
  gasOf(fired, "check trigger (claims-court CheckTrigger)", CEDENT, undefined, "ante, the oracle's Price and the pool's Product queries");
  const incidentId = Number(wasm(fired, "incident_id"));
  check(incidentId > 0, "no incident recorded");
  const erinBefore = await cedent.balance(cedent.actor("erin").address, USDC);
  const claimed = await erin.court.claimIncident({ incidentId, coverId: coverDepeg });
  gasOf(claimed, "incident claim (claims-court ClaimIncident)", CEDENT, "incident claim (claims-court ClaimIncident)", "ante, bank send of the payout");
  const paid = amount / 2n;
  equal((await cedent.balance(cedent.actor("erin").address, USDC)) - erinBefore, paid, "erin's parametric payout");
  move("erin", paid);
  report.incident = { incident_id: incidentId, cover_id: coverDepeg, paid: paid.toString() };
  // The peg is back: the feeder's next price (nothing re-arms before the trigger's cooldown).
  await feeder.oracle.pushPrices({ prices: [{ asset: "USDC", price: "1", observed_at: await cedent.timeNanos() }] });
});

step("tranches: carol deposits 2,000 USDC junior in two halves, dave 4,000 USDC senior; dave redeems half and withdraws after the pool's unbonding", async () => {
  const [carol, dave] = ["carol", "dave"].map(clientsOf);
  // The first deposit of a tranche also locks 1,000 tokens in the token contract (one more call):
  // the second deposit is the one every later depositor pays, the figure gas-bench measures.
  await carol.vault.deposit({ tranche: "junior" }, "auto", undefined, coins(1_000n * M));
  const j = await carol.vault.deposit({ tranche: "junior" }, "auto", undefined, coins(1_000n * M));
  move("carol", -2_000n * M);
  gasOf(j, "tranche deposit (tranche-vault Deposit junior)", CEDENT, "tranche deposit (tranche-vault Deposit junior)", "ante, bank sends (vault, pool)");
  await dave.vault.deposit({ tranche: "senior" }, "auto", undefined, coins(4_000n * M));
  move("dave", -4_000n * M);
  const config = await q.vault.config();
  const daveAddr = cedent.actor("dave").address;
  const tokens = BigInt((await cedent.query.queryContractSmart(config.senior_token, { balance: { address: daveAddr } })).balance);
  check(tokens > 0n, "dave holds no senior tokens");
  const redeem = await cedent.actor("dave").client.execute(
    daveAddr,
    config.senior_token,
    { send: { contract: c("tranche_vault"), amount: (tokens / 2n).toString(), msg: toBase64(toUtf8(JSON.stringify({ redeem: {} }))) } },
    "auto",
  );
  gasOf(redeem, "tranche redeem (senior cw20 Send to the vault)", CEDENT, "tranche redeem (junior cw20 Send to the vault)", "ante; gas-bench redeems junior");
  const redemptionId = Number(wasm(redeem, "redemption_id"));
  check(redemptionId > 0, "no redemption id");
  const r = await q.vault.redemption({ owner: daveAddr, redemptionId });
  await cedent.waitUntil(Number(BigInt(r.release_at) / 1_000_000_000n) + 1, "the redemption's release");
  const before = await cedent.balance(daveAddr, USDC);
  const w = await until("the redemption withdrawn", async () => {
    try {
      return await dave.vault.withdrawRedemption({ redemptionId });
    } catch (e: any) {
      if (/not (yet )?(matured|released)|too early|unbonding/i.test(String(e.message))) return undefined;
      throw e;
    }
  }, 90_000, 3000);
  gasOf(w, "tranche redemption withdrawal (tranche-vault WithdrawRedemption)", CEDENT, undefined, "ante, the pool's Withdraw, bank sends");
  const got = (await cedent.balance(daveAddr, USDC)) - before;
  check(got > 0n, "dave received nothing for his redemption");
  move("dave", got);
  report.redemption = { redemption_id: redemptionId, tokens: (tokens / 2n).toString(), paid: got.toString() };
});

step("unbond and withdraw: alice unbonds half her shares and withdraws after the 30 s unbonding period", async () => {
  const alice = clientsOf("alice");
  const addr = cedent.actor("alice").address;
  const staker = await q.pool.staker({ address: addr });
  const shares = (BigInt(staker.shares) / 2n).toString();
  const unbond = await alice.pool.requestUnbond({ shares });
  gasOf(unbond, "unbond (risk-pool RequestUnbond)", CEDENT, "unbond (risk-pool RequestUnbond)", "ante");
  const id = Number(wasm(unbond, "unbonding_id"));
  const releaseAt = Number(wasm(unbond, "release_at"));
  await cedent.waitUntil(releaseAt + 1, "the end of alice's unbonding");
  const before = await cedent.balance(addr, USDC);
  const w = await alice.pool.withdraw({ unbondingId: id });
  gasOf(w, "withdraw (risk-pool Withdraw)", CEDENT, "withdraw (risk-pool Withdraw)", "ante, bank send to the staker");
  const amount = BigInt(wasm(w, "amount", "withdraw") ?? "0");
  check(amount > 0n, "nothing withdrawn");
  equal((await cedent.balance(addr, USDC)) - before, amount, "alice's withdrawal (bank) against the pool's event");
  move("alice", amount);
  report.withdrawal = { unbonding_id: id, shares, amount: amount.toString() };
});

step("parameter change by proposal: the kit's params template raises the pool's capacity multiple to 3", async () => {
  const dir = await kit(cedent, ["proposals", "params", "--contract", "risk_pool", "--set", "capacity_multiple=3"]);
  const id = await pass(cedent, join(dir, "params-risk_pool.json"));
  const config = await q.pool.config();
  equal((config as any).params.capacity_multiple, "3", "the pool's capacity multiple after the proposal");
  report.params_proposal = id;
});

step("unpinned: a proposal unpins the protocol's codes, a stake and a cover are measured, a proposal pins them again", async () => {
  const codeIds = new Set<string>();
  for (const name of ["risk_pool", "cover_nft", "claims_court", "tranche_vault", "reinsurance_bridge", "price_oracle"]) {
    codeIds.add(String((await cedent.query.getContract(c(name))).codeId));
  }
  const ids = [...codeIds].sort((a, b) => Number(a) - Number(b));
  const gov = cedent.info.gov_module;
  const dir = join(PROPOSALS, "e2e", CEDENT);
  mkdirSync(dir, { recursive: true });
  const proposal = (type: string, title: string) => {
    const file = join(dir, `${type.toLowerCase()}.json`);
    writeFileSync(file, JSON.stringify({ messages: [{ "@type": `/cosmwasm.wasm.v1.${type}`, authority: gov, code_ids: ids }], deposit: "10000000stake", title, summary: `${title}: codes ${ids.join(", ")} (measuring gas).`, metadata: "", expedited: false }, null, 2));
    return file;
  };
  const pinnedNow = async () => new Set<string>(((await cedent.rest(`/cosmwasm/wasm/v1/codes/pinned?pagination.limit=100`)).code_ids ?? []).map(String));
  await pass(cedent, proposal("MsgUnpinCodes", "Unpin the insurance protocol's codes"));
  try {
    const unpinned = await pinnedNow();
    check(ids.every((id) => !unpinned.has(id)), `codes still pinned: ${[...unpinned].join(", ")}`);
    const [alice, bob] = ["alice", "bob"].map(clientsOf);
    const staked = await alice.pool.deposit("auto", undefined, coins(1_000n * M));
    move("alice", -1_000n * M);
    gasOf(staked, "stake (risk-pool Deposit)", CEDENT, "stake (risk-pool Deposit)", "as pinned, plus 58,000 per contract call", false);
    const amount = (1_000n * M).toString();
    const quote = await q.pool.quote({ productId: EXPLOIT, amount, duration: 30 * DAY });
    const bought = await bob.pool.buyCover({ productId: EXPLOIT, amount, duration: 30 * DAY, maxPremium: quote.premium }, "auto", undefined, coins(BigInt(quote.premium)));
    move("bob", -BigInt(quote.premium));
    gasOf(bought, "buy cover (risk-pool BuyCover, ceded)", CEDENT, "buy cover (risk-pool BuyCover)", "as pinned, plus 58,000 per contract call and query", false);
  } finally {
    await pass(cedent, proposal("MsgPinCodes", "Pin the insurance protocol's codes again"));
  }
  const pinned = await pinnedNow();
  check(ids.every((id) => pinned.has(id)), "the codes are not pinned again");
});

step("timeout: relayer stopped, a cession times out, relayer restarted, the rollback seen exactly once", async () => {
  const dir = await kit(cedent, ["proposals", "sudo", "--group", "short_packet_timeout"]);
  await pass(cedent, join(dir, "sudo-short_packet_timeout.json"));
  equal((await q.bridge.config()).packet_timeout, 20, "the bridge's packet timeout");
  // Earlier cessions settled first, so the books below move only by this one.
  await relayed("no bridge leg in flight before the relayer stops", async () => ((await q.bridge.inFlight({})).items.length === 0 ? true : undefined));
  await sh(localnetSh, ["relayer", "stop"]);
  const keeper = clientsOf("keeper");
  try {
    const amount = (1_000n * M).toString();
    const quote = await q.pool.quote({ productId: EXPLOIT, amount, duration: 30 * DAY });
    const bought = await keeper.pool.buyCover({ productId: EXPLOIT, amount, duration: 30 * DAY, maxPremium: quote.premium }, "auto", undefined, coins(BigInt(quote.premium)));
    move("keeper", -BigInt(quote.premium));
    coverTimeout = Number(wasm(bought, "cover_id", "buy_cover"));
    const seq = attr(bought.events, "send_packet", "packet_sequence")!;
    equal((await q.bridge.cession({ coverId: coverTimeout })).status, "pending", "the cession while the relayer is stopped");
    const ledgerBefore = (await q.bridge.treaties({})).treaties[0].ledger;
    // Past the timeout on the partner chain's clock, then the relayer comes back.
    await partner.waitUntil((await partner.time()) + 25, "the packet's timeout");
    await sh(localnetSh, ["relayer", "start"]);
    await relayed("the cession timed out", async () => ((await q.bridge.cession({ coverId: coverTimeout })).status === "timed_out" ? true : undefined));
    const timeouts = (await cedent.query.searchTx(`timeout_packet.packet_src_channel='${deployment.bridge_channel[CEDENT]}' AND timeout_packet.packet_sequence='${seq}'`)).filter((t) => t.code === 0);
    equal(timeouts.length, 1, "relayer transactions that timed the cession out");
    gasOf(timeouts[0], "relayer: cession timeout (cedent bridge rolls back)", CEDENT, undefined, "the relayer's whole tx: ante, client update, MsgTimeout's non-receipt proof, the bridge's rollback (premium back to the pool)");
    const outcomes = (await cedent.query.searchTx(`wasm.action='cession_outcome' AND wasm.cover_id='${coverTimeout}'`)).filter((t) => t.code === 0);
    equal(outcomes.length, 1, "cession outcomes (rollbacks) for the cover");
    // Wait a relayer clearing interval: nothing else arrives for the packet.
    await sleep(25_000);
    equal((await cedent.query.searchTx(`timeout_packet.packet_src_channel='${deployment.bridge_channel[CEDENT]}' AND timeout_packet.packet_sequence='${seq}'`)).filter((t) => t.code === 0).length, 1, "timeouts after a clearing interval");
    const partnerCover = await partnerBridge.acceptedCover({ channelId: deployment.bridge_channel[PARTNER]!, coverId: coverTimeout }).catch(() => null);
    check(!partnerCover, "the partner bridge accepted a cover whose packet timed out");
    const ledger = (await q.bridge.treaties({})).treaties[0].ledger;
    equal(ledger.cessions, ledgerBefore.cessions, "accepted cessions after the timeout");
    equal(ledger.exposure, ledgerBefore.exposure, "exposure after the timeout");
    report.timeout = { cover_id: coverTimeout, packet: seq };
  } finally {
    await sh(localnetSh, ["relayer", "start"]).catch(() => undefined);
  }
  // Back to an hour, as deployed.
  const back = await kit(cedent, ["proposals", "sudo", "--group", "packet_timeout"]);
  await pass(cedent, join(back, "sudo-packet_timeout.json"));
  equal((await q.bridge.config()).packet_timeout, 3600, "the bridge's packet timeout restored");
}, true);

step("balances reconcile on both chains", async () => {
  // Every cedent actor's USDC moved exactly by the flows above (fees are paid in stake).
  for (const [name, start] of initial) {
    const now = await cedent.balance(cedent.actor(name).address, USDC);
    equal(now - start, expected.get(name) ?? 0n, `${name}'s USDC on ${CEDENT} (start ${start})`);
  }
  // The pool's bank balance is its books: capital net of the receivable, rewards, claims fund.
  const s = await q.pool.poolState();
  const poolBank = await cedent.balance(c("risk_pool"), USDC);
  equal(poolBank, BigInt(s.total_assets) - BigInt(s.reinsurance_receivable ?? "0") + BigInt(s.reward_reserve) + BigInt(s.claims_fund), "the pool's USDC against its ledger");
  // USDC is conserved on the cedent chain: the genesis supply, part of it escrowed for ICS-20.
  const accounts = Object.keys(mnemonics(network.accounts_file, CEDENT)).length;
  equal(await cedent.supply(USDC), BigInt(accounts) * 1_000_000_000_000n, `${CEDENT}'s USDC supply (genesis: ${accounts} accounts × 10^12)`);
  if (RELAYER) {
    const denom = voucher(network.transfer[PARTNER], USDC);
    const escrow = BigInt((await cedent.rest(`/ibc/apps/transfer/v1/total_escrow/${USDC}`)).amount?.amount ?? "0");
    equal(await partner.supply(denom), escrow, "the partner's USDC vouchers against the cedent's ICS-20 escrow");
    // Nothing left in flight (the last cession's premium transfer may still be crossing).
    await relayed("no bridge leg in flight", async () => ((await q.bridge.inFlight({})).items.length === 0 ? true : undefined));
    // The reinsurer's bridge gained the capital sent plus the premiums received, less the recoveries paid.
    const t = (await partnerBridge.treaties({})).treaties[0];
    const held = await partner.balance(p("reinsurance_bridge"), denom);
    const d = (k: "premium_paid" | "recoveries_paid" | "recoveries_due") => BigInt(t.ledger[k]) - BigInt(start.partnerLedger[k]);
    equal(held - start.partnerVouchers, CAPITAL + d("premium_paid") - d("recoveries_paid") - d("recoveries_due"), "the partner bridge's vouchers against its treaty ledger");
    const ct = (await q.bridge.treaties({})).treaties[0];
    equal(ct.ledger.premium_paid, t.ledger.premium_paid, "ceded premium paid: cedent's books against the reinsurer's");
    equal(ct.ledger.recoveries_paid, t.ledger.recoveries_paid, "recoveries: cedent's books against the reinsurer's");
    report.reinsurer = { vouchers: held.toString(), premium_paid: t.ledger.premium_paid, recoveries_paid: t.ledger.recoveries_paid };
  }
  report.pool = s;
});

// ---------------------------------------------------------------- runner
async function main(): Promise<void> {
  const started = Date.now();
  ({ network } = await loadNetwork());
  const names = ["alice", "bob", "carol", "dave", "erin", "keeper", "feeder"];
  const accounts = mnemonics(network.accounts_file, CEDENT);
  cedent = await Chain.connect(CEDENT, network.chains[CEDENT], accounts, names);
  partner = await Chain.connect(PARTNER, network.chains[PARTNER], mnemonics(network.accounts_file, PARTNER), []);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const [i, s] of steps.entries()) {
    // --only TEXT: the deployment checks and the steps whose name has TEXT (while developing a step).
    if (opts.only && i > 1 && !s.name.includes(opts.only)) continue;
    if (failed || (s.relayer && !RELAYER)) {
      skipped++;
      console.log(`skip  ${s.name}${failed ? "" : " (--no-relayer)"}`);
      continue;
    }
    const t0 = Date.now();
    try {
      await s.run();
      if (!q && deployment) {
        q = clientsOf("keeper");
        partnerBridge = new contracts.ReinsuranceBridge.ReinsuranceBridgeQueryClient(partner.query, p("reinsurance_bridge"));
      }
      passed++;
      console.log(`ok    ${s.name}  [${((Date.now() - t0) / 1000).toFixed(1)} s]`);
    } catch (e) {
      failed++;
      console.log(`FAIL  ${s.name}  [${((Date.now() - t0) / 1000).toFixed(1)} s]\n      ${e instanceof SuiteError ? e.message : (e as Error).stack ?? e}`);
    }
  }
  mkdirSync(OUT, { recursive: true });
  const benchPath = process.env.GAS_BENCH_JSON ?? join(ROOT, "target", "gas-bench.json");
  const bench = loadBench(benchPath);
  const table = gas.table(bench);
  console.log(`\nreal gas (pinned codes; gas-bench: ${bench ? benchPath : "not found: run cargo run --release -p gas-bench"}):\n\n${table}\n`);
  writeFileSync(join(OUT, "gas.md"), table + "\n");
  gas.write(join(OUT, "gas.json"), bench);
  report.seconds = Math.round((Date.now() - started) / 1000);
  writeFileSync(join(OUT, "report.json"), JSON.stringify(report, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2) + "\n");
  console.log(`suite time ${report.seconds} s; ${join(OUT, "report.json")}`);
  console.log(`e2e: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log("e2e: 0 passed, 1 failed");
  process.exit(1);
});
