// The chain as the app sees it: query clients of the protocol's contracts, the latest height and
// block time, display units of the denoms, and whether the node answers. Polls the node; when it
// stops answering the app says so and keeps the last data; when it answers again every view
// refetches.
import { CosmWasmClient, setupWasmExtension, type WasmExtension } from "@cosmjs/cosmwasm-stargate";
import { QueryClient, setupBankExtension, type BankExtension } from "@cosmjs/stargate";
import { connectComet, type CometClient } from "@cosmjs/tendermint-rpc";
import { ClaimsCourtQueryClient } from "@insurance/client/contracts/ClaimsCourt.client";
import { CoverNftQueryClient } from "@insurance/client/contracts/CoverNft.client";
import { RiskPoolQueryClient } from "@insurance/client/contracts/RiskPool.client";
import { TrancheVaultQueryClient } from "@insurance/client/contracts/TrancheVault.client";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { feeDenom, type AppConfig } from "../config";
import { currencyOf, type Currency } from "../lib/format";

export interface Queries {
  cosmwasm: CosmWasmClient;
  rpc: QueryClient & BankExtension & WasmExtension;
  comet: CometClient;
  pool: RiskPoolQueryClient;
  nft: CoverNftQueryClient;
  court: ClaimsCourtQueryClient;
  vault?: TrancheVaultQueryClient;
}

export type ChainStatus = "connecting" | "online" | "offline";

export interface ChainState {
  config: AppConfig;
  status: ChainStatus;
  height: number | null;
  /** Chain time of the latest block, in seconds. */
  blockTime: number | null;
  /** Browser time when blockTime was read (to run clocks between polls). */
  readAt: number;
  /** Since when the node has not answered (ms), when offline. */
  outageSince: number | null;
  /** True for a few seconds after the node answered again. */
  recovered: boolean;
  /** Bumps at every new block and after a transaction: views refetch on it. */
  tick: number;
  queries: Queries | null;
  currencies: Currency[];
  currency: (denom: string) => Currency;
  refresh: () => void;
}

/** Exported for component tests, which provide a fixed chain state. */
export const ChainContext = createContext<ChainState | null>(null);

export function useChain(): ChainState {
  const c = useContext(ChainContext);
  if (!c) throw new Error("useChain outside ChainProvider");
  return c;
}

async function connect(config: AppConfig): Promise<Queries> {
  const comet = await connectComet(config.chain.rpc);
  const cosmwasm = await CosmWasmClient.create(comet);
  const rpc = QueryClient.withExtensions(comet, setupBankExtension, setupWasmExtension);
  const c = config.contracts;
  return {
    comet,
    cosmwasm,
    rpc,
    pool: new RiskPoolQueryClient(cosmwasm, c.riskPool),
    nft: new CoverNftQueryClient(cosmwasm, c.coverNft),
    court: new ClaimsCourtQueryClient(cosmwasm, c.claimsCourt),
    vault: c.trancheVault ? new TrancheVaultQueryClient(cosmwasm, c.trancheVault) : undefined,
  };
}

/** Display units from the chain's bank denom metadata (the display unit's exponent). */
async function chainCurrencies(q: Queries): Promise<Currency[]> {
  try {
    const metas = await q.rpc.bank.denomsMetadata();
    return metas.map((m) => {
      const display = m.denomUnits.find((u) => u.denom === m.display);
      return { denom: m.base, symbol: m.symbol || m.display.toUpperCase(), decimals: display?.exponent ?? 0 };
    });
  } catch {
    return [];
  }
}

