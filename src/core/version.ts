import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const pkg = require("../../package.json") as { version: string };

/** Intake's own version, from package.json. */
export const INTAKE_VERSION: string = pkg.version;
