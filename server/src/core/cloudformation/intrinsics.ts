import { arnShape, type Hole } from '../arnShape';
import type { PEntry, PNode, PObject, PString, ResourceRef } from '../model';
import type { Span } from '../text';
import { isIntrinsicName } from './intrinsicNames';

/** What intrinsics in one template can name: its resources (by logical id) and parameters. */
export interface TemplateScope {
  /** The template's file: the scope of every reference made inside it. */
  readonly file: string;
  /** Logical id → resource type (`AWS::KMS::Key`), including resources SAM creates implicitly. */
  readonly resources: ReadonlyMap<string, string>;
}

/** The pseudo parameters whose meaning (not value) is known: they are the deploying account, Region, partition. */
const PSEUDO_HOLES: Readonly<Record<string, Hole>> = {
  'AWS::AccountId': 'account',
  'AWS::Region': 'region',
  'AWS::Partition': 'partition',
};

type Piece = { readonly literal: string } | { readonly hole: Hole; readonly text: string; readonly ref?: ResourceRef };

/** A value as far as evaluation gets: text made of literal and unknown pieces, or nothing known. */
type Evaluated =
  | { readonly kind: 'text'; readonly pieces: readonly Piece[] }
  | { readonly kind: 'unknown'; readonly text: string; readonly list: boolean };

const MAX_DEPTH = 64;

/**
 * Replaces every intrinsic call in a template value (`{"Ref": ...}`, `{"Fn::Sub": ...}`, the YAML
 * short forms lowered to the same objects) by what it stands for: a known string when every part is
 * literal (`!Sub "arn:aws:s3:::logs/*"`), else an unknown string that keeps the resources it names
 * (`ref`/`refs`, scoped to the template) and, for ARNs, their shape (`arn`). Parameters, imports,
 * mappings and conditions stay unknown: nothing is guessed. Spans are those of the calls.
 */
export function resolveIntrinsics(node: PNode, scope: TemplateScope): PNode {
  switch (node.kind) {
    case 'object': {
      if (isCall(node)) return toNode(evaluate(node, scope, 0), node.span);
      let changed = false;
      const entries = node.entries.map((entry): PEntry => {
        const value = resolveIntrinsics(entry.value, scope);
        if (value === entry.value) return entry;
        changed = true;
        return { ...entry, value };
      });
      return changed ? { ...node, entries } : node;
    }
    case 'array': {
      let changed = false;
      const items = node.items.map((item) => {
        const value = resolveIntrinsics(item, scope);
        if (value !== item) changed = true;
        return value;
      });
      return changed ? { ...node, items } : node;
    }
    default:
      return node;
  }
}

/** An object that is one intrinsic call: a single member named `Ref` or `Fn::*`. */
export function isCall(node: PNode): boolean {
  return node.kind === 'object' && node.entries.length === 1 && isIntrinsicName(node.entries[0]!.key);
}

function toNode(value: Evaluated, span: Span): PNode {
  if (value.kind === 'unknown') {
    // A list-valued call (`!Split`, `!GetAZs`) is no string; a scalar one is an unknown string, so
    // rules see "something unknown stands here" rather than nothing.
    if (value.list) return { kind: 'unknown', text: value.text, span };
    return { kind: 'string', value: value.text, known: false, refs: [], span };
  }
  const pieces = value.pieces;
  if (pieces.every((p) => 'literal' in p)) return { kind: 'string', value: pieces.map((p) => (p as { literal: string }).literal).join(''), known: true, span };
  const text = pieces.map((p) => ('literal' in p ? p.literal : p.text)).join('');
  const refs: ResourceRef[] = [];
  for (const piece of pieces) {
    if ('ref' in piece && piece.ref && !refs.some((r) => r.name === piece.ref!.name && r.attribute === piece.ref!.attribute)) refs.push(piece.ref);
  }
  const only = pieces.length === 1 && 'ref' in pieces[0]! ? pieces[0].ref : undefined;
  const arn = arnShape(pieces.map((p) => ('literal' in p ? { literal: p.literal } : { hole: p.hole })));
  const result: PString = { kind: 'string', value: text, known: false, refs, span, ...(only ? { ref: only } : {}), ...(arn ? { arn } : {}) };
  return result;
}

