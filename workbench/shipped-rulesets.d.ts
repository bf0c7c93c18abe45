/** The shipped rulesets, put in by scripts/build-workbench.ts. */
declare module "shipped-rulesets" {
  const rulesets: readonly { readonly key: string; readonly text: string }[];
  export default rulesets;
}
