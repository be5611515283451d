// An access oracle for quick fixes, independent of the rules: it expands every statement of the
// policies before and after a fix into (principal, action, resource, conditions) grants and says
// whether the fix gives access that was not there — a new Allow grant that no condition narrows, or a
// Deny that no longer applies. Rules flag such fixes `widensAccess` themselves; this checks the flag.
import type { ActionCatalog } from '../../server/src/core/iam/catalog';
import { wildcardMatch } from '../../server/src/core/iam/wildcard';
import type { ParsedFile, PNode, Policy, Statement } from '../../server/src/core/model';
import { parseArn } from '../../server/src/core/arn';

/** Conditions that narrow a grant to known callers, one service, or chosen keys (issue 14: these may carry a new grant). */
const NARROWING = [
  'kms:calleraccount', 'aws:principalaccount', 'aws:principalorgid', 'aws:principalorgpaths', 'aws:principalarn',
  'aws:sourceaccount', 'aws:sourcearn', 'aws:sourcevpce', 'aws:sourcevpc', 'kms:viaservice', 'kms:resourcealiases', 'kms:requestalias',
];
const narrows = (condition: string) => {
  const key = condition.split('|')[1]!;
  return NARROWING.includes(key) || key.startsWith('aws:resourcetag/');
};

interface Grant {
  readonly resource: string;
  readonly conditions: ReadonlySet<string>;
}

/** Grants by effect, then by `principal action`. */
type Grants = Map<'Allow' | 'Deny', Map<string, Grant[]>>;

function principalsOf(policy: Policy, statement: Statement, index: number): string[] {
  if (policy.kind === 'identity') return [`identity:${policy.file}#${index}`];
  const principals = statement.principals;
  if (!principals) return ['(none)'];
  // Per policy: the same principal in two key policies of one file is two grants.
  const prefix = `#${index}:${principals.negated ? 'not:' : ''}`;
  if (principals.wildcard) return [`${prefix}*`];
  const named = principals.entries.map((e) => `${prefix}${e.type}:${e.value.value}`);
  return principals.hasUnknown ? [...named, `${prefix}unknown:${unknownText(principals.node)}`] : named;
}

/** The source text of the values of a principal KeyLens cannot see, stable when edits move them. */
function unknownText(node: PNode): string {
  if (node.kind === 'unknown') return node.text;
  if (node.kind === 'object') return node.entries.map((e) => `${e.key}=${unknownText(e.value)}`).join(';');
  if (node.kind === 'array') return node.items.map(unknownText).join(',');
  return node.kind === 'string' ? (node.known ? '' : node.value) : '';
}

/**
 * Whether an action can apply to a resource at all: an action of another service, or a KMS action
 * on an alias ARN it is not authorised on (kms:Decrypt), grants and denies nothing there.
 */
function applies(catalog: ActionCatalog, action: string, resource: string): boolean {
  // A Terraform reference to an alias stands for its ARN.
  if (/^\$\{(data\.)?aws_kms_alias\.[\w-]+\.arn\}$/.test(resource)) resource = 'arn:aws:kms:r:a:alias/x';
  const arn = parseArn(resource);
  if (!arn || /[*?]/.test(arn.service)) return true;
  const service = action.slice(0, action.indexOf(':'));
  if (!action.startsWith('unknown:') && arn.service !== service) return false;
  if (service !== 'kms') return true;
  const types = catalog.resourceTypesOf(action);
  if (!types) return true;
  if (arn.resource.startsWith('alias/')) return types.includes('alias');
  if (arn.resource.startsWith('key/')) return types.includes('key');
  return true;
}

/** The services any statement before or after names, with kms and s3: what `"*"` and NotAction expand over. */
function universeOf(catalog: ActionCatalog, files: readonly ParsedFile[]): string[] {
  const services = new Set(['kms', 's3']);
  for (const file of files) {
    for (const policy of file.policies) {
      for (const statement of policy.statements) {
        for (const item of statement.actions?.items ?? []) if (item.known && item.value.includes(':')) services.add(item.value.slice(0, item.value.indexOf(':')).toLowerCase());
      }
    }
  }
  return [...services].filter((s) => catalog.hasService(s)).flatMap((s) => catalog.expand(`${s}:*`));
}

