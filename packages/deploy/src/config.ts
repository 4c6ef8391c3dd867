// A chain's parameter file: everything the proposals of one chain need, in JSON.
import { existsSync, readFileSync } from "node:fs";
import { basename } from "node:path";
import { checkAddress, govModuleAddress } from "./address.js";
import { KitError } from "./errors.js";
import { describeErrors, newAjv } from "./jsonschema.js";

export type Permission = "Everybody" | "Nobody" | "AnyOfAddresses";
export interface AccessConfig {
  permission: Permission;
  addresses?: string[];
}

export interface ContractEntry {
  /** Short name used in placeholders: `${contract:<name>}`. */
  name: string;
  /** File under artifacts/, e.g. `risk_pool.wasm`. */
  artifact: string;
  /** Directory under schema/ that validates `msg`; default: the artifact's name with `-` for `_`. */
  schema?: string;
  label: string;
  /** The InstantiateMsg, with placeholders. */
  msg: unknown;
}

export interface SudoEntry {
  contract: string;
  msg: unknown;
  /** Shown in the summary. */
  note?: string;
}

export interface ChainConfig {
  chain_id: string;
  bech32_prefix: string;
  lcd?: string;
  governance?: string;
  deposit: string;
  salt: string;
  expedited?: boolean;
  limits?: { max_wasm_bytes?: number; max_tx_bytes?: number; rpc_max_body_bytes?: number | null };
  store: {
    artifacts: string[];
    instantiate_permission: Record<string, AccessConfig>;
  };
  contracts: ContractEntry[];
  /** Sudo groups (names of `sudo`) sent in the instantiate proposal, after every instantiation. */
  instantiate_sudo: string[];
  sudo: Record<string, SudoEntry[]>;
  stake?: { contract: string; amount?: string; community_pool_module?: "protocolpool" | "distribution" };
}

const coinPattern = "^[0-9]+[a-zA-Z][a-zA-Z0-9/:._-]{2,127}$";
const accessConfig = {
  type: "object",
  required: ["permission"],
  additionalProperties: false,
  properties: {
    permission: { enum: ["Everybody", "Nobody", "AnyOfAddresses"] },
    addresses: { type: "array", items: { type: "string" } },
  },
};
const sudoEntry = {
  type: "object",
  required: ["contract", "msg"],
  additionalProperties: false,
  properties: { contract: { type: "string" }, msg: { type: "object" }, note: { type: "string" } },
};

/** Schema of the parameter file itself. */
export const configSchema = {
  type: "object",
  required: ["chain_id", "bech32_prefix", "deposit", "salt", "store", "contracts"],
  additionalProperties: false,
  properties: {
    $comment: { type: "string" },
    chain_id: { type: "string", minLength: 1 },
    bech32_prefix: { type: "string", pattern: "^[a-z]+$" },
    lcd: { type: "string", pattern: "^https?://" },
    governance: { type: "string" },
    deposit: { type: "string", pattern: coinPattern },
    salt: { type: "string", minLength: 1 },
    expedited: { type: "boolean" },
    limits: {
      type: "object",
      additionalProperties: false,
      properties: {
        max_wasm_bytes: { type: "integer", minimum: 1 },
        max_tx_bytes: { type: "integer", minimum: 1 },
        rpc_max_body_bytes: { type: ["integer", "null"], minimum: 1 },
      },
    },
    store: {
      type: "object",
      required: ["artifacts", "instantiate_permission"],
      additionalProperties: false,
      properties: {
        artifacts: { type: "array", minItems: 1, items: { type: "string", pattern: "\\.wasm$" } },
        instantiate_permission: { type: "object", additionalProperties: accessConfig },
      },
    },
    contracts: {
      type: "array",
      items: {
        type: "object",
        required: ["name", "artifact", "label", "msg"],
        additionalProperties: false,
        properties: {
          name: { type: "string", pattern: "^[a-z][a-z0-9_]*$" },
          artifact: { type: "string", pattern: "\\.wasm$" },
          schema: { type: "string" },
          label: { type: "string", minLength: 1, maxLength: 128 },
          msg: { type: "object" },
        },
      },
    },
    instantiate_sudo: { type: "array", items: { type: "string" } },
    sudo: { type: "object", additionalProperties: { type: "array", items: sudoEntry } },
    stake: {
      type: "object",
      required: ["contract"],
      additionalProperties: false,
      properties: {
        contract: { type: "string" },
        amount: { type: "string", pattern: coinPattern },
        community_pool_module: { enum: ["protocolpool", "distribution"] },
      },
    },
  },
} as const;

const validateConfig = newAjv().compile(configSchema);

/** Checks a parsed parameter file; every problem is named with its path in the file. */
export function checkConfig(raw: unknown, source: string): ChainConfig {
  if (!validateConfig(raw)) {
    const lines = describeErrors(validateConfig.errors, "");
    throw new KitError(
      `${source} is not a valid parameter file:\n    ${lines.map((l) => l.replace(/^: /, "/: ")).join("\n    ")}`,
      `fix those fields in ${source} (examples: packages/deploy/config/)`,
    );
  }
  const config = raw as ChainConfig;
  config.instantiate_sudo ??= [];
  config.sudo ??= {};
  const names = new Set<string>();
  config.contracts.forEach((c, i) => {
    if (names.has(c.name)) throw new KitError(`${source}: contracts[${i}]: the name "${c.name}" is used twice`, "give each contract its own name");
    names.add(c.name);
    if (!config.store.artifacts.includes(c.artifact)) {
      throw new KitError(
        `${source}: contracts[${i}] (${c.name}) instantiates ${c.artifact}, which "store.artifacts" does not store`,
        `add ${c.artifact} to "store.artifacts"`,
      );
    }
  });
  for (const group of config.instantiate_sudo) {
    if (!(group in config.sudo)) throw new KitError(`${source}: instantiate_sudo names the group "${group}", which "sudo" lacks`, `add "sudo.${group}" or remove it`);
  }
  for (const [group, entries] of Object.entries(config.sudo)) {
    entries.forEach((e, i) => {
      if (!names.has(e.contract)) {
        throw new KitError(`${source}: sudo.${group}[${i}]: no contract named "${e.contract}"`, `use one of: ${[...names].join(", ")}`);
      }
    });
  }
  if (config.stake && !names.has(config.stake.contract)) {
    throw new KitError(`${source}: stake.contract: no contract named "${config.stake.contract}"`, `use one of: ${[...names].join(", ")}`);
  }
  if (config.governance !== undefined) checkAddress(config.governance, config.bech32_prefix, `${source}: governance`);
  return config;
}

export function loadConfig(path: string): ChainConfig {
  if (!existsSync(path)) throw new KitError(`no parameter file ${path}`, "pass --config <file> (examples: packages/deploy/config/)");
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new KitError(`${path} is not JSON: ${(e as Error).message}`, "fix the syntax");
  }
  return checkConfig(raw, basename(path));
}

/** The authority of every message: the governance module unless the file names another address. */
export const governanceOf = (config: ChainConfig): string => config.governance ?? govModuleAddress(config.bech32_prefix);

export const schemaDirOf = (c: ContractEntry): string => c.schema ?? c.artifact.replace(/\.wasm$/, "").replace(/_/g, "-");
