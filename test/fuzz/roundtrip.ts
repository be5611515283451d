// Quick-fix round trips: every fix of a parseable workspace must leave parseable text, remove its
// finding, make no other rule fire, change only the element it names, and fixing repeatedly must
// reach a fixed point.
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { parseHcl } from '../../server/src/core/terraform/hcl';
import { parseYaml } from '../../server/src/core/cloudformation/yaml/parse';
import type { Span } from '../../server/src/core/text';
import type { ParsedFile } from '../../server/src/core/model';
import { checkFixRoundTrips, applyFix } from '../unit/rules/table';
import { catalog, runEngine, type AppliedFix, type EngineResult, type Workspace } from './engine';
import { accessGained } from './access';
import { parseFile } from '../../server/src/core/parse';

/** A source-independent tree: a label (kind and scalar values, no offsets) and children. */
interface Tree {
  readonly label: string;
  readonly span: Span;
  readonly children: readonly Tree[];
}

function fromJsonc(node: JsonNode): Tree {
  return {
    label: `${node.type}${node.type === 'property' || node.children ? '' : ' ' + JSON.stringify(node.value)}`,
    span: { start: node.offset, end: node.offset + node.length },
    children: (node.children ?? []).map(fromJsonc),
  };
}

const isSpan = (value: unknown): value is Span =>
  !!value && typeof value === 'object' && typeof (value as Span).start === 'number' && typeof (value as Span).end === 'number' && Object.keys(value).length === 2;

/** Any tree of objects with a `span` (HCL AST, the policy model): scalars go into the label. */
function fromAst(node: Record<string, unknown>, role: string): Tree {
  const scalars: string[] = [];
  const children: Tree[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'bodyText' || isSpan(value)) continue;
    if (value === null || typeof value !== 'object') scalars.push(`${key}=${JSON.stringify(value)}`);
    else if (Array.isArray(value)) value.forEach((item) => { if (item && typeof item === 'object' && isSpan(item.span)) children.push(fromAst(item, key)); });
    else if (isSpan((value as { span?: unknown }).span)) children.push(fromAst(value as Record<string, unknown>, key));
    else scalars.push(`${key}=${JSON.stringify(value)}`);
  }
  return { label: `${role}:${scalars.join(',')}`, span: node.span as Span, children };
}

export function fileTree(text: string, language: 'json' | 'terraform' | 'yaml'): Tree | undefined {
  if (language === 'terraform') return fromAst(parseHcl(text).body as unknown as Record<string, unknown>, 'body');
  if (language === 'yaml') {
    // The reader's own tree of the YAML document (short forms as `Fn::*` objects), spans and all.
    const root = parseYaml(text).root;
    return root && blockSpans(fromAst(root as unknown as Record<string, unknown>, 'root'), text);
  }
  const tree = parseTree(text, [], { allowTrailingComma: true, allowEmptyContent: true });
  return tree && fromJsonc(tree);
}

/**
 * A YAML block collection ends with its last line: nothing closes it the way `]` or `}` do, so a
 * line added after its last item is inside it only once its span takes in that line's break.
 */
function blockSpans(tree: Tree, text: string): Tree {
  const children = tree.children.map((child) => blockSpans(child, text));
  const block = /kind="(?:object|array)"/.test(tree.label) && !'[{'.includes(text[tree.span.start] ?? '') && !/Fn::/.test(tree.label);
  let end = tree.span.end;
  if (block) {
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    if (text[end] === '\r') end++;
    if (text[end] === '\n') end++;
    // At the end of a file without a final line break, a line added after the last one is still inside.
    else if (end >= text.length) end = text.length + 1;
  }
  return { ...tree, span: { start: tree.span.start, end: Math.max(end, ...children.map((c) => c.span.end)) }, children };
}

const contains = (outer: Span, inner: Span) => outer.start <= inner.start && inner.end <= outer.end;
/** An insertion at a node's edge (a new list item after the last one) belongs to the parent, not the node. */
const holds = (outer: Span, inner: Span) =>
  contains(outer, inner) && (inner.start < inner.end ? true : outer.start < inner.start && inner.end < outer.end);

/** The path (child indices) to the deepest node containing `range`. */
function enclosing(tree: Tree, range: Span): number[] {
  const path: number[] = [];
  let node = tree;
  for (;;) {
    const index = node.children.findIndex((child) => holds(child.span, range));
    if (index < 0) return path;
    path.push(index);
    node = node.children[index]!;
  }
}

function same(a: Tree, b: Tree, depth = 0): boolean {
  if (a.label !== b.label || a.children.length !== b.children.length) return false;
  if (depth > 2000) return true;
  return a.children.every((child, i) => same(child, b.children[i]!, depth + 1));
}

/** `a` appear in `b`, in order (b may have more). */
function subsequence(a: readonly Tree[], b: readonly Tree[]): boolean {
  let j = 0;
  for (const child of a) {
    while (j < b.length && !same(child, b[j]!)) j++;
    if (j === b.length) return false;
    j++;
  }
  return true;
}

