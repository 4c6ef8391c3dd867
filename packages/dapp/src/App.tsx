import { useEffect, useRef, useState } from "react";
import { ChainProvider, useChain } from "./chain/ChainContext";
import { ProtocolProvider } from "./chain/ProtocolContext";
import { WalletProvider } from "./chain/WalletContext";
import { ChainBanner } from "./components/ChainBanner";
import { WalletBar } from "./components/WalletBar";
import { loadConfig, type AppConfig } from "./config";
import { AssessorsPage } from "./pages/Assessors";
import { BuyPage } from "./pages/Buy";
import { ClaimsPage } from "./pages/Claims";
import { CoversPage } from "./pages/Covers";
import { PoolPage } from "./pages/Pool";
import { StakePage } from "./pages/Stake";
import { TranchesPage } from "./pages/Tranches";
import { useRoute } from "./router";

export const PAGES = [
  { path: "/", label: "Pool", title: "The pool", render: () => <PoolPage /> },
  { path: "/buy", label: "Buy cover", title: "Buy cover", render: () => <BuyPage /> },
  { path: "/covers", label: "My covers", title: "My covers", render: () => <CoversPage /> },
  { path: "/claims", label: "Claims", title: "Claims", render: () => <ClaimsPage /> },
  { path: "/stake", label: "Stake", title: "Stake", render: () => <StakePage /> },
  { path: "/assessors", label: "Assessors", title: "Assessors", render: () => <AssessorsPage /> },
  { path: "/tranches", label: "Tranches", title: "Tranches", render: () => <TranchesPage /> },
];

export function App() {
  const [config, setConfig] = useState<AppConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadConfig().then(setConfig, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, []);
  if (error)
    return (
      <main className="boot">
        <h1>Insurance protocol</h1>
        <p role="alert">The app's configuration could not be loaded: {error}</p>
      </main>
    );
  if (!config)
    return (
      <main className="boot">
        <p role="status">Loading…</p>
      </main>
    );
  return (
    <ChainProvider config={config}>
      <ProtocolProvider>
        <WalletProvider>
          <Shell />
        </WalletProvider>
      </ProtocolProvider>
    </ChainProvider>
  );
}

function Shell() {
  const route = useRoute();
  const page = PAGES.find((p) => p.path === route.path) ?? PAGES[0];
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  useEffect(() => {
    document.title = `${page.title} · Insurance protocol`;
    // After navigation, move focus to the new page's heading (keyboard and screen reader users).
    if (first.current) first.current = false;
    else heading.current?.focus();
  }, [page]);
  return (
    <>
      <a className="skip" href="#main" onClick={(e) => (e.preventDefault(), heading.current?.focus())}>
        Skip to content
      </a>
      <header className="top">
        <div className="brand">
          Insurance
        </div>
        <nav aria-label="Main">
          <ul>
            {PAGES.map((p) => (
              <li key={p.path}>
                <a href={`#${p.path}`} aria-current={p.path === page.path ? "page" : undefined}>
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <WalletBar />
      </header>
      <ChainBanner />
      <main id="main">
        <h1 tabIndex={-1} ref={heading}>
          {page.title}
        </h1>
        {page.render()}
      </main>
      <footer className="foot">
        <FooterInfo />
      </footer>
    </>
  );
}

function FooterInfo() {
  const { config, height, status } = useChain();
  return (
    <p data-testid="chain-info" data-status={status} data-height={height ?? ""}>
      {config.chain.chainName} ({config.chain.chainId}) · {status === "online" ? `block ${height}` : status} · pool <code>{config.contracts.riskPool}</code>
    </p>
  );
}
