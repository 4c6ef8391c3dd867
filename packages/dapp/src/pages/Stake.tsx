import type { UnbondingResponse } from "@insurance/client/contracts/RiskPool.types";
import { useState } from "react";
import { useChainQuery, useNow } from "../chain/ChainContext";
import { useProtocol } from "../chain/ProtocolContext";
import { useTx, type Tx } from "../chain/useTx";
import { useWallet } from "../chain/WalletContext";
import { TxStatus } from "../components/TxStatus";
import { ConnectPrompt } from "../components/WalletBar";
import { Card, Collateral, Field, Loading, Notice, Stat } from "../components/ui";
import { formatAmount, formatDuration, formatPercent, formatUnits, parseAmount, relativeTime, timestampSeconds } from "../lib/format";

/**
 * Whether paying `value` now would take the pool under its minimum capital: the pool pays
 * withdrawals out of capital net of what open claims may take, and refuses one that would leave
 * that under `min_capital_ratio × active cover` (the contract decides; this only explains).
 */
export function heldByMinimumCapital(value: bigint, totalAssets: bigint, reserved: bigint, minimumCapital: bigint): boolean {
  return totalAssets - reserved - value < minimumCapital;
}

export function StakePage() {
  const wallet = useWallet();
  const protocol = useProtocol();
  const tx = useTx();
  const data = useChainQuery(
    wallet.address
      ? async (q) => {
          const [staker, unbondings, pool, court] = await Promise.all([q.pool.staker({ address: wallet.address! }), q.pool.unbondings({ staker: wallet.address!, limit: 30 }), q.pool.poolState(), q.court.state()]);
          return { staker, unbondings: unbondings.unbondings, pool, court };
        }
      : null,
    [wallet.address],
  );
  if (!wallet.address) return <ConnectPrompt what="Staking" />;
  if (!protocol || !data.data) return <Loading what="your position" />;
  const { staker, unbondings, pool, court } = data.data;
  const c = protocol.collateral;
  return (
    <div className="page-stake">
      <TxStatus state={tx.state} testId="stake-tx" />
      <Card title="Your position" testId="position">
        <dl className="stats">
          <Stat label="Shares" value={formatUnits(staker.shares, 0)} hint="earning rewards (unbonding ones below)" testId="shares" />
          <Stat label="Value" value={<Collateral raw={staker.value} />} hint="of those shares" testId="value" />
          <Stat label="Pending rewards" value={<Collateral raw={staker.pending_rewards} />} testId="pending-rewards" />
          <Stat label="Unbonding shares" value={formatUnits(staker.unbonding_shares, 0)} testId="unbonding-shares" />
        </dl>
        <p className="hint">Your shares carry the pool's losses pro rata and earn {formatPercent(protocol.pool.params.premium_split.stakers)} of premiums as they stream over each cover's term.</p>
        <button type="button" disabled={tx.busy || BigInt(staker.pending_rewards) === 0n} onClick={() => void tx.run("Claiming rewards", (s) => s.pool.claimRewards(s.fee))}>
          Claim rewards
        </button>
      </Card>
      <div className="grid-2">
        <Card title="Deposit">
          <DepositForm tx={tx} />
        </Card>
        <Card title="Unbond">
          <UnbondForm tx={tx} shares={BigInt(staker.shares)} price={pool.share_price} />
          <p className="hint">Unbonding takes {formatDuration(protocol.pool.params.unbonding_period)}; the shares keep bearing losses until withdrawn, and earn no more rewards.</p>
        </Card>
      </div>
      <Card title="Unbondings" testId="unbondings">
        {unbondings.length === 0 ? (
          <p>Nothing is unbonding.</p>
        ) : (
          <ul className="cards">
            {unbondings.map((u) => (
              <UnbondingRow key={u.id} u={u} tx={tx} held={heldByMinimumCapital(BigInt(u.value), BigInt(pool.total_assets), BigInt(court.reserved_claims), BigInt(pool.minimum_capital))} minimum={pool.minimum_capital} />
            ))}
          </ul>
        )}
        <p className="hint">
          Capital now {formatAmount(pool.total_assets, c)}, of which open claims may take {formatAmount(court.reserved_claims, c)}; the active cover of {formatAmount(pool.active_cover, c)} needs at least {formatAmount(pool.minimum_capital, c)} to stay.
        </p>
      </Card>
    </div>
  );
}

