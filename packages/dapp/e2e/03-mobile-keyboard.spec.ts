// A phone's width (375 px) and the keyboard alone.
import type { Locator, Page } from "@playwright/test";
import { addr, nft } from "./chain";
import { connect, expect, open, test, txDone } from "./fixtures";

const PAGES: Array<[string, string, string]> = [
  ["/", "pool", "The pool"],
  ["/buy", "buy", "Buy cover"],
  ["/covers", "covers", "My covers"],
  ["/claims", "claims", "Claims"],
  ["/stake", "stake", "Stake"],
  ["/assessors", "assessors", "Assessors"],
  ["/tranches", "tranches", "Tranches"],
];

test.describe("375 px wide", () => {
  test.use({ viewport: { width: 375, height: 812 } });
  test("every page fits the width and shows its data", async ({ page, keplrAs, errors, shot }) => {
    void errors;
    await keplrAs("erin");
    await open(page, "/");
    await connect(page);
    for (const [hash, name, title] of PAGES) {
      await page.goto(`./#${hash}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
      await expect(page.getByRole("status").filter({ hasText: /^Loading/ })).toHaveCount(0);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${name} is wider than the screen`).toBeLessThanOrEqual(0);
      await shot(name);
    }
  });
});

/** Presses Tab until `target` has the focus (as a keyboard user would). */
async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error(`could not reach ${target} with Tab`);
}

test("keyboard only: connect Keplr, go to Buy cover, fill the form and buy", async ({ page, keplrAs, errors }) => {
  void errors;
  await keplrAs("carol");
  await open(page, "/");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await tabTo(page, page.getByRole("button", { name: "Connect Keplr" }).first());
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("wallet-address")).toHaveAttribute("data-address", addr("carol"));

  await page.keyboard.press("Shift+Tab");
  await tabTo(page, page.getByRole("navigation").getByRole("link", { name: "Buy cover" }));
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Buy cover" })).toBeFocused();
  await tabTo(page, page.getByLabel("Amount covered (USDC)"));
  await page.keyboard.type("50");
  await tabTo(page, page.getByLabel("Duration"));
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("20");
  await tabTo(page, page.getByLabel("Unit"));
  await page.keyboard.type("minutes");
  await expect(page.getByLabel("Unit")).toHaveValue("minutes");
  await expect(page.getByTestId("quote-premium")).toContainText("USDC");
  await tabTo(page, page.getByRole("button", { name: "Buy cover" }));
  await page.keyboard.press("Enter");
  await txDone(page, "buy-tx");
  const id = (await page.getByTestId("bought").textContent())!.match(/#(\d+)/)![1];
  expect((await nft({ owner_of: { token_id: id } })).owner).toBe(addr("carol"));
  // The new policy is one Tab and Enter away.
  await tabTo(page, page.getByTestId("bought").getByRole("link", { name: "My covers" }));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId(`cover-${id}`)).toHaveAttribute("data-status", "active");
});

test.describe("desktop", () => {
  test("screenshots of every main page", async ({ page, keplrAs, errors, shot }) => {
    void errors;
    await keplrAs("bob");
    await open(page, "/");
    await connect(page);
    for (const [hash, name, title] of PAGES) {
      await page.goto(`./#${hash}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
      await expect(page.getByRole("status").filter({ hasText: /^Loading/ })).toHaveCount(0);
      await shot(name);
    }
  });
});
