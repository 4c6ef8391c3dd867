// Generates the TypeScript client of every contract in schema/ into src/contracts (or the
// directory given as the first argument): types, query and signing clients, message composers.
// Data-driven: every schema/<crate>/ directory is a contract, so new contracts and new fields
// flow through without editing this file.
import { readdirSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import codegenModule from "@cosmwasm/ts-codegen";

const codegen = codegenModule.default ?? codegenModule;
const here = dirname(fileURLToPath(import.meta.url));
const schemaRoot = resolve(here, "../../schema");
const outPath = resolve(process.argv[2] ?? join(here, "src/contracts"));

if (!existsSync(schemaRoot)) {
  console.error(`codegen: no ${schemaRoot}: run scripts/schema.sh`);
  process.exit(1);
}
const pascal = (s) => s.split(/[-_]/).map((w) => w[0].toUpperCase() + w.slice(1)).join("");
const contracts = readdirSync(schemaRoot, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort()
  .map((name) => ({ name: pascal(name), dir: join(schemaRoot, name) }));
if (contracts.length === 0) {
  console.error(`codegen: no contract schema under ${schemaRoot}`);
  process.exit(1);
}

await codegen({
  contracts,
  outPath,
  options: {
    bundle: { enabled: true, bundleFile: "index.ts", scope: "contracts" },
    types: { enabled: true },
    client: { enabled: true, execExtendsQuery: true, noImplicitOverride: false },
    messageComposer: { enabled: true },
    messageBuilder: { enabled: false },
    reactQuery: { enabled: false },
    recoil: { enabled: false },
    useContractsHook: { enabled: false },
  },
});
console.log(`codegen: ${contracts.map((c) => c.name).join(", ")} -> ${outPath}`);