export function ChainProvider({ config, children }: { config: AppConfig; children: ReactNode }) {
  const [queries, setQueries] = useState<Queries | null>(null);
  const [status, setStatus] = useState<ChainStatus>("connecting");
  const [height, setHeight] = useState<number | null>(null);
  const [blockTime, setBlockTime] = useState<number | null>(null);
  const [readAt, setReadAt] = useState(Date.now());
  const [outageSince, setOutageSince] = useState<number | null>(null);
  const [recovered, setRecovered] = useState(false);
  const [tick, setTick] = useState(0);
  const [metaCurrencies, setMetaCurrencies] = useState<Currency[]>([]);
  const queriesRef = useRef<Queries | null>(null);
  const statusRef = useRef<ChainStatus>("connecting");

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let recoveredTimer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        let q = queriesRef.current;
        if (!q) {
          q = await connect(config);
          if (stopped) return;
          queriesRef.current = q;
          setQueries(q);
          setMetaCurrencies(await chainCurrencies(q));
        }
        const s = await q.comet.status();
        if (stopped) return;
        const h = s.syncInfo.latestBlockHeight;
        setHeight((prev) => {
          if (prev !== h) setTick((t) => t + 1);
          return h;
        });
        setBlockTime(Math.floor(s.syncInfo.latestBlockTime.getTime() / 1000));
        setReadAt(Date.now());
        if (statusRef.current === "offline") {
          setRecovered(true);
          clearTimeout(recoveredTimer);
          recoveredTimer = setTimeout(() => setRecovered(false), 8000);
          setTick((t) => t + 1);
        }
        statusRef.current = "online";
        setStatus("online");
        setOutageSince(null);
      } catch {
        if (stopped) return;
        if (statusRef.current !== "offline") setOutageSince(Date.now());
        statusRef.current = "offline";
        setStatus("offline");
        setRecovered(false);
      }
      if (!stopped) timer = setTimeout(poll, config.pollIntervalMs);
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
      clearTimeout(recoveredTimer);
    };
  }, [config]);

  const currencies = useMemo(() => {
    const merged = [...metaCurrencies];
    for (const c of config.chain.currencies) if (!merged.some((m) => m.denom === c.denom)) merged.push(c);
    const fee = feeDenom(config);
    if (!merged.some((m) => m.denom === fee)) merged.push({ denom: fee, symbol: fee.toUpperCase(), decimals: 0 });
    return merged;
  }, [metaCurrencies, config]);
  const currency = useCallback((denom: string) => currencyOf(denom, currencies), [currencies]);
  const refresh = useCallback(() => setTick((t) => t + 1), []);

  const value: ChainState = { config, status, height, blockTime, readAt, outageSince, recovered, tick, queries, currencies, currency, refresh };
  return <ChainContext.Provider value={value}>{children}</ChainContext.Provider>;
}

/** The chain's time now, in seconds, ticking every second between polls. */
export function useNow(): number {
  const { blockTime, readAt } = useChain();
  const [, setBeat] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setBeat((b) => b + 1), 1000);
    return () => clearInterval(t);
  }, []);
  if (blockTime === null) return Math.floor(Date.now() / 1000);
  return blockTime + Math.floor((Date.now() - readAt) / 1000);
}

export interface QueryResult<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
}

/**
 * Runs `fn` against the query clients now and again at every `tick` (new block, transaction),
 * at most every `everyTicks` ticks; keeps the last data while the node is down.
 */
export function useChainQuery<T>(fn: ((q: Queries) => Promise<T>) | null, deps: unknown[], everyTicks = 1): QueryResult<T> {
  const { queries, tick, status } = useChain();
  const [state, setState] = useState<QueryResult<T>>({ data: undefined, error: undefined, loading: true });
  const lastTick = useRef(-Infinity);
  const inFlight = useRef(false);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const depsKey = JSON.stringify(deps);
  const lastKey = useRef(depsKey);
  // A result applies only to the deps it was asked for.
  const generation = useRef(0);

  useEffect(() => {
    const f = fnRef.current;
    if (!queries || !f || status === "offline") return;
    const keyChanged = lastKey.current !== depsKey;
    if (keyChanged) {
      generation.current += 1;
      lastKey.current = depsKey;
      setState({ data: undefined, error: undefined, loading: true });
    } else if (inFlight.current || tick - lastTick.current < everyTicks) return;
    lastTick.current = tick;
    inFlight.current = true;
    const gen = generation.current;
    f(queries)
      .then((data) => gen === generation.current && setState({ data, error: undefined, loading: false }))
      .catch((error: unknown) => gen === generation.current && setState((s) => ({ data: s.data, error, loading: false })))
      .finally(() => {
        if (gen === generation.current) inFlight.current = false;
      });
  }, [queries, tick, status, depsKey, everyTicks]);

  if (!fn) return { data: undefined, error: undefined, loading: false };
  return state;
}