function unknown(text: string, list = false): Evaluated {
  return { kind: 'unknown', text, list };
}

function literal(value: string): Evaluated {
  return { kind: 'text', pieces: [{ literal: value }] };
}

function evaluate(node: PNode, scope: TemplateScope, depth: number): Evaluated {
  if (depth > MAX_DEPTH) return unknown('${...}');
  switch (node.kind) {
    case 'string':
      if (node.known) return literal(node.value);
      return unknown(node.value);
    case 'literal':
      return node.value === null ? unknown('') : literal(String(node.value));
    case 'object': {
      if (!isCall(node)) return unknown('{...}');
      const [call] = (node as PObject).entries;
      return evaluateCall(call!.key, call!.value, scope, depth + 1);
    }
    default:
      return unknown(node.kind === 'unknown' ? node.text : '[...]', node.kind === 'array');
  }
}

function evaluateCall(name: string, argument: PNode, scope: TemplateScope, depth: number): Evaluated {
  switch (name) {
    case 'Ref': {
      const target = knownText(argument);
      return target === undefined ? unknown('${Ref}') : reference(target, scope);
    }
    case 'Fn::GetAtt': {
      const parts = getAttParts(argument);
      return parts ? attribute(parts[0], parts[1], scope) : unknown('${Fn::GetAtt}');
    }
    case 'Fn::Sub':
      return substitute(argument, scope, depth);
    case 'Fn::Join':
      return join(argument, scope, depth);
    case 'Fn::Select': {
      if (argument.kind !== 'array' || argument.items.length !== 2) return unknown('${Fn::Select}');
      const index = knownText(argument.items[0]!);
      const list = argument.items[1]!;
      if (index === undefined || !/^\d+$/.test(index) || list.kind !== 'array') return unknown('${Fn::Select}');
      const item = list.items[Number(index)];
      return item ? evaluate(item, scope, depth) : unknown('${Fn::Select}');
    }
    case 'Fn::Split':
    case 'Fn::GetAZs':
    case 'Fn::Cidr':
      return unknown(`\${${name}}`, true);
    default:
      // Fn::If, Fn::FindInMap, Fn::ImportValue, Fn::Base64, Fn::Transform, conditions...: unknown.
      return unknown(`\${${name}}`);
  }
}

/** `Ref`: a pseudo parameter, a resource of the template (by its Ref value), or a parameter (unknown). */
function reference(target: string, scope: TemplateScope): Evaluated {
  const pseudo = PSEUDO_HOLES[target];
  if (pseudo) return { kind: 'text', pieces: [{ hole: pseudo, text: `\${${target}}` }] };
  const type = scope.resources.get(target);
  if (type === undefined) return { kind: 'text', pieces: [{ hole: 'unknown', text: `\${${target}}` }] };
  return { kind: 'text', pieces: [{ hole: 'unknown', text: `\${${target}}`, ref: { type, name: target, attribute: refAttribute(type), scope: scope.file } }] };
}

function attribute(logicalId: string, name: string, scope: TemplateScope): Evaluated {
  const type = scope.resources.get(logicalId);
  const text = `\${${logicalId}.${name}}`;
  if (type === undefined) return { kind: 'text', pieces: [{ hole: 'unknown', text }] };
  return { kind: 'text', pieces: [{ hole: 'unknown', text, ref: { type, name: logicalId, attribute: attributeName(name), scope: scope.file } }] };
}

/** `["Key", "Arn"]` or the short form's `Key.Arn` (the attribute may itself contain dots). */
function getAttParts(argument: PNode): [string, string] | undefined {
  if (argument.kind === 'string' && argument.known) {
    const dot = argument.value.indexOf('.');
    return dot > 0 && dot < argument.value.length - 1 ? [argument.value.slice(0, dot), argument.value.slice(dot + 1)] : undefined;
  }
  if (argument.kind === 'array' && argument.items.length === 2) {
    const id = knownText(argument.items[0]!);
    const name = knownText(argument.items[1]!);
    return id && name ? [id, name] : undefined;
  }
  return undefined;
}

