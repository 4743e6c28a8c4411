import { InventoryError } from "../types.ts";

/** CycloneDX XML → the JSON shape (in progress: XML is not read yet). */
export function xmlToCdxJson(_text: string, path: string): unknown {
  throw new InventoryError("unsupported-version", "CycloneDX XML is not supported yet", { file: path });
}
