// The wasm artifacts a proposal stores: each checked against artifacts/checksums.txt and the
// chain's upload limit before anything is written.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { KitError } from "./errors.js";

/** wasmd's `MaxWasmSize` (x/wasm/types/validation.go): 800 KiB, uncompressed and gzipped alike. */
export const MAX_WASM_BYTES = 800 * 1024;

export interface Artifact {
  file: string;
  /** sha256 of the uncompressed wasm, lower-case hex: the code's checksum on chain. */
  checksum: string;
  bytes: number;
  /** What `MsgStoreCode` carries: gzip -9 of the wasm (wasmd unzips it), or the wasm when gzip does not shrink it. */
  code: Uint8Array;
  gzipped: boolean;
}

export const sha256Hex = (data: Uint8Array): string => createHash("sha256").update(data).digest("hex");

/** Parses `sha256sum` output: `<hex>  <file>` or `<hex> *<file>`. */
export function parseChecksums(text: string, source = "checksums.txt"): Map<string, string> {
  const sums = new Map<string, string>();
  text.split("\n").forEach((raw, i) => {
    const line = raw.trim();
    if (line === "") return;
    const m = /^([0-9a-fA-F]{64})\s+\*?(\S+)$/.exec(line);
    if (!m) {
      throw new KitError(
        `${source}:${i + 1}: not a sha256sum line: ${JSON.stringify(line)}`,
        "regenerate it with scripts/build.sh",
      );
    }
    sums.set(m[2], m[1].toLowerCase());
  });
  return sums;
}

/**
 * Loads the named artifacts. Refuses (naming the file and the fix) an artifact that is missing,
 * not listed in checksums.txt, different from its listed checksum, not wasm, or over the limit.
 */
export function loadArtifacts(dir: string, files: string[], maxWasmBytes = MAX_WASM_BYTES): Artifact[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new KitError(`no artifacts directory ${dir}`, "build the artifacts with scripts/build.sh (or pass --artifacts DIR)");
  }
  const sumsPath = join(dir, "checksums.txt");
  if (!existsSync(sumsPath)) {
    throw new KitError(`${sumsPath} is missing`, "run scripts/build.sh: it writes the checksums the proposal publishes");
  }
  const sums = parseChecksums(readFileSync(sumsPath, "utf8"), sumsPath);
  if (files.length === 0) throw new KitError("no artifact to store", 'list the artifacts under "store.artifacts" in the parameter file');
  return files.map((file) => {
    const listed = sums.get(file);
    if (listed === undefined) {
      throw new KitError(`${file} is not listed in ${sumsPath}`, `build it with scripts/build.sh, or remove it from "store.artifacts"`);
    }
    const path = join(dir, file);
    if (!existsSync(path)) {
      throw new KitError(`${path} is listed in checksums.txt but missing`, "rebuild the artifacts with scripts/build.sh");
    }
    const wasm = readFileSync(path);
    const actual = sha256Hex(wasm);
    if (actual !== listed) {
      throw new KitError(
        `${file} does not match checksums.txt: sha256 ${actual}, listed ${listed}`,
        "rebuild with scripts/build.sh, or restore the artifact whose checksum was published",
      );
    }
    if (wasm.length < 4 || wasm.readUInt32BE(0) !== 0x0061736d) {
      throw new KitError(`${file} is not a wasm module (no \\0asm header)`, "rebuild it with scripts/build.sh");
    }
    if (wasm.length > maxWasmBytes) {
      throw new KitError(
        `${file} is ${wasm.length} bytes, over the chain's upload limit of ${maxWasmBytes} bytes`,
        "shrink it (opt-level \"z\", wasm-opt -Oz, fewer dependencies) and rebuild with scripts/build.sh",
      );
    }
    // mtime 0 and a fixed OS byte: the same wasm always gives the same bytes.
    const gzip = new Uint8Array(gzipSync(wasm, { level: 9 }));
    const gzipped = gzip.length < wasm.length;
    return { file, checksum: actual, bytes: wasm.length, code: gzipped ? gzip : new Uint8Array(wasm), gzipped };
  });
}
