import type { ClaimResponse, VoteResponse } from "@insurance/client/contracts/ClaimsCourt.types";
import { useState } from "react";
import { useChainQuery, useNow, type Queries } from "../chain/ChainContext";
import { useProtocol } from "../chain/ProtocolContext";
import { useTx, type Tx } from "../chain/useTx";
import { useWallet } from "../chain/WalletContext";
import { ClaimCard } from "../components/ClaimCard";
import { TxStatus } from "../components/TxStatus";
import { ConnectPrompt } from "../components/WalletBar";
import { Amount, Card, Field, Loading, Stat } from "../components/ui";
import { formatAmount, formatDuration, formatPercent, parseAmount, relativeTime, timestampSeconds } from "../lib/format";

const RECENT = 30;

/** The latest claims, newest first (claim ids run from 1 to `claims_filed`). */
async function recentClaims(q: Queries): Promise<ClaimResponse[]> {
  const { claims_filed } = await q.court.state();
  const ids = Array.from({ length: Math.min(RECENT, claims_filed) }, (_, i) => claims_filed - i);
  return Promise.all(ids.map((claimId) => q.court.claim({ claimId })));
}

export function AssessorsPage() {
  const wallet = useWallet();
  const protocol = useProtocol();
  const tx = useTx();
  const claims = useChainQuery(recentClaims, []);
  const me = useChainQuery(
    wallet.address
      ? async (q) => {
          const [assessor, votes, state] = await Promise.all([q.court.assessor({ address: wallet.address! }), q.court.assessorVotes({ address: wallet.address!, limit: 30 }), q.court.state()]);
          return { assessor, votes: votes.votes, state };
        }
      : null,
    [wallet.address],
  );
  if (!protocol) return <Loading what="the claims court" />;
  const a = protocol.assessor;
  const params = protocol.court.params;
  const voted = new Map((me.data?.votes ?? []).map((v) => [v.claim_id, v]));
  const open = (claims.data ?? []).filter((c) => c.status === "voting");
  const closed = (claims.data ?? []).filter((c) => c.status !== "voting");
  return (
    <div className="page-assessors">
      <TxStatus state={tx.state} testId="assessors-tx" />
      <Card title="Your bond" testId="bond">
        {!wallet.address ? (
          <ConnectPrompt what="Assessing claims" />
        ) : !me.data ? (
          <Loading what="your bond" />
        ) : (
          <>
            <dl className="stats">
              <Stat label="Bonded" value={<Amount raw={me.data.assessor.bonded} currency={a} />} testId="bonded" />
              <Stat label="Voting weight" value={<Amount raw={me.data.assessor.voting_weight} currency={a} />} hint={`capped at ${formatPercent(params.voter_cap, 0)} of all bonded (${formatAmount(me.data.state.total_bonded, a, 0)})`} testId="voting-weight" />
              <Stat label="Unbonding" value={<Amount raw={me.data.assessor.unbonding} currency={a} />} hint={me.data.assessor.unbonding_release ? <Release at={me.data.assessor.unbonding_release} /> : undefined} testId="assessor-unbonding" />
              <Stat label="Open votes" value={me.data.assessor.open_votes} />
            </dl>
            <div className="grid-2">
              <BondForm tx={tx} />
              <UnbondForm tx={tx} bonded={BigInt(me.data.assessor.bonded)} lockedUntil={me.data.assessor.locked_until} />
            </div>
            {BigInt(me.data.assessor.unbonding) > 0n && (
              <button type="button" className="primary" disabled={tx.busy} onClick={() => void tx.run("Withdrawing the unbonded bond", (s) => s.court.withdrawBond(s.fee))}>
                Withdraw unbonded {formatAmount(me.data.assessor.unbonding, a)}
              </button>
            )}
            <p className="hint">
              A vote counts your bond up to {formatPercent(params.voter_cap, 0)} of all bonded. A claim passes with {formatPercent(params.supermajority, 0)} of the votes and a quorum of {formatPercent(params.quorum, 0)} of the bond at filing (at least {formatAmount(params.min_quorum, a, 0)}). Voters on the winning side share {formatPercent(params.assessor_reward_ratio)} of the claim; the losing side loses {formatPercent(params.slash_ratio)} of its weight. Unbonding takes {formatDuration(params.assessor_unbonding_period)}.
            </p>
          </>
        )}
      </Card>
      <Card title="Open claims" testId="open-claims">
        {!claims.data ? (
          <Loading what="the claims" />
        ) : open.length === 0 ? (
          <p>No claim is being voted on.</p>
        ) : (
          <ul className="cards">
            {open.map((c) => (
              <ClaimCard key={c.claim_id} claim={c} actions={wallet.address ? <VoteButtons claim={c} vote={voted.get(c.claim_id)} tx={tx} canVote={BigInt(me.data?.assessor.bonded ?? "0") > 0n} /> : undefined} />
            ))}
          </ul>
        )}
      </Card>
      {wallet.address && me.data && me.data.votes.length > 0 && (
        <Card title="My votes" testId="my-votes">
          <ul className="plain">
            {me.data.votes.map((v) => (
              <li key={v.claim_id} data-testid={`vote-${v.claim_id}`}>
                Claim #{v.claim_id}: {v.approve ? "approve" : "deny"} with {formatAmount(v.weight, a, 0)} ·{" "}
                {v.settled ? "settled" : BigInt(v.pending_reward) > 0n ? `reward ${formatAmount(v.pending_reward, protocol.collateral)}` : BigInt(v.pending_slash) > 0n ? `slash ${formatAmount(v.pending_slash, a)}` : "pending"}{" "}
                {v.settleable && !v.settled && (
                  <button type="button" disabled={tx.busy} onClick={() => void tx.run(`Settling your vote on claim #${v.claim_id}`, (s) => s.court.settleVote({ claimId: v.claim_id }, s.fee))}>
                    Settle vote on claim #{v.claim_id}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Card title="Recent decided claims">
        {closed.length === 0 ? (
          <p>None yet.</p>
        ) : (
          <ul className="cards">
            {closed.map((c) => (
              <ClaimCard
                key={c.claim_id}
                claim={c}
                actions={
                  c.status === "executable" && wallet.address ? (
                    <button type="button" disabled={tx.busy} onClick={() => void tx.run(`Executing claim #${c.claim_id}`, (s) => s.court.executeClaim({ claimId: c.claim_id }, s.fee))}>
                      Execute claim #{c.claim_id}
                    </button>
                  ) : undefined
                }
              />
            ))}
          </ul>
        )}
      </Card>
    </div>
  );
}

function Release({ at }: { at: string }) {
  const now = useNow();
  const s = timestampSeconds(at);
  return <>{now >= s ? "released: withdraw it" : `released ${relativeTime(s, now)}`}</>;
}

function VoteButtons({ claim, vote, tx, canVote }: { claim: ClaimResponse; vote?: VoteResponse; tx: Tx; canVote: boolean }) {
  if (vote) return <p data-testid="my-vote">You voted to {vote.approve ? "approve" : "deny"} with {vote.weight} units of weight.</p>;
  if (!canVote) return <p className="hint">Bond to vote.</p>;
  const cast = (approve: boolean) => void tx.run(`${approve ? "Approving" : "Denying"} claim #${claim.claim_id}`, (s) => s.court.vote({ claimId: claim.claim_id, approve }, s.fee));
  return (
    <>
      <button type="button" className="primary" disabled={tx.busy} onClick={() => cast(true)}>
        Approve claim #{claim.claim_id}
      </button>
      <button type="button" disabled={tx.busy} onClick={() => cast(false)}>
        Deny claim #{claim.claim_id}
      </button>
    </>
  );
}

function BondForm({ tx }: { tx: Tx }) {
  const protocol = useProtocol()!;
  const a = protocol.assessor;
  const [amount, setAmount] = useState("");
  const parsed = parseAmount(amount, a.decimals);
  const error = amount === "" ? undefined : !parsed.ok ? parsed.error : parsed.value === 0n ? "Enter an amount above zero." : undefined;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed.ok && !error) void tx.run(`Bonding ${formatAmount(parsed.value, a)}`, (s) => s.court.bond(s.fee, undefined, [{ denom: a.denom, amount: parsed.value.toString() }]));
      }}
    >
      <Field label={`Bond (${a.symbol})`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} error={error} name="bond-amount" autoComplete="off" />
      <button type="submit" className="primary" disabled={!parsed.ok || !!error || tx.busy}>
        Bond
      </button>
    </form>
  );
}

function UnbondForm({ tx, bonded, lockedUntil }: { tx: Tx; bonded: bigint; lockedUntil: string }) {
  const protocol = useProtocol()!;
  const now = useNow();
  const a = protocol.assessor;
  const [amount, setAmount] = useState("");
  const parsed = parseAmount(amount, a.decimals);
  const error = amount === "" ? undefined : !parsed.ok ? parsed.error : parsed.value === 0n ? "Enter an amount above zero." : parsed.value > bonded ? `You have ${formatAmount(bonded, a)} bonded.` : undefined;
  const locked = timestampSeconds(lockedUntil);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed.ok && !error) void tx.run(`Unbonding ${formatAmount(parsed.value, a)}`, (s) => s.court.unbond({ amount: parsed.value.toString() }, s.fee));
      }}
    >
      <Field label={`Unbond (${a.symbol})`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} error={error} name="unbond-amount" autoComplete="off" hint={locked > now ? `A claim you voted on may still be open: unbonding is possible ${relativeTime(locked, now)}.` : undefined} />
      <button type="submit" disabled={!parsed.ok || !!error || tx.busy}>
        Unbond
      </button>
    </form>
  );
}
