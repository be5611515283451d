// Failing regression tests for bugs the fuzzer found in code owned by others. They are kept out of
// the default run by living in `pending`; when a fix lands, move its entry to `enabled` (and drop its
// line from known.ts). KEYLENS_FUZZ_PENDING=1 runs the pending ones too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runEngine, type Workspace } from './engine';
import { checkRoundTrips } from './roundtrip';
import { corpusWorkspace } from './generate';
import { timeLimit } from './harness';

export interface Regression {
  readonly name: string;
  /** The seed that found it: `KEYLENS_FUZZ_SEED=... node test/fuzz/run.mjs` replays the original case. */
  readonly seed: string;
  readonly where: string;
  readonly run: () => void;
}

const inputs = JSON.parse(readFileSync(join(__dirname, 'regression-inputs.json'), 'utf8')) as Record<string, { file: string; texts: Record<string, string> }>;
const recorded = (key: string): Workspace => ({ file: inputs[key]!.file, texts: new Map(Object.entries(inputs[key]!.texts)) });

function assertClean(workspace: Workspace): void {
  const result = runEngine(workspace);
  assert.deepEqual(result.problems, []);
  const chars = [...workspace.texts.values()].reduce((sum, text) => sum + text.length, 0);
  assert.ok(result.ms < timeLimit(chars), `${result.ms.toFixed(0)} ms for ${(chars / 1024).toFixed(0)} KB`);
  assert.deepEqual(checkRoundTrips(workspace, result).problems, []);
}

