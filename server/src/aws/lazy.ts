import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type * as AwsModule from './index';
import { silenceSdkNodeVersionWarning } from './sdkNodeWarning';

export type AwsKms = typeof AwsModule;

let loaded: Promise<AwsKms> | undefined;

/**
 * Loads the AWS bundle on first use. Bundles live side by side under dist/ (dist/cli, dist/server,
 * dist/client), so the SDK bundle is `../aws/kms.js` from any of them; from sources (tests under tsx)
 * the TypeScript entry is loaded instead. The paths are computed so esbuild never inlines the SDK.
 */
export function loadAwsKms(log?: (message: string) => void): Promise<AwsKms> {
  loaded ??= (async () => {
    const note = silenceSdkNodeVersionWarning();
    if (note) log?.(note);
    // __filename rather than __dirname: tsx sets only the former when an ES module imports this file.
    const here = dirname(__filename);
    const bundled = join(here, '..', 'aws', 'kms.js');
    if (existsSync(bundled)) return require(bundled) as AwsKms;
    const source = join(here, 'index.ts');
    if (existsSync(source)) return require(source) as AwsKms;
    throw new Error(`KeyLens: the AWS module was not found (looked for ${bundled}); run \`npm run build\`.`);
  })();
  return loaded;
}
