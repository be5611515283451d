import type { PNode, PObject } from '../model';
import { isCall } from './intrinsics';
import { exact, objectValue } from './recognize';
import { SERVERLESS_WITH_ROLE } from './sam';

/**
 * Which resources of a template each resource depends on: every `Ref`, `Fn::GetAtt` and `Fn::Sub`
 * variable naming one (inside conditions too, as CloudFormation counts them) and `DependsOn`. A fix
 * must not write a reference that closes a cycle — CloudFormation rejects such a template ("Circular
 * dependency between resources") — e.g. a role whose inline policy names a key, written into that
 * key's policy.
 */
export class Dependencies {
  private readonly direct = new Map<string, Set<string>>();

  constructor(resources: PObject | undefined) {
    for (const entry of resources?.entries ?? []) {
      const body = objectValue(entry.value);
      const names = new Set<string>();
      collect(exact(body, 'Properties')?.value, names, 0);
      collect(exact(body, 'DependsOn')?.value, names, 0, true);
      this.direct.set(entry.key, names);
      // SAM's `<Function>Role` carries the function's Policies; the function uses the role.
      const type = exact(body, 'Type')?.value;
      if (type?.kind === 'string' && SERVERLESS_WITH_ROLE.has(type.value) && !this.direct.has(`${entry.key}Role`)) {
        const role = new Set<string>();
        collect(exact(objectValue(exact(body, 'Properties')?.value), 'Policies')?.value, role, 0);
        this.direct.set(`${entry.key}Role`, role);
        names.add(`${entry.key}Role`);
      }
    }
  }

  /** Whether `from` depends on `to`, directly or through other resources. */
  reaches(from: string, to: string): boolean {
    const seen = new Set<string>();
    const queue = [from];
    while (queue.length) {
      const id = queue.pop()!;
      if (id === to) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      for (const next of this.direct.get(id) ?? []) queue.push(next);
    }
    return false;
  }
}

/** Logical ids named by intrinsics in a value (as written), into `names`. */
function collect(node: PNode | undefined, names: Set<string>, depth: number, literal = false): void {
  if (!node || depth > 64) return;
  switch (node.kind) {
    case 'string':
      if (literal) names.add(node.value);
      return;
    case 'array':
      for (const item of node.items) collect(item, names, depth + 1, literal);
      return;
    case 'object': {
      if (isCall(node)) {
        const { key, value } = node.entries[0]!;
        if (key === 'Ref' && value.kind === 'string') names.add(value.value);
        else if (key === 'Fn::GetAtt') {
          const first = value.kind === 'array' ? value.items[0] : value;
          if (first?.kind === 'string') names.add(first.value.split('.')[0]!);
        } else if (key === 'Fn::Sub') {
          const template = value.kind === 'array' ? value.items[0] : value;
          const variables = value.kind === 'array' ? objectValue(value.items[1]) : undefined;
          if (template?.kind === 'string') {
            for (const match of template.value.matchAll(/\$\{([^!}][^}]*)\}/g)) {
              const name = match[1]!.trim();
              if (!variables?.entries.some((e) => e.key === name)) names.add(name.split('.')[0]!);
            }
          }
          if (variables) collect(variables, names, depth + 1);
          return;
        }
      }
      for (const entry of node.entries) collect(entry.value, names, depth + 1, false);
      return;
    }
    default:
  }
}
