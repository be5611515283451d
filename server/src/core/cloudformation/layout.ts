/**
 * What the YAML editor needs to know about how a template is written that the model tree does not
 * say: which collections are flow style (`[a, b]`, `{k: v}`) and which values were written as short
 * form tags. Keyed by span (`start:end`), the identity model nodes keep through intrinsic resolution.
 */
export interface TemplateLayout {
  readonly flow: Set<string>;
  readonly intrinsics: Set<string>;
}
