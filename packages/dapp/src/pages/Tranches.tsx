import type { RedemptionResponse, Tranche, TrancheResponse } from "@insurance/client/contracts/TrancheVault.types";
import { useState } from "react";
import { useChain, useChainQuery, useNow } from "../chain/ChainContext";
import { useProtocol } from "../chain/ProtocolContext";
import { useTx, type Tx } from "../chain/useTx";
import { useWallet } from "../chain/WalletContext";
import { TxStatus } from "../components/TxStatus";
import { ConnectPrompt } from "../components/WalletBar";
import { Amount, Card, Collateral, Field, Loading, Notice, Select, Stat } from "../components/ui";
import { balanceQuery, REDEEM_HOOK, sendMsg, tokenInfoQuery, type Balance, type TokenInfo } from "../lib/cw20";
import { formatAmount, formatPercent, parseAmount, relativeTime, timestampSeconds, type Currency } from "../lib/format";

export function TranchesPage() {
  const wallet = useWallet();
  const protocol = useProtocol();
  const tx = useTx();
  const vault = useChainQuery(
    async (q) => {
      if (!q.vault) return null;
      const [state, sub, config] = await Promise.all([q.vault.state(), q.vault.subordination(), q.vault.config()]);
      const [seniorInfo, juniorInfo] = await Promise.all([config.senior_token, config.junior_token].map((t) => q.cosmwasm.queryContractSmart(t, tokenInfoQuery) as Promise<TokenInfo>));
      return { state, sub, config, seniorInfo, juniorInfo };
    },
    [],
  );
  const mine = useChainQuery(
    wallet.address && vault.data
      ? async (q) => {
          const [senior, junior] = await Promise.all([vault.data!.config.senior_token, vault.data!.config.junior_token].map((t) => q.cosmwasm.queryContractSmart(t, balanceQuery(wallet.address!)) as Promise<Balance>));
          const { redemptions } = await q.vault!.redemptions({ owner: wallet.address!, limit: 30 });
          return { senior: senior.balance, junior: junior.balance, redemptions };
        }
      : null,
    [wallet.address, vault.data?.config.senior_token],
  );
  if (vault.data === null) return <Notice>This deployment has no tranche vault.</Notice>;
  if (!protocol || !vault.data) return <Loading what="the tranche vault" />;
  const { state, sub, config, seniorInfo, juniorInfo } = vault.data;
  const tokens: Record<Tranche, Currency & { address: string }> = {
    senior: { denom: config.senior_token, address: config.senior_token, symbol: seniorInfo.symbol, decimals: seniorInfo.decimals },
    junior: { denom: config.junior_token, address: config.junior_token, symbol: juniorInfo.symbol, decimals: juniorInfo.decimals },
  };
  return (
    <div className="page-tranches">
      <TxStatus state={tx.state} testId="tranches-tx" />
      <div className="grid-2">
        <TrancheCard t={state.senior} token={tokens.senior} title="Senior" blurb={`Earns a target of ${formatPercent(state.senior.target_rate ?? config.params.senior_target_rate)} a year first, and stays whole while junior has value.`} />
        <TrancheCard t={state.junior} token={tokens.junior} title="Junior" blurb="Absorbs the pool's losses first and earns the rest of the income." />
      </div>
      <Card title="Subordination" testId="subordination">
        <dl className="stats">
          <Stat label="Junior share of the vault" value={formatPercent(sub.junior_share, 1)} hint={`minimum ${formatPercent(sub.minimum, 0)} for senior deposits`} testId="junior-share" />
          <Stat label="Senior value" value={<Collateral raw={sub.senior_value} />} />
          <Stat label="Junior value" value={<Collateral raw={sub.junior_value} />} />
          <Stat label="Vault value" value={<Collateral raw={state.total_value} />} />
        </dl>
      </Card>
      {!wallet.address ? (
        <ConnectPrompt what="Depositing in a tranche" />
      ) : (
        <>
          <Card title="Your tranche tokens" testId="my-tranches">
            {mine.data ? (
              <dl className="stats">
                <Stat label={tokens.senior.symbol} value={<Amount raw={mine.data.senior} currency={tokens.senior} />} testId="senior-balance" />
                <Stat label={tokens.junior.symbol} value={<Amount raw={mine.data.junior} currency={tokens.junior} />} testId="junior-balance" />
              </dl>
            ) : (
              <Loading what="your balances" />
            )}
          </Card>
          <div className="grid-2">
            <Card title="Deposit">
              <DepositForm tx={tx} />
            </Card>
            <Card title="Redeem">
              <RedeemForm tx={tx} tokens={tokens} balances={mine.data ? { senior: BigInt(mine.data.senior), junior: BigInt(mine.data.junior) } : null} />
            </Card>
          </div>
          <Card title="Redemptions" testId="redemptions">
            {!mine.data || mine.data.redemptions.length === 0 ? (
              <p>No redemption in progress.</p>
            ) : (
              <ul className="cards">
                {mine.data.redemptions.map((r) => (
                  <RedemptionRow key={r.id} r={r} tx={tx} token={tokens[r.tranche]} />
                ))}
              </ul>
            )}
          </Card>
        </>
      )}
    </div>
  );
}

