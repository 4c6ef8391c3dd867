import type { TxState } from "../chain/useTx";
import { useChain } from "../chain/ChainContext";

/** Pending, then the hash and block, or the error in words (with the contract's own text below). */
export function TxStatus({ state, testId }: { state: TxState; testId?: string }) {
  const { config } = useChain();
  if (state.phase === "idle") return null;
  if (state.phase === "pending")
    return (
      <p className="tx tx-pending" role="status" aria-live="polite" data-testid={testId}>
        <span className="spinner" aria-hidden="true" /> {state.label}: waiting for your wallet and the chain…
      </p>
    );
  if (state.phase === "success") {
    const link = config.chain.txExplorer?.replace("{hash}", state.hash);
    return (
      <p className="tx tx-success" role="status" aria-live="polite" data-testid={testId}>
        ✓ {state.label}: done in block {state.height}. Transaction{" "}
        {link ? (
          <a href={link} target="_blank" rel="noreferrer">
            <code className="hash">{state.hash}</code>
          </a>
        ) : (
          <code className="hash" title="transaction hash">
            {state.hash}
          </code>
        )}{" "}
        (gas used {state.gasUsed.toString()}).
      </p>
    );
  }
  return (
    <div className="tx tx-error" role="alert" data-testid={testId} data-error-kind={state.error.kind}>
      <p>
        ✗ {state.label} failed. {state.error.sentence}
      </p>
      {state.error.detail !== state.error.sentence && (
        <details>
          <summary>What the chain said</summary>
          <code>{state.error.detail}</code>
        </details>
      )}
    </div>
  );
}
