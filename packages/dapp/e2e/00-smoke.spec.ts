import { connect, expect, open, test } from "./fixtures";

test("smoke", async ({ page, keplrAs, errors, shot }) => {
  void errors;
  await keplrAs("alice");
  await open(page, "/");
  await connect(page);
  await expect(page.getByTestId("capital")).toBeVisible();
  await shot("smoke-pool");
});
