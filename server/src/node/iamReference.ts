import { closeSync, existsSync, openSync, readFileSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { IamReference, type ServiceData, type ServiceDataSource } from '../core/iam/reference';

let cached: IamReference | undefined;

interface IndexFile {
  readonly names: Readonly<Record<string, string>>;
  /** Service prefix → [byte offset, byte length] of its line in iam-reference.jsonl. */
  readonly services: Readonly<Record<string, readonly [number, number]>>;
}

/**
 * The action and condition key reference shipped beside the bundles (dist/data/), or generated in
 * the source tree when running from sources. Only the small index is read here; each service's line
 * is read from disk when completion or hover first asks for it.
 */
export function loadIamReference(): IamReference {
  if (cached) return cached;
  const folders = [join(__dirname, '..', 'data'), join(__dirname, '..', '..', 'dist', 'data'), join(__dirname, '..', 'core', 'iam', 'generated')];
  const folder = folders.find((f) => existsSync(join(f, 'iam-reference-index.json')) && existsSync(join(f, 'iam-reference.jsonl')));
  if (!folder) throw new Error(`KeyLens: IAM reference data not found (looked in ${folders.join(', ')}); run \`npm run build\`.`);
  const index = JSON.parse(readFileSync(join(folder, 'iam-reference-index.json'), 'utf8')) as IndexFile;
  const dataPath = join(folder, 'iam-reference.jsonl');
  const source: ServiceDataSource = {
    names: index.names,
    load(prefix) {
      const range = index.services[prefix];
      if (!range) return undefined;
      const [offset, length] = range;
      const buffer = Buffer.alloc(length);
      const fd = openSync(dataPath, 'r');
      try {
        readSync(fd, buffer, 0, length, offset);
      } finally {
        closeSync(fd);
      }
      return JSON.parse(buffer.toString('utf8')) as ServiceData;
    },
  };
  cached = new IamReference(source);
  return cached;
}
