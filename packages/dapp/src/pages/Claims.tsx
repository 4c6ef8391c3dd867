import type { IncidentResponse } from "@insurance/client/contracts/ClaimsCourt.types";
import type { PolicyResponse } from "@insurance/client/contracts/CoverNft.types";
import { useState } from "react";
import { useChainQuery, useNow } from "../chain/ChainContext";
import { useProtocol } from "../chain/ProtocolContext";
import { useTx, type Tx } from "../chain/useTx";
import { useWallet } from "../chain/WalletContext";
import { ClaimCard } from "../components/ClaimCard";
import { TxStatus } from "../components/TxStatus";
import { ConnectPrompt } from "../components/WalletBar";
import { Badge, Card, Collateral, Field, Loading, Notice, Select } from "../components/ui";
import { formatAmount, formatPercent, formatTime, parseAmount, timestampSeconds } from "../lib/format";
import { claimDeposit, coverStatus, incidentEligibility, incidentPayout, incidentStage, mulCeil } from "../lib/status";
import { useRoute } from "../router";
import { coversOf } from "./Covers";

export function ClaimsPage() {
  const wallet = useWallet();
  const protocol = useProtocol();
  const tx = useTx();
  const products = useChainQuery((q) => q.pool.products({ limit: 30 }), [], 30);
  const covers = useChainQuery(wallet.address ? (q) => coversOf(q, wallet.address!) : null, [wallet.address], 2);
  const myClaims = useChainQuery(wallet.address ? (q) => q.court.claimsByClaimant({ claimant: wallet.address!, limit: 30 }) : null, [wallet.address]);
  if (!protocol || !products.data) return <Loading what="the claims court" />;
  const productList = products.data.products;
  const name = (id: number) => productList.find((p) => p.product.id === id)?.product.name ?? `Product ${id}`;
  const method = (id: number) => productList.find((p) => p.product.id === id)?.product.claim_method;

  return (
    <div className="page-claims">
      <TxStatus state={tx.state} testId="claims-tx" />
      <Card title="File a claim">
        {!wallet.address ? <ConnectPrompt what="Filing a claim" /> : !covers.data ? <Loading what="your covers" /> : <FileClaimForm covers={covers.data.filter((p) => method(p.policy.product_id) === "discretionary")} name={name} tx={tx} />}
      </Card>
      <Card title="My claims">
        {!wallet.address ? (
          <ConnectPrompt what="Following your claims" />
        ) : !myClaims.data ? (
          <Loading what="your claims" />
        ) : myClaims.data.claims.length === 0 ? (
          <p>You have filed no claim.</p>
        ) : (
          <ul className="cards" aria-label="Your claims">
            {[...myClaims.data.claims].reverse().map((c) => (
              <ClaimCard
                key={c.claim_id}
                claim={c}
                productName={name(c.product_id)}
                actions={<ClaimActions claimId={c.claim_id} status={c.status} amount={c.amount} tx={tx} />}
              />
            ))}
          </ul>
        )}
      </Card>
      {productList
        .filter((p) => p.product.claim_method === "parametric")
        .map((p) => (
          <Incidents key={p.product.id} productId={p.product.id} productName={p.product.name} covers={covers.data ?? []} tx={tx} />
        ))}
    </div>
  );
}

function ClaimActions({ claimId, status, amount, tx }: { claimId: number; status: string; amount: string; tx: Tx }) {
  const protocol = useProtocol()!;
  const fee = mulCeil(BigInt(amount), protocol.court.params.appeal_fee_ratio);
  return (
    <>
      {status === "executable" && (
        <button type="button" className="primary" disabled={tx.busy} onClick={() => void tx.run(`Executing claim #${claimId}`, (s) => s.court.executeClaim({ claimId }, s.fee))}>
          Execute claim #{claimId}
        </button>
      )}
      {status === "appeal_window" && (
        <button
          type="button"
          disabled={tx.busy}
          onClick={() => void tx.run(`Appealing claim #${claimId}`, (s) => s.court.appeal({ claimId }, s.fee, undefined, [{ denom: protocol.collateral.denom, amount: fee.toString() }]))}
        >
          Appeal claim #{claimId} to governance (fee {formatAmount(fee, protocol.collateral)})
        </button>
      )}
    </>
  );
}

