// Keplr: suggest the chain, enable it, sign with its offline signer. Without Keplr the app stays
// read-only and says so.
import { SigningCosmWasmClient } from "@cosmjs/cosmwasm-stargate";
import { GasPrice } from "@cosmjs/stargate";
import { ClaimsCourtClient } from "@insurance/client/contracts/ClaimsCourt.client";
import { CoverNftClient } from "@insurance/client/contracts/CoverNft.client";
import { RiskPoolClient } from "@insurance/client/contracts/RiskPool.client";
import { TrancheVaultClient } from "@insurance/client/contracts/TrancheVault.client";
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { useChain } from "./ChainContext";
import { chainInfo, getKeplr } from "./keplr";

export interface Signers {
  address: string;
  client: SigningCosmWasmClient;
  pool: RiskPoolClient;
  nft: CoverNftClient;
  court: ClaimsCourtClient;
  vault?: TrancheVaultClient;
  /** The fee argument of every execute: simulated gas times the config's adjustment, at its gas price. */
  fee: number | "auto";
}

export type WalletStatus = "no-keplr" | "disconnected" | "connecting" | "connected";

export interface WalletState {
  status: WalletStatus;
  address: string | null;
  name: string | null;
  signers: Signers | null;
  error: string | null;
  connect: () => Promise<void>;
  disconnect: () => void;
}

const WalletContext = createContext<WalletState | null>(null);
const REMEMBER = "insurance-dapp:connected";

export function useWallet(): WalletState {
  const w = useContext(WalletContext);
  if (!w) throw new Error("useWallet outside WalletProvider");
  return w;
}

export function WalletProvider({ children }: { children: ReactNode }) {
  const { config, currencies, status: chainStatus } = useChain();
  const [status, setStatus] = useState<WalletStatus>(getKeplr() ? "disconnected" : "no-keplr");
  const [signers, setSigners] = useState<Signers | null>(null);
  const [name, setName] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const connecting = useRef(false);

  const connect = useCallback(async () => {
    const keplr = getKeplr();
    if (!keplr) {
      setStatus("no-keplr");
      return;
    }
    if (connecting.current) return;
    connecting.current = true;
    setStatus("connecting");
    setError(null);
    try {
      const id = config.chain.chainId;
      await keplr.experimentalSuggestChain(chainInfo(config, currencies));
      await keplr.enable(id);
      const key = await keplr.getKey(id);
      const signer = keplr.getOfflineSignerAuto ? await keplr.getOfflineSignerAuto(id) : keplr.getOfflineSigner(id);
      const [account] = await signer.getAccounts();
      if (!account) throw new Error("Keplr returned no account");
      const client = await SigningCosmWasmClient.connectWithSigner(config.chain.rpc, signer, { gasPrice: GasPrice.fromString(config.chain.gasPrice) });
      const c = config.contracts;
      const address = account.address;
      setSigners({
        address,
        client,
        pool: new RiskPoolClient(client, address, c.riskPool),
        nft: new CoverNftClient(client, address, c.coverNft),
        court: new ClaimsCourtClient(client, address, c.claimsCourt),
        vault: c.trancheVault ? new TrancheVaultClient(client, address, c.trancheVault) : undefined,
        fee: config.chain.gasAdjustment === 1.4 ? "auto" : config.chain.gasAdjustment,
      });
      setName(key.name);
      setStatus("connected");
      localStorage.setItem(REMEMBER, "1");
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      setError(/reject/i.test(msg) ? "You declined the connection in Keplr." : `Could not connect Keplr: ${msg}`);
      setSigners(null);
      setStatus("disconnected");
    } finally {
      connecting.current = false;
    }
  }, [config, currencies]);

  const disconnect = useCallback(() => {
    setSigners(null);
    setName(null);
    setStatus(getKeplr() ? "disconnected" : "no-keplr");
    localStorage.removeItem(REMEMBER);
  }, []);

  // Keplr may inject after the page's scripts: look again once the page has loaded.
  useEffect(() => {
    const onLoad = () => setStatus((s) => (s === "no-keplr" && getKeplr() ? "disconnected" : s));
    window.addEventListener("load", onLoad);
    return () => window.removeEventListener("load", onLoad);
  }, []);
  // Reconnect a wallet that was connected before (once the chain answers).
  useEffect(() => {
    if (status === "disconnected" && chainStatus === "online" && !signers && localStorage.getItem(REMEMBER) && !error) void connect();
  }, [status, chainStatus, signers, connect, error]);
  // Another account chosen in Keplr: follow it.
  useEffect(() => {
    const onChange = () => {
      if (signers) void connect();
    };
    window.addEventListener("keplr_keystorechange", onChange);
    return () => window.removeEventListener("keplr_keystorechange", onChange);
  }, [signers, connect]);

  const value: WalletState = { status, address: signers?.address ?? null, name, signers, error, connect, disconnect };
  return <WalletContext.Provider value={value}>{children}</WalletContext.Provider>;
}
