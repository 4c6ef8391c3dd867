/// <reference types="vitest/config" />
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The generated client is used from its source (packages/client/src), by path. Its imports of
// CosmJS resolve to this package's copies (dedupe), so there is one CosmJS in the bundle and
// packages/client needs no node_modules of its own.
export default defineConfig({
  base: "./",
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@insurance\/client$/, replacement: fileURLToPath(new URL("../client/src/index.ts", import.meta.url)) },
      { find: /^@insurance\/client\/contracts\//, replacement: fileURLToPath(new URL("../client/src/contracts/", import.meta.url)) },
    ],
    dedupe: ["@cosmjs/amino", "@cosmjs/cosmwasm-stargate", "@cosmjs/encoding", "@cosmjs/proto-signing", "@cosmjs/stargate", "cosmjs-types"],
  },
  server: { port: Number(process.env.DAPP_PORT ?? 5173), strictPort: true, host: "127.0.0.1", fs: { allow: [".."] } },
  preview: { port: Number(process.env.DAPP_PORT ?? 4173), strictPort: true, host: "127.0.0.1" },
  build: { outDir: "dist", sourcemap: true, chunkSizeWarningLimit: 3000 },
  test: {
    environment: "jsdom",
    include: ["test/**/*.test.{ts,tsx}"],
    setupFiles: ["test/setup.ts"],
  },
});
