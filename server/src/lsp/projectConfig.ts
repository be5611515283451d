import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SeveritySetting } from '../core/finding';
import { CONFIG_FILE, ConfigLocator, type LocatedConfig } from '../node/configFiles';

/**
 * The `.keylens.json` (or package.json `"keylens"`) that governs each file the server analyses,
 * read from disk exactly as `keylens check` reads it (ConfigLocator), cached until a configuration
 * file changes. A configuration with problems is reported once (per content) and not used.
 */
export class ProjectConfig {
  private readonly locator = new ConfigLocator();
  private readonly ignored = new Map<string, boolean>();
  private readonly reported = new Set<string>();

  constructor(private readonly onProblem: (config: LocatedConfig) => void) {}

  /** A configuration file was created, changed or deleted: read them again. */
  clear(): void {
    this.locator.clear();
    this.ignored.clear();
  }

  /** The configured severities for a file (undefined when no usable configuration applies). */
  rulesOf(uri: string): Readonly<Record<string, SeveritySetting>> | undefined {
    const path = pathOf(uri);
    if (!path) return undefined;
    this.check(this.locator.configFor(path));
    return this.locator.settingsFor(path)?.rules;
  }

  /** Whether the configuration's `ignore` leaves the file out (not checked, not context). */
  isIgnored(uri: string): boolean {
    let ignored = this.ignored.get(uri);
    if (ignored === undefined) {
      const path = pathOf(uri);
      if (path) this.check(this.locator.configFor(path));
      ignored = !!path && this.locator.settingsFor(path)?.ignored === true;
      this.ignored.set(uri, ignored);
    }
    return ignored;
  }

  private check(config: LocatedConfig | undefined): void {
    if (!config || config.problems.length === 0) return;
    const key = `${config.file}\u0000${config.problems.map((p) => `${p.offset}:${p.message.en}`).join('\u0000')}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.onProblem(config);
  }
}

/** Whether a changed file on disk may be a configuration (package.json only when it holds "keylens"; re-reading decides). */
export function isConfigFile(uri: string): boolean {
  const path = pathOf(uri);
  const name = path ? basename(path) : '';
  return name === CONFIG_FILE || name === 'package.json';
}

function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
