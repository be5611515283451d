import type { Finding, SeveritySetting } from '../core/finding';
import type { ActionCatalog } from '../core/iam/catalog';
import { PARSE_ERROR_RULE } from '../core/analyze';
import { analyzeConfigured } from '../core/configured';
import type { ProjectConfig } from './projectConfig';
import { hasPolicyContent, type WorkspaceIndex } from './workspaceIndex';
import { uriKey } from './languages';

interface CachedFindings {
  readonly version: number | null;
  readonly generation: number;
  readonly settings: number;
  readonly findings: readonly Finding[];
}

export interface DocumentFindings {
  readonly version: number | null;
  readonly findings: readonly Finding[];
}

/**
 * Runs the core analysis for open documents against the whole index, caching each document's
 * findings until its text, any file it could depend on, or the severities change.
 */
export class Analysis {
  private readonly cache = new Map<string, CachedFindings>();
  private severities: Readonly<Record<string, SeveritySetting>> = {};
  private settingsGeneration = 0;

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly catalog: () => ActionCatalog | undefined,
    private readonly log: (message: string) => void,
    /** `.keylens.json` files: their `ignore` and severities, under the editor's `keylens.rules`. */
    private readonly project?: ProjectConfig,
  ) {}

  /** A configuration file changed: every cached result may be wrong. */
  configChanged(): void {
    this.project?.clear();
    this.settingsGeneration++;
  }

  setSeverities(severities: Readonly<Record<string, SeveritySetting>>): void {
    this.severities = severities;
    this.settingsGeneration++;
  }

  /** Whether the cached findings of an open document no longer reflect its inputs. */
  isStale(uri: string): boolean {
    const cached = this.cache.get(uriKey(uri));
    const file = this.index.get(uri);
    return !cached || !file || cached.version !== file.version || cached.generation !== this.index.generation || cached.settings !== this.settingsGeneration;
  }

  forget(uri: string): void {
    this.cache.delete(uriKey(uri));
  }

  /** Findings of the given open documents, analysed in one pass for those whose cache is stale. */
  findingsFor(uris: readonly string[]): Map<string, DocumentFindings> {
    const result = new Map<string, DocumentFindings>();
    const stale: string[] = [];
    for (const uri of uris) {
      if (!this.index.get(uri)) continue;
      if (this.isStale(uri)) stale.push(uri);
      else result.set(uri, this.cache.get(uriKey(uri))!);
    }
    if (stale.length === 0) return result;

    const project = this.project;
    const files = project ? this.index.files().filter((f) => !project.isIgnored(f.file)) : this.index.files();
    const generation = this.index.generation;
    const targets = new Set(stale.map((uri) => this.index.get(uri)!.uri));
    const byFile = new Map<string, Finding[]>();
    for (const target of targets) byFile.set(target, []);
    const catalog = this.catalog();
    if (catalog) {
      try {
        const configured = (file: string) => project?.rulesOf(file);
        for (const finding of analyzeConfigured(files, { catalog, targets, overrides: this.severities, configured })) {
          if (finding.ruleId === PARSE_ERROR_RULE && !this.reportsParseErrors(finding.file)) continue;
          byFile.get(finding.file)?.push(finding);
        }
      } catch (error) {
        // analyze() guards each rule; anything escaping it still must not cost the user the editor.
        this.log(`keylens: analysis failed: ${(error as Error)?.stack ?? error}`);
      }
    }
    for (const uri of stale) {
      const file = this.index.get(uri)!;
      const entry: CachedFindings = { version: file.version, generation, settings: this.settingsGeneration, findings: byFile.get(file.uri) ?? [] };
      this.cache.set(uriKey(uri), entry);
      result.set(uri, entry);
    }
    return result;
  }

  /**
   * The editor's JSON support already reports syntax errors in every JSON file; KeyLens adds its
   * own only where it found something to check (and always for Terraform and templates, which may
   * have no other extension), so a broken package.json gets no second squiggle.
   */
  private reportsParseErrors(uri: string): boolean {
    const parsed = this.index.parsed(uri);
    return !!parsed && (parsed.language === 'terraform' || parsed.template === true || hasPolicyContent(parsed));
  }

  findingsOf(uri: string): DocumentFindings | undefined {
    return this.findingsFor([uri]).get(uri);
  }
}
