// Where a cover, a claim, an unbonding or an incident stands, in words, from the contracts' state
// and the chain's time.
import type { ClaimResponse, IncidentResponse } from "@insurance/client/contracts/ClaimsCourt.types";
import type { PolicyResponse } from "@insurance/client/contracts/CoverNft.types";
import { formatDuration, relativeTime, timestampSeconds } from "./format";

export type CoverStatus = "active" | "grace" | "expired" | "claim" | "paid";

export const COVER_STATUS_LABEL: Record<CoverStatus, string> = {
  active: "Active",
  grace: "In grace period",
  expired: "Expired",
  claim: "Under claim",
  paid: "Paid",
};

/** A policy's status as the cover NFT computes it at query time (the chain's clock decides). */
export function coverStatus(p: PolicyResponse): CoverStatus {
  return POLICY_STATUS[p.status];
}

const POLICY_STATUS: Record<PolicyResponse["status"], CoverStatus> = {
  active: "active",
  in_grace: "grace",
  expired: "expired",
  under_claim: "claim",
  paid: "paid",
};

/** One line about the cover's next date. */
export function coverTimeline(p: PolicyResponse, nowSeconds: number): string {
  const end = timestampSeconds(p.policy.end);
  const until = end + p.policy.grace_period;
  const s = coverStatus(p);
  if (s === "active") return `Covers losses; it ends ${relativeTime(end, nowSeconds)}, and claims are accepted for ${formatDuration(p.policy.grace_period)} after.`;
  if (s === "grace") return `Ended; a loss during the cover can still be claimed: the window closes ${relativeTime(until, nowSeconds)}.`;
  if (s === "claim") return "A claim is open on this cover: it cannot be transferred until the claim is settled.";
  if (s === "paid") return "Claims on this cover were paid.";
  return "Ended; the claim window closed.";
}

export const CLAIM_STATUS_LABEL: Record<ClaimResponse["status"], string> = {
  voting: "Voting",
  cooldown: "Cooldown",
  appeal_window: "Appeal window",
  executable: "Ready to execute",
  appealed: "Appealed to governance",
  paid: "Paid",
  denied: "Denied",
};

export interface ClaimStage {
  label: string;
  detail: string;
  /** Seconds of the next change, if a clock is running. */
  next?: number;
  canVote: boolean;
  canExecute: boolean;
  canAppeal: boolean;
}

export function claimStage(c: ClaimResponse, nowSeconds: number): ClaimStage {
  const votingEnd = timestampSeconds(c.voting_end);
  const base = { label: CLAIM_STATUS_LABEL[c.status], canVote: false, canExecute: false, canAppeal: false };
  switch (c.status) {
    case "voting":
      return { ...base, canVote: nowSeconds < votingEnd, next: votingEnd, detail: `Assessors are voting; voting ends ${relativeTime(votingEnd, nowSeconds)}.` };
    case "cooldown": {
      const end = timestampSeconds(c.cooldown_end);
      return { ...base, next: end, detail: `Accepted; governance may still overturn it. Executable ${relativeTime(end, nowSeconds)}.` };
    }
    case "appeal_window": {
      const end = timestampSeconds(c.appeal_end);
      return { ...base, canAppeal: nowSeconds < end, next: end, detail: `Denied by the assessors; the claimant can appeal to governance: the window closes ${relativeTime(end, nowSeconds)}.` };
    }
    case "executable":
      return { ...base, canExecute: true, detail: c.outcome === "denied" ? "Denied: executing returns nothing and closes it." : "Accepted: anyone can execute it now; the pool pays the cover's owner." };
    case "appealed":
      return { ...base, detail: "Chain governance decides this claim by proposal." };
    case "paid":
      return { ...base, detail: c.executed_at ? `Paid ${relativeTime(timestampSeconds(c.executed_at), nowSeconds)}.` : "Paid." };
    case "denied":
      return { ...base, detail: "Denied; the deposit went to the assessors' rewards." };
  }
}