const intersects = (a: Span, b: Span) => a.start < b.end && b.start < a.end || (b.start === b.end && a.start < b.start && b.start < a.end);

/** Why `after` differs from `before` outside the node at `path` (or inside it, beyond the edited children). */
function differenceOutside(before: Tree, after: Tree, path: readonly number[], range: Span): string | undefined {
  let a = before;
  let b = after;
  for (const index of path) {
    if (b.label !== a.label || b.children.length !== a.children.length) return `${a.label} changed shape`;
    for (let i = 0; i < a.children.length; i++) {
      if (i !== index && !same(a.children[i]!, b.children[i]!)) return `sibling #${i} (${a.children[i]!.label.slice(0, 60)}) changed`;
    }
    a = a.children[index]!;
    b = b.children[index]!;
  }
  if (a.label !== b.label) return `${a.label} became ${b.label}`;
  // Inside the changed element, the children the edits do not touch survive in order.
  const untouched = a.children.filter((child) => !intersects(child.span, range));
  if (!subsequence(untouched, b.children)) return `${a.label.slice(0, 60)} lost or changed children the fix did not edit`;
  return undefined;
}

/**
 * The element a fix changed: the deepest node of `before` holding every edit whose surroundings are
 * unchanged in `after` (going up one level when, say, one list item became three). A problem when
 * even the whole document differs outside the edits.
 */
export function confinement(before: Tree, after: Tree, range: Span): { element: string; problem?: string } {
  const path = enclosing(before, range);
  let firstProblem: string | undefined;
  for (let depth = path.length; depth >= 0; depth--) {
    const problem = differenceOutside(before, after, path.slice(0, depth), range);
    if (!problem) return { element: elementName(before, path.slice(0, depth)) };
    firstProblem ??= problem;
  }
  return { element: elementName(before, path), problem: firstProblem };
}

function elementName(tree: Tree, path: readonly number[]): string {
  const names: string[] = [];
  let node = tree;
  for (const index of path) {
    node = node.children[index]!;
    names.push(node.label.slice(0, 40));
  }
  return names.join(' > ') || '(whole document)';
}

function editRange(edits: readonly { start: number; end: number }[]): Span {
  return { start: Math.min(...edits.map((e) => e.start)), end: Math.max(...edits.map((e) => e.end)) };
}

export interface RoundTripReport {
  readonly checkedFixes: number;
  readonly problems: string[];
  /** Which element each fix changed, e.g. `object > property > array` (for the summary). */
  readonly elements: string[];
}

const languageOf = (file: string) => (file.endsWith('.tf') || file.endsWith('.tofu') ? 'terraform' : /\.(?:ya?ml|template)$/.test(file) ? 'yaml' : 'json');

/** Whether the round-trip properties can be expected: every file of the workspace parses. */
export function roundTripApplies(result: EngineResult): boolean {
  return result.files.length > 0 && result.files.every((f) => f.problems.length === 0);
}

/** All round-trip properties for the fixes of one engine run. Never throws. */
export function checkRoundTrips(workspace: Workspace, result: EngineResult): RoundTripReport {
  const problems: string[] = [];
  const elements: string[] = [];
  for (const ruleId of new Set(result.findings.filter((f) => f.fixes.length).map((f) => f.ruleId))) {
    try {
      checkFixRoundTrips(ruleId, workspace.texts, result.findings);
    } catch (error) {
      problems.push(`round trip (${ruleId}): ${(error as Error).message.split('\n').slice(0, 12).join('\n')}`);
    }
  }
  for (const applied of result.applied) {
    for (const problem of checkConfinement(workspace, result.files, applied, elements)) problems.push(problem);
    const problem = checkWidening(result.files, applied);
    if (problem) problems.push(problem);
    const disagreement = checkWildcardAgreesWithRoot(result.files, applied);
    if (disagreement) problems.push(disagreement);
  }
  if (result.applied.length) {
    const problem = checkFixedPoint(workspace);
    if (problem) problems.push(problem);
  }
  return { checkedFixes: result.applied.length, problems, elements };
}

