// Placeholders in the parameter file, filled in when a proposal is written:
//   ${governance}          the governance address (authority and admin of everything)
//   ${chain_id}
//   ${contract:<name>}     a contract's predicted address
//   ${code_id:<name>}      the code id of a contract (by name) or of an artifact (by file), as a number
//   ${checksum:<name>}     the sha256 of a contract's or artifact's code
//   ${var:<name>}          a value given on the command line (--var name=value)
// A string that is exactly one placeholder takes the placeholder's value and type; placeholders
// inside a longer string are replaced by their text.
import { KitError } from "./errors.js";

export interface PlaceholderContext {
  governance: string;
  chainId: string;
  contracts: Record<string, string>;
  /** Absent while the code ids are not known (the store proposals). */
  codeIds?: Record<string, number>;
  checksums: Record<string, string>;
  vars: Record<string, string>;
}

const ONE = /^\$\{([a-z_]+)(?::([^}]+))?\}$/;
const ANY = /\$\{([a-z_]+)(?::([^}]+))?\}/g;

function lookup(kind: string, arg: string | undefined, ctx: PlaceholderContext, where: string): string | number {
  const placeholder = `\${${kind}${arg === undefined ? "" : `:${arg}`}}`;
  const need = (value: string | number | undefined, fix: string): string | number => {
    if (value === undefined) throw new KitError(`${where}: ${placeholder} has no value`, fix);
    return value;
  };
  switch (kind) {
    case "governance":
      return ctx.governance;
    case "chain_id":
      return ctx.chainId;
    case "contract":
      return need(ctx.contracts[arg ?? ""], `name a contract of "contracts": ${Object.keys(ctx.contracts).join(", ")}`);
    case "checksum":
      return need(ctx.checksums[arg ?? ""], `name a contract or a stored artifact: ${Object.keys(ctx.checksums).join(", ")}`);
    case "code_id":
      if (!ctx.codeIds) {
        throw new KitError(`${where}: ${placeholder} is known only once the code is stored`, "use code ids in the instantiate and later proposals only");
      }
      return need(ctx.codeIds[arg ?? ""], `name a contract or a stored artifact: ${Object.keys(ctx.codeIds).join(", ")}`);
    case "var":
      return need(ctx.vars[arg ?? ""], `pass --var ${arg}=<value>`);
    default:
      throw new KitError(`${where}: unknown placeholder ${placeholder}`, "use ${governance}, ${chain_id}, ${contract:..}, ${code_id:..}, ${checksum:..} or ${var:..}");
  }
}

/** A deep copy of `value` with every placeholder filled in; `where` names the place in errors. */
export function fill(value: unknown, ctx: PlaceholderContext, where: string): unknown {
  if (typeof value === "string") {
    const one = ONE.exec(value);
    if (one) return lookup(one[1], one[2], ctx, where);
    return value.replace(ANY, (_m, kind: string, arg: string | undefined) => String(lookup(kind, arg, ctx, where)));
  }
  if (Array.isArray(value)) return value.map((v, i) => fill(v, ctx, `${where}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, ctx, `${where}.${k}`)]));
  }
  return value;
}
