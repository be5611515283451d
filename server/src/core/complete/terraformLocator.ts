import { parseHcl, attribute, blocks, staticString, type Attribute, type Block, type Body, type Expression, type ObjectExpr } from '../terraform/hcl';
import { Lowering } from '../terraform/lower';
import { readPolicyDocument } from '../terraform/policyDocument';
import { POLICY_RESOURCES } from '../terraform/module/reader';
import type { PObject, PolicyKind } from '../model';
import type { Span } from '../text';
import type { CursorSyntax, FormatName, PolicyCursor } from './cursor';
import { locateInJson } from './jsonLocator';
import { wordAround } from './word';

/** Past this size a file is not located in. */
const MAX_TERRAFORM_LENGTH = 2 * 1024 * 1024;

/** `aws_iam_policy_document` statement arguments → the JSON members they stand for. */
const STATEMENT_ARGUMENTS: Readonly<Record<string, string>> = {
  sid: 'Sid',
  effect: 'Effect',
  actions: 'Action',
  not_actions: 'NotAction',
  resources: 'Resource',
  not_resources: 'NotResource',
  principals: 'Principal',
  not_principals: 'NotPrincipal',
  condition: 'Condition',
};

const DOCUMENT_ARGUMENTS: Readonly<Record<string, string>> = { version: 'Version', policy_id: 'Id', statement: 'Statement' };

/**
 * Where the cursor is in a Terraform file, in policy terms: inside `jsonencode({...})`, heredoc
 * JSON or a `data "aws_iam_policy_document"` block, or at a bucket encryption `kms_master_key_id`.
 * Undefined anywhere else (Terraform's own language server completes the rest).
 */
export function locateInTerraform(text: string, offset: number): PolicyCursor | undefined {
  if (text.length > MAX_TERRAFORM_LENGTH || offset < 0 || offset > text.length) return undefined;
  const { body } = parseHcl(text);
  const block = containing(body.items.filter((i): i is Block => i.kind === 'block'), offset, text.length);
  if (!block) return undefined;
  const [type] = block.labels.map((l) => l.value);
  if (block.type === 'data' && type === 'aws_iam_policy_document') return new DocumentLocator(text, offset, block).locate();
  return locateInArguments(text, offset, block.body, type !== undefined ? POLICY_RESOURCES[type] : undefined);
}

/**
 * The item (attribute, block, object member, list item) that holds `offset`. An item left open
 * (a block, list, object or call whose closing bracket is missing, as while typing) reaches to the
 * next item, or to `end`.
 */
function containing<T extends { span: Span }>(items: readonly T[], offset: number, end: number): T | undefined {
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const next = items[i + 1]?.span.start ?? end;
    const stop = isOpen(item as unknown as Node) ? Math.max(next, item.span.end) : item.span.end;
    if (item.span.start <= offset && offset <= stop) return item;
  }
  return undefined;
}

type Node = Block | Attribute | Expression | { key: Expression; value: Expression; span: Span };

function isOpen(node: Node): boolean {
  if ('kind' in node) {
    switch (node.kind) {
      case 'block':
        return !node.closeBrace;
      case 'attribute':
        return isOpen(node.value);
      case 'object':
        return !node.closeBrace;
      case 'tuple':
        return !node.closeBracket;
      case 'call':
        return !node.closeParen;
      case 'template':
        return !node.terminated;
      // `name = ` with nothing after it yet: the value being typed follows.
      case 'invalid':
        return true;
      default:
        return false;
    }
  }
  return isOpen(node.value);
}

/** Arguments of a resource: `policy = jsonencode(...)` / heredoc, or a bucket's default encryption. */
function locateInArguments(text: string, offset: number, body: Body, kind: PolicyKind | undefined, depth = 0): PolicyCursor | undefined {
  const item = containing(body.items, offset, body.span.end);
  if (!item || depth > 8) return undefined;
  if (item.kind === 'block') {
    if (item.type === 'apply_server_side_encryption_by_default') return locateEncryption(text, offset, item);
    return locateInArguments(text, offset, item.body, kind, depth + 1);
  }
  if (offset < (item.equalsSpan?.end ?? item.nameSpan.end)) return undefined;
  return locateInExpression(text, offset, item.value, kind);
}

