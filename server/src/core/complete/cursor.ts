import type { PObject, PolicyKind } from '../model';
import type { Span } from '../text';

/**
 * Where the cursor is, in policy terms, whatever the format: a per-format locator (JSON, Terraform,
 * and later YAML templates) turns text + offset into this, and completion and hover work from it
 * alone. Paths use the AWS JSON member names (`Statement`, `Action`, `Condition`...), so a Terraform
 * `aws_iam_policy_document`'s `actions = [...]` and a JSON `"Action": [...]` are the same place.
 */
export interface PolicyCursor {
  /**
   * From the policy document's root: member names and array indexes, e.g.
   * `['Statement', 0, 'Condition', 'StringEquals', 'kms:ViaService', 0]`. For S3 default encryption
   * the path ends in `ApplyServerSideEncryptionByDefault`, then `KMSMasterKeyID` / `SSEAlgorithm`.
   */
  readonly path: readonly (string | number)[];
  /** A member name is being written (`"Eff|"`, a condition operator or key), or a value. */
  readonly slot: 'name' | 'value';
  /** The word under the cursor, up to the cursor (no quotes). */
  readonly prefix: string;
  /** The whole word an accepted item replaces (the string's content when quoted). */
  readonly replace: Span;
  /** Whether the word is inside a string literal; otherwise items bring their own quotes. */
  readonly quoted: boolean;
  /** How the format spells what is inserted. */
  readonly syntax: CursorSyntax;
  /** Member names the object being completed already has (not offered again). */
  readonly siblings: readonly string[];
  /** The policy root as read so far (the statement's actions are read from it), when there is one. */
  readonly root?: PObject;
  /** What kind of policy the document is, when the reader recognized it. */
  readonly kind?: PolicyKind;
  /**
   * A Terraform `condition` block names its key in `variable` and its operator in `test`, in any
   * order: the other half, when the cursor is on one of them or on `values`.
   */
  readonly condition?: { readonly operator?: string; readonly key?: string };
  /** Names only this format has at this place (a policy document's `condition` block: test, variable, values). */
  readonly formatNames?: readonly FormatName[];
}

/**
 * - `json`: JSON and heredoc JSON (members `"Effect": `);
 * - `hcl-object`: a `jsonencode({...})` object (`Effect = `; values may be Terraform expressions);
 * - `policy-document`: `data "aws_iam_policy_document"` arguments and blocks (`effect = `, `condition {`).
 * `references`: how a Terraform reference can be written here — bare (`aws_kms_key.k.arn`), inside a
 * template (`"${aws_kms_key.k.arn}"`), or not at all (plain JSON files).
 */
export interface CursorSyntax {
  readonly style: 'json' | 'hcl-object' | 'policy-document';
  readonly references: 'none' | 'template' | 'expression';
}

export interface FormatName {
  readonly name: string;
  /** What to insert (`test     = ` or a block skeleton). */
  readonly insertText: string;
  readonly detail: string;
}

/** The path's member names compared case-insensitively (AWS accepts `action` for `Action`). */
export function pathIs(path: readonly (string | number)[], ...pattern: readonly (string | number | typeof ANY_INDEX | typeof ANY_NAME)[]): boolean {
  if (path.length !== pattern.length) return false;
  return pattern.every((expected, i) => {
    const actual = path[i];
    if (expected === ANY_INDEX) return typeof actual === 'number';
    if (expected === ANY_NAME) return typeof actual === 'string';
    if (typeof expected === 'number') return actual === expected;
    return typeof actual === 'string' && actual.toLowerCase() === (expected as string).toLowerCase();
  });
}

export const ANY_INDEX = Symbol('any index');
export const ANY_NAME = Symbol('any name');
