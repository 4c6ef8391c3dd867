// Generates the TypeScript client of every contract in schema/ into src/contracts (or the
// directory given as the first argument): types, query and signing clients, message composers.
// Data-driven: every schema/<crate>/ directory is a contract, so new contracts and new fields
// flow through without editing this file.
import { readdirSync, existsSync, mkdirSync, mkdtempSync, copyFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
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

// Messages a contract takes or exchanges outside its execute/query API (the
// vault's cw20 hook, the bridge's packets, ack and transfer memo) are written
// by its schema binary into raw/ next to the API's own. They become a
// types-only module `<Contract>Wire` (ts-codegen reads one IDL per directory,
// so they are handed to it from a directory of their own).
const apiFile = /^(instantiate|execute|query|migrate|sudo|response_to_.*)\.json$/;
const scratch = mkdtempSync(join(tmpdir(), "codegen-wire-"));
const wire = contracts.flatMap(({ name, dir }) => {
  const raw = join(dir, "raw");
  const extra = existsSync(raw)
    ? readdirSync(raw).filter((f) => f.endsWith(".json") && !apiFile.test(f)).sort()
    : [];
  if (extra.length === 0) return [];
  const wireDir = join(scratch, name);
  mkdirSync(wireDir);
  for (const f of extra) copyFileSync(join(raw, f), join(wireDir, f));
  return [{ name: `${name}Wire`, dir: wireDir }];
});

await codegen({
  contracts: [...contracts, ...wire],
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
rmSync(scratch, { recursive: true, force: true });
console.log(`codegen: ${[...contracts, ...wire].map((c) => c.name).join(", ")} -> ${outPath}`);
