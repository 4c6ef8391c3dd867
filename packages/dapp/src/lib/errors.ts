// A failed transaction in words. CosmJS throws the node's text: a simulation failure ("Query failed
// with (6): rpc error: ... failed to execute message; message index: 0: <contract error>: execute
// wasm contract failed ...") or a broadcast failure ("Broadcasting transaction failed with code 5
// ... Log: failed to execute message; ..."). The contract's typed error is its thiserror text
// (contracts/*/src/error.rs); each variant a person can meet gets a sentence, the rest a generic one.
import { formatAmount, formatTime, relativeTime, timestampSeconds, type Currency } from "./format";

export interface ErrorContext {
  collateral: Currency;
  assessor: Currency;
  fee: Currency;
  nowSeconds: number;
}

export interface TxErrorView {
  /** What happened, in a sentence. */
  sentence: string;
  /** The contract's own message (or the node's), for the curious. */
  detail: string;
  /** A name for the case, for tests and styling. */
  kind: string;
}

/** The contract's (or module's) error text out of the node's message. */
export function extractContractError(message: string): string {
  let m = /message index: \d+: (.*?): execute wasm contract failed/s.exec(message);
  if (m) return m[1].trim();
  m = /(?:Query failed with \(\d+\): )?(?:rpc error: code = \w+ desc = )?(.*?): (?:execute|instantiate) wasm contract failed/s.exec(message);
  if (m) return m[1].replace(/^failed to execute message; /, "").trim();
  m = /Generic error: (.*?)(?:: query wasm contract failed|$)/s.exec(message);
  if (m) return m[1].trim();
  m = /Log: (.*?)(?:\. Tx hash|$)/s.exec(message);
  if (m) return m[1].replace(/^failed to execute message; message index: \d+: /, "").trim();
  m = /desc = (.*?)(?: \[[^\]]*\])?(?:: unknown request)?(?: With gas wanted:.*)?$/s.exec(message);
  if (m) return m[1].trim();
  return message.trim();
}

type Rule = [RegExp, (m: RegExpExecArray, c: ErrorContext) => string, string];

const when = (ts: string, c: ErrorContext) => {
  const s = timestampSeconds(ts);
  return `${formatTime(s)} (${relativeTime(s, c.nowSeconds)})`;
};

