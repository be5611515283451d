import { baseName } from './json/index';
import type { Message } from './finding';
import type { ParsedFile } from './model';
import { dirOf } from './paths';
import { LineIndex, type Span } from './text';
import type { Workspace } from './workspace';

/** A finding found in a module instance, and where it is reported. */
export interface Placed {
  readonly file: string;
  readonly span: Span;
  /** Says where in the module the finding was found (absent when reported in the module's own file). */
  readonly note?: Message;
}

const inside = (outer: Span, inner: Span) => outer.start <= inner.start && inner.end <= outer.end;
const size = (span: Span) => span.end - span.start;

/**
 * Where a finding in a module instance's virtual file goes: to the call argument whose value caused
 * it (the `key_users = [...]` line), or — when nothing the call passes reached it — `own`: the
 * module's own code, reported in the module file when every instance has it.
 */
export function placeInstanceFinding(workspace: Workspace, file: ParsedFile, span: Span): { argument: Placed } | { own: true } {
  const argument = argumentAt(file, span);
  if (!argument) return { own: true };
  const note = instanceNote(workspace, file, span);
  // An argument in a module that is itself an instance: follow it out to the root module's text.
  const outer = workspace.file(argument.file);
  if (outer?.instance) {
    const placed = placeInstanceFinding(workspace, outer, argument.span);
    if ('argument' in placed) return { argument: { ...placed.argument, note: joinNotes(note, placed.argument.note) } };
    return { argument: { ...callSite(workspace, outer), note } };
  }
  return { argument: { file: argument.file, span: argument.span, note } };
}

/** The call argument whose value reached `span`: through the value itself, else through what its statement (or policy) read. */
function argumentAt(file: ParsedFile, span: Span): { file: string; span: Span } | undefined {
  const instance = file.instance!;
  const passed = (variables: readonly string[]) => variables.find((v) => instance.arguments.has(v));
  const direct = instance.reads.filter((r) => inside(r.span, span) && passed(r.variables)).sort((a, b) => size(a.span) - size(b.span))[0];
  if (direct) return instance.arguments.get(passed(direct.variables)!);
  const statements = file.policies.flatMap((p) => p.statements.map((s) => s.node.span)).filter((s) => s.start >= 0 && inside(s, span));
  const policies = file.policies.map((p) => p.root.span).filter((s) => s.start >= 0 && inside(s, span));
  const around = [...statements, ...policies].sort((a, b) => size(a) - size(b))[0];
  if (!around) return undefined;
  const read = instance.reads.find((r) => inside(around, r.span) && passed(r.variables));
  return read ? instance.arguments.get(passed(read.variables)!) : undefined;
}

/** The `module "x"` block an instance comes from, in the root module's text. */
export function callSite(workspace: Workspace, file: ParsedFile): { file: string; span: Span } {
  let call = file.instance!.call;
  for (let depth = 0; depth < 16; depth++) {
    const caller = workspace.file(call.file);
    if (!caller?.instance) return call;
    call = caller.instance.call;
  }
  return call;
}

/** "(In module.data_key: modules/key/main.tf line 23.)" */
export function instanceNote(workspace: Workspace, file: ParsedFile, span: Span): Message {
  const instance = file.instance!;
  const line = new LineIndex(file.text).positionAt(span.start).line + 1;
  const site = callSite(workspace, file).file;
  const base = dirOf(site);
  const shown = base && instance.moduleFile.startsWith(base + '/') ? instance.moduleFile.slice(base.length + 1) : baseName(instance.moduleFile);
  return {
    en: `(In ${instance.address}: ${shown} line ${line}.)`,
    ja: `(${instance.address} 内: ${shown} ${line} 行目)`,
  };
}

function joinNotes(a: Message, b: Message | undefined): Message {
  return b ? { en: `${b.en} ${a.en}`, ja: `${b.ja} ${a.ja}` } : a;
}
