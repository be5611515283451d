import { baseName } from '../../json/index';
import { LineIndex, type Span } from '../../text';
import type { Message } from '../../finding';
import { Evaluator, type EvalMode, type EvalSource, type Environment } from '../eval/evaluate';
import { UNKNOWN, type Value } from '../eval/value';
import { attribute, type Block, type Expression } from '../hcl';

/** A value read while evaluating: where it came from, for the finding's note and for module-call relocation. */
export interface Read {
  readonly kind: 'input' | 'tfvars' | 'default' | 'local';
  readonly name: string;
  readonly file: string;
  /** The text the value is written in (for its line number). */
  readonly text?: string;
  readonly span: Span;
}

export interface Definition<T> {
  readonly value: T;
  readonly source: EvalSource;
}

export interface ModuleValues {
  readonly variables: ReadonlyMap<string, Definition<Block>>;
  readonly locals: ReadonlyMap<string, Definition<Expression>>;
  /** `terraform.tfvars` / `*.auto.tfvars` assignments (root modules). */
  readonly tfvars?: ReadonlyMap<string, Definition<Expression>>;
  /** The arguments of a module call, already evaluated where the call is (module instances). */
  readonly inputs?: ReadonlyMap<string, { readonly value: Value; readonly span: Span; readonly file: string }>;
  /** `module.NAME`: the outputs of a child module instance, when it was evaluated. */
  readonly modules?: (name: string) => Value | undefined;
  /** What `modules` answers, as text: a reading with other outputs reads differently (see ReaderCache). */
  readonly signature?: string;
}

/**
 * Variables, locals and module outputs of one module (or module instance), evaluated on demand and
 * at most once each; records what each evaluation read.
 */
export class ModuleEnvironment implements Environment {
  readonly evaluator: Evaluator;
  private readonly localValues = new Map<string, { value: Value; reads: Read[] }>();
  private readonly visiting = new Set<string>();
  private traces: Read[][] = [];

  constructor(
    private readonly values: ModuleValues,
    readonly scope: string,
    mode: EvalMode,
    budget?: number,
  ) {
    this.evaluator = new Evaluator(this, mode, budget);
  }

  /** Evaluates and returns what the evaluation read. */
  trace(evaluate: () => Value): { value: Value; reads: Read[] } {
    this.traces.push([]);
    try {
      const value = evaluate();
      return { value, reads: this.traces[this.traces.length - 1]! };
    } finally {
      this.traces.pop();
    }
  }

  private note(...reads: Read[]): void {
    for (const trace of this.traces) {
      for (const read of reads) if (!trace.some((r) => r.kind === read.kind && r.name === read.name)) trace.push(read);
    }
  }

  variable(name: string): Value | undefined {
    const input = this.values.inputs?.get(name);
    if (input) {
      this.note({ kind: 'input', name, file: input.file, span: input.span });
      return input.value;
    }
    const assigned = this.values.tfvars?.get(name);
    if (assigned) return this.literal({ kind: 'tfvars', name, file: assigned.source.file, text: assigned.source.text, span: assigned.value.span }, assigned.value, assigned.source);
    const declared = this.values.variables.get(name);
    const fallback = declared ? attribute(declared.value.body, 'default') : undefined;
    if (!declared || !fallback) return undefined;
    return this.literal({ kind: 'default', name, file: declared.source.file, text: declared.source.text, span: fallback.span }, fallback.value, declared.source);
  }

  /** A value written in a tfvars file or a default: the evaluator's mode applies, references do not. */
  private literal(read: Read, expr: Expression, source: EvalSource): Value {
    const value = this.evaluator.evaluate(expr, source);
    this.note(read);
    return value;
  }

  local(name: string): Value | undefined {
    const memo = this.localValues.get(name);
    if (memo) {
      this.note(...memo.reads);
      return memo.value;
    }
    const definition = this.values.locals.get(name);
    if (!definition) return undefined;
    if (this.visiting.has(name)) return UNKNOWN(`local.${name}`);
    this.visiting.add(name);
    try {
      const { value, reads } = this.trace(() => this.evaluator.evaluate(definition.value, definition.source));
      const all: Read[] = [{ kind: 'local', name, file: definition.source.file, text: definition.source.text, span: definition.value.span }, ...reads];
      this.localValues.set(name, { value, reads: all });
      this.note(...all);
      return value;
    } finally {
      this.visiting.delete(name);
    }
  }

  module(name: string): Value | undefined {
    return this.values.modules?.(name);
  }
}

let lastText: string | undefined;
let lastIndex: LineIndex | undefined;

/** Notes of one file ask for lines of the same few texts: the last index is kept. */
function lineIndexOf(text: string): LineIndex {
  if (text !== lastText || !lastIndex) {
    lastText = text;
    lastIndex = new LineIndex(text);
  }
  return lastIndex;
}

/** "Values taken from local.x (locals.tf line 3) ...": the note a finding using those values carries. */
export function readsMessage(reads: readonly Read[]): Message | undefined {
  const shown = reads.filter((r) => r.kind !== 'input');
  if (shown.length === 0) return undefined;
  const line = (read: Read) => (read.text === undefined ? undefined : lineIndexOf(read.text).positionAt(read.span.start).line + 1);
  const parts = shown.slice(0, 3).map((read) => ({ read, file: baseName(read.file), line: line(read) }));
  const en = parts.map(({ read, file, line }) => {
    const where = line ? `${file} line ${line}` : file;
    if (read.kind === 'local') return `local.${read.name} (${where})`;
    if (read.kind === 'default') return `the default of var.${read.name} (${where})`;
    return `var.${read.name} as set in ${where}`;
  });
  const ja = parts.map(({ read, file, line }) => {
    const where = line ? `${file} ${line} 行目` : file;
    if (read.kind === 'local') return `local.${read.name} (${where})`;
    if (read.kind === 'default') return `var.${read.name} の既定値 (${where})`;
    return `${where} で設定された var.${read.name}`;
  });
  const more = shown.length > 3 ? { en: ` and ${shown.length - 3} more`, ja: ` ほか ${shown.length - 3} 件` } : { en: '', ja: '' };
  return {
    en: `KeyLens used the value of ${en.join(', ')}${more.en}.`,
    ja: `KeyLens は ${ja.join('、')}${more.ja} の値を使いました。`,
  };
}
