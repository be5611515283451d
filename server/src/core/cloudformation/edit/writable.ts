import { Expression, type FixValue } from '../../model';

/**
 * Whether a fix value can be written into a template: plain data always; an expression when it has a
 * template form and names resources of this template (a `!GetAtt` of another stack means nothing here).
 */
export function writableInTemplate(value: FixValue, file: string): boolean {
  if (value instanceof Expression) return !!value.template && (value.scope === undefined || value.scope === file);
  if (Array.isArray(value)) return value.every((item) => writableInTemplate(item, file));
  if (value && typeof value === 'object') return Object.values(value).every((item) => writableInTemplate(item as FixValue, file));
  return true;
}
