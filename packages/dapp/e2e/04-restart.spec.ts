// The node stops: the page says so and keeps the last figures; it starts again: the page catches
// up by itself and transactions go through.
import { localnet, pool, reconnect, addr } from "./chain";
import { connect, expect, open, test, txDone } from "./fixtures";

// While the node is down the browser logs each refused request.
test.use({ allowConsole: /Failed to load resource: net::ERR_CONNECTION_REFUSED/ });

test("the page shows the outage when the chain stops, and recovers when it restarts", async ({ page, keplrAs, errors, shot }) => {
  void errors;
  test.setTimeout(300_000);
  await keplrAs("alice");
  await open(page, "/");
  await connect(page);
  const capital = page.getByTestId("capital");
  await expect(capital).toContainText("USDC");
  const shown = await capital.textContent();
  const before = Number(await page.getByTestId("chain-info").getAttribute("data-height"));

  localnet("down");
  await expect(page.getByTestId("chain-offline")).toContainText("does not answer");
  await expect(page.getByTestId("chain-info")).toHaveAttribute("data-status", "offline");
  await expect(capital).toHaveText(shown!); // the last figures stay
  await shot("pool-offline");

  localnet("up", "--no-relayer");
  reconnect();
  await expect(page.getByTestId("chain-recovered")).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId("chain-offline")).toHaveCount(0);
  await expect.poll(async () => Number(await page.getByTestId("chain-info").getAttribute("data-height"))).toBeGreaterThan(before);

  // Transactions work again, from the same page session.
  await page.getByRole("link", { name: "Stake" }).click();
  const sharesBefore = BigInt((await pool({ staker: { address: addr("alice") } })).shares);
  await page.getByRole("region", { name: "Deposit" }).getByLabel("Amount (USDC)").fill("1");
  await page.getByRole("region", { name: "Deposit" }).getByRole("button", { name: "Deposit" }).click();
  await txDone(page, "stake-tx");
  expect(BigInt((await pool({ staker: { address: addr("alice") } })).shares)).toBeGreaterThan(sharesBefore);
});
