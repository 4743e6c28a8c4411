// Types for the two SPDX helpers we use (neither ships its own).
declare module "spdx-expression-parse" {
  type SpdxNode =
    | { license: string; plus?: boolean; exception?: string }
    | { left: SpdxNode; conjunction: "and" | "or"; right: SpdxNode };
  function parse(expression: string): SpdxNode;
  export default parse;
}
declare module "spdx-correct" {
  function correct(identifier: string, options?: { upgrade?: boolean }): string | null;
  export default correct;
}
