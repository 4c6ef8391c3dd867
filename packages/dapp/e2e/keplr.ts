// A Keplr-compatible `window.keplr` for the browser tests. The page sees Keplr's API
// (experimentalSuggestChain, enable, getKey, getOfflineSigner(Auto)); every call crosses to Node
// through exposeFunction, where a CosmJS DirectSecp256k1HdWallet of the local network's test
// accounts signs. The test chooses the account (`use`), as a person would switch in Keplr.
import { DirectSecp256k1HdWallet } from "@cosmjs/proto-signing";
import { fromBase64, toBase64 } from "@cosmjs/encoding";
import type { Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./env";

export interface TestAccount {
  name: string;
  address: string;
  mnemonic: string;
}

export const ACCOUNTS: Record<string, TestAccount> = Object.fromEntries(
  (JSON.parse(readFileSync(join(REPO, "packages/localnet/accounts.json"), "utf8")).users as TestAccount[]).map((u) => [u.name, u]),
);

const wallets = new Map<string, Promise<DirectSecp256k1HdWallet>>();
export function walletOf(name: string): Promise<DirectSecp256k1HdWallet> {
  if (!wallets.has(name)) wallets.set(name, DirectSecp256k1HdWallet.fromMnemonic(ACCOUNTS[name].mnemonic, { prefix: "wasm" }));
  return wallets.get(name)!;
}

export interface FakeKeplr {
  /** Chains the page suggested (experimentalSuggestChain). */
  suggested: any[];
  /** Chain ids the page enabled. */
  enabled: string[];
  /** Sign as another account from now on; tells the page like Keplr does. */
  use(name: string): Promise<void>;
  current(): string;
}

export async function installKeplr(page: Page, account: string): Promise<FakeKeplr> {
  let current = account;
  const state: FakeKeplr = {
    suggested: [],
    enabled: [],
    current: () => current,
    async use(name: string) {
      current = name;
      await page.evaluate(() => window.dispatchEvent(new Event("keplr_keystorechange")));
    },
  };
  const key = async () => {
    const [acc] = await (await walletOf(current)).getAccounts();
    return { name: current, address: acc.address, pubkey: toBase64(acc.pubkey) };
  };
  await page.exposeFunction("__keplrSuggest", (info: unknown) => void state.suggested.push(info));
  await page.exposeFunction("__keplrEnable", (chainId: string) => void state.enabled.push(chainId));
  await page.exposeFunction("__keplrKey", key);
  await page.exposeFunction("__keplrSignDirect", async (signer: string, doc: { bodyBytes: string; authInfoBytes: string; chainId: string; accountNumber: string }) => {
    const wallet = await walletOf(current);
    const [acc] = await wallet.getAccounts();
    if (acc.address !== signer) throw new Error(`Keplr: ${signer} is not the selected account`);
    const { signed, signature } = await wallet.signDirect(signer, {
      bodyBytes: fromBase64(doc.bodyBytes),
      authInfoBytes: fromBase64(doc.authInfoBytes),
      chainId: doc.chainId,
      accountNumber: BigInt(doc.accountNumber),
    });
    return {
      signed: { bodyBytes: toBase64(signed.bodyBytes), authInfoBytes: toBase64(signed.authInfoBytes), chainId: signed.chainId, accountNumber: signed.accountNumber.toString() },
      signature,
    };
  });
  await page.addInitScript(() => {
    const w = window as any;
    const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
    const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
    const signer = {
      async getAccounts() {
        const k = await w.__keplrKey();
        return [{ address: k.address, algo: "secp256k1", pubkey: unb64(k.pubkey) }];
      },
      async signDirect(signerAddress: string, doc: any) {
        const out = await w.__keplrSignDirect(signerAddress, {
          bodyBytes: b64(doc.bodyBytes),
          authInfoBytes: b64(doc.authInfoBytes),
          chainId: doc.chainId,
          accountNumber: doc.accountNumber.toString(),
        });
        return {
          signed: { bodyBytes: unb64(out.signed.bodyBytes), authInfoBytes: unb64(out.signed.authInfoBytes), chainId: out.signed.chainId, accountNumber: BigInt(out.signed.accountNumber) },
          signature: out.signature,
        };
      },
    };
    w.keplr = {
      version: "0.12-test",
      async experimentalSuggestChain(info: unknown) {
        await w.__keplrSuggest(info);
      },
      async enable(chainId: string) {
        await w.__keplrEnable(chainId);
      },
      async getKey() {
        const k = await w.__keplrKey();
        return { name: k.name, algo: "secp256k1", pubKey: unb64(k.pubkey), address: new Uint8Array(), bech32Address: k.address, isNanoLedger: false };
      },
      getOfflineSigner: () => signer,
      getOfflineSignerAuto: async () => signer,
    };
  });
  return state;
}
