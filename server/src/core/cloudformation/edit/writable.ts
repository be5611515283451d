import { Expression, type FixValue, type TemplateIntrinsic } from '../../model';
import type { Dependencies } from '../dependencies';

/** Where a value is written in a template: the resources whose properties it becomes part of. */
export interface WritePlace {
  readonly file: string;
  readonly owners: readonly string[];
  readonly dependencies: Dependencies;
}

/**
 * Whether a fix value can be written into a template: plain data always; an expression when it has a
 * template form, names resources of this template (a `!GetAtt` of another stack means nothing here),
 * and closes no dependency cycle (a resource that depends on the one being edited, or that one itself).
 */
export function writableInTemplate(value: FixValue, place: WritePlace): boolean {
  if (value instanceof Expression) {
    if (!value.template || (value.scope !== undefined && value.scope !== place.file)) return false;
    return namedIds(value.template).every((id) => !place.owners.some((owner) => place.dependencies.reaches(id, owner)));
  }
  if (Array.isArray(value)) return value.every((item) => writableInTemplate(item, place));
  if (value && typeof value === 'object') return Object.values(value).every((item) => writableInTemplate(item as FixValue, place));
  return true;
}

/** The logical ids an intrinsic names (pseudo parameters are no resources). */
function namedIds(intrinsic: TemplateIntrinsic): string[] {
  const ids = 'Ref' in intrinsic
    ? [intrinsic.Ref]
    : 'Fn::GetAtt' in intrinsic
      ? [intrinsic['Fn::GetAtt'][0]]
      : [...intrinsic['Fn::Sub'].matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => m[1]!.split('.')[0]!.trim());
  return ids.filter((id) => !id.startsWith('AWS::'));
}