function FileClaimForm({ covers, name, tx }: { covers: PolicyResponse[]; name: (id: number) => string; tx: Tx }) {
  const protocol = useProtocol()!;
  const route = useRoute();
  const now = useNow();
  const claimable = covers.filter((p) => {
    const s = coverStatus(p);
    return s === "active" || s === "grace";
  });
  const [coverId, setCoverId] = useState(route.params.get("cover") ?? "");
  const [amount, setAmount] = useState("");
  const [description, setDescription] = useState("");
  const [evidence, setEvidence] = useState("");
  const [incident, setIncident] = useState("");
  const cover = claimable.find((p) => p.token_id === coverId) ?? claimable[0];
  const c = protocol.collateral;
  const parsed = parseAmount(amount, c.decimals);
  const remaining = cover ? BigInt(cover.policy.remaining_amount) : 0n;
  const amountError = amount === "" ? undefined : !parsed.ok ? parsed.error : parsed.value === 0n ? "Enter an amount above zero." : parsed.value > remaining ? `At most the ${formatAmount(remaining, c)} left on this cover.` : undefined;
  const deposit = parsed.ok && !amountError ? claimDeposit(parsed.value, protocol.court.params.min_deposit_ratio) : null;
  const incidentId = incident.trim() ? Number(incident) : undefined;
  const incidentError = incident.trim() && (!Number.isInteger(incidentId) || incidentId! <= 0) ? "An incident number, like 3." : undefined;
  if (claimable.length === 0)
    return (
      <p>
        You hold no cover you can claim on now (discretionary products, active or in their grace period). <a href="#/covers">My covers</a>
      </p>
    );
  const ready = cover && deposit !== null && description.trim().length > 0 && !incidentError;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (!ready) return;
        void tx.run(`Filing a claim on cover #${cover.token_id}`, (s) =>
          s.court.fileClaim({ coverId: cover.policy.cover_id, amount: parsed.ok ? parsed.value.toString() : "0", description: description.trim(), evidence: evidence.trim() || undefined, incidentId }, s.fee, undefined, [{ denom: c.denom, amount: deposit!.toString() }]),
        );
      }}
    >
      <Select label="Cover" value={cover?.token_id ?? ""} onChange={setCoverId} options={claimable.map((p) => ({ value: p.token_id, label: `#${p.token_id} · ${name(p.policy.product_id)} · ${formatAmount(p.policy.remaining_amount, c)} left` }))} />
      <Field label={`Amount claimed (${c.symbol})`} inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} error={amountError} name="claim-amount" autoComplete="off" />
      <div className="field">
        <label htmlFor="claim-description">What happened</label>
        <textarea id="claim-description" value={description} onChange={(e) => setDescription(e.target.value)} rows={3} maxLength={1000} required />
      </div>
      <Field label="Evidence (a link or a transaction hash, optional)" value={evidence} onChange={(e) => setEvidence(e.target.value)} name="evidence" autoComplete="off" />
      <Field label="Incident number (optional)" value={incident} onChange={(e) => setIncident(e.target.value)} error={incidentError} name="incident" hint="If this loss belongs to a known incident, its losses count as one event." />
      <p className="deposit" data-testid="claim-deposit" aria-live="polite">
        {deposit !== null ? (
          <>
            Deposit: <strong>{formatAmount(deposit, c)}</strong> ({formatPercent(protocol.court.params.min_deposit_ratio)} of the claim), returned when the claim is accepted.
          </>
        ) : (
          <>The claim needs a deposit of {formatPercent(protocol.court.params.min_deposit_ratio)} of the amount, returned when it is accepted.</>
        )}
      </p>
      <button type="submit" className="primary" disabled={!ready || tx.busy}>
        File the claim
      </button>
    </form>
  );
}

function Incidents({ productId, productName, covers, tx }: { productId: number; productName: string; covers: PolicyResponse[]; tx: Tx }) {
  const protocol = useProtocol()!;
  const wallet = useWallet();
  const now = useNow();
  const incidents = useChainQuery((q) => q.court.incidents({ productId, limit: 30 }), [productId]);
  const mine = covers.filter((p) => p.policy.product_id === productId);
  const claims = useChainQuery(
    mine.length && incidents.data
      ? async (q) => {
          const rows = await Promise.all(
            incidents.data!.incidents.flatMap((i) => mine.map(async (p) => ({ key: `${i.incident_id}:${p.token_id}`, r: await q.court.incidentClaim({ incidentId: i.incident_id, coverId: p.policy.cover_id }).catch(() => null) }))),
          );
          return Object.fromEntries(rows.map((x) => [x.key, x.r]));
        }
      : null,
    [productId, mine.map((p) => p.token_id), incidents.data?.incidents.map((i) => `${i.incident_id}${i.status}`)],
  );
  const list = [...(incidents.data?.incidents ?? [])].reverse();
  return (
    <Card title={`Incidents · ${productName}`} testId={`incidents-${productId}`}>
      <p className="hint">Parametric cover pays a fixed share of its amount once an incident is confirmed, without a vote: claim it below for each eligible cover.</p>
      {list.length === 0 && <p>No incident recorded on this product.</p>}
      <ul className="cards">
        {list.map((i) => (
          <IncidentRow key={i.incident_id} i={i} now={now} mine={mine} claims={claims.data ?? {}} tx={tx} />
        ))}
      </ul>
      {wallet.address && <ReportIncident productId={productId} bond={protocol.court.params.incident_bond} tx={tx} />}
    </Card>
  );
}