function actionsOf(catalog: ActionCatalog, statement: Statement, universe: readonly string[]): string[] {
  const list = statement.actions;
  if (!list) return [];
  const unknown = list.items.filter((item) => !item.known).map((item) => `unknown:${item.value}`);
  if (list.negated) return universe.filter((a) => !list.items.some((item) => item.known && wildcardMatch(item.value, a, true)));
  const known = list.items.filter((item) => item.known).flatMap((item) => (item.value === '*' ? universe : catalog.expand(item.value)));
  return [...new Set([...known.map((a) => a.toLowerCase()), ...unknown])];
}

function resourcesOf(statement: Statement): string[] {
  const list = statement.resources;
  if (!list) return ['(none)'];
  const values = list.items.map((item) => item.value);
  return list.negated ? [`not:${values.sort().join(',')}`] : values;
}

function conditionsOf(statement: Statement): Set<string> {
  return new Set(statement.conditions.map((c) => `${c.operator.toLowerCase()}|${c.key.toLowerCase()}|${c.values.map((v) => v.value).sort().join(',')}${c.hasUnknown ? '|?' : ''}`));
}

function grantsOf(catalog: ActionCatalog, policies: readonly Policy[], universe: readonly string[]): Grants {
  const grants: Grants = new Map([['Allow', new Map()], ['Deny', new Map()]]);
  policies.forEach((policy, index) => {
    for (const statement of policy.statements) {
      if (!statement.effect) continue;
      const byKey = grants.get(statement.effect)!;
      const conditions = conditionsOf(statement);
      const resources = resourcesOf(statement);
      for (const principal of principalsOf(policy, statement, index)) {
        for (const action of actionsOf(catalog, statement, universe)) {
          const key = `${principal} ${action.toLowerCase()}`;
          const list = byKey.get(key) ?? [];
          for (const resource of resources) if (applies(catalog, action, resource)) list.push({ resource, conditions });
          byKey.set(key, list);
        }
      }
    }
  });
  return grants;
}

const subset = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].every((x) => b.has(x));
const covers = (broad: string, narrow: string) => broad === narrow || (!broad.startsWith('not:') && !narrow.startsWith('not:') && wildcardMatch(broad, narrow, false));

/**
 * Why the edited files give more access than before (the first reason found), or undefined. Policies
 * are compared per file, in order; a grant is new unless an old one with the same principal and
 * action covered its resource with no more conditions.
 */
export function accessGained(catalog: ActionCatalog, before: readonly ParsedFile[], after: readonly ParsedFile[]): string | undefined {
  for (const afterFile of after) {
    const beforeFile = before.find((f) => f.file === afterFile.file);
    const universe = universeOf(catalog, [...(beforeFile ? [beforeFile] : []), afterFile]);
    const old = grantsOf(catalog, beforeFile?.policies ?? [], universe);
    const now = grantsOf(catalog, afterFile.policies, universe);
    for (const [key, grants] of now.get('Allow')!) {
      const previous = old.get('Allow')!.get(key) ?? [];
      for (const grant of grants) {
        const covered = previous.some((p) => covers(p.resource, grant.resource) && subset(p.conditions, grant.conditions));
        if (!covered && ![...grant.conditions].some(narrows)) return `${afterFile.file}: Allow ${key} on ${grant.resource}${grant.conditions.size ? ` if ${[...grant.conditions].join(' & ')}` : ''}`;
      }
    }
    for (const [key, grants] of old.get('Deny')!) {
      const still = now.get('Deny')!.get(key) ?? [];
      for (const grant of grants) {
        if (!still.some((s) => covers(s.resource, grant.resource) && subset(s.conditions, grant.conditions))) return `${afterFile.file}: no longer Deny ${key} on ${grant.resource}`;
      }
    }
  }
  return undefined;
}