/** `Fn::Sub`: a template string with `${Name}`, `${Res.Attr}` and `${!Literal}`, and optionally a variable map. */
function substitute(argument: PNode, scope: TemplateScope, depth: number): Evaluated {
  let template: string | undefined;
  let variables: PObject | undefined;
  if (argument.kind === 'string' && argument.known) template = argument.value;
  else if (argument.kind === 'array' && argument.items.length === 2 && argument.items[1]!.kind === 'object') {
    template = knownText(argument.items[0]!);
    variables = argument.items[1] as PObject;
  }
  if (template === undefined) return unknown('${Fn::Sub}');
  const pieces: Piece[] = [];
  let at = 0;
  while (at < template.length) {
    const open = template.indexOf('${', at);
    if (open < 0) {
      pieces.push({ literal: template.slice(at) });
      break;
    }
    const close = template.indexOf('}', open + 2);
    if (close < 0) {
      pieces.push({ literal: template.slice(at) });
      break;
    }
    if (open > at) pieces.push({ literal: template.slice(at, open) });
    const inner = template.slice(open + 2, close);
    if (inner.startsWith('!')) {
      pieces.push({ literal: '${' + inner.slice(1) + '}' });
    } else {
      const name = inner.trim();
      const variable = variables?.entries.find((entry) => entry.key === name);
      const value = variable
        ? evaluate(variable.value, scope, depth + 1)
        : name.includes('.')
          ? attribute(name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1), scope)
          : reference(name, scope);
      if (value.kind === 'text') pieces.push(...value.pieces);
      else pieces.push({ hole: 'unknown', text: '${' + name + '}' });
    }
    at = close + 1;
  }
  return { kind: 'text', pieces: merge(pieces) };
}

/** `Fn::Join [delimiter, [parts...]]`: literal parts, pseudo parameters and references joined. */
function join(argument: PNode, scope: TemplateScope, depth: number): Evaluated {
  if (argument.kind !== 'array' || argument.items.length !== 2) return unknown('${Fn::Join}');
  const delimiter = knownText(argument.items[0]!);
  const list = argument.items[1]!;
  if (delimiter === undefined || list.kind !== 'array') return unknown('${Fn::Join}');
  const pieces: Piece[] = [];
  list.items.forEach((item, index) => {
    if (index > 0 && delimiter) pieces.push({ literal: delimiter });
    const value = evaluate(item, scope, depth + 1);
    if (value.kind === 'text') pieces.push(...value.pieces);
    else pieces.push({ hole: 'unknown', text: value.text || '${...}' });
  });
  return { kind: 'text', pieces: merge(pieces) };
}

function merge(pieces: readonly Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const piece of pieces) {
    const last = out[out.length - 1];
    if ('literal' in piece && last && 'literal' in last) out[out.length - 1] = { literal: last.literal + piece.literal };
    else if (!('literal' in piece) || piece.literal !== '') out.push(piece);
  }
  return out.length ? out : [{ literal: '' }];
}

function knownText(node: PNode): string | undefined {
  if (node.kind === 'string' && node.known) return node.value;
  if (node.kind === 'literal' && node.value !== null) return String(node.value);
  return undefined;
}

/** What `Ref` of a resource returns, named as references name attributes elsewhere (Terraform's `key_id`, `name`, `arn`). */
function refAttribute(type: string): string {
  switch (type) {
    case 'AWS::KMS::Key':
    case 'AWS::KMS::ReplicaKey':
      return 'key_id';
    case 'AWS::IAM::ManagedPolicy':
      return 'arn';
    case 'AWS::KMS::Alias':
    case 'AWS::IAM::Role':
    case 'AWS::IAM::User':
    case 'AWS::IAM::Group':
    case 'AWS::S3::Bucket':
      return 'name';
    default:
      return 'ref';
  }
}

/** `Arn` → `arn`, `KeyId` → `key_id`, `PolicyArn` → `arn`. */
function attributeName(name: string): string {
  if (name === 'PolicyArn') return 'arn';
  return name.replace(/\./g, '_').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
