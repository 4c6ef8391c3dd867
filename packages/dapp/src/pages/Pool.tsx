import { fromUtf8, toUtf8 } from "@cosmjs/encoding";
import type { PoolStateResponse } from "@insurance/client/contracts/RiskPool.types";
import { QuerySmartContractStateRequest, QuerySmartContractStateResponse } from "cosmjs-types/cosmwasm/wasm/v1/query";
import { useChain, useChainQuery, type Queries } from "../chain/ChainContext";
import { useProtocol } from "../chain/ProtocolContext";
import { CapitalChart, RateChart } from "../components/Charts";
import { Badge, Card, Collateral, Loading, Notice, Stat } from "../components/ui";
import { formatDuration, formatPercent, formatRatio, formatUnits } from "../lib/format";
import { currentRate, productUtilisation, rateCurve } from "../lib/quote";

/** The pool's state at a past height (abci_query at that height): the capital chart's points. */
async function poolStateAt(q: Queries, pool: string, height: number): Promise<PoolStateResponse | null> {
  try {
    const data = QuerySmartContractStateRequest.encode({ address: pool, queryData: toUtf8(JSON.stringify({ pool_state: {} })) }).finish();
    const res = await q.comet.abciQuery({ path: "/cosmwasm.wasm.v1.Query/SmartContractState", data, height, prove: false });
    if (res.code !== 0) return null;
    return JSON.parse(fromUtf8(QuerySmartContractStateResponse.decode(res.value).data)) as PoolStateResponse;
  } catch {
    return null;
  }
}

const HISTORY_POINTS = 24;

export function PoolPage() {
  const { config, height } = useChain();
  const protocol = useProtocol();
  const state = useChainQuery((q) => Promise.all([q.pool.poolState(), q.pool.products({ limit: 30 }), q.court.state()]), []);
  // Capital over time: from the pool's instantiation to now, sampled, every 10 blocks.
  const history = useChainQuery(
    async (q) => {
      const hist = await q.rpc.wasm.getContractCodeHistory(config.contracts.riskPool);
      const start = Number(hist.entries[0]?.updated?.blockHeight ?? 1n) + 1;
      const end = (await q.comet.status()).syncInfo.latestBlockHeight;
      const step = Math.max(1, Math.floor((end - start) / (HISTORY_POINTS - 1)));
      const heights: number[] = [];
      for (let h = start; h < end; h += step) heights.push(h);
      heights.push(end);
      const states = await Promise.all(heights.map((h) => poolStateAt(q, config.contracts.riskPool, h)));
      return heights.flatMap((h, i) => (states[i] ? [{ height: h, state: states[i]! }] : []));
    },
    [config.contracts.riskPool],
    10,
  );

  if (!state.data || !protocol) return <Loading what="the pool" />;
  const [pool, { products }, court] = state.data;
  const params = protocol.pool.params;
  const c = protocol.collateral;
  const toNum = (raw: string) => Number(formatUnits(raw, c.decimals).replace(/,/g, ""));
  return (
    <div className="page-pool">
      {pool.circuit_breaker_tripped && <Notice tone="warn">The circuit breaker is tripped after large losses: no new cover and no withdrawals until governance resumes it.</Notice>}
      <Card title="Capital" testId="pool-capital">
        <dl className="stats">
          <Stat label="Capital" value={<Collateral raw={pool.total_assets} />} testId="capital" />
          <Stat label="Minimum capital" value={<Collateral raw={pool.minimum_capital} />} hint={`${formatPercent(params.min_capital_ratio)} of active cover`} testId="minimum-capital" />
          <Stat label="Capital ÷ minimum" value={formatRatio(pool.total_assets, pool.minimum_capital)} hint={BigInt(pool.minimum_capital) === 0n ? "no active cover" : undefined} testId="capital-ratio" />
          <Stat label="Active cover" value={<Collateral raw={pool.active_cover} />} testId="active-cover" />
          <Stat label="Capacity left" value={<Collateral raw={pool.capacity_left} />} hint={`of ${formatUnits(pool.capacity, c.decimals, 2)} (${params.capacity_multiple}× capital)`} testId="capacity-left" />
          <Stat label="Utilisation" value={formatPercent(pool.utilisation)} testId="utilisation" />
          <Stat label="Shares outstanding" value={formatUnits(pool.total_shares, 0)} hint={`${formatUnits(pool.active_shares, 0)} earning rewards`} />
          <Stat label="Claims reserved" value={<Collateral raw={court.reserved_claims} />} hint="open claims and confirmed incidents may take this" />
          <Stat label="Covers sold" value={pool.covers_sold} />
        </dl>
      </Card>
      <Card title="Products" testId="products">
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col">Claims</th>
                <th scope="col">Utilisation</th>
                <th scope="col">Capacity left</th>
                <th scope="col">Annual rate now</th>
                <th scope="col">Grace period</th>
              </tr>
            </thead>
            <tbody>
              {products.map((p) => (
                <tr key={p.product.id} data-testid={`product-${p.product.id}`}>
                  <th scope="row">
                    {p.product.name} {p.paused && <Badge tone="warn">paused</Badge>}
                  </th>
                  <td>{p.product.claim_method === "parametric" ? "parametric" : "assessor vote"}</td>
                  <td data-testid="product-utilisation">{formatPercent(productUtilisation(p))}</td>
                  <td data-testid="product-capacity-left">
                    <Collateral raw={p.capacity_left} />
                  </td>
                  <td data-testid="product-rate">{formatPercent(currentRate(p, pool, params.pricing))}</td>
                  <td>{formatDuration(p.product.grace_period)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {products.length === 0 && <p>No product is listed yet.</p>}
      </Card>
      <div className="grid-2">
        <Card title="Rate against utilisation">
          <RateChart
            series={products.map((p) => {
              const base = Number(p.product.base_annual_rate);
              const u = Math.max(productUtilisation(p), Math.min(1, Number(pool.utilisation)));
              return { name: p.product.name, points: rateCurve(base, params.pricing), mark: [u, currentRate(p, pool, params.pricing)] as [number, number] };
            })}
          />
          <p className="hint">
            Base rate plus a surge of up to {formatPercent(params.pricing.surge_rate)} from {formatPercent(params.pricing.surge_start, 0)} utilisation, between {formatPercent(params.pricing.min_annual_rate)} and {formatPercent(params.pricing.max_annual_rate)} a year. Dots: now.
          </p>
        </Card>
        <Card title="Capital over time">
          {history.data ? (
            <CapitalChart points={history.data.map((p) => ({ height: p.height, capital: toNum(p.state.total_assets), minimum: toNum(p.state.minimum_capital) }))} fmt={(v) => `${v >= 1000 ? `${(v / 1000).toFixed(v >= 10000 ? 0 : 1)}k` : v.toFixed(0)}`} />
          ) : (
            <Loading what="the capital history" />
          )}
          <p className="hint">
            In {c.symbol}, read from the chain at past heights{height ? `, up to block ${height}` : ""}.
          </p>
        </Card>
      </div>
      <Card title="Staking terms">
        <p>
          Unbonding takes {formatDuration(params.unbonding_period)}. Premiums: {formatPercent(params.premium_split.stakers)} to stakers, {formatPercent(params.premium_split.treasury)} to the treasury, {formatPercent(params.premium_split.claims_fund)} to the claims fund. Cover lasts {formatDuration(params.min_cover_duration)} to {formatDuration(params.max_cover_duration)}.
        </p>
      </Card>
    </div>
  );
}
