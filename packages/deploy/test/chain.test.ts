import { describe, expect, it } from "vitest";
import { checksumHex, LcdChain } from "../src/chain.js";

const sum = "13a1fc994cc6d1c81b746ee0c0ff6f90043875e0bf1d9be6b7d779fc978dc2a5";

/** A REST endpoint answering from a table of paths. */
function lcd(routes: Record<string, [number, unknown]>): LcdChain {
  const fake = async (url: string | URL | Request) => {
    const path = String(url).replace("http://node:1317", "");
    const [status, body] = routes[path] ?? [404, { code: 5, message: "not found" }];
    return new Response(JSON.stringify(body), { status });
  };
  return new LcdChain("http://node:1317", fake as typeof fetch);
}

describe("the chain's REST endpoint", () => {
  it("reads code info (hex or base64 checksums), and no code as null", async () => {
    const chain = lcd({
      "/cosmwasm/wasm/v1/code-info/1": [200, { code_id: "1", creator: "wasm1c", checksum: sum.toUpperCase() }],
      "/cosmwasm/wasm/v1/code-info/2": [200, { code_id: "2", creator: "wasm1c", checksum: Buffer.from(sum, "hex").toString("base64") }],
    });
    expect(await chain.codeInfo(1)).toEqual({ codeId: 1, checksum: sum, creator: "wasm1c" });
    expect((await chain.codeInfo(2))!.checksum).toBe(sum);
    expect(await chain.codeInfo(3)).toBeNull();
    expect(checksumHex(sum.toUpperCase())).toBe(sum);
  });

  it("reads the last code id, contracts, pins, the chain id and the gov module", async () => {
    const chain = lcd({
      "/cosmwasm/wasm/v1/code?pagination.reverse=true&pagination.limit=1": [200, { code_infos: [{ code_id: "7" }] }],
      "/cosmwasm/wasm/v1/contract/wasm1x": [200, { contract_info: { code_id: "3", creator: "wasm1g", admin: "wasm1g", label: "pool" } }],
      "/cosmwasm/wasm/v1/codes/pinned": [200, { code_ids: ["1", "2"], pagination: { next_key: null } }],
      "/cosmos/base/tendermint/v1beta1/node_info": [200, { default_node_info: { network: "insurance-1" } }],
      "/cosmos/auth/v1beta1/module_accounts/gov": [200, { account: { "@type": "/cosmos.auth.v1beta1.ModuleAccount", base_account: { address: "wasm1gov" } } }],
      "/cosmos/protocolpool/v1/community_pool": [200, { pool: [{ denom: "uusdc", amount: "12" }] }],
      "/cosmos/distribution/v1beta1/community_pool": [200, { pool: [{ denom: "uusdc", amount: "12.500000000000000000" }] }],
    });
    expect(await chain.lastCodeId()).toBe(7);
    expect(await chain.contractInfo("wasm1x")).toEqual({ address: "wasm1x", codeId: 3, creator: "wasm1g", admin: "wasm1g", label: "pool" });
    expect(await chain.contractInfo("wasm1y")).toBeNull();
    // wasmd's answer for an address without a contract.
    const wasmd = lcd({ "/cosmwasm/wasm/v1/contract/wasm1z": [500, { code: 2, message: "codespace wasm code 22: no such contract: address wasm1z" }] });
    expect(await wasmd.contractInfo("wasm1z")).toBeNull();
    expect(await chain.pinnedCodes()).toEqual([1, 2]);
    expect(await chain.chainId()).toBe("insurance-1");
    expect(await chain.moduleAddress("gov")).toBe("wasm1gov");
    expect(await chain.communityPool("protocolpool")).toEqual([{ denom: "uusdc", amount: "12" }]);
    expect(await chain.communityPool("distribution")).toEqual([{ denom: "uusdc", amount: "12" }]);
  });

  it("refuses clearly when the node is down or answers an error", async () => {
    const down = new LcdChain("http://127.0.0.1:1", (async () => {
      throw new TypeError("fetch failed");
    }) as typeof fetch);
    await expect(down.lastCodeId()).rejects.toThrow(/cannot reach the chain's REST endpoint .*fetch failed\n  fix: start the node or give its REST \(LCD\) URL/);
    const broken = lcd({ "/cosmwasm/wasm/v1/codes/pinned": [500, { code: 13, message: "internal" }] });
    await expect(broken.pinnedCodes()).rejects.toThrow(/answered 500: internal/);
  });
});
