import { emptyParsedFile } from '../core/parsedFile';
import type { ParsedFile, SourceLanguage } from '../core/model';
import { LineIndex } from '../core/text';
import { parseFile } from '../core/parse';
import { uriKey } from './languages';
import { isModulesManifest } from './workspaceScan';

/** One file KeyLens knows: an open document (version set) or a workspace file read from disk. */
export interface IndexedFile {
  readonly key: string;
  /** The identifier given to parseFile, so findings and fix edits name this uri. */
  readonly uri: string;
  /** The client's document version; null for a file read from disk. */
  readonly version: number | null;
  readonly language: SourceLanguage;
  readonly text: string;
}

interface Entry extends IndexedFile {
  parsed?: ParsedFile;
  lines?: LineIndex;
}

/** Whether a parsed file holds anything a rule can use from another file. */
export function hasPolicyContent(parsed: ParsedFile): boolean {
  // Every Terraform file can be part of a module others read (its locals, variables, attachments).
  if (parsed.language === 'terraform' || isModulesManifest(parsed.file)) return true;
  return parsed.policies.length + parsed.encryption.length + parsed.keys.length + parsed.aliases.length + parsed.grants.length > 0;
}

/**
 * Open documents plus the workspace's policy files, the set analysed together so cross-file rules
 * see what the CLI would see. An open document shadows its copy on disk. Parsing is lazy and cached
 * per version; `generation` moves whenever content that another file's analysis could use changes.
 */
export class WorkspaceIndex {
  private readonly open = new Map<string, Entry>();
  private readonly disk = new Map<string, Entry>();
  /** Open documents changed since their last parse (their relevance to others is not known yet). */
  private readonly pending = new Set<string>();
  private generationCounter = 0;

  constructor(private readonly onParseError: (uri: string, error: unknown) => void = () => {}) {}

  /** Parses documents changed since the last look first, so a new policy in one moves it. */
  get generation(): number {
    for (const key of [...this.pending]) {
      const entry = this.open.get(key);
      if (entry) this.ensureParsed(entry);
      else this.pending.delete(key);
    }
    return this.generationCounter;
  }

  get diskFileCount(): number {
    return this.disk.size;
  }

  /** Files with policy content that an analysis sees (open documents and disk files they do not shadow). */
  contextFileCount(): number {
    let count = 0;
    for (const parsed of this.files()) if (hasPolicyContent(parsed)) count++;
    return count;
  }

  setOpen(uri: string, version: number, language: SourceLanguage, text: string): void {
    const key = uriKey(uri);
    const previous = this.open.get(key);
    if (previous && previous.version === version && previous.text === text) return;
    this.open.set(key, { key, uri, version, language, text, parsed: undefined });
    // Whether this change matters to other files is known only after parsing; a document that
    // replaces a relevant disk copy or a relevant earlier version certainly does.
    if (previous?.parsed ? hasPolicyContent(previous.parsed) : this.disk.has(key)) this.generationCounter++;
    this.pending.add(key);
  }

  closeOpen(uri: string): void {
    const key = uriKey(uri);
    const previous = this.open.get(key);
    if (!previous) return;
    this.open.delete(key);
    this.pending.delete(key);
    if (!previous.parsed || hasPolicyContent(previous.parsed) || this.disk.has(key)) this.generationCounter++;
  }

  /**
   * Records a file's content on disk (undefined: deleted or unreadable). Files with nothing a rule
   * can use are dropped. Returns whether the analysis of other files may change.
   */
  setDisk(uri: string, language: SourceLanguage, text: string | undefined): boolean {
    const key = uriKey(uri);
    const previous = this.disk.get(key);
    if (text === undefined) {
      if (!previous) return false;
      this.disk.delete(key);
      if (!this.open.has(key)) this.generationCounter++;
      return !this.open.has(key);
    }
    if (previous && previous.text === text) return false;
    const entry: Entry = { key, uri: previous?.uri ?? uri, version: null, language, text };
    entry.parsed = this.parse(entry);
    const relevant = hasPolicyContent(entry.parsed);
    if (relevant) this.disk.set(key, entry);
    else this.disk.delete(key);
    const changed = relevant || previous !== undefined;
    if (changed && !this.open.has(key)) {
      this.generationCounter++;
      return true;
    }
    return false;
  }

  /** Drops every disk file under a folder uri (a deleted directory, a removed workspace folder). */
  removeDiskUnder(folderUri: string): boolean {
    const prefix = uriKey(folderUri).replace(/\/?$/, '/');
    let removed = false;
    for (const key of [...this.disk.keys()]) {
      if (key.startsWith(prefix)) {
        this.disk.delete(key);
        removed = true;
      }
    }
    if (removed) this.generationCounter++;
    return removed;
  }

  isOpen(uri: string): boolean {
    return this.open.has(uriKey(uri));
  }

  /** The current content of a file: the open document, else the disk copy. */
  get(uri: string): IndexedFile | undefined {
    const key = uriKey(uri);
    return this.open.get(key) ?? this.disk.get(key);
  }

  parsed(uri: string): ParsedFile | undefined {
    const key = uriKey(uri);
    const entry = this.open.get(key) ?? this.disk.get(key);
    return entry ? this.ensureParsed(entry) : undefined;
  }

  lines(uri: string): LineIndex | undefined {
    const entry = this.open.get(uriKey(uri)) ?? this.disk.get(uriKey(uri));
    if (!entry) return undefined;
    entry.lines ??= new LineIndex(entry.text);
    return entry.lines;
  }

  /** Every file to analyse together: open documents and the disk files they do not shadow. */
  files(): ParsedFile[] {
    const result: ParsedFile[] = [];
    for (const entry of this.open.values()) result.push(this.ensureParsed(entry));
    for (const [key, entry] of this.disk) if (!this.open.has(key)) result.push(entry.parsed!);
    return result;
  }

  openUris(): string[] {
    return [...this.open.values()].map((entry) => entry.uri);
  }

  private ensureParsed(entry: Entry): ParsedFile {
    if (!entry.parsed) {
      entry.parsed = this.parse(entry);
      if (this.pending.delete(entry.key) && hasPolicyContent(entry.parsed)) this.generationCounter++;
    }
    return entry.parsed;
  }

  private parse(entry: Entry): ParsedFile {
    try {
      return parseFile(entry.uri, entry.text, entry.language);
    } catch (error) {
      // parseFile promises never to throw; if it does, the file counts as empty rather than
      // taking every other document's diagnostics down with it.
      this.onParseError(entry.uri, error);
      return emptyParsedFile(entry.uri, entry.text, entry.language);
    }
  }
}
