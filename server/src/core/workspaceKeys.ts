import { keyIdOf, parseArn } from './arn';
import type { ParsedFile, PString } from './model';
import type { Span } from './text';
import { sameRef, Workspace } from './workspace';
import { explainArgument, isDataRef, isTemplateRef, refKind, refLabel } from './refs';
import { baseName } from './json/index';
import { callSite } from './relocate';

/** Why a key is listed: where in the workspace it was seen. */
export type WorkspaceKeySource = 'key-policy' | 'terraform-key' | 'terraform-alias' | 'template-key' | 'template-alias' | 'policy-resource' | 'bucket-encryption' | 'grant';

/** One key the workspace knows about, as offered by "Explain access for this key" when nothing is under the cursor. */
export interface WorkspaceKey {
  /** What to explain: a key ARN, key id, alias name, Terraform address (`aws_kms_key.app`) or template key (`template.yaml#DataKey`) — anything `parseKeyReference` accepts. */
  readonly key: string;
  /** Short text for a pick list (the Terraform address, the alias, the key id). */
  readonly label: string;
  /** The key behind an alias, the key's description, the region and account of an ARN. */
  readonly description?: string;
  readonly sources: readonly WorkspaceKeySource[];
  /** Where it was first seen: file (uri) and span. */
  readonly file: string;
  readonly span: Span;
}

/**
 * The keys of the workspace, one entry per key: key policies tied to a key, Terraform `aws_kms_key`
 * resources and named `aws_kms_alias`es, and key ARNs written in policies, bucket encryption and
 * grants. The same key seen as a key id and as an ARN is one entry under its ARN. Sorted by label.
 */
export function workspaceKeys(files: readonly ParsedFile[]): WorkspaceKey[] {
  const workspace = new Workspace(files);
  const byId = new Map<string, Mutable>();
  const order: Mutable[] = [];
  const add = (entry: Omit<Mutable, 'sources'> & { source: WorkspaceKeySource }, identity: string) => {
    const existing = byId.get(identity);
    if (existing) {
      if (!existing.sources.includes(entry.source)) existing.sources.push(entry.source);
      // An ARN is better than a bare key id: it names the region and account a live look-up needs.
      if (entry.key.startsWith('arn:') && !existing.key.startsWith('arn:')) {
        existing.key = entry.key;
        existing.description = entry.description;
      }
      return;
    }
    const created: Mutable = { key: entry.key, label: entry.label, description: entry.description, sources: [entry.source], file: entry.file, span: entry.span };
    byId.set(identity, created);
    order.push(created);
  };
  /** A literal key ARN or key id (unknown values, aliases and wildcards are not keys). */
  const addLiteral = (value: PString | undefined, file: string, source: WorkspaceKeySource) => {
    if (!value || !value.known || value.value.includes('*')) return;
    const keyId = keyIdOf(value.value);
    if (!keyId) return;
    const arn = value.value.startsWith('arn:') ? parseArn(value.value) : undefined;
    add({ key: arn ? value.value : keyId, label: keyId, description: arn ? `${arn.region} ${arn.account}` : undefined, file, span: value.span, source }, `id:${keyId}`);
  };

  for (const file of workspace.files) {
    // A key a module call makes is offered at the call (`module "data_key"`), by its full address.
    const site = file.instance ? callSite(workspace, file) : undefined;
    for (const key of file.keys) {
      if (refKind(key.ref) !== 'key' || isDataRef(key.ref)) continue; // data sources name keys declared elsewhere
      if (isTemplateRef(key.ref)) {
        const argument = explainArgument(key.ref, file.file);
        const description = [key.description, baseName(file.file)].filter(Boolean).join(' — ');
        add({ key: argument, label: key.ref.name, description, file: file.file, span: key.span, source: 'template-key' }, `ref:${argument}`);
        continue;
      }
      const address = key.address ?? `aws_kms_key.${key.ref.name}`;
      add({ key: address, label: address, description: key.description, file: site?.file ?? file.file, span: site?.span ?? key.span, source: 'terraform-key' }, `ref:${address}`);
    }
    if (file.instance) continue;
    for (const policy of file.policies) {
      if (policy.partOf) continue;
      const target = policy.target.key;
      if (policy.kind === 'key' && target) {
        if (target.ref && isTemplateRef(target.ref)) {
          const argument = explainArgument(target.ref, file.file);
          add({ key: argument, label: target.ref.name, file: file.file, span: policy.root.span, source: 'key-policy' }, `ref:${argument}`);
        } else if (target.ref?.type === 'aws_kms_key') {
          const address = `aws_kms_key.${target.ref.name}`;
          add({ key: address, label: address, file: file.file, span: policy.root.span, source: 'key-policy' }, `ref:${address}`);
        } else {
          const keyId = target.keyId ?? (target.arn ? keyIdOf(target.arn) : undefined);
          if (keyId) add({ key: target.arn ?? keyId, label: keyId, description: policy.label, file: file.file, span: policy.root.span, source: 'key-policy' }, `id:${keyId}`);
        }
      }
      for (const statement of policy.statements) {
        if (statement.resources?.negated) continue;
        for (const item of statement.resources?.items ?? []) addLiteral(item, file.file, 'policy-resource');
      }
    }
    for (const encryption of file.encryption) addLiteral(encryption.keyId, file.file, 'bucket-encryption');
    for (const grant of file.grants) addLiteral(grant.key, file.file, 'grant');
  }

  for (const alias of workspace.aliases) {
    if (!alias.name || !alias.target || (alias.ref && isDataRef(alias.ref))) continue;
    const target = workspace.resolveKey(alias.target).key;
    if (!target) continue; // explain needs the alias' key; a bare alias name it cannot resolve offline
    const keyLabel = target.ref ? refLabel(target.ref) : (target.keyId ?? target.arn);
    const source: WorkspaceKeySource = alias.ref && isTemplateRef(alias.ref) ? 'template-alias' : 'terraform-alias';
    add({ key: alias.name, label: alias.name, description: keyLabel ? `→ ${keyLabel}` : undefined, file: alias.file, span: alias.span, source }, `alias:${alias.name}`);
  }

  // Declared keys (Terraform and templates): say which aliases point at them.
  const declared = files.flatMap((file) => file.keys.map((key) => ({ key, file: file.file })));
  for (const entry of order) {
    const declaration = declared.find(({ key, file }) =>
      isTemplateRef(key.ref) ? entry.key === explainArgument(key.ref, file) : entry.key === `aws_kms_key.${key.ref.name}` && key.ref.type === 'aws_kms_key');
    if (!declaration) continue;
    const aliases = workspace.aliases.filter((alias) => alias.name && alias.target && sameRef(workspace.resolveKey(alias.target).key?.ref, declaration.key.ref));
    if (aliases.length > 0) entry.description = [entry.description, aliases.map((alias) => alias.name).join(', ')].filter(Boolean).join(' — ');
  }

  return order.sort((a, b) => a.label.localeCompare(b.label));
}

