import { type XMLParser, XMLValidator } from "fast-xml-parser";
import { type InputFile, InventoryError } from "./types.ts";

/**
 * Parse an XML input with typed errors: text that is not well-formed XML is `malformed` (with the
 * validator's line and column); the parser's own failures are `malformed` too. The caller checks
 * the root element and raises `wrong-format` itself, since only it knows what the root must be.
 */
export function parseXmlInput(file: InputFile, parser: XMLParser): unknown {
  const valid = XMLValidator.validate(file.text);
  if (valid !== true) {
    throw new InventoryError("malformed", `not well-formed XML: ${valid.err.msg}`, {
      file: file.path,
      line: valid.err.line,
      column: valid.err.col,
    });
  }
  try {
    return parser.parse(file.text);
  } catch (e) {
    throw new InventoryError("malformed", `cannot read XML: ${e instanceof Error ? e.message : String(e)}`, {
      file: file.path,
      cause: e,
    });
  }
}
