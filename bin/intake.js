#!/usr/bin/env node
// Entry point: Node 24 runs the TypeScript sources directly (type stripping), no build step.
const [major] = process.versions.node.split(".").map(Number);
if (major < 24) {
  process.stderr.write(
    `intake needs Node.js 24 or newer (this is ${process.version}). Run it through npm (npx intake / npm run intake), which uses the Node pinned by the project.\n`,
  );
  process.exit(2);
}
// Cache compiled (and type-stripped) modules on disk: start-up is dominated by compiling our .ts
// sources, and the cache cuts that several-fold from the second run on. Opt out: NODE_DISABLE_COMPILE_CACHE=1.
(await import("node:module")).enableCompileCache?.();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
