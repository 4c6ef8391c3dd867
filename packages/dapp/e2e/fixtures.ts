// Every test's page fails on a console error or an uncaught exception; `keplr` installs the fake
// wallet; `shot` saves a screenshot of a main page.
import { test as base, expect, type Page } from "@playwright/test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { SCREENSHOTS } from "./env";
import { installKeplr, type FakeKeplr } from "./keplr";

interface Fixtures {
  /** Console errors the test accepts (e.g. failed requests while the node is stopped). */
  allowConsole: RegExp | null;
  errors: string[];
  keplrAs: (account: string) => Promise<FakeKeplr>;
  shot: (name: string) => Promise<void>;
}

export const test = base.extend<Fixtures>({
  allowConsole: [null, { option: true }],
  errors: async ({ page, allowConsole }, use) => {
    const errors: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && !allowConsole?.test(m.text())) errors.push(`console.error: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    await use(errors);
    expect(errors, "the page logged errors").toEqual([]);
  },
  keplrAs: async ({ page }, use) => {
    await use((account) => installKeplr(page, account));
  },
  shot: async ({ page }, use) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await use(async (name) => {
      const w = page.viewportSize()?.width ?? 0;
      await page.screenshot({ path: join(SCREENSHOTS, `${name}-${w <= 400 ? "375" : "desktop"}.png`), fullPage: true });
    });
  },
});

export { expect };

/** Opens a page of the app and waits until it shows chain data. */
export async function open(page: Page, hash = "/"): Promise<void> {
  await page.goto(`./#${hash}`);
  await expect(page.getByTestId("chain-info")).toHaveAttribute("data-status", "online");
}

/** Connects Keplr from the header. */
export async function connect(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Connect Keplr" }).first().click();
  await expect(page.getByTestId("wallet-address")).toBeVisible();
}

/** Waits for a transaction's success line and returns its hash. */
export async function txDone(page: Page, testId: string): Promise<string> {
  const status = page.getByTestId(testId);
  await expect(status).toContainText(/done in block \d+/, { timeout: 60_000 });
  return (await status.locator("code.hash").textContent())!.trim();
}
