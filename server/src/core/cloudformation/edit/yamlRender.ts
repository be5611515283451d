import { Expression, type FixValue, type TemplateIntrinsic } from '../../model';

/** How a template writes new YAML: its line break, indentation step, quoting and list style. */
export interface YamlStyle {
  readonly eol: string;
  /** One indentation step. */
  readonly unit: string;
  /** How strings are quoted when they need not be: `"`, `'`, or `` (plain). */
  readonly quote: '"' | "'" | '';
  /** Lists of scalars as `[a, b]` (flow) or one `- item` per line (block). */
  readonly lists: 'flow' | 'block';
  /** The indentation of a block sequence under its key: `key:\n  - a` (unit) or `key:\n- a` (''). */
  readonly sequenceIndent: string;
}

/** Scalars a YAML 1.1 or 1.2 reader would take for something other than a string. */
const NOT_A_STRING = /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?(?:\.\d+|\d[\d_]*(?:\.\d*)?)(?:[eE][-+]?\d+)?|0x[0-9a-f_]+|0o[0-7_]+|[-+]?\.(?:inf|nan)|\d{4}-\d\d?-\d\d?.*)$/i;

/** Whether a string can be written without quotes (and still read back as the same string). */
export function plainSafe(value: string, flow: boolean): boolean {
  if (value === '' || value !== value.trim() || NOT_A_STRING.test(value)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value)) return false;
  if (/: |:$| #|[\u0000-\u001f\u007f\u0085\u2028\u2029\ufeff]/.test(value)) return false;
  return !(flow && /[,[\]{}]/.test(value));
}

export function quoted(value: string, quote: '"' | "'"): string {
  if (quote === "'" && !/[\u0000-\u001f\u007f\u0085\u2028\u2029]/.test(value)) return `'${value.replace(/'/g, "''")}'`;
  return JSON.stringify(value);
}

/** A string as the file would write it: plain when safe and the file writes plain strings, else quoted its way. */
export function scalar(value: string, style: YamlStyle, flow: boolean, quote: YamlStyle['quote'] = style.quote): string {
  if (quote === '' && plainSafe(value, flow)) return value;
  return quoted(value, quote === "'" ? "'" : '"');
}

/** A mapping key: plain when safe (`kms:CallerAccount` is, outside flow collections), else double-quoted. */
export function key(name: string, flow: boolean): string {
  return plainSafe(name, flow) && !(flow && name.includes(':')) ? name : JSON.stringify(name);
}

/** A template intrinsic in its short form: `!Ref X`, `!GetAtt X.Arn`, `!Sub "..."`. */
export function shortForm(intrinsic: TemplateIntrinsic, style: YamlStyle): string {
  if ('Ref' in intrinsic) return `!Ref ${intrinsic.Ref}`;
  if ('Fn::GetAtt' in intrinsic) return `!GetAtt ${intrinsic['Fn::GetAtt'][0]}.${intrinsic['Fn::GetAtt'][1]}`;
  // `${...}` braces are flow indicators: a substitution is always quoted.
  return `!Sub ${quoted(intrinsic['Fn::Sub'], style.quote === "'" ? "'" : '"')}`;
}

function isScalar(value: FixValue): boolean {
  return value === null || typeof value !== 'object' || value instanceof Expression;
}

/** A value on one line: scalars, expressions, and flow collections. */
export function inline(value: FixValue, style: YamlStyle, flow: boolean): string {
  if (value instanceof Expression) return value.template ? shortForm(value.template, style) : '""';
  if (value === null) return 'null';
  if (typeof value === 'string') return scalar(value, style, flow);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => inline(item, style, true)).join(', ')}]`;
  const entries = Object.entries(value);
  return `{${entries.map(([k, v]) => `${key(k, true)}: ${inline(v as FixValue, style, true)}`).join(', ')}}`;
}

/**
 * The text after `key:` in a block mapping whose keys are indented by `indent`: ` value` for
 * scalars (and lists written in flow style), else the nested block on the following lines.
 */
export function afterKey(value: FixValue, indent: string, style: YamlStyle): string {
  if (isScalar(value)) return ' ' + inline(value, style, false);
  if (Array.isArray(value)) {
    if (value.length === 0 || (style.lists === 'flow' && value.every(isScalar))) return ' ' + inline(value, style, false);
    const dash = indent + style.sequenceIndent;
    return value.map((item) => style.eol + dash + sequenceItem(item, dash, style)).join('');
  }
  const entries = Object.entries(value as Record<string, FixValue>);
  if (entries.length === 0) return ' {}';
  return mappingLines(value as Record<string, FixValue>, indent + style.unit, style).map((line) => style.eol + line).join('');
}

/** `- value` for a block sequence item whose dash is at `dashIndent` (without the indentation of its first line). */
export function sequenceItem(value: FixValue, dashIndent: string, style: YamlStyle): string {
  if (isScalar(value) || Array.isArray(value)) return '- ' + (Array.isArray(value) ? inline(value, style, false) : inline(value, style, false));
  const lines = mappingLines(value as Record<string, FixValue>, dashIndent + '  ', style);
  if (lines.length === 0) return '- {}';
  return '- ' + lines[0]!.slice(dashIndent.length + 2) + lines.slice(1).map((line) => style.eol + line).join('');
}

/** A block mapping's lines, each indented by `indent`. */
function mappingLines(value: Record<string, FixValue>, indent: string, style: YamlStyle): string[] {
  return Object.entries(value).flatMap(([k, v]) => (indent + key(k, false) + ':' + afterKey(v, indent, style)).split(style.eol));
}
