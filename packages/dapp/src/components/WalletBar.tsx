import { useChain, useChainQuery } from "../chain/ChainContext";
import { useProtocol } from "../chain/ProtocolContext";
import { useWallet } from "../chain/WalletContext";
import { feeDenom } from "../config";
import { formatAmount, shortAddress } from "../lib/format";

export function WalletBar() {
  const w = useWallet();
  const { config, currency } = useChain();
  const protocol = useProtocol();
  const denoms = [...new Set([protocol?.pool.collateral_denom, protocol?.court.assessor_denom, feeDenom(config)].filter((d): d is string => !!d))];
  const balances = useChainQuery(w.address ? (q) => Promise.all(denoms.map((d) => q.cosmwasm.getBalance(w.address!, d))) : null, [w.address, denoms]);

  if (w.status === "no-keplr")
    return (
      <div className="wallet" data-testid="no-keplr">
        <p className="notice notice-warn">
          Keplr is not installed in this browser: you can read the pool, products and claims, but buying, staking and voting need the{" "}
          <a href="https://www.keplr.app/" target="_blank" rel="noreferrer">
            Keplr extension
          </a>
          .
        </p>
      </div>
    );
  if (w.status !== "connected")
    return (
      <div className="wallet">
        <button type="button" className="primary" onClick={() => void w.connect()} disabled={w.status === "connecting"}>
          {w.status === "connecting" ? "Connecting…" : "Connect Keplr"}
        </button>
        {w.error && (
          <p className="field-error" role="alert">
            {w.error}
          </p>
        )}
      </div>
    );
  return (
    <div className="wallet" data-testid="wallet">
      <div>
        <span className="wallet-name">{w.name}</span>{" "}
        <code title={w.address ?? ""} data-testid="wallet-address" data-address={w.address}>
          {shortAddress(w.address ?? "")}
        </code>
      </div>
      <ul className="balances" aria-label="Balances" data-testid="balances">
        {balances.data?.map((b) => (
          <li key={b.denom} data-denom={b.denom}>
            {formatAmount(b.amount, currency(b.denom), 2)}
          </li>
        ))}
      </ul>
      <button type="button" onClick={w.disconnect}>
        Disconnect
      </button>
    </div>
  );
}

/** Asks to connect, for views that need a wallet. */
export function ConnectPrompt({ what }: { what: string }) {
  const w = useWallet();
  if (w.status === "no-keplr")
    return (
      <p className="notice notice-warn" data-testid="needs-keplr">
        {what} needs Keplr, which is not installed in this browser.
      </p>
    );
  return (
    <p className="notice">
      {what} needs your wallet.{" "}
      <button type="button" className="primary" onClick={() => void w.connect()} disabled={w.status === "connecting"}>
        Connect Keplr
      </button>
    </p>
  );
}
