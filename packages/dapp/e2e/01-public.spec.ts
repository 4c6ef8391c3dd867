// Without Keplr: the app says so plainly and still shows the public pages.
import { expect, open, test } from "./fixtures";

test("without Keplr the public pages show and the app says Keplr is missing", async ({ page, errors, shot }) => {
  void errors;
  await open(page, "/");
  await expect(page.getByTestId("no-keplr")).toContainText("Keplr is not installed in this browser");
  await expect(page.getByTestId("capital")).toContainText("USDC");
  await expect(page.getByTestId("products").getByRole("row")).toHaveCount(3);
  await expect(page.getByTestId("product-1")).toContainText("Smart contract exploit cover");
  await expect(page.getByTestId("rate-chart")).toBeVisible();
  await expect(page.getByTestId("capital-chart")).toBeVisible();
  await shot("pool-no-keplr");

  await page.getByRole("link", { name: "Buy cover" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Buy cover" })).toBeFocused();
  await expect(page.getByLabel("Product")).toBeVisible();
  await expect(page.getByTestId("needs-keplr")).toContainText("Buying cover needs Keplr");
  await page.getByLabel("Amount covered (USDC)").fill("100");
  await expect(page.getByTestId("quote-premium")).toContainText("USDC");

  await page.getByRole("link", { name: "Assessors" }).click();
  await expect(page.getByRole("region", { name: "Open claims" })).toBeVisible();
  await page.getByRole("link", { name: "Tranches" }).click();
  await expect(page.getByTestId("subordination")).toBeVisible();
  await page.getByRole("link", { name: "My covers" }).click();
  await expect(page.getByTestId("needs-keplr")).toBeVisible();
});
