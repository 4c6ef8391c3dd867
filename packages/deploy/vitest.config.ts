import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Megabytes of test artifacts are hashed, gzipped and encoded; CI machines are shared.
    testTimeout: 120_000,
  },
});
