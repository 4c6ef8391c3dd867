// Every contract message the kit writes is checked against the contract's schema in schema/, so
// the parameter files follow the contracts: a new field shows up as a named refusal.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { KitError } from "./errors.js";
import { describeErrors, newAjv, type ValidateFunction } from "./jsonschema.js";

export type MsgKind = "instantiate" | "execute" | "sudo" | "query";

export class Schemas {
  private readonly ajv = newAjv();
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(readonly root: string) {}

  private validator(crate: string, kind: MsgKind): ValidateFunction {
    const key = `${crate}/${kind}`;
    let v = this.cache.get(key);
    if (!v) {
      const path = join(this.root, crate, "raw", `${kind}.json`);
      if (!existsSync(path)) {
        throw new KitError(`no schema ${path}`, `run scripts/schema.sh, or set "schema" on the contract to its directory under schema/`);
      }
      v = this.ajv.compile(JSON.parse(readFileSync(path, "utf8")));
      this.cache.set(key, v);
    }
    return v;
  }

  /** Refuses a message the contract would not parse, with the offending paths. */
  check(crate: string, kind: MsgKind, msg: unknown, where: string): void {
    const validate = this.validator(crate, kind);
    if (!validate(msg)) {
      const lines = describeErrors(validate.errors, "msg");
      throw new KitError(
        `${where}: not a valid ${kind} message of ${crate} (schema/${crate}/raw/${kind}.json):\n    ${lines.join("\n    ")}`,
        "fix the message in the parameter file (the contract's fields are in the schema)",
      );
    }
  }
}
