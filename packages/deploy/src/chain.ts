// What the kit reads from a chain (through its REST/LCD endpoint) before writing a proposal.
import { fromBase64, toHex } from "@cosmjs/encoding";
import { KitError } from "./errors.js";

export interface Coin {
  denom: string;
  amount: string;
}
export interface CodeInfo {
  codeId: number;
  /** Lower-case hex. */
  checksum: string;
  creator: string;
}
export interface ContractInfo {
  address: string;
  codeId: number;
  creator: string;
  admin: string;
  label: string;
}

/** The chain queries the kit needs; tests give a fake. */
export interface Chain {
  readonly endpoint: string;
  chainId(): Promise<string>;
  /** Null when no code has this id. */
  codeInfo(codeId: number): Promise<CodeInfo | null>;
  /** The highest code id stored, 0 when none. */
  lastCodeId(): Promise<number>;
  pinnedCodes(): Promise<number[]>;
  /** Null when no contract is at this address. */
  contractInfo(address: string): Promise<ContractInfo | null>;
  moduleAddress(name: string): Promise<string>;
  communityPool(module: "protocolpool" | "distribution"): Promise<Coin[]>;
  smartQuery(address: string, msg: unknown): Promise<unknown>;
}

/** Hex or base64 (grpc-gateway's encoding of bytes) to lower-case hex. */
export function checksumHex(value: string): string {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return value.toLowerCase();
  return toHex(fromBase64(value));
}

export class LcdChain implements Chain {
  constructor(
    readonly endpoint: string,
    private readonly fetchFn: typeof fetch = fetch,
  ) {}

  private async get(path: string, notFoundIsNull = false): Promise<any> {
    const url = `${this.endpoint.replace(/\/$/, "")}${path}`;
    let res: Response;
    try {
      res = await this.fetchFn(url, { headers: { accept: "application/json" } });
    } catch (e) {
      throw new KitError(`cannot reach the chain's REST endpoint ${url}: ${(e as Error).message}`, `start the node or give its REST (LCD) URL with --lcd or "lcd" in the parameter file`);
    }
    const text = await res.text();
    let body: any;
    try {
      body = JSON.parse(text);
    } catch {
      body = { message: text };
    }
    // grpc-gateway: NotFound is HTTP 404 (gRPC code 5); wasmd answers a missing contract with a 500
    // "no such contract" (its error code 22) and a missing code with "not found".
    const notFound = res.status === 404 || body?.code === 5 || /not found|no such (contract|code)/i.test(String(body?.message ?? ""));
    if (!res.ok) {
      if (notFoundIsNull && notFound) return null;
      throw new KitError(`${url} answered ${res.status}: ${String(body?.message ?? text).slice(0, 300)}`, "check the REST endpoint is a wasmd node's");
    }
    return body;
  }

  async chainId(): Promise<string> {
    const b = await this.get("/cosmos/base/tendermint/v1beta1/node_info");
    return String(b.default_node_info?.network ?? "");
  }

  async codeInfo(codeId: number): Promise<CodeInfo | null> {
    const b = await this.get(`/cosmwasm/wasm/v1/code-info/${codeId}`, true);
    if (!b || !b.checksum) return null;
    return { codeId: Number(b.code_id), checksum: checksumHex(b.checksum), creator: String(b.creator) };
  }

  async lastCodeId(): Promise<number> {
    const b = await this.get("/cosmwasm/wasm/v1/code?pagination.reverse=true&pagination.limit=1");
    const infos = b.code_infos ?? [];
    return infos.length ? Number(infos[0].code_id) : 0;
  }

  async pinnedCodes(): Promise<number[]> {
    const ids: number[] = [];
    let key: string | undefined;
    do {
      const q = key ? `?pagination.key=${encodeURIComponent(key)}` : "";
      const b = await this.get(`/cosmwasm/wasm/v1/codes/pinned${q}`);
      ids.push(...(b.code_ids ?? []).map(Number));
      key = b.pagination?.next_key ?? undefined;
    } while (key);
    return ids;
  }

  async contractInfo(address: string): Promise<ContractInfo | null> {
    const b = await this.get(`/cosmwasm/wasm/v1/contract/${address}`, true);
    if (!b || !b.contract_info) return null;
    const c = b.contract_info;
    return { address, codeId: Number(c.code_id), creator: c.creator, admin: c.admin, label: c.label };
  }

  async moduleAddress(name: string): Promise<string> {
    const b = await this.get(`/cosmos/auth/v1beta1/module_accounts/${name}`);
    const a = b.account ?? {};
    return String(a.base_account?.address ?? a.value?.address ?? a.address ?? "");
  }

  async communityPool(module: "protocolpool" | "distribution"): Promise<Coin[]> {
    const path = module === "protocolpool" ? "/cosmos/protocolpool/v1/community_pool" : "/cosmos/distribution/v1beta1/community_pool";
    const b = await this.get(path);
    // distribution reports DecCoins ("123.000000000000000000"): whole units only.
    return (b.pool ?? []).map((c: Coin) => ({ denom: c.denom, amount: String(c.amount).split(".")[0] }));
  }

  async smartQuery(address: string, msg: unknown): Promise<unknown> {
    const q = Buffer.from(JSON.stringify(msg)).toString("base64");
    const b = await this.get(`/cosmwasm/wasm/v1/contract/${address}/smart/${encodeURIComponent(q)}`);
    return b.data;
  }
}
