import type { QuoteResponse } from "@insurance/client/contracts/RiskPool.types";
import { useEffect, useState } from "react";
import { useChainQuery } from "../chain/ChainContext";
import { useProtocol } from "../chain/ProtocolContext";
import { useTx } from "../chain/useTx";
import { useWallet } from "../chain/WalletContext";
import { TxStatus } from "../components/TxStatus";
import { ConnectPrompt } from "../components/WalletBar";
import { Card, Collateral, Field, Loading, Notice, Select } from "../components/ui";
import { formatAmount, formatDuration, formatPercent } from "../lib/format";
import { checkPurchase, DURATION_UNITS, maxPremium, type DurationUnit } from "../lib/quote";

/** Value that follows `value` once it has been still for `ms`. */
function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

const eventAttr = (events: readonly { type: string; attributes: readonly { key: string; value: string }[] }[], key: string): string | undefined =>
  events.filter((e) => e.type === "wasm").flatMap((e) => e.attributes).find((a) => a.key === key)?.value;

export function BuyPage() {
  const protocol = useProtocol();
  const wallet = useWallet();
  const tx = useTx();
  const products = useChainQuery((q) => q.pool.products({ limit: 30 }), [], 5);
  const [productId, setProductId] = useState("");
  const [amount, setAmount] = useState("");
  const [duration, setDuration] = useState("30");
  const [unit, setUnit] = useState<DurationUnit>("days");
  const [slippage, setSlippage] = useState("1");
  const [bought, setBought] = useState<string | null>(null);

  const list = products.data?.products ?? [];
  const product = list.find((p) => String(p.product.id) === productId) ?? list[0];
  const c = protocol?.collateral;
  const check =
    protocol && c
      ? checkPurchase({ amount, duration, unit, slippage }, c.decimals, protocol.pool.params, product, c.symbol, (raw) => formatAmount(raw, c), formatDuration)
      : { problems: [] };
  const ready = !!(check.amount && check.duration && product);
  const quoteArgs = useDebounced(ready ? { productId: product!.product.id, amount: check.amount!.toString(), duration: check.duration! } : null, 300);
  // Live: requoted at every few blocks, as the pool's utilisation moves.
  const quote = useChainQuery<QuoteResponse>(quoteArgs ? (q) => q.pool.quote(quoteArgs) : null, [quoteArgs], 3);
  const sale = useChainQuery(product?.product.claim_method === "parametric" ? (q) => q.court.saleStatus({ productId: product.product.id }) : null, [product?.product.id], 5);

  if (!protocol || !c || products.loading) return <Loading what="the products" />;
  const quoteFresh = quote.data && quoteArgs && ready && quoteArgs.amount === check.amount!.toString() && quoteArgs.duration === check.duration && quoteArgs.productId === product!.product.id;
  const max = quoteFresh && check.slippage !== undefined ? maxPremium(BigInt(quote.data!.premium), check.slippage) : null;
  const problem = (f: string) => check.problems.find((p) => p.field === f)?.message;
  const showProblems = amount !== "";

  const buy = async () => {
    if (!ready || max === null) return;
    setBought(null);
    const res = await tx.run("Buying cover", (s) =>
      s.pool.buyCover({ productId: product!.product.id, amount: check.amount!.toString(), duration: check.duration!, maxPremium: max.toString() }, s.fee, undefined, [{ denom: c.denom, amount: max.toString() }]),
    );
    if (res) setBought(eventAttr(res.events, "cover_id") ?? null);
  };

  return (
    <div className="page-buy">
      <Card title="Your cover">
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void buy();
          }}
          aria-describedby="buy-help"
        >
          <p className="hint" id="buy-help">
            Cover pays up to its amount for a covered loss during its term (plus the product's grace period to file). The premium is paid once, now.
          </p>
          <Select label="Product" value={String(product?.product.id ?? "")} onChange={setProductId} options={list.map((p) => ({ value: String(p.product.id), label: `${p.product.name}${p.paused ? " (paused)" : ""}` }))} hint={problem("product") ?? (product ? `${product.product.claim_method === "parametric" ? "Pays a fixed share of the cover when an incident is confirmed" : "Claims are decided by assessors' vote"}; ${formatAmount(product.capacity_left, c)} of cover left.` : undefined)} />
          {sale.data?.blocked && <Notice tone="warn">This product is not sold now: {"incident_open" in sale.data.blocked ? `incident ${sale.data.blocked.incident_open.incident_id} is open on it.` : "its oracle shows the insured event."}</Notice>}
          <Field label={`Amount covered (${c.symbol})`} inputMode="decimal" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} error={showProblems ? problem("amount") : undefined} placeholder="1000" name="amount" />
          <div className="field-pair">
            <Field label="Duration" inputMode="decimal" value={duration} onChange={(e) => setDuration(e.target.value)} error={showProblems ? problem("duration") : undefined} name="duration" hint={`${formatDuration(protocol.pool.params.min_cover_duration)} to ${formatDuration(protocol.pool.params.max_cover_duration)}`} />
            <Select label="Unit" value={unit} onChange={(v) => setUnit(v as DurationUnit)} options={Object.keys(DURATION_UNITS).map((u) => ({ value: u, label: u }))} />
          </div>
          <Field label="Slippage (%)" inputMode="decimal" value={slippage} onChange={(e) => setSlippage(e.target.value)} error={problem("slippage")} name="slippage" hint="How much the premium may rise between the quote and the purchase; any unused part is refunded." />
          <div className="quote" aria-live="polite" data-testid="quote">
            {!ready ? (
              <p className="hint">Enter an amount and a duration for a quote.</p>
            ) : quote.error && !quoteFresh ? (
              <p className="field-error">No quote: {quote.error instanceof Error ? quote.error.message.replace(/.*desc = /, "").replace(/: query wasm contract failed.*/, "") : String(quote.error)}</p>
            ) : !quoteFresh ? (
              <p className="hint">Quoting…</p>
            ) : (
              <dl className="stats">
                <div className="stat">
                  <dt>Premium</dt>
                  <dd data-testid="quote-premium" data-raw={quote.data!.premium}>
                    <Collateral raw={quote.data!.premium} />
                  </dd>
                </div>
                <div className="stat">
                  <dt>Average annual rate</dt>
                  <dd data-testid="quote-rate">{formatPercent(quote.data!.annual_rate, 3)}</dd>
                </div>
                <div className="stat">
                  <dt>Maximum premium</dt>
                  <dd data-testid="quote-max" data-raw={max?.toString()}>
                    {max !== null && <Collateral raw={max} />}
                  </dd>
                </div>
                <div className="stat">
                  <dt>Of which to stakers</dt>
                  <dd>
                    <Collateral raw={quote.data!.to_stakers} />
                  </dd>
                </div>
              </dl>
            )}
          </div>
          {wallet.status === "connected" ? (
            <button type="submit" className="primary" disabled={!quoteFresh || max === null || tx.busy || check.problems.length > 0}>
              Buy cover
            </button>
          ) : (
            <ConnectPrompt what="Buying cover" />
          )}
        </form>
        <TxStatus state={tx.state} testId="buy-tx" />
        {bought && tx.state.phase === "success" && (
          <p className="notice" data-testid="bought">
            Cover #{bought} is yours: see it in <a href="#/covers">My covers</a>.
          </p>
        )}
      </Card>
    </div>
  );
}