/** Inside an attribute's value: a `jsonencode` call's object, or a heredoc holding JSON. */
function locateInExpression(text: string, offset: number, value: Expression, kind: PolicyKind | undefined): PolicyCursor | undefined {
  let current: Expression | undefined = value;
  for (let guard = 0; current && guard < 64; guard++) {
    if (current.kind === 'heredoc') {
      const body = current.bodySpan;
      if (offset < body.start || offset > body.end) return undefined;
      return locateInJson(current.bodyText, offset, { base: body.start, syntax: { style: 'json', references: 'template' }, ...(kind ? { kind } : {}) });
    }
    if (current.kind === 'call') {
      const argument: Expression | undefined = current.args[0];
      if (current.name === 'jsonencode' && argument?.kind === 'object' && within(argument, offset, current.closeParen?.start ?? text.length)) {
        return new ObjectLocator(text, offset, argument, kind).locate();
      }
      current = current.args.find((a) => within(a, offset, text.length));
    } else if (current.kind === 'parens') current = current.expr;
    else return undefined;
  }
  return undefined;
}

function within(expr: Expression, offset: number, openEnd: number): boolean {
  const closed = expr.kind === 'object' ? !!expr.closeBrace : expr.kind === 'tuple' ? !!expr.closeBracket : expr.kind === 'call' ? !!expr.closeParen : true;
  return expr.span.start <= offset && offset <= (closed ? expr.span.end : Math.max(expr.span.end, openEnd));
}

/** A string template's content and where the cursor is in it; undefined when it is inside an interpolation. */
function stringWord(text: string, expr: Expression, offset: number): { prefix: string; replace: Span } | undefined {
  if (expr.kind !== 'template') return undefined;
  const start = expr.span.start + 1;
  const end = expr.terminated ? expr.span.end - 1 : expr.span.end;
  if (offset < start || offset > end) return undefined;
  for (const part of expr.parts) if (part.kind !== 'literal' && part.span.start < offset && offset < part.span.end) return undefined;
  return { prefix: text.slice(start, offset), replace: { start, end } };
}

/** The word at a value position: a quoted string's content, or a bare word (reference, number, nothing yet). */
function valueWord(text: string, offset: number, expr: Expression | undefined): { prefix: string; replace: Span; quoted: boolean } | undefined {
  if (expr?.kind === 'template') {
    const word = stringWord(text, expr, offset);
    return word ? { ...word, quoted: true } : undefined;
  }
  if (expr && expr.kind !== 'variable' && expr.kind !== 'getattr' && expr.kind !== 'invalid' && expr.kind !== 'literal') return undefined;
  const word = wordAround(text, offset);
  return { prefix: text.slice(word.start, offset), replace: word, quoted: false };
}

/** `jsonencode({ Statement = [{ Action = ["kms:|"] }] })` */
class ObjectLocator {
  private readonly syntax: CursorSyntax = { style: 'hcl-object', references: 'expression' };

  constructor(
    private readonly text: string,
    private readonly offset: number,
    private readonly object: ObjectExpr,
    private readonly kind: PolicyKind | undefined,
  ) {}

  locate(): PolicyCursor | undefined {
    const path: (string | number)[] = [];
    let container: Expression = this.object;
    for (let guard = 0; guard < 64; guard++) {
      if (container.kind === 'object') {
        const item: ObjectExpr['items'][number] | undefined = containing(container.items, this.offset, endOf(container, this.text));
        if (!item) return this.name(path, container, undefined);
        if (this.offset <= item.key.span.end) return this.offset >= item.key.span.start ? this.name(path, container, item.key) : undefined;
        if (item.keyName === undefined) return undefined;
        path.push(item.keyName);
        container = item.value;
      } else if (container.kind === 'tuple') {
        const tuple: Extract<Expression, { kind: 'tuple' }> = container;
        const item: Expression | undefined = containing(tuple.items, this.offset, endOf(tuple, this.text));
        if (!item) {
          path.push(tuple.items.filter((i) => i.span.end <= this.offset).length);
          return this.value(path, undefined);
        }
        path.push(tuple.items.indexOf(item));
        container = item;
      } else if (container.kind === 'parens') {
        container = container.expr;
      } else {
        return this.value(path, container);
      }
    }
    return undefined;
  }

  private name(path: (string | number)[], object: ObjectExpr, key: Expression | undefined): PolicyCursor | undefined {
    let word: { prefix: string; replace: Span; quoted: boolean } | undefined;
    if (key?.kind === 'template') {
      const inString = stringWord(this.text, key, this.offset);
      if (!inString) return undefined;
      word = { ...inString, quoted: true };
    } else {
      const bare = wordAround(this.text, this.offset);
      word = { prefix: this.text.slice(bare.start, this.offset), replace: bare, quoted: false };
    }
    const typed = word.prefix + this.text.slice(this.offset, word.replace.end);
    const siblings = object.items.map((i) => i.keyName).filter((k): k is string => k !== undefined && k !== typed);
    return { path, slot: 'name', ...word, syntax: this.syntax, siblings, root: this.root(), ...(this.kind ? { kind: this.kind } : {}) };
  }

