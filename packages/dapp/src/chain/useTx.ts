// One transaction's life on the page: pending (wallet, then chain), then its hash, or the
// contract's error in words.
import type { ExecuteResult } from "@cosmjs/cosmwasm-stargate";
import { useCallback, useRef, useState } from "react";
import { feeDenom } from "../config";
import { describeError, type TxErrorView } from "../lib/errors";
import { useChain, useNow } from "./ChainContext";
import { useProtocol } from "./ProtocolContext";
import { useWallet, type Signers } from "./WalletContext";

export type TxState =
  | { phase: "idle" }
  | { phase: "pending"; label: string }
  | { phase: "success"; label: string; hash: string; height: number; gasUsed: bigint; result: ExecuteResult }
  | { phase: "error"; label: string; error: TxErrorView };

export interface Tx {
  state: TxState;
  busy: boolean;
  run: (label: string, fn: (s: Signers) => Promise<ExecuteResult>) => Promise<ExecuteResult | null>;
  reset: () => void;
}

export function useTx(): Tx {
  const { config, currency, refresh } = useChain();
  const { signers } = useWallet();
  const protocol = useProtocol();
  const now = useNow();
  const nowRef = useRef(now);
  nowRef.current = now;
  const [state, setState] = useState<TxState>({ phase: "idle" });

  const run = useCallback(
    async (label: string, fn: (s: Signers) => Promise<ExecuteResult>) => {
      if (!signers) {
        setState({ phase: "error", label, error: { sentence: "Connect Keplr first.", detail: "no wallet", kind: "no_wallet" } });
        return null;
      }
      setState({ phase: "pending", label });
      try {
        const result = await fn(signers);
        setState({ phase: "success", label, hash: result.transactionHash, height: result.height, gasUsed: result.gasUsed, result });
        refresh();
        return result;
      } catch (e) {
        setState({
          phase: "error",
          label,
          error: describeError(e, {
            collateral: currency(protocol?.pool.collateral_denom ?? ""),
            assessor: currency(protocol?.court.assessor_denom ?? ""),
            fee: currency(feeDenom(config)),
            nowSeconds: nowRef.current,
          }),
        });
        refresh();
        return null;
      }
    },
    [signers, config, currency, refresh, protocol],
  );
  return { state, busy: state.phase === "pending", run, reset: () => setState({ phase: "idle" }) };
}

