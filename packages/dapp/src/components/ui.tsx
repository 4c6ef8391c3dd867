import { useId, type InputHTMLAttributes, type ReactNode } from "react";
import { useProtocol } from "../chain/ProtocolContext";
import { formatAmount, type Currency } from "../lib/format";

export function Card({ title, children, className, testId }: { title?: ReactNode; children: ReactNode; className?: string; testId?: string }) {
  const id = useId();
  return (
    <section className={`card ${className ?? ""}`} data-testid={testId} aria-labelledby={title ? id : undefined}>
      {title && <h2 id={id}>{title}</h2>}
      {children}
    </section>
  );
}

export function Stat({ label, value, hint, testId }: { label: string; value: ReactNode; hint?: ReactNode; testId?: string }) {
  return (
    <div className="stat">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
      {hint && <dd className="hint">{hint}</dd>}
    </div>
  );
}

/** A collateral amount (the pool's denom) in display units. */
export function Collateral({ raw }: { raw: string | bigint }) {
  const p = useProtocol();
  if (!p) return <span>…</span>;
  return <span className="amount">{formatAmount(raw, p.collateral)}</span>;
}

export function Amount({ raw, currency }: { raw: string | bigint; currency: Currency }) {
  return <span className="amount">{formatAmount(raw, currency)}</span>;
}

type FieldProps = InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string; hint?: ReactNode; suffix?: ReactNode };

/** A labelled input; its error is announced and tied to it. */
export function Field({ label, error, hint, suffix, ...input }: FieldProps) {
  const id = useId();
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="field-row">
        <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
        {suffix}
      </div>
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={errId}>
          {error}
        </p>
      )}
    </div>
  );
}

export function Select({ label, value, onChange, options, hint }: { label: string; value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; hint?: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      {hint && <p className="hint">{hint}</p>}
    </div>
  );
}

export function Notice({ children, tone = "info", testId }: { children: ReactNode; tone?: "info" | "warn"; testId?: string }) {
  return (
    <p className={`notice notice-${tone}`} data-testid={testId}>
      {children}
    </p>
  );
}

export function Badge({ children, tone }: { children: ReactNode; tone: string }) {
  return <span className={`badge badge-${tone}`}>{children}</span>;
}

/** Shown in place of a view's data while it loads or when the chain is unreachable. */
export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}