  private value(path: (string | number)[], expr: Expression | undefined): PolicyCursor | undefined {
    const word = valueWord(this.text, this.offset, expr);
    if (!word) return undefined;
    return { path, slot: 'value', ...word, syntax: { style: 'hcl-object', references: word.quoted ? 'template' : 'expression' }, siblings: [], root: this.root(), ...(this.kind ? { kind: this.kind } : {}) };
  }

  private root(): PObject {
    return new Lowering(this.text).lower(this.object) as PObject;
  }
}

function endOf(expr: Expression, text: string): number {
  if (expr.kind === 'object') return expr.closeBrace ? expr.closeBrace.start : text.length;
  if (expr.kind === 'tuple') return expr.closeBracket ? expr.closeBracket.start : text.length;
  return expr.span.end;
}

/** `data "aws_iam_policy_document"`: statements, their arguments, principals and condition blocks. */
class DocumentLocator {
  constructor(
    private readonly text: string,
    private readonly offset: number,
    private readonly block: Block,
  ) {}

  locate(): PolicyCursor | undefined {
    const body = this.block.body;
    const item = containing(body.items, this.offset, body.span.end);
    if (!item || this.atName(item)) {
      return this.name([], DOCUMENT_ARGUMENTS, body, item, [
        { name: 'source_policy_documents', insertText: 'source_policy_documents = ', detail: 'aws_iam_policy_document' },
        { name: 'override_policy_documents', insertText: 'override_policy_documents = ', detail: 'aws_iam_policy_document' },
      ]);
    }
    if (item.kind === 'attribute') {
      if (item.name === 'version') return this.value(['Version'], item);
      return undefined;
    }
    if (item.type !== 'statement') return undefined;
    const index = blocks(body, 'statement').indexOf(item);
    return this.inStatement(['Statement', index], item);
  }

  private inStatement(path: (string | number)[], statement: Block): PolicyCursor | undefined {
    const item = containing(statement.body.items, this.offset, statement.body.span.end);
    if (!item || this.atName(item)) return this.name(path, STATEMENT_ARGUMENTS, statement.body, item);
    if (item.kind === 'attribute') {
      const member = STATEMENT_ARGUMENTS[item.name];
      if (!member || member === 'Principal' || member === 'NotPrincipal' || member === 'Condition') return undefined;
      return this.listValue([...path, member], item);
    }
    if (item.type === 'principals' || item.type === 'not_principals') {
      const member = item.type === 'principals' ? 'Principal' : 'NotPrincipal';
      const inner = containing(item.body.items, this.offset, item.body.span.end);
      const formatNames: FormatName[] = [
        { name: 'type', insertText: 'type        = ', detail: 'AWS, Service, Federated, CanonicalUser, *' },
        { name: 'identifiers', insertText: 'identifiers = ', detail: 'principals' },
      ];
      if (!inner || this.atName(inner)) return this.name([...path, member], {}, item.body, inner, formatNames);
      if (inner.kind !== 'attribute') return undefined;
      if (inner.name === 'type') return this.asName([...path, member], inner);
      const type = staticString(attribute(item.body, 'type')?.value ?? { kind: 'invalid', span: { start: 0, end: 0 } }) ?? 'AWS';
      if (inner.name === 'identifiers') return this.listValue([...path, member, type], inner);
      return undefined;
    }
    if (item.type === 'condition') {
      const inner = containing(item.body.items, this.offset, item.body.span.end);
      const test = this.staticArgument(item.body, 'test');
      const variable = this.staticArgument(item.body, 'variable');
      const condition = { ...(test ? { operator: test } : {}), ...(variable ? { key: variable } : {}) };
      const formatNames: FormatName[] = [
        { name: 'test', insertText: 'test     = ', detail: 'StringEquals, ArnLike, Bool, ...' },
        { name: 'variable', insertText: 'variable = ', detail: 'kms:ViaService, aws:PrincipalOrgID, ...' },
        { name: 'values', insertText: 'values   = ', detail: '[...]' },
      ];
      if (!inner || this.atName(inner)) return this.name([...path, 'Condition', test ?? ''], {}, item.body, inner, formatNames, condition);
      if (inner.kind !== 'attribute') return undefined;
      if (inner.name === 'test') return this.asName([...path, 'Condition'], inner, condition);
      if (inner.name === 'variable') return this.asName([...path, 'Condition', test ?? ''], inner, condition);
      if (inner.name === 'values') return this.listValue([...path, 'Condition', test ?? '', variable ?? ''], inner, condition);
    }
    return undefined;
  }

