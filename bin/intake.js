#!/usr/bin/env node
// Entry point: Node 24 runs the TypeScript sources directly (type stripping), no build step.
const [major] = process.versions.node.split(".").map(Number);
if (major < 24) {
  process.stderr.write(
    `intake needs Node.js 24 or newer (this is ${process.version}). Run it through npm (npx intake / npm run intake), which uses the Node pinned by the project.\n`,
  );
  process.exit(2);
}
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
