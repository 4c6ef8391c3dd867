import type { ClaimResponse, IncidentResponse } from "@insurance/client/contracts/ClaimsCourt.types";
import type { PolicyResponse } from "@insurance/client/contracts/CoverNft.types";
import { describe, expect, it } from "vitest";
import { heldByMinimumCapital } from "../src/pages/Stake";
import { approval, claimDeposit, claimStage, coverStatus, incidentEligibility, incidentPayout, incidentStage, mulCeil, mulFloor } from "../src/lib/status";

const NS = 1_000_000_000n;
const ts = (s: number) => (BigInt(s) * NS).toString();

const policy = (over: Partial<PolicyResponse["policy"]> = {}, status: PolicyResponse["status"] = "active", locked = false): PolicyResponse => ({
  locked,
  owner: "wasm1owner",
  token_id: "1",
  status,
  policy: { cover_amount: "1000", cover_id: 1, denom: "uusdc", end: ts(1000), grace_period: 100, premium: "5", product_id: 1, remaining_amount: "1000", start: ts(0), ...over },
});

describe("cover status", () => {
  it("follows the status the cover NFT computes at query time", () => {
    expect(coverStatus(policy({}, "active"))).toBe("active");
    expect(coverStatus(policy({}, "in_grace"))).toBe("grace");
    expect(coverStatus(policy({}, "expired"))).toBe("expired");
    expect(coverStatus(policy({}, "under_claim", true))).toBe("claim");
    expect(coverStatus(policy({}, "paid"))).toBe("paid");
  });
});

const claim = (over: Partial<ClaimResponse> = {}): ClaimResponse => ({
  amount: "1000",
  appeal_end: ts(200),
  appeal_fee: "0",
  claim_id: 7,
  claimant: "wasm1c",
  cooldown_end: ts(150),
  cover_id: 3,
  decided_by_governance: false,
  deposit: "50",
  description: "drained",
  filed_at: ts(0),
  outcome: null,
  paid: "0",
  product_id: 1,
  reward: "0",
  reward_settled: "0",
  status: "voting",
  tally: { quorum: "100", quorum_reached: false, supermajority: "0.67", voters_against: 1, voters_for: 3, votes_against: "25", votes_for: "75" },
  voting_end: ts(100),
  ...over,
});

describe("claim stage", () => {
  it("votes until the voting end", () => {
    const s = claimStage(claim(), 40);
    expect(s).toMatchObject({ label: "Voting", canVote: true, canExecute: false, next: 100 });
    expect(s.detail).toBe("Assessors are voting; voting ends in 1 min.");
    expect(claimStage(claim(), 100).canVote).toBe(false);
  });
  it("cools down, then is executable; a denied claim can be appealed in its window", () => {
    expect(claimStage(claim({ status: "cooldown" }), 120)).toMatchObject({ label: "Cooldown", next: 150 });
    expect(claimStage(claim({ status: "executable", outcome: "accepted" }), 160)).toMatchObject({ canExecute: true, label: "Ready to execute" });
    expect(claimStage(claim({ status: "appeal_window", outcome: "denied" }), 150)).toMatchObject({ canAppeal: true, label: "Appeal window" });
    expect(claimStage(claim({ status: "appeal_window" }), 200).canAppeal).toBe(false);
    expect(claimStage(claim({ status: "appealed" }), 1).label).toBe("Appealed to governance");
    expect(claimStage(claim({ status: "paid", executed_at: ts(160) }), 170).detail).toBe("Paid 10 s ago.");
  });
  it("computes the approval share and the deposit as the court does (rounded up)", () => {
    expect(approval(claim())).toBe(0.75);
    expect(approval(claim({ tally: { ...claim().tally, votes_for: "0", votes_against: "0" } }))).toBe(0);
    expect(claimDeposit(1000n, "0.05")).toBe(50n);
    expect(claimDeposit(1001n, "0.05")).toBe(51n);
    expect(mulCeil(3n, "0.333333333333333333")).toBe(1n);
    expect(mulFloor(3n, "0.5")).toBe(1n);
  });
});

const incident = (over: Partial<IncidentResponse> = {}): IncidentResponse => ({
  bond: "100",
  claims: 0,
  confirmable: false,
  dispute_end: ts(60),
  event_only: false,
  incident_id: 1,
  paid: "0",
  payout_ratio: "0.5",
  product_id: 1,
  recorded_at: ts(50),
  reserved: "0",
  source: { report: { evidence: "x", reporter: "wasm1r" } },
  status: "reported",
  time: ts(500),
  waiting_period: 100,
  ...over,
});

describe("incidents", () => {
  it("can be confirmed once the court says so (dispute window over), then claimed until the claim end", () => {
    expect(incidentStage(incident(), 59)).toMatchObject({ canConfirm: false, canClaim: false });
    expect(incidentStage(incident(), 60)).toMatchObject({ canConfirm: false }); // the court says when
    expect(incidentStage(incident({ confirmable: true }), 60)).toMatchObject({ canConfirm: true });
    expect(incidentStage(incident({ status: "confirmed", claim_end: ts(900) }), 100)).toMatchObject({ canClaim: true, label: "Confirmed" });
    expect(incidentStage(incident({ status: "confirmed", claim_end: ts(900) }), 900)).toMatchObject({ canClaim: false, label: "Closed" });
    expect(incidentStage(incident({ status: "confirmed", event_only: true }), 100).canClaim).toBe(false);
  });
  it("pays covers active at the incident time and past their waiting period", () => {
    expect(incidentEligibility(policy(), incident())).toEqual({ eligible: true });
    expect(incidentPayout(policy(), incident())).toBe(500n);
    expect(incidentPayout(policy({ remaining_amount: "300" }), incident())).toBe(300n);
    expect(incidentEligibility(policy(), incident({ time: ts(50) }))).toEqual({ eligible: false, reason: "still in its waiting period at the incident's time" });
    expect(incidentEligibility(policy(), incident({ time: ts(1500) }))).toEqual({ eligible: false, reason: "not active at the incident's time" });
    expect(incidentEligibility(policy({ product_id: 2 }), incident()).eligible).toBe(false);
  });
});

describe("withdrawals held by the minimum capital", () => {
  it("are held when capital net of reserves, less the withdrawal, drops under the minimum", () => {
    expect(heldByMinimumCapital(1000n, 10000n, 0n, 9000n)).toBe(false);
    expect(heldByMinimumCapital(1001n, 10000n, 0n, 9000n)).toBe(true);
    expect(heldByMinimumCapital(1000n, 10000n, 1n, 9000n)).toBe(true);
  });
});