  private staticArgument(body: Body, name: string): string | undefined {
    const found = attribute(body, name);
    return found ? staticString(found.value) : undefined;
  }

  /** Before an attribute's `=` (or a block's type): its name is being typed. */
  private atName(item: Attribute | Block): boolean {
    return item.kind === 'attribute' ? this.offset <= item.nameSpan.end && this.offset >= item.nameSpan.start : this.offset <= item.typeSpan.end;
  }

  private name(
    path: (string | number)[],
    names: Readonly<Record<string, string>>,
    body: Body,
    item: Attribute | Block | undefined,
    formatNames?: readonly FormatName[],
    condition?: PolicyCursor['condition'],
  ): PolicyCursor {
    const word = wordAround(this.text, this.offset);
    const typed = this.text.slice(word.start, word.end);
    const siblings = body.items
      .filter((i) => i !== item)
      .map((i) => names[i.kind === 'attribute' ? i.name : i.type] ?? (i.kind === 'attribute' ? i.name : i.type))
      // Blocks of these kinds repeat; the others are single arguments.
      .filter((name) => name !== 'Statement' && name !== 'Principal' && name !== 'NotPrincipal' && name !== 'Condition' && name !== typed);
    return {
      path,
      slot: 'name',
      prefix: this.text.slice(word.start, this.offset),
      replace: word,
      quoted: false,
      syntax: { style: 'policy-document', references: 'expression' },
      siblings,
      root: this.root(),
      ...(formatNames ? { formatNames } : {}),
      ...(condition ? { condition } : {}),
    };
  }

  /** An argument whose value names a JSON member (`test = "StringEquals"`, `variable = "kms:ViaService"`, `type = "AWS"`). */
  private asName(path: (string | number)[], item: Attribute, condition?: PolicyCursor['condition']): PolicyCursor | undefined {
    const word = valueWord(this.text, this.offset, item.value);
    if (!word) return undefined;
    return { path, slot: 'name', ...word, syntax: { style: 'policy-document', references: 'none' }, siblings: [], root: this.root(), ...(condition ? { condition } : {}) };
  }

  private value(path: (string | number)[], item: Attribute): PolicyCursor | undefined {
    const word = valueWord(this.text, this.offset, item.value);
    if (!word) return undefined;
    return { path, slot: 'value', ...word, syntax: { style: 'policy-document', references: word.quoted ? 'template' : 'expression' }, siblings: [], root: this.root() };
  }

  /** `actions = ["kms:Decrypt", "kms:|"]`: the item under the cursor (or the new item's index). */
  private listValue(path: (string | number)[], item: Attribute, condition?: PolicyCursor['condition']): PolicyCursor | undefined {
    const value = item.value;
    let target: Expression | undefined = value;
    const full = [...path];
    if (value.kind === 'tuple') {
      const end = value.closeBracket ? value.closeBracket.start : item.span.end;
      if (this.offset <= value.span.start || this.offset > Math.max(end, value.span.end)) return undefined;
      const inItem = containing(value.items, this.offset, end);
      full.push(inItem ? value.items.indexOf(inItem) : value.items.filter((i) => i.span.end <= this.offset).length);
      target = inItem;
    }
    const word = valueWord(this.text, this.offset, target);
    if (!word) return undefined;
    return {
      path: full,
      slot: 'value',
      ...word,
      syntax: { style: 'policy-document', references: word.quoted ? 'template' : 'expression' },
      siblings: [],
      root: this.root(),
      ...(condition ? { condition } : {}),
    };
  }

  private root(): PObject {
    return readPolicyDocument(this.block, new Lowering(this.text)).root;
  }
}

/** `apply_server_side_encryption_by_default { sse_algorithm, kms_master_key_id }` */
function locateEncryption(text: string, offset: number, block: Block): PolicyCursor | undefined {
  const item = containing(block.body.items, offset, block.body.span.end);
  if (!item || item.kind !== 'attribute' || offset < (item.equalsSpan?.end ?? item.nameSpan.end + 1)) return undefined;
  const member = item.name === 'kms_master_key_id' ? 'KMSMasterKeyID' : item.name === 'sse_algorithm' ? 'SSEAlgorithm' : undefined;
  if (!member) return undefined;
  const word = valueWord(text, offset, item.value);
  if (!word) return undefined;
  return {
    path: ['ApplyServerSideEncryptionByDefault', member],
    slot: 'value',
    ...word,
    syntax: { style: 'policy-document', references: word.quoted ? 'template' : 'expression' },
    siblings: [],
  };
}