function DepositForm({ tx }: { tx: Tx }) {
  const protocol = useProtocol()!;
  const c = protocol.collateral;
  const [amount, setAmount] = useState("");
  const parsed = parseAmount(amount, c.decimals);
  const error = amount === "" ? undefined : !parsed.ok ? parsed.error : parsed.value === 0n ? "Enter an amount above zero." : undefined;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed.ok && !error) void tx.run(`Depositing ${formatAmount(parsed.value, c)}`, (s) => s.pool.deposit(s.fee, undefined, [{ denom: c.denom, amount: parsed.value.toString() }]));
      }}
    >
      <Field label={`Amount (${c.symbol})`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} error={error} name="deposit-amount" autoComplete="off" />
      <button type="submit" className="primary" disabled={!parsed.ok || !!error || tx.busy}>
        Deposit
      </button>
    </form>
  );
}

function UnbondForm({ tx, shares, price }: { tx: Tx; shares: bigint; price: string }) {
  const protocol = useProtocol()!;
  const [value, setValue] = useState("");
  const parsed = parseAmount(value, 0);
  const error = value === "" ? undefined : !parsed.ok ? "Enter a whole number of shares." : parsed.value === 0n ? "Enter a number above zero." : parsed.value > shares ? `You have ${formatUnits(shares, 0)} shares to unbond.` : undefined;
  const worth = parsed.ok ? Number(parsed.value) * Number(price) : 0;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed.ok && !error) void tx.run(`Unbonding ${parsed.value} shares`, (s) => s.pool.requestUnbond({ shares: parsed.value.toString() }, s.fee));
      }}
    >
      <Field
        label="Shares"
        inputMode="numeric"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        error={error}
        name="unbond-shares"
        autoComplete="off"
        hint={parsed.ok && !error ? `About ${formatAmount(BigInt(Math.floor(worth)), protocol.collateral)} at today's share price.` : `${formatUnits(shares, 0)} available.`}
        suffix={
          <button type="button" onClick={() => setValue(shares.toString())}>
            Max
          </button>
        }
      />
      <button type="submit" className="primary" disabled={!parsed.ok || !!error || tx.busy}>
        Request unbonding
      </button>
    </form>
  );
}

function UnbondingRow({ u, tx, held, minimum }: { u: UnbondingResponse; tx: Tx; held: boolean; minimum: string }) {
  const now = useNow();
  const release = timestampSeconds(u.release_at);
  // The contract's word (at the latest block): the clock here only counts down.
  const ready = u.withdrawable;
  return (
    <li className="card unbonding" data-testid={`unbonding-${u.id}`}>
      <p>
        Unbonding #{u.id}: {u.shares} shares worth <Collateral raw={u.value} /> ·{" "}
        <span data-testid="countdown">{ready ? "released: withdraw it now" : now >= release ? "released at the next block" : `released ${relativeTime(release, now)}`}</span>
      </p>
      {ready && held && (
        <Notice tone="warn" testId="held-by-minimum">
          Held by the minimum capital: paying this now would leave the pool under the <Collateral raw={minimum} /> its active cover requires. It can be withdrawn once cover expires or new capital arrives.
        </Notice>
      )}
      <button type="button" className="primary" disabled={!ready || tx.busy} onClick={() => void tx.run(`Withdrawing unbonding #${u.id}`, (s) => s.pool.withdraw({ unbondingId: u.id }, s.fee))}>
        Withdraw #{u.id}
      </button>
    </li>
  );
}
