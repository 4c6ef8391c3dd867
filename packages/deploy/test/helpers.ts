import { createHash } from "node:crypto";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Chain, CodeInfo, Coin, ContractInfo } from "../src/chain.js";
import { sha256Hex } from "../src/artifacts.js";
import { govModuleAddress } from "../src/address.js";

export const PKG = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT = resolve(PKG, "../..");
export const SCHEMA = join(ROOT, "schema");
export const CONFIG_DIR = join(PKG, "config");
export const GOV = govModuleAddress("wasm");

/** Incompressible, deterministic bytes behind a wasm header (gzip cannot shrink them). */
export function fakeWasm(bytes: number, seed: string): Buffer {
  const out = Buffer.alloc(Math.max(bytes, 8));
  // xorshift32 seeded from the name: fast, and gzip finds nothing to shrink.
  let x = createHash("sha256").update(seed).digest().readUInt32LE(0) | 1;
  for (let off = 8; off < bytes; off++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[off] = x & 0xff;
  }
  out.set([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
  return out.subarray(0, bytes);
}

const dirs = new Map<string, string>();

/** An artifacts/ directory with the given files and a matching checksums.txt (cached per content). */
export function artifactsDir(files: Record<string, number | Buffer>): string {
  const key = JSON.stringify(Object.entries(files).map(([k, v]) => [k, typeof v === "number" ? v : sha256Hex(v)]));
  const cached = dirs.get(key);
  if (cached) return cached;
  const dir = freshArtifactsDir(files);
  dirs.set(key, dir);
  return dir;
}

/** A new directory every time (for tests that modify it). */
export function freshArtifactsDir(files: Record<string, number | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), "deploy-artifacts-"));
  const lines: string[] = [];
  for (const [name, spec] of Object.entries(files)) {
    const wasm = typeof spec === "number" ? fakeWasm(spec, name) : spec;
    writeFileSync(join(dir, name), wasm);
    lines.push(`${sha256Hex(wasm)}  ${name}`);
  }
  writeFileSync(join(dir, "checksums.txt"), lines.join("\n") + "\n");
  return dir;
}

/** The seven artifacts the cedent chain stores, at sizes like the real ones. */
export const CEDENT_ARTIFACTS = {
  "risk_pool.wasm": 480_000,
  "cover_nft.wasm": 640_000,
  "claims_court.wasm": 610_000,
  "tranche_vault.wasm": 470_000,
  "cw20_base.wasm": 260_000,
  "reinsurance_bridge.wasm": 660_000,
  "price_oracle.wasm": 260_000,
};

/** The same files, a hundredth the size: for tests that do not measure transactions. */
export const SMALL_ARTIFACTS = Object.fromEntries(Object.entries(CEDENT_ARTIFACTS).map(([f, n]) => [f, n / 100]));

export const tempDir = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(d, { recursive: true });
  return d;
};

/** A chain in memory: codes by id, contracts by address. */
export class FakeChain implements Chain {
  readonly endpoint = "http://fake:1317";
  codes = new Map<number, CodeInfo>();
  contracts = new Map<string, ContractInfo>();
  pinned: number[] = [];
  pool: Coin[] = [];
  constructor(
    public id = "insurance-1",
    public gov = GOV,
  ) {}
  store(checksum: string): number {
    const id = this.codes.size + 1;
    this.codes.set(id, { codeId: id, checksum, creator: this.gov });
    return id;
  }
  async chainId() {
    return this.id;
  }
  async codeInfo(id: number) {
    return this.codes.get(id) ?? null;
  }
  async lastCodeId() {
    return this.codes.size;
  }
  async pinnedCodes() {
    return this.pinned;
  }
  async contractInfo(address: string) {
    return this.contracts.get(address) ?? null;
  }
  async moduleAddress(_name: string) {
    return this.gov;
  }
  async communityPool() {
    return this.pool;
  }
  async smartQuery() {
    return {};
  }
}
