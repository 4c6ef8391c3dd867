// What follows from a parameter file and the artifacts alone, before any vote: the checksums,
// the salts and the contracts' addresses.
import { toHex } from "@cosmjs/encoding";
import { checkAddress, contractSalt, govModuleAddress, predictAddress } from "./address.js";
import { type Artifact, loadArtifacts, MAX_WASM_BYTES } from "./artifacts.js";
import { type ChainConfig, governanceOf, schemaDirOf } from "./config.js";
import { KitError } from "./errors.js";
import type { PlaceholderContext } from "./placeholders.js";
import { DEFAULT_MAX_TX_BYTES, DEFAULT_RPC_MAX_BODY_BYTES, type Limits } from "./size.js";

export interface PlannedContract {
  name: string;
  artifact: string;
  schema: string;
  label: string;
  checksum: string;
  salt: Uint8Array;
  address: string;
}

export interface Plan {
  config: ChainConfig;
  /** The gov module: authority of every message, admin of every contract. */
  governance: string;
  artifacts: Artifact[];
  contracts: PlannedContract[];
  limits: Limits;
  /** The source the artifacts were built from (a git commit), shown in the summaries. */
  source?: string;
}

export function makePlan(config: ChainConfig, artifactsDir: string, source?: string): Plan {
  const governance = governanceOf(config);
  const gov = govModuleAddress(config.bech32_prefix);
  if (governance !== gov) {
    throw new KitError(
      `"governance" is ${governance}, but the proposals' messages run as the gov module ${gov}`,
      `remove "governance" from the parameter file (it defaults to the gov module)`,
    );
  }
  const maxWasm = config.limits?.max_wasm_bytes ?? MAX_WASM_BYTES;
  const artifacts = loadArtifacts(artifactsDir, config.store.artifacts, maxWasm);
  const byFile = new Map(artifacts.map((a) => [a.file, a]));
  const contracts = config.contracts.map((c) => {
    const a = byFile.get(c.artifact)!;
    const salt = contractSalt(config.salt, c.name);
    return {
      name: c.name,
      artifact: c.artifact,
      schema: schemaDirOf(c),
      label: c.label,
      checksum: a.checksum,
      salt,
      address: predictAddress(a.checksum, governance, salt, config.bech32_prefix),
    };
  });
  const limits: Limits = {
    maxTxBytes: config.limits?.max_tx_bytes ?? DEFAULT_MAX_TX_BYTES,
    rpcMaxBodyBytes: config.limits?.rpc_max_body_bytes === undefined ? DEFAULT_RPC_MAX_BODY_BYTES : config.limits.rpc_max_body_bytes,
  };
  return { config, governance, artifacts, contracts, limits, source };
}

/** Placeholder values: code ids by artifact file and by contract name. */
export function contextOf(plan: Plan, vars: Record<string, string>, codeIds?: Record<string, number>): PlaceholderContext {
  const checksums: Record<string, string> = {};
  for (const a of plan.artifacts) checksums[a.file] = a.checksum;
  for (const c of plan.contracts) checksums[c.name] = c.checksum;
  let ids: Record<string, number> | undefined;
  if (codeIds) {
    ids = { ...codeIds };
    for (const c of plan.contracts) if (codeIds[c.artifact] !== undefined) ids[c.name] = codeIds[c.artifact];
  }
  return {
    governance: plan.governance,
    chainId: plan.config.chain_id,
    contracts: Object.fromEntries(plan.contracts.map((c) => [c.name, c.address])),
    codeIds: ids,
    checksums,
    vars,
  };
}

export const saltText = (salt: Uint8Array): string => `"${new TextDecoder().decode(salt)}" (hex ${toHex(salt)})`;

/** Validates filled addresses of an access config. */
export function checkAddresses(addresses: string[], prefix: string, where: string): void {
  addresses.forEach((a, i) => checkAddress(a, prefix, `${where}[${i}]`));
}
