// JSON-schema validation (ajv) with errors that name the offending path.
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";

export function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false });
  // cosmwasm-schema's integer formats.
  const int = (min: number, max: number) => ({
    type: "number" as const,
    validate: (n: number) => Number.isInteger(n) && n >= min && n <= max,
  });
  ajv.addFormat("uint8", int(0, 255));
  ajv.addFormat("uint16", int(0, 65535));
  ajv.addFormat("uint32", int(0, 4294967295));
  ajv.addFormat("uint64", int(0, Number.MAX_SAFE_INTEGER));
  ajv.addFormat("int32", int(-2147483648, 2147483647));
  ajv.addFormat("int64", int(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER));
  return ajv;
}

/** One line per error: `<path>: <problem>`; for a missing property, its description when the schema has one. */
export function describeErrors(errors: ErrorObject[] | null | undefined, root: string): string[] {
  const lines = new Set<string>();
  for (const e of errors ?? []) {
    const path = `${root}${e.instancePath}`;
    if (e.keyword === "required") {
      const prop = (e.params as { missingProperty: string }).missingProperty;
      lines.add(`${path}: missing "${prop}"`);
    } else if (e.keyword === "additionalProperties") {
      const prop = (e.params as { additionalProperty: string }).additionalProperty;
      lines.add(`${path}: unknown field "${prop}"`);
    } else if (e.keyword === "enum") {
      lines.add(`${path}: must be one of ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`);
    } else if (e.keyword === "oneOf" || e.keyword === "anyOf") {
      // The branch errors above say more; keep the summary line short.
      lines.add(`${path}: matches none of the allowed variants`);
    } else {
      lines.add(`${path}: ${e.message ?? e.keyword}`);
    }
  }
  return [...lines];
}

export type { ValidateFunction };