function TrancheCard({ t, token, title, blurb }: { t: TrancheResponse; token: Currency; title: string; blurb: string }) {
  return (
    <Card title={`${title} (${token.symbol})`} testId={`tranche-${t.tranche}`}>
      <dl className="stats">
        <Stat label="Price" value={`${Number(t.price).toFixed(6)}`} hint={`collateral per ${token.symbol}`} testId="price" />
        <Stat label="Value" value={<Collateral raw={t.value} />} />
        <Stat label="Supply" value={<Amount raw={t.supply} currency={token} />} />
      </dl>
      <p className="hint">{blurb}</p>
    </Card>
  );
}

function DepositForm({ tx }: { tx: Tx }) {
  const protocol = useProtocol()!;
  const c = protocol.collateral;
  const [tranche, setTranche] = useState<Tranche>("junior");
  const [amount, setAmount] = useState("");
  const parsed = parseAmount(amount, c.decimals);
  const error = amount === "" ? undefined : !parsed.ok ? parsed.error : parsed.value === 0n ? "Enter an amount above zero." : undefined;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed.ok && !error) void tx.run(`Depositing ${formatAmount(parsed.value, c)} in ${tranche}`, (s) => s.vault!.deposit({ tranche }, s.fee, undefined, [{ denom: c.denom, amount: parsed.value.toString() }]));
      }}
    >
      <Select label="Tranche" value={tranche} onChange={(v) => setTranche(v as Tranche)} options={[{ value: "junior", label: "Junior" }, { value: "senior", label: "Senior" }]} />
      <Field label={`Amount (${c.symbol})`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} error={error} name="tranche-amount" autoComplete="off" />
      <button type="submit" className="primary" disabled={!parsed.ok || !!error || tx.busy}>
        Deposit in {tranche}
      </button>
    </form>
  );
}

function RedeemForm({ tx, tokens, balances }: { tx: Tx; tokens: Record<Tranche, Currency & { address: string }>; balances: Record<Tranche, bigint> | null }) {
  const { config } = useChain();
  const [tranche, setTranche] = useState<Tranche>("junior");
  const [amount, setAmount] = useState("");
  const token = tokens[tranche];
  const parsed = parseAmount(amount, token.decimals);
  const have = balances?.[tranche] ?? 0n;
  const error = amount === "" ? undefined : !parsed.ok ? parsed.error : parsed.value === 0n ? "Enter an amount above zero." : parsed.value > have ? `You hold ${formatAmount(have, token)}.` : undefined;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (parsed.ok && !error)
          void tx.run(`Redeeming ${formatAmount(parsed.value, token)}`, (s) => s.client.execute(s.address, token.address, sendMsg(config.contracts.trancheVault!, parsed.value.toString(), REDEEM_HOOK), s.fee));
      }}
    >
      <Select label="Tranche" value={tranche} onChange={(v) => setTranche(v as Tranche)} options={[{ value: "junior", label: `Junior (${tokens.junior.symbol})` }, { value: "senior", label: `Senior (${tokens.senior.symbol})` }]} />
      <Field label={`Tokens (${token.symbol})`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} error={error} name="redeem-amount" autoComplete="off" hint="The vault burns them and unbonds their value from the pool; withdraw it when released." />
      <button type="submit" disabled={!parsed.ok || !!error || tx.busy}>
        Redeem {token.symbol}
      </button>
    </form>
  );
}

function RedemptionRow({ r, tx, token }: { r: RedemptionResponse; tx: Tx; token: Currency }) {
  const now = useNow();
  const release = timestampSeconds(r.release_at);
  const ready = r.withdrawable;
  return (
    <li className="card" data-testid={`redemption-${r.id}`}>
      <p>
        Redemption #{r.id}: {formatAmount(r.tokens, token)} worth <Collateral raw={r.value} /> · <span data-testid="countdown">{ready ? "released: withdraw it now" : now >= release ? "released at the next block" : `released ${relativeTime(release, now)}`}</span>
      </p>
      <button type="button" className="primary" disabled={!ready || tx.busy} onClick={() => void tx.run(`Withdrawing redemption #${r.id}`, (s) => s.vault!.withdrawRedemption({ redemptionId: r.id }, s.fee))}>
        Withdraw redemption #{r.id}
      </button>
    </li>
  );
}
