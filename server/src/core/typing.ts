import type { ActionCatalog } from './iam/catalog';

/**
 * Whether an action string is still being typed rather than misspelt: empty, or the start of a real
 * `service:Action` (or of a service prefix). `kms:Dec` is on its way to kms:Decrypt; `kms:Decrpt` is
 * a typo. Editors hide the unknown-action finding for such a string while the cursor is in it.
 */
export function isActionBeingTyped(value: string, catalog: ActionCatalog): boolean {
  const typed = value.trim().toLowerCase();
  if (typed === '') return true;
  const colon = typed.indexOf(':');
  if (colon < 0) return catalog.services().some((service) => service.startsWith(typed));
  const service = typed.slice(0, colon);
  if (!catalog.hasService(service)) return false;
  const name = typed.slice(colon + 1);
  return catalog.actionsOf(service).some((action) => action.toLowerCase().startsWith(name));
}
