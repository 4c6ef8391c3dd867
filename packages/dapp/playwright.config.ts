// Browser tests against the local network (scripts/dapp.sh test starts the network, deploys,
// builds the app and writes dist/config.json first). Debian's Chromium; one worker: the flows
// share one chain and run in order.
import { defineConfig } from "@playwright/test";

const port = Number(process.env.DAPP_PORT ?? 4273);

export default defineConfig({
  testDir: "e2e",
  testMatch: /.*\.spec\.ts/,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 240_000,
  expect: { timeout: 30_000 },
  reporter: [["list"]],
  outputDir: "../../target/dapp-test-results",
  use: {
    baseURL: `http://127.0.0.1:${port}/`,
    viewport: { width: 1280, height: 900 },
    launchOptions: { executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium" },
    actionTimeout: 30_000,
    trace: "retain-on-failure",
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
