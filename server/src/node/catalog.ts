import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ActionCatalog, type ActionTable } from '../core/iam/catalog';

let cached: ActionCatalog | undefined;

/**
 * Loads the IAM action table shipped beside the bundles (dist/data/iam-actions.json), or the one the
 * build generated in the source tree when running from sources (tests).
 */
export function loadCatalog(): ActionCatalog {
  if (cached) return cached;
  const candidates = [
    join(__dirname, '..', 'data', 'iam-actions.json'),
    join(__dirname, '..', '..', 'dist', 'data', 'iam-actions.json'),
    join(__dirname, '..', 'core', 'iam', 'generated', 'iam-actions.json'),
  ];
  for (const candidate of candidates) {
    if (existsSync(candidate)) {
      cached = new ActionCatalog(JSON.parse(readFileSync(candidate, 'utf8')) as ActionTable);
      return cached;
    }
  }
  throw new Error(`KeyLens: IAM action data not found (looked in ${candidates.join(', ')}); run \`npm run build\`.`);
}
