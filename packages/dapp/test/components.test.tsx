import { render, screen } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it } from "vitest";
import { ChainContext, type ChainState } from "../src/chain/ChainContext";
import type { TxState } from "../src/chain/useTx";
import { TxStatus } from "../src/components/TxStatus";
import { Field } from "../src/components/ui";
import { parseConfig } from "../src/config";
import { describeError } from "../src/lib/errors";

const config = parseConfig({
  chain: { chainId: "test-1", rpc: "http://x", rest: "http://y", bech32Prefix: "wasm", gasPrice: "0.025stake", txExplorer: "https://explorer/tx/{hash}" },
  contracts: { riskPool: "wasm1p", coverNft: "wasm1n", claimsCourt: "wasm1c" },
});
const chain = { config } as ChainState;
const wrap = (ui: ReactNode) => render(<ChainContext.Provider value={chain}>{ui}</ChainContext.Provider>);

describe("TxStatus", () => {
  it("announces the pending state", () => {
    wrap(<TxStatus state={{ phase: "pending", label: "Buying cover" }} />);
    expect(screen.getByRole("status")).toHaveTextContent("Buying cover: waiting for your wallet and the chain…");
  });
  it("shows the hash (linked to the explorer) and the block", () => {
    const state = { phase: "success", label: "Depositing 5 USDC", hash: "ABC123", height: 42, gasUsed: 150000n } as TxState;
    wrap(<TxStatus state={state} />);
    expect(screen.getByRole("status")).toHaveTextContent("✓ Depositing 5 USDC: done in block 42. Transaction ABC123 (gas used 150000).");
    expect(screen.getByRole("link")).toHaveAttribute("href", "https://explorer/tx/ABC123");
  });
  it("shows the contract's error in words, with the chain's text behind a disclosure", () => {
    const error = describeError(new Error("failed to execute message; message index: 0: no rewards to claim: execute wasm contract failed"), {
      collateral: { denom: "uusdc", symbol: "USDC", decimals: 6 },
      assessor: { denom: "uinsr", symbol: "INSR", decimals: 6 },
      fee: { denom: "stake", symbol: "STAKE", decimals: 6 },
      nowSeconds: 0,
    });
    wrap(<TxStatus state={{ phase: "error", label: "Claiming rewards", error }} testId="t" />);
    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("✗ Claiming rewards failed. You have no rewards to claim yet.");
    expect(alert).toHaveAttribute("data-error-kind", "no_rewards");
    expect(screen.getByText("no rewards to claim")).toBeInTheDocument();
  });
  it("renders nothing when idle", () => {
    const { container } = wrap(<TxStatus state={{ phase: "idle" }} />);
    expect(container).toBeEmptyDOMElement();
  });
});

describe("Field", () => {
  it("ties its label, hint and error to the input", () => {
    render(<Field label="Amount" value="x" onChange={() => {}} error="Enter a number." hint="In USDC" />);
    const input = screen.getByLabelText("Amount");
    expect(input).toHaveAttribute("aria-invalid", "true");
    expect(input).toHaveAccessibleDescription("Enter a number. In USDC");
  });
});

describe("config", () => {
  it("names every problem by its path", () => {
    expect(() => parseConfig({ chain: { chainId: "x", gasPrice: "cheap" }, contracts: {} })).toThrow(
      'chain.gasPrice: "cheap" is not an amount and a denom, e.g. 0.025stake; chain.rpc: expected a non-empty string; chain.rest: expected a non-empty string; chain.bech32Prefix: expected a non-empty string; contracts.riskPool: expected a non-empty string; contracts.coverNft: expected a non-empty string; contracts.claimsCourt: expected a non-empty string',
    );
  });
  it("fills the defaults", () => {
    expect(config.chain.gasAdjustment).toBe(1.4);
    expect(config.pollIntervalMs).toBe(2000);
    expect(config.contracts.trancheVault).toBeUndefined();
  });
});