function IncidentRow({ i, now, mine, claims, tx }: { i: IncidentResponse; now: number; mine: PolicyResponse[]; claims: Record<string, { amount: string; claimed: boolean } | null>; tx: Tx }) {
  const stage = incidentStage(i, now);
  const source = "report" in i.source ? `reported: ${i.source.report.evidence}` : `oracle: ${i.source.oracle.asset} at ${i.source.oracle.price}`;
  return (
    <li className="card incident" data-testid={`incident-${i.incident_id}`} data-status={i.status}>
      <h3>
        Incident #{i.incident_id} <Badge tone={i.status === "confirmed" ? "ok" : "warn"}>{stage.label}</Badge>
      </h3>
      <p data-testid="incident-stage">{stage.detail}</p>
      <p className="hint">
        At {formatTime(timestampSeconds(i.time))} · pays {formatPercent(i.payout_ratio)} of each eligible cover · {source} · paid so far <Collateral raw={i.paid} />
      </p>
      <div className="actions">
        {stage.canConfirm && (
          <button type="button" disabled={tx.busy} onClick={() => void tx.run(`Confirming incident #${i.incident_id}`, (s) => s.court.confirmIncident({ incidentId: i.incident_id }, s.fee))}>
            Confirm incident #{i.incident_id}
          </button>
        )}
        {stage.canClaim &&
          mine.map((p) => {
            const e = incidentEligibility(p, i);
            const c = claims[`${i.incident_id}:${p.token_id}`];
            if (c?.claimed)
              return (
                <span key={p.token_id} className="hint" data-testid={`incident-claimed-${p.token_id}`}>
                  Cover #{p.token_id}: paid <Collateral raw={c.amount} />.
                </span>
              );
            if (!e.eligible)
              return (
                <span key={p.token_id} className="hint">
                  Cover #{p.token_id}: not eligible ({e.reason}).
                </span>
              );
            return (
              <button key={p.token_id} type="button" className="primary" disabled={tx.busy} onClick={() => void tx.run(`Claiming incident #${i.incident_id} for cover #${p.token_id}`, (s) => s.court.claimIncident({ incidentId: i.incident_id, coverId: p.policy.cover_id }, s.fee))}>
                Claim <Collateral raw={incidentPayout(p, i)} /> for cover #{p.token_id}
              </button>
            );
          })}
      </div>
    </li>
  );
}

function ReportIncident({ productId, bond, tx }: { productId: number; bond: string; tx: Tx }) {
  const protocol = useProtocol()!;
  const now = useNow();
  const [open, setOpen] = useState(false);
  const [when, setWhen] = useState("");
  const [evidence, setEvidence] = useState("");
  const local = (s: number) => {
    const d = new Date(s * 1000 - new Date().getTimezoneOffset() * 60000);
    return d.toISOString().slice(0, 19);
  };
  const seconds = when ? Math.floor(new Date(when).getTime() / 1000) : now;
  const timeError = when && !Number.isFinite(seconds) ? "Give a date and time." : seconds > now ? "The incident's time cannot be in the future." : undefined;
  return (
    <div className="report">
      <button type="button" onClick={() => setOpen((o) => !o)} aria-expanded={open}>
        Report an incident on this product
      </button>
      {open && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (timeError || !evidence.trim()) return;
            void tx.run("Reporting an incident", (s) =>
              s.court.reportIncident({ productId, time: (BigInt(Math.min(seconds, now)) * 1_000_000_000n).toString(), evidence: evidence.trim() }, s.fee, undefined, [{ denom: protocol.collateral.denom, amount: bond }]),
            );
          }}
        >
          <Notice>
            A report takes a bond of {formatAmount(bond, protocol.collateral)}: returned with a reward when the incident is confirmed, lost if a dispute shows it did not happen.
          </Notice>
          <Field label="When it happened" type="datetime-local" step={1} value={when || local(now)} max={local(now)} onChange={(e) => setWhen(e.target.value)} error={timeError} name="incident-time" />
          <Field label="Evidence (a link or a description)" value={evidence} onChange={(e) => setEvidence(e.target.value)} name="incident-evidence" autoComplete="off" />
          <button type="submit" className="primary" disabled={!!timeError || !evidence.trim() || tx.busy}>
            Report with a bond of {formatAmount(bond, protocol.collateral)}
          </button>
        </form>
      )}
    </div>
  );
}
