import { fromBech32 } from "@cosmjs/encoding";
import type { PolicyResponse } from "@insurance/client/contracts/CoverNft.types";
import { useState } from "react";
import { useChain, useChainQuery, useNow, type Queries } from "../chain/ChainContext";
import { useTx, type Tx } from "../chain/useTx";
import { useWallet } from "../chain/WalletContext";
import { TxStatus } from "../components/TxStatus";
import { ConnectPrompt } from "../components/WalletBar";
import { Badge, Card, Collateral, Field, Loading } from "../components/ui";
import { formatTime, timestampSeconds } from "../lib/format";
import { COVER_STATUS_LABEL, coverStatus, coverTimeline, type CoverStatus } from "../lib/status";

/** Every cover NFT an address holds, with its policy (pages of 30 tokens). */
export async function coversOf(q: Queries, owner: string): Promise<PolicyResponse[]> {
  const ids: string[] = [];
  for (let startAfter: string | undefined; ; ) {
    const { tokens } = await q.nft.tokens({ owner, limit: 30, startAfter });
    ids.push(...tokens);
    if (tokens.length < 30) break;
    startAfter = tokens[tokens.length - 1];
  }
  const policies = await Promise.all(ids.map((tokenId) => q.nft.policy({ tokenId })));
  return policies.sort((a, b) => b.policy.cover_id - a.policy.cover_id);
}

const TONE: Record<CoverStatus, string> = { active: "ok", grace: "warn", expired: "muted", claim: "info", paid: "done" };

export function CoversPage() {
  const wallet = useWallet();
  const covers = useChainQuery(wallet.address ? (q) => coversOf(q, wallet.address!) : null, [wallet.address], 2);
  const products = useChainQuery((q) => q.pool.products({ limit: 30 }), [], 30);
  const now = useNow();
  // At page level: the status stays when the transferred cover leaves the list.
  const tx = useTx();
  if (!wallet.address) return <ConnectPrompt what="Seeing your covers" />;
  if (!covers.data) return <Loading what="your covers" />;
  const name = (id: number) => products.data?.products.find((p) => p.product.id === id)?.product.name ?? `Product ${id}`;
  return (
    <div className="page-covers">
      <TxStatus state={tx.state} testId="transfer-tx" />
      {covers.data.length === 0 && (
        <p>
          This wallet holds no cover. <a href="#/buy">Buy cover</a>.
        </p>
      )}
      <ul className="cards" aria-label="Your covers">
        {covers.data.map((p) => (
          <CoverCard key={p.token_id} p={p} productName={name(p.policy.product_id)} now={now} tx={tx} />
        ))}
      </ul>
    </div>
  );
}

function CoverCard({ p, productName, now, tx }: { p: PolicyResponse; productName: string; now: number; tx: Tx }) {
  const status = coverStatus(p);
  const [open, setOpen] = useState(false);
  return (
    <li className="card cover" data-testid={`cover-${p.token_id}`} data-status={status}>
      <h2>
        Cover #{p.token_id} · {productName} <Badge tone={TONE[status]}>{COVER_STATUS_LABEL[status]}</Badge>
      </h2>
      <dl className="stats">
        <div className="stat">
          <dt>Cover amount</dt>
          <dd>
            <Collateral raw={p.policy.cover_amount} />
          </dd>
        </div>
        <div className="stat">
          <dt>Remaining</dt>
          <dd data-testid="remaining">
            <Collateral raw={p.policy.remaining_amount} />
          </dd>
        </div>
        <div className="stat">
          <dt>Premium paid</dt>
          <dd>
            <Collateral raw={p.policy.premium} />
          </dd>
        </div>
        <div className="stat">
          <dt>Term</dt>
          <dd>
            {formatTime(timestampSeconds(p.policy.start))} → {formatTime(timestampSeconds(p.policy.end))}
          </dd>
        </div>
      </dl>
      <p className="hint">{coverTimeline(p, now)}</p>
      <div className="actions">
        {(status === "active" || status === "grace") && (
          <a className="button" href={`#/claims?cover=${p.token_id}`}>
            Claim on cover #{p.token_id}
          </a>
        )}
        {status !== "claim" && (
          <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
            Transfer cover #{p.token_id}
          </button>
        )}
      </div>
      {open && <TransferForm tokenId={p.token_id} tx={tx} />}
    </li>
  );
}

function TransferForm({ tokenId, tx }: { tokenId: string; tx: Tx }) {
  const { config } = useChain();
  const [to, setTo] = useState("");
  let error: string | undefined;
  if (to) {
    try {
      if (fromBech32(to.trim()).prefix !== config.chain.bech32Prefix) error = `An address on this chain starts with ${config.chain.bech32Prefix}1.`;
    } catch {
      error = "This is not a valid address.";
    }
  }
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (!error && to) void tx.run(`Transferring cover #${tokenId}`, (s) => s.nft.transferNft({ recipient: to.trim(), tokenId }, s.fee));
      }}
    >
      <Field label="Recipient address" value={to} onChange={(e) => setTo(e.target.value)} error={error} autoComplete="off" spellCheck={false} name="recipient" hint="The new owner receives the policy and its right to claim." />
      <button type="submit" className="primary" disabled={!to || !!error || tx.busy}>
        Send cover #{tokenId}
      </button>
    </form>
  );
}