function checkConfinement(workspace: Workspace, files: readonly ParsedFile[], applied: AppliedFix, elements: string[]): string[] {
  const problems: string[] = [];
  const label = `fix "${applied.fix.title.en}" of ${applied.finding.ruleId}@${applied.finding.span.start}`;
  for (const fileEdit of applied.fix.edits) {
    if (!fileEdit.edits.length) continue;
    const language = languageOf(fileEdit.file);
    const beforeText = workspace.texts.get(fileEdit.file)!;
    const afterText = applied.after.get(fileEdit.file)!;
    const range = editRange(fileEdit.edits);
    const before = fileTree(beforeText, language);
    const after = fileTree(afterText, language);
    if (!before || !after) {
      problems.push(`${label}: ${fileEdit.file} has no tree before or after`);
      continue;
    }
    const whole = confinement(before, after, range);
    if (whole.problem) problems.push(`${label} in ${fileEdit.file}: ${whole.problem} (changed element: ${whole.element})`);
    // The same on the policy model, which sees into heredocs and jsonencode: the change stays inside
    // one policy's Statement list (or a statement in it).
    const parsedBefore = files.find((f) => f.file === fileEdit.file);
    const policy = parsedBefore?.policies.find((p) => contains(p.root.span, range));
    if (policy) {
      const index = parsedBefore!.policies.indexOf(policy);
      const parsedAfter = runEngine({ file: fileEdit.file, texts: new Map([[fileEdit.file, afterText]]) }).files[0];
      const policyAfter = parsedAfter?.policies[index];
      if (!policyAfter) problems.push(`${label}: the policy it edited is no longer recognized in ${fileEdit.file}`);
      else {
        const modelTree = (root: unknown, text: string) => (language === 'yaml' ? blockSpans(fromAst(root as never, 'root'), text) : fromAst(root as never, 'root'));
        const model = confinement(modelTree(policy.root, beforeText), modelTree(policyAfter.root, afterText), range);
        elements.push(`${applied.finding.ruleId}: ${model.element}`);
        if (model.problem) problems.push(`${label} in ${fileEdit.file} (policy model): ${model.problem}`);
        else if (!/key="statement"/i.test(model.element) && policy.syntax !== 'policy-document') {
          problems.push(`${label} in ${fileEdit.file}: changed ${model.element}, not a statement or a list in one`);
        }
      }
    }
  }
  return problems;
}

/**
 * A fix that gives access without a narrowing condition is flagged `widensAccess` (fix-all leaves it
 * out), checked against an oracle that knows no rule. With `exact`, a flagged fix must also really
 * give access (over-careful flags are safe, so mutated fuzz inputs check only the first direction).
 */
export function checkWidening(files: readonly ParsedFile[], applied: AppliedFix, exact = false): string | undefined {
  const edited = applied.fix.edits.map((e) => parseFile(e.file, applied.after.get(e.file)!));
  const gained = accessGained(catalog, files, edited);
  const label = `fix "${applied.fix.title.en}" of ${applied.finding.ruleId}@${applied.finding.span.start}`;
  if (gained && !applied.fix.widensAccess) return `${label} gives access without a narrowing condition but is not flagged widensAccess: ${gained}`;
  if (exact && !gained && applied.fix.widensAccess) return `${label} is flagged widensAccess but gives no new access`;
  return undefined;
}

/**
 * The wildcard rule's fix narrows `"*"` to the key's own account (kms:CallerAccount), which lets in
 * every principal of the account: after it, the root-delegation rule must be silent on that policy
 * — whether or not it fired before (issue 15: it did, and FixGuard's before/after counts hid it).
 */
const PICKS_PRINCIPALS = /^aws:(principalarn|principaltag\/.*|userid|username|principaltype|principalisawsservice|principalservicename.*|sourceidentity|federatedprovider|sourcearn|sourceaccount|sourceowner)$/i;

export function checkWildcardAgreesWithRoot(files: readonly ParsedFile[], applied: AppliedFix): string | undefined {
  if (applied.finding.ruleId !== 'kms-key-policy-wildcard-principal') return undefined;
  const file = applied.finding.file;
  const before = files.find((f) => f.file === file)?.policies;
  const index = before?.findIndex((p) => contains(p.root.span, applied.finding.span)) ?? -1;
  if (index < 0) return undefined;
  // A statement that also picks some principals (a principal tag, a role ARN) may rightly leave the root out.
  const statement = before![index]!.statements.find((s) => contains(s.node.span, applied.finding.span));
  if (statement?.conditions.some((c) => PICKS_PRINCIPALS.test(c.key) && !/ifexists$/i.test(c.operator))) return undefined;
  const after = runEngine({ file, texts: applied.after });
  const policy = after.files.find((f) => f.file === file)?.policies[index];
  const root = after.findings.find((f) => f.ruleId === 'kms-key-policy-no-root-delegation' && f.file === file && policy && contains(policy.root.span, f.span));
  return root ? `fix "${applied.fix.title.en}" of the wildcard rule leaves a policy the root-delegation rule still flags: ${root.message.en.slice(0, 80)}` : undefined;
}

/** "Fix all" one fix at a time must terminate: no pair of fixes undoes each other. */
function checkFixedPoint(workspace: Workspace): string | undefined {
  let texts = new Map(workspace.texts);
  const initial = runEngine({ file: workspace.file, texts }).findings.filter((f) => f.fixes.length).length;
  const limit = 2 * initial + 4;
  const trail: string[] = [];
  for (let step = 0; step <= limit; step++) {
    const result = runEngine({ file: workspace.file, texts });
    const finding = result.findings.find((f) => f.fixes.length);
    if (!finding) return undefined;
    trail.push(`${finding.ruleId}: ${finding.fixes[0]!.title.en}`);
    texts = applyFix(texts, finding, 0);
  }
  return `fixing repeatedly does not reach a fixed point after ${limit} fixes: ${trail.slice(-6).join(' | ')}`;
}
