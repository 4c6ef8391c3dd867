// The protocol's configuration (the pool's and the court's), read once and refreshed now and
// then: the collateral and assessor denoms and every governance parameter the views show.
import type { ConfigResponse as CourtConfig } from "@insurance/client/contracts/ClaimsCourt.types";
import type { ConfigResponse as PoolConfig } from "@insurance/client/contracts/RiskPool.types";
import { createContext, useContext, type ReactNode } from "react";
import type { Currency } from "../lib/format";
import { useChain, useChainQuery } from "./ChainContext";

export interface Protocol {
  pool: PoolConfig;
  court: CourtConfig;
  collateral: Currency;
  assessor: Currency;
}

const ProtocolContext = createContext<Protocol | null>(null);

/** The protocol's configuration, or null while it loads (or the chain is unreachable at start). */
export function useProtocol(): Protocol | null {
  return useContext(ProtocolContext);
}

export function ProtocolProvider({ children }: { children: ReactNode }) {
  const { currency } = useChain();
  const { data } = useChainQuery(async (q) => ({ pool: await q.pool.config(), court: await q.court.config() }), [], 60);
  const value = data ? { ...data, collateral: currency(data.pool.collateral_denom), assessor: currency(data.court.assessor_denom) } : null;
  return <ProtocolContext.Provider value={value}>{children}</ProtocolContext.Provider>;
}
