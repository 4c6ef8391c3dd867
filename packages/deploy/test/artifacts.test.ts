import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { loadArtifacts, MAX_WASM_BYTES, parseChecksums, sha256Hex } from "../src/artifacts.js";
import { KitError } from "../src/errors.js";
import { freshArtifactsDir as artifactsDir, fakeWasm } from "./helpers.js";

describe("artifacts", () => {
  it("loads listed artifacts with their checksum, size and a gzip that unzips to them", () => {
    const compressible = Buffer.concat([fakeWasm(100, "b"), Buffer.alloc(1900)]);
    const dir = artifactsDir({ "a.wasm": 1000, "b.wasm": compressible });
    const [a, b] = loadArtifacts(dir, ["a.wasm", "b.wasm"]);
    expect(a.file).toBe("a.wasm");
    expect(a.bytes).toBe(1000);
    expect(a.checksum).toBe(sha256Hex(fakeWasm(1000, "a.wasm")));
    expect(b.gzipped).toBe(true);
    expect(b.code.length).toBeLessThan(500);
    expect(Buffer.from(gunzipSync(b.code)).equals(compressible)).toBe(true);
    // Same wasm, same bytes: proposals are reproducible.
    expect(loadArtifacts(dir, ["b.wasm"])[0].code).toEqual(b.code);
    // gzip cannot shrink random bytes: the wasm goes as it is.
    expect(a.gzipped).toBe(false);
    expect(Buffer.from(a.code).equals(fakeWasm(1000, "a.wasm"))).toBe(true);
  });

  it("accepts sha256sum's binary marker", () => {
    const sums = parseChecksums(`${"ab".repeat(32)} *x.wasm\n`);
    expect(sums.get("x.wasm")).toBe("ab".repeat(32));
  });

  it("refuses a checksums line it cannot read", () => {
    expect(() => parseChecksums("nonsense\n", "c.txt")).toThrow(/c.txt:1: not a sha256sum line/);
  });

  it("refuses a missing directory, naming the build script", () => {
    expect(() => loadArtifacts("/nonexistent/artifacts", ["a.wasm"])).toThrow(/no artifacts directory .*\n  fix: build the artifacts with scripts\/build.sh/);
  });

  it("refuses when checksums.txt is missing", () => {
    const dir = artifactsDir({ "a.wasm": 100 });
    rmSync(join(dir, "checksums.txt"));
    expect(() => loadArtifacts(dir, ["a.wasm"])).toThrow(/checksums.txt is missing/);
  });

  it("refuses an artifact checksums.txt does not list", () => {
    const dir = artifactsDir({ "a.wasm": 100 });
    expect(() => loadArtifacts(dir, ["a.wasm", "other.wasm"])).toThrow(/other.wasm is not listed in .*checksums.txt/);
  });

  it("refuses a listed artifact that is missing", () => {
    const dir = artifactsDir({ "a.wasm": 100 });
    rmSync(join(dir, "a.wasm"));
    expect(() => loadArtifacts(dir, ["a.wasm"])).toThrow(/listed in checksums.txt but missing/);
  });

  it("refuses an artifact that does not match checksums.txt", () => {
    const dir = artifactsDir({ "a.wasm": 100 });
    writeFileSync(join(dir, "a.wasm"), fakeWasm(100, "tampered"));
    let error: unknown;
    try {
      loadArtifacts(dir, ["a.wasm"]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KitError);
    expect((error as KitError).message).toMatch(/a.wasm does not match checksums.txt: sha256 [0-9a-f]{64}, listed [0-9a-f]{64}/);
    expect((error as KitError).fix).toMatch(/rebuild with scripts\/build.sh/);
  });

  it("refuses an artifact over the 800 KiB upload limit", () => {
    expect(MAX_WASM_BYTES).toBe(819_200);
    const dir = artifactsDir({ "big.wasm": MAX_WASM_BYTES + 1, "ok.wasm": MAX_WASM_BYTES });
    expect(() => loadArtifacts(dir, ["ok.wasm"])).not.toThrow();
    expect(() => loadArtifacts(dir, ["big.wasm"])).toThrow(/big.wasm is 819201 bytes, over the chain's upload limit of 819200 bytes\n  fix: shrink it/);
  });

  it("refuses a file that is not wasm", () => {
    const dir = artifactsDir({ "a.wasm": Buffer.from("hello world") });
    expect(() => loadArtifacts(dir, ["a.wasm"])).toThrow(/not a wasm module/);
  });

  it("refuses an empty list", () => {
    const dir = artifactsDir({ "a.wasm": 100 });
    expect(() => loadArtifacts(dir, [])).toThrow(/no artifact to store/);
  });
});
