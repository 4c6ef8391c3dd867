import type { ClaimResponse } from "@insurance/client/contracts/ClaimsCourt.types";
import type { ReactNode } from "react";
import { useNow } from "../chain/ChainContext";
import { useProtocol } from "../chain/ProtocolContext";
import { formatAmount, formatPercent, formatTime, timestampSeconds } from "../lib/format";
import { approval, claimStage } from "../lib/status";
import { Badge, Collateral } from "./ui";

const TONE: Record<ClaimResponse["status"], string> = { voting: "info", cooldown: "warn", appeal_window: "warn", executable: "ok", appealed: "warn", paid: "done", denied: "muted" };

/** A claim with where it stands: stage, clock, tally against quorum, evidence; `actions` below. */
export function ClaimCard({ claim, actions, productName }: { claim: ClaimResponse; actions?: ReactNode; productName?: string }) {
  const now = useNow();
  const protocol = useProtocol();
  const stage = claimStage(claim, now);
  const t = claim.tally;
  const evidence = claim.evidence ?? "";
  const isUrl = /^https?:\/\/\S+$/.test(evidence);
  return (
    <li className="card claim" data-testid={`claim-${claim.claim_id}`} data-status={claim.status}>
      <h3>
        Claim #{claim.claim_id} on cover #{claim.cover_id}
        {productName ? ` · ${productName}` : ""} <Badge tone={TONE[claim.status]}>{stage.label}</Badge>
      </h3>
      <p className="stage" data-testid="claim-stage">
        {stage.detail}
      </p>
      <dl className="stats">
        <div className="stat">
          <dt>Claimed</dt>
          <dd>
            <Collateral raw={claim.amount} />
          </dd>
        </div>
        <div className="stat">
          <dt>Deposit</dt>
          <dd>
            <Collateral raw={claim.deposit} />
          </dd>
        </div>
        <div className="stat">
          <dt>Votes for / against</dt>
          <dd data-testid="tally">
            {protocol ? `${formatAmount(t.votes_for, protocol.assessor, 0)} / ${formatAmount(t.votes_against, protocol.assessor, 0)}` : "…"} ({t.voters_for} / {t.voters_against} voters)
          </dd>
        </div>
        <div className="stat">
          <dt>Quorum</dt>
          <dd>
            {protocol ? formatAmount(t.quorum, protocol.assessor, 0) : "…"} {t.quorum_reached ? "· reached" : "· not reached"}
          </dd>
        </div>
        <div className="stat">
          <dt>Approval</dt>
          <dd>
            {formatPercent(approval(claim), 1)} (needs {formatPercent(t.supermajority, 0)})
          </dd>
        </div>
        {BigInt(claim.paid) > 0n && (
          <div className="stat">
            <dt>Paid</dt>
            <dd>
              <Collateral raw={claim.paid} />
            </dd>
          </div>
        )}
        <div className="stat">
          <dt>Filed</dt>
          <dd>{formatTime(timestampSeconds(claim.filed_at))}</dd>
        </div>
      </dl>
      <p className="claim-text">
        <strong>What happened:</strong> {claim.description}
        {evidence && (
          <>
            <br />
            <strong>Evidence:</strong>{" "}
            {isUrl ? (
              <a href={evidence} target="_blank" rel="noreferrer noopener">
                {evidence}
              </a>
            ) : (
              evidence
            )}
          </>
        )}
      </p>
      {actions && <div className="actions">{actions}</div>}
    </li>
  );
}