type Mutable = { -readonly [K in keyof WorkspaceKey]: K extends 'sources' ? WorkspaceKeySource[] : WorkspaceKey[K] };

/** A KMS key ARN (not an alias ARN) anywhere in text; the same characters `keyAt` on the client accepts. */
const KEY_ARN = /arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(?:mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![\w-])/gi;

/** Where key ARNs occur in a text, at most `limit` of them (a huge generated file should not flood the editor). */
export function findKeyArns(text: string, limit = 500): { arn: string; start: number; end: number }[] {
  const found: { arn: string; start: number; end: number }[] = [];
  KEY_ARN.lastIndex = 0;
  for (let match = KEY_ARN.exec(text); match && found.length < limit; match = KEY_ARN.exec(text)) {
    found.push({ arn: match[0], start: match.index, end: match.index + match[0].length });
  }
  return found;
}

/** Where "Explain access" goes above a line: one per distinct key and line, at the first occurrence. */
export interface KeyLensTarget {
  readonly key: string;
  readonly offset: number;
  readonly line: number;
  /** Another key has a lens on the same line: the title should name the key (see `shortKey`). */
  readonly shared: boolean;
}

/**
 * The places that get an "Explain access" lens: every line holding a key ARN (once per key and line)
 * and every declared key (Terraform `resource "aws_kms_key"`, a template's `AWS::KMS::Key`).
 */
export function keyLensTargets(
  text: string,
  file: ParsedFile | undefined,
  lineOf: (offset: number) => number,
  limit = 500,
  moduleKeys: readonly { key: string; offset: number }[] = [],
): KeyLensTarget[] {
  const found: { key: string; offset: number; line: number }[] = [];
  const seen = new Set<string>();
  const add = (key: string, offset: number) => {
    const line = lineOf(offset);
    const id = `${line}\u0000${key.toLowerCase()}`;
    if (seen.has(id)) return;
    seen.add(id);
    found.push({ key, offset, line });
  };
  for (const key of file?.keys ?? []) {
    if (key.ref.type === 'aws_kms_key') add(key.address ?? `aws_kms_key.${key.ref.name}`, key.span.start);
    else if (refKind(key.ref) === 'key' && isTemplateRef(key.ref)) add(explainArgument(key.ref, file!.file), key.span.start);
  }
  for (const key of moduleKeys) add(key.key, key.offset);
  for (const occurrence of findKeyArns(text, limit)) add(occurrence.arn, occurrence.start);
  const perLine = new Map<number, number>();
  for (const target of found) perLine.set(target.line, (perLine.get(target.line) ?? 0) + 1);
  return found
    .sort((a, b) => a.offset - b.offset)
    .slice(0, limit)
    .map((target) => ({ ...target, shared: perLine.get(target.line)! > 1 }));
}

/**
 * The keys module calls in a file make (`module.data_key.aws_kms_key.this`), at their `module`
 * block: lenses and the key pick list offer them like keys declared in the file.
 */
export function moduleCallKeys(files: readonly ParsedFile[], file: string): { key: string; offset: number }[] {
  const workspace = new Workspace(files);
  const found: { key: string; offset: number }[] = [];
  for (const instanceFile of workspace.files) {
    if (!instanceFile.instance) continue;
    const site = callSite(workspace, instanceFile);
    if (site.file !== file) continue;
    for (const key of instanceFile.keys) if (key.address && key.ref.type === 'aws_kms_key') found.push({ key: key.address, offset: site.span.start });
  }
  return found;
}

/** A key shortened for a lens title: the first 8 characters of its id (`1234abcd…`), the Terraform address, or a template key's logical id. */
export function shortKey(key: string): string {
  const hash = key.lastIndexOf('#');
  if (hash >= 0) return key.slice(hash + 1);
  const slash = key.lastIndexOf('/');
  if (slash < 0) return key;
  const id = key.slice(slash + 1);
  return id.length > 8 ? `${id.slice(0, 8)}…` : id;
}