/** Share of the votes for, as a number in [0, 1] (0 when no one voted). */
export function approval(c: ClaimResponse): number {
  const f = BigInt(c.tally.votes_for);
  const a = BigInt(c.tally.votes_against);
  return f + a === 0n ? 0 : Number((f * 10_000n) / (f + a)) / 10_000;
}

/** The deposit a claim of `amount` needs: `⌈amount × ratio⌉`, as the court computes it. */
export function claimDeposit(amount: bigint, ratio: string): bigint {
  return mulCeil(amount, ratio);
}

/** `⌈amount × decimal⌉` for a cosmwasm Decimal string (18 fractional digits). */
export function mulCeil(amount: bigint, decimal: string): bigint {
  const [w, f = ""] = decimal.split(".");
  const atomics = BigInt(w + f.padEnd(18, "0").slice(0, 18));
  const one = 10n ** 18n;
  return (amount * atomics + one - 1n) / one;
}

export function mulFloor(amount: bigint, decimal: string): bigint {
  const [w, f = ""] = decimal.split(".");
  const atomics = BigInt(w + f.padEnd(18, "0").slice(0, 18));
  return (amount * atomics) / 10n ** 18n;
}

export type IncidentStage = { label: string; detail: string; canConfirm: boolean; canClaim: boolean };

export function incidentStage(i: IncidentResponse, nowSeconds: number): IncidentStage {
  const disputeEnd = timestampSeconds(i.dispute_end);
  const claimEnd = i.claim_end ? timestampSeconds(i.claim_end) : undefined;
  switch (i.status) {
    case "reported":
      return !i.confirmable
        ? { label: "Reported", detail: `Anyone may dispute it; the dispute window closes ${nowSeconds < disputeEnd ? relativeTime(disputeEnd, nowSeconds) : "at the next block"}, then anyone can confirm it.`, canConfirm: false, canClaim: false }
        : { label: "Reported", detail: "Undisputed: anyone can confirm it now.", canConfirm: true, canClaim: false };
    case "disputed":
      return { label: "Disputed", detail: "Chain governance decides whether it happened.", canConfirm: false, canClaim: false };
    case "confirmed":
      return claimEnd !== undefined && nowSeconds >= claimEnd
        ? { label: "Closed", detail: "The claim window is over.", canConfirm: false, canClaim: false }
        : { label: "Confirmed", detail: claimEnd ? `Eligible covers can claim; claims close ${relativeTime(claimEnd, nowSeconds)}.` : "Eligible covers can claim.", canConfirm: false, canClaim: !i.event_only };
    case "rejected":
      return { label: "Rejected", detail: "Governance found no incident.", canConfirm: false, canClaim: false };
  }
}

/**
 * Whether a cover can claim an incident: same product, active at the incident's time and past the
 * waiting period then (the court checks the same, and says why when not).
 */
export function incidentEligibility(
  p: PolicyResponse,
  i: IncidentResponse,
): { eligible: true } | { eligible: false; reason: string } {
  const t = timestampSeconds(i.time);
  const start = timestampSeconds(p.policy.start);
  const end = timestampSeconds(p.policy.end);
  if (p.policy.product_id !== i.product_id) return { eligible: false, reason: "another product" };
  if (t < start || t > end) return { eligible: false, reason: "not active at the incident's time" };
  if (t < start + i.waiting_period) return { eligible: false, reason: "still in its waiting period at the incident's time" };
  if (BigInt(p.policy.remaining_amount) === 0n) return { eligible: false, reason: "nothing left to pay" };
  return { eligible: true };
}

/** What an incident pays a cover: `⌊amount × ratio⌋`, at most what remains (as the court computes it). */
export function incidentPayout(p: PolicyResponse, i: IncidentResponse): bigint {
  const due = mulFloor(BigInt(p.policy.cover_amount), i.payout_ratio);
  const remaining = BigInt(p.policy.remaining_amount);
  return due < remaining ? due : remaining;
}