const RULES: Rule[] = [
  // wallet, bank, node
  [/request rejected|rejected by the user|user denied/i, () => "You rejected the transaction in your wallet: nothing was sent.", "rejected"],
  [/spendable balance (\d+)([a-zA-Z][\w/:.-]*) is smaller than (\d+)([a-zA-Z][\w/:.-]*)/, (m, c) => {
    const cur = [c.collateral, c.assessor, c.fee].find((x) => x.denom === m[2]) ?? { symbol: m[2], decimals: 0 };
    return `Your balance is too low: you have ${formatAmount(m[1], cur)}, and this needs ${formatAmount(m[3], cur)}.`;
  }, "insufficient_funds"],
  [/insufficient fees|insufficient fee/i, () => "The fee offered is below the chain's minimum gas price: check the gas price in the app's config.", "insufficient_fee"],
  [/out of gas/i, () => "The transaction ran out of gas: raise gasAdjustment in the app's config and try again.", "out_of_gas"],
  [/account .* not found|does not exist on chain/i, () => "Your account does not exist on this chain yet: receive some tokens first (they pay the fees).", "no_account"],
  [/failed to fetch|networkerror|econnrefused|load failed|socket hang up|timed out|timeout/i, () => "The chain's node does not answer: nothing was sent. Try again once it is back.", "network"],

  // risk pool
  [/^premium (\d+) is above the maximum (\d+)/, (m, c) => `The premium is now ${formatAmount(m[1], c.collateral)}, above your maximum of ${formatAmount(m[2], c.collateral)}: the price moved. Check the new quote, and raise the slippage if you accept it.`, "premium_above_max"],
  [/^premium (\d+) is more than the (\d+) sent/, (m, c) => `The premium is ${formatAmount(m[1], c.collateral)} but only ${formatAmount(m[2], c.collateral)} was sent.`, "insufficient_premium"],
  [/^not enough pool capacity: requested (\d+), available (\d+)/, (m, c) => `The pool can underwrite only ${formatAmount(m[2], c.collateral)} more cover; you asked for ${formatAmount(m[1], c.collateral)}.`, "over_capacity"],
  [/^not enough capacity for product (\d+): requested (\d+), available (\d+)/, (m, c) => `Product ${m[1]} has only ${formatAmount(m[3], c.collateral)} of cover left; you asked for ${formatAmount(m[2], c.collateral)}.`, "product_over_capacity"],
  [/^cover duration (\d+)s is outside (\d+)s\.\.=(\d+)s/, (m) => `The duration must be between ${dur(+m[2])} and ${dur(+m[3])}.`, "duration"],
  [/^product (\d+) is paused/, (m) => `Product ${m[1]} is paused by governance: it sells no cover now.`, "product_paused"],
  [/^product (\d+) not found/, (m) => `There is no product ${m[1]}.`, "product_not_found"],
  [/^parametric product (\d+) is not sold now/, (m) => `Product ${m[1]} is not sold now: an incident is open on it, or its oracle shows the insured event. Sales resume once it is settled.`, "sale_suspended"],
  [/^the circuit breaker is tripped/, () => "The pool's circuit breaker tripped after large losses: no new cover and no withdrawals until governance resumes it.", "circuit_breaker"],
  [/^deposit of (\d+) is too small to mint a share/, (m, c) => `A deposit of ${formatAmount(m[1], c.collateral)} is too small to mint a share: deposit more.`, "deposit_too_small"],
  [/^requested (\d+) shares but only (\d+) are available/, (m) => `You asked to unbond ${m[1]} shares but hold only ${m[2]} that are not already unbonding.`, "insufficient_shares"],
  [/^unbonding (\d+) not found/, (m) => `There is no unbonding ${m[1]} of yours (it may be withdrawn already).`, "unbonding_not_found"],
  [/^unbonding can be withdrawn from (\S+)/, (m, c) => `This unbonding is not released yet: you can withdraw it from ${when(m[1], c)}.`, "unbonding_not_matured"],
  [/^withdrawal would leave capital (\d+) below the minimum (\d+)/, (m, c) => `Held by the minimum capital: paying this withdrawal would leave the pool with ${formatAmount(m[1], c.collateral)}, below the ${formatAmount(m[2], c.collateral)} its active cover requires. It goes through once cover expires or new capital arrives.`, "below_minimum_capital"],
  [/^withdrawal of (\d+) is above the (\d+) in cash/, (m, c) => `Only ${formatAmount(m[2], c.collateral)} is in cash now (a reinsurance recovery is still due); this withdrawal needs ${formatAmount(m[1], c.collateral)}. Try again once the recovery arrives.`, "insufficient_liquidity"],
  [/^no rewards to claim/, () => "You have no rewards to claim yet.", "no_rewards"],
  [/^expired cover buckets are pending/, () => "The pool has been idle for long: send a Sync first, then try again.", "sync_required"],

  // claims court
  [/^deposit of (\d+) is below the required (\d+)/, (m, c) => `The claim needs a deposit of at least ${formatAmount(m[2], c.collateral)}; ${formatAmount(m[1], c.collateral)} was sent.`, "claim_deposit"],
  [/^claim of (\d+) exceeds the cover's remaining (\d+)/, (m, c) => `You can claim at most the ${formatAmount(m[2], c.collateral)} left on this cover; you asked for ${formatAmount(m[1], c.collateral)}.`, "exceeds_remaining"],
  [/^cover (\d+) can only be claimed until (\S+)/, (m, c) => `Cover ${m[1]} could be claimed only until ${when(m[2], c)}: its claim window is over.`, "cover_expired"],
  [/is neither the owner nor an approved operator of cover (\d+)/, (m) => `Only the owner of cover ${m[1]} (or an approved operator) can claim on it.`, "not_holder"],
  [/^product (\d+) is not (discretionary|parametric)/, (m) => m[2] === "discretionary" ? `Product ${m[1]} is parametric: claim its confirmed incidents instead of filing a claim.` : `Product ${m[1]} is not parametric.`, "wrong_claim_method"],
  [/^invalid evidence: (.*)/, (m) => `The description or evidence is not accepted: ${m[1]}.`, "invalid_evidence"],
  [/^claim (\d+) is already open on cover (\d+)/, (m) => `Claim ${m[1]} is already open on cover ${m[2]}: one claim at a time.`, "claim_open"],
  [/has no voting weight: bond first/, (_m, c) => `You have no ${c.assessor.symbol} bonded: bond as an assessor first.`, "no_weight"],
  [/already voted on claim (\d+)/, (m) => `You already voted on claim ${m[1]}.`, "already_voted"],
  [/is a party to claim (\d+) and cannot vote on it/, (m) => `You are a party to claim ${m[1]}: you cannot vote on it.`, "party"],
  [/^voting on claim (\d+) ended at (\S+)/, (m, c) => `Voting on claim ${m[1]} ended at ${when(m[2], c)}.`, "voting_closed"],
  [/^voting on claim (\d+) is open until (\S+)/, (m, c) => `Claim ${m[1]} is still being voted on, until ${when(m[2], c)}.`, "voting_open"],
  [/^claim (\d+) can be executed from (\S+)/, (m, c) => `Claim ${m[1]} can be executed from ${when(m[2], c)} (cooldown).`, "not_executable"],
  [/^claim (\d+) is already executed/, (m) => `Claim ${m[1]} is already executed.`, "already_executed"],
  [/^claim (\d+) is appealed: governance decides/, (m) => `Claim ${m[1]} is appealed: chain governance decides it.`, "appealed"],
  [/^claim (\d+) cannot be appealed: (.*)/, (m) => `Claim ${m[1]} cannot be appealed: ${m[2]}.`, "not_appealable"],
  [/^the fee is (\d+), (\d+) sent/, (m, c) => `The appeal fee is ${formatAmount(m[1], c.collateral)}; ${formatAmount(m[2], c.collateral)} was sent.`, "wrong_fee"],
  [/^claim (\d+) not found/, (m) => `There is no claim ${m[1]}.`, "claim_not_found"],
  [/^a vote cast may still be open: unbonding is possible from (\S+)/, (m, c) => `A claim you voted on may still be open: you can unbond from ${when(m[1], c)}.`, "bond_locked"],
  [/^requested (\d+) but only (\d+) is bonded/, (m, c) => `You asked to unbond ${formatAmount(m[1], c.assessor)} but have ${formatAmount(m[2], c.assessor)} bonded.`, "insufficient_bond"],
  [/^nothing is unbonding/, () => "Nothing of yours is unbonding.", "nothing_unbonding"],
  [/^(\d+) votes are not settled yet/, (m) => `${m[1]} of your votes are not settled yet: settle them (Assessors → My votes) before withdrawing.`, "unsettled_votes"],
  [/did not vote on claim (\d+)/, (m) => `You did not vote on claim ${m[1]}.`, "no_vote"],
  [/the vote of .* on claim (\d+) is already settled/, (m) => `Your vote on claim ${m[1]} is already settled.`, "vote_settled"],
  [/^claim (\d+) is not executed yet/, (m) => `Claim ${m[1]} is not executed yet: votes settle after it.`, "not_executed"],
  [/^the pool's claims fund is empty/, () => "The pool's claims fund is empty: rewards cannot be paid now.", "claims_fund_empty"],
  [/^a payout is already in progress/, () => "A payout is already in progress: try again in a moment.", "payout_in_progress"],
  [/^the bond is (\d+), (\d+) sent/, (m, c) => `Reporting an incident takes a bond of exactly ${formatAmount(m[1], c.collateral)}; ${formatAmount(m[2], c.collateral)} was sent.`, "wrong_bond"],
  [/^incident time (\S+) is in the future/, () => "The incident's time is in the future: give the time it happened.", "incident_future"],
  [/^incident time (\S+) is before the oldest reportable time (\S+)/, (m, c) => `That is too long ago: incidents from ${when(m[2], c)} on can be reported.`, "incident_too_old"],
  [/^incident time (\S+) lies in the product's last event: new incidents from (\S+)/, (m, c) => `That time belongs to the product's last incident: new incidents from ${when(m[2], c)}.`, "incident_past_event"],
  [/^incident (\d+) on product (\d+) is open/, (m) => `Incident ${m[1]} is already open on product ${m[2]}: the same event is not recorded twice.`, "incident_open"],
  [/^incident (\d+) not found/, (m) => `There is no incident ${m[1]}.`, "incident_not_found"],
  [/^incident (\d+) is (reported|disputed|confirmed|rejected)/, (m) => `Incident ${m[1]} is ${m[2]}: that is not possible now.`, "incident_status"],
  [/^the dispute window of incident (\d+) closed at (\S+)/, (m, c) => `The dispute window of incident ${m[1]} closed at ${when(m[2], c)}.`, "dispute_closed"],
  [/^incident (\d+) can be disputed until (\S+)/, (m, c) => `Incident ${m[1]} can still be disputed, until ${when(m[2], c)}: confirm it after that.`, "dispute_open"],
  [/^claims on incident (\d+) closed at (\S+)/, (m, c) => `Claims on incident ${m[1]} closed at ${when(m[2], c)}.`, "incident_claims_closed"],
  [/^incident (\d+) names an event of a discretionary product/, (m) => `Incident ${m[1]} is on a discretionary product: file a claim naming it instead.`, "event_only"],
  [/^cover (\d+) claims only incidents from (\S+) \(waiting period\)/, (m, c) => `Cover ${m[1]} was still in its waiting period: it covers incidents from ${when(m[2], c)} on.`, "waiting_period"],
  [/^cover (\d+) already claimed incident (\d+)/, (m) => `Cover ${m[1]} already claimed incident ${m[2]}.`, "incident_claimed"],
  [/^cover (\d+) is for product (\d+), incident (\d+) for product (\d+)/, (m) => `Cover ${m[1]} is for product ${m[2]}; incident ${m[3]} is on product ${m[4]}.`, "wrong_product"],
  [/^cover (\d+) was not active at the incident time/, (m) => `Cover ${m[1]} was not active when the incident happened.`, "not_active_at_incident"],
  [/^nothing left to pay on cover (\d+)/, (m) => `Nothing is left to pay on cover ${m[1]}.`, "nothing_to_claim"],
  [/^cover (\d+) not found/, (m) => `There is no cover ${m[1]}.`, "cover_not_found"],

  // cover NFT (cw721)
  [/^token (\S+) is locked by an open claim/, (m) => `Cover ${m[1]} is locked while a claim is open on it: it cannot be transferred now.`, "locked"],
  [/caller is not the contract's current owner|caller is not the owner|no access|unauthorized|not authorized|caller does not have permission/i, () => "Only the owner of this cover (or an approved operator) can do that.", "not_owner"],

  // tranche vault
  [/^the deposit would leave the junior tranche at (\S+) of the vault, below the minimum (\S+)/, (m) => `The senior tranche needs a junior cushion of at least ${pct(m[2])} of the vault; this deposit would leave junior at ${pct(m[1])}. Deposit less in senior, or wait for junior deposits.`, "subordination"],
  [/^the senior tranche is impaired/, () => "The senior tranche is impaired after losses: deposits wait until income restores it.", "senior_impaired"],
  [/^deposit of (\d+) is too small to mint a pool share or a tranche token/, (m, c) => `A deposit of ${formatAmount(m[1], c.collateral)} is too small: deposit more.`, "deposit_too_small"],
  [/^redemption can be withdrawn from (\S+)/, (m, c) => `This redemption is not released yet: withdraw it from ${when(m[1], c)}.`, "redemption_not_matured"],
  [/^redemption (\d+) not found/, (m) => `There is no redemption ${m[1]} of yours.`, "redemption_not_found"],
  [/is not a tranche token of this vault/, () => "That token is not a tranche of this vault.", "not_tranche"],

  // funds (cw-utils PaymentError) and common
  [/^amount must be greater than zero/, () => "Enter an amount above zero.", "zero_amount"],
  [/^no funds sent/i, () => "This needs funds attached, and none were sent.", "no_funds"],
  [/^must send reserve token '([^']+)'/i, (m) => `This must be paid in ${m[1]}.`, "wrong_denom"],
  [/^sent more than one denomination/i, () => "Send one token only.", "many_denoms"],
  [/is not the (\w[\w ]*)$/, (m) => `Only the ${m[1]} can do that.`, "unauthorized"],
];

function dur(s: number): string {
  const d = s / 86400;
  if (Number.isInteger(d) && d >= 1) return `${d} days`;
  if (s >= 3600 && s % 3600 === 0) return `${s / 3600} hours`;
  if (s >= 60 && s % 60 === 0) return `${s / 60} minutes`;
  return `${s} seconds`;
}
function pct(d: string): string {
  return `${(Number(d) * 100).toFixed(1).replace(/\.0$/, "")} %`;
}

/** A sentence for a failed transaction or query. */
export function describeError(error: unknown, context: ErrorContext): TxErrorView {
  const message = error instanceof Error ? error.message : typeof error === "string" ? error : JSON.stringify(error);
  const detail = extractContractError(message);
  for (const [re, sentence, kind] of RULES) {
    const m = re.exec(detail) ?? (kind === "rejected" || kind === "network" || kind === "insufficient_funds" ? re.exec(message) : null);
    if (m) return { sentence: sentence(m, context), detail, kind };
  }
  return { sentence: `The transaction failed: ${detail.charAt(0).toLowerCase()}${detail.slice(1).replace(/\.?$/, ".")}`, detail, kind: "unknown" };
}