/** Every bug the fuzzer found so far is fixed; its regression runs by default. */
export const enabled: Regression[] = [
  {
    name: 'thousands of unclosed "${" in a principal and a resource stay linear (root and key-scope checks)',
    seed: '0xf40ba896',
    where: 'server/src/core/arn.ts isRootPrincipal, iam/semantics.ts itemKeyScope (a /\\$\\{[^}]*\\}/g regex rescanned the rest of the text per "${")',
    run: () => {
      const open = '${'.repeat(30_000);
      assertClean({ file: 'key-policy.json', texts: new Map([['key-policy.json', `{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::${open}:root"},"Action":"kms:*","Resource":"*"}]}`]]) });
      assertClean({ file: 'main.tf', texts: new Map([['main.tf', `resource "aws_iam_policy" "p" {\n  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "kms:Decrypt", Resource = "arn:aws:kms:\${var.r}:${open.replace(/\$/g, '$$$$')}" }] })\n}\n`]]) });
    },
  },
  {
    name: 'a JSON parse error at the end of the text gets a span inside the text',
    seed: '0x19317fd3',
    where: 'server/src/core/json/index.ts parseJsonFile (span end = offset + max(1, length) passes the end)',
    run: () => assertClean({ file: 'policy.json', texts: new Map([['policy.json', '{']]) }),
  },
  {
    name: 'the alias-ARN fix (key/* + kms:ResourceAliases) never returns overlapping edits',
    seed: '0xdf878f4f',
    where: 'server/src/core/rules/kms-alias-arn-as-key.ts ',
    run: () => assertClean(recorded('0xdf878f4f')),
  },
  {
    name: 'the root-delegation fix is not offered for an account id that is not 12 digits (it can never remove the finding)',
    seed: '0x7deb760e',
    where: 'server/src/core/rules/kms-key-policy-no-root-delegation.ts',
    run: () => assertClean({ file: 'key-policy.json', texts: new Map([['key-policy.json', '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::11112x223333:root"},"Action":"kms:*","Resource":"*"}]}']]) }),
  },
  {
    name: 'the multipart fix does not add kms:Decrypt to a NotAction list (fix all never ends)',
    seed: 'corpus 0x01cb1486 6x2',
    where: 'server/src/core/rules/kms-multipart-upload-permissions.ts (statement S3: Allow + NotAction [..., "kms:Decrypt", ...])',
    run: () => assertClean(recorded('corpus 0x01cb1486 6x2')),
  },
  {
    name: '"Remove kms:Decrypt from this statement" leaves no kms:Decrypt in the statement (duplicate items)',
    seed: 'corpus 0x07256fe6 7x3',
    where: 'server/src/core/rules/kms-decrypt-in-identity-policy.ts (statement with "kms:Decrypt" twice)',
    run: () => assertClean(recorded('corpus 0x07256fe6 7x3')),
  },
  {
    name: 'removing kms:Decrypt from an identity policy does not make kms-multipart-upload-permissions fire',
    seed: '0x4fb5b588',
    where: 'kms-decrypt-in-identity-policy vs kms-multipart-upload-permissions (SPEC §2: rules must agree)',
    run: () => assertClean(recorded('0x4fb5b588')),
  },
  {
    name: 'fixing a typo does not make another rule fire',
    seed: '0x6280ef99',
    where: 'iam-unknown-action vs the kms-* rules (SPEC §2: rules must agree)',
    run: () => assertClean(recorded('0x6280ef99')),
  },
  {
    name: 'computing every fix of a 2,000-statement policy stays within 50 ms/KB (O(size) per fix, not O(size x findings))',
    seed: 'corpus 0x00000001 2000x2',
    where: 'server/src/core/json/editor.ts JsonPolicyEditor.change/apply re-parse and re-scan the whole document per fix (iam-unknown-action, kms-alias-arn-as-key fixes)',
    run: () => {
      const { workspace } = corpusWorkspace(1, { statements: 2_000, resources: 2 });
      const result = runEngine(workspace);
      const chars = [...workspace.texts.values()].reduce((sum, text) => sum + text.length, 0);
      assert.ok(result.ms < timeLimit(chars), `${result.ms.toFixed(0)} ms for ${(chars / 1024).toFixed(0)} KB (${result.applied.length} fixes)`);
    },
  },
  {
    name: 'adding a kms:CallerAccount condition where Condition.StringEquals is a string does not throw',
    seed: '0x10627612',
    where: 'server/src/core/json/editor.ts JsonPolicyEditor.addCondition (jsonc-parser modify: "Can not add index to parent of type string")',
    run: () => assertClean(recorded('0x10627612')),
  },
  {
    name: 'deeply nested JSON is analysed without a stack overflow (parseFile caught "Maximum call stack size exceeded")',
    seed: '0x31265d4e',
    where: 'server/src/core/json (parseTree or lowerJson recursion; the HCL parser caps nesting at MAX_NESTING)',
    run: () => assertClean(recorded('0x31265d4e')),
  },
  {
    name: 'Terraform heredoc: "Allow kms:Decrypt in the key policy (aws_kms_key.data)" removes the kms-decrypt-in-identity-policy finding',
    seed: 'fixture: kms-multipart-upload-permissions invalid: heredoc <<EOT uploader with kms:Decrypt but no kms:GenerateDataKey',
    where: 'server/src/core/rules/kms-decrypt-in-identity-policy.ts with the Terraform heredoc editor (the key-policy fix leaves the identity finding)',
    run: () => assertClean(recorded('fixture heredoc-uploader')),
  },
  {
    name: 'adding a statement to a policy whose member is spelt "StatemeNt" extends that list instead of adding a second Statement member',
    seed: '0x69e40a53',
    where: 'server/src/core/json/editor.ts addStatement (writes the literal path "Statement" while the model reads members case-insensitively)',
    run: () => assertClean(recorded('0x69e40a53')),
  },
  {
    name: 'a fix lists each file once (Move kms:Decrypt to a key policy document in the same main.tf)',
    seed: '0x057c6d23',
    where: 'server/src/core/rules/kms-decrypt-in-identity-policy.ts: two FileEdits for main.tf; the LSP merges them, but applying FileEdits one after another (table.ts applyFix, any client of Fix) shifts the second\'s offsets',
    run: () => assertClean(recorded('0x057c6d23')),
  },
  {
    name: 'a key policy fix that would break another file\'s cross-account sharing is not offered (the guard looks at every file)',
    seed: '0x841208a5',
    where: 'server/src/core/fixGuard.ts: only the edited files were re-analysed, so kms-cross-account-access firing in the bucket policy went unseen',
    run: () => assertClean(recorded('0x841208a5')),
  },
  {
    name: 'fixes are not computed for a Terraform file that does not parse (an indented heredoc with deep nesting took 4 s)',
    seed: '0xa20a9df0',
    where: 'server/src/core/analyze.ts + fixGuard.ts (fixable before computing), server/src/core/terraform/index.ts readHeredocPolicy (nesting check)',
    run: () => assertClean(recorded('0xa20a9df0')),
  },
  {
    name: 'fixes are not computed for a heredoc key policy that does not parse (4 s before)',
    seed: '0x6217ea2d',
    where: 'server/src/core/analyze.ts + fixGuard.ts (fixable before computing), server/src/core/terraform/index.ts readHeredocPolicy (nesting check)',
    run: () => assertClean(recorded('0x6217ea2d')),
  },
  {
    name: 'heredoc JSON nested past 512 levels is reported, not parsed (stack overflow before)',
    seed: '0x92163a0f',
    where: 'server/src/core/analyze.ts + fixGuard.ts (fixable before computing), server/src/core/terraform/index.ts readHeredocPolicy (nesting check)',
    run: () => assertClean(recorded('0x92163a0f')),
  },
  {
    name: 'the nesting pre-check ends an unterminated string at the line break as jsonc-parser does (else deep nesting after it went uncounted and overflowed the stack)',
    seed: '0x52f296d5',
    where: 'server/src/core/json/index.ts nestingDepth',
    run: () => assertClean(recorded('0x52f296d5')),
  },
];

/** Bugs found and not fixed yet (run with KEYLENS_FUZZ_PENDING=1). */
export const pending: Regression[] = [];

for (const regression of [...enabled, ...(process.env.KEYLENS_FUZZ_PENDING === '1' ? pending : [])]) {
  test(`fuzz regression (seed ${regression.seed}): ${regression.name}`, regression.run);
}
