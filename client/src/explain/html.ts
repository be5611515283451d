/** Localizes a UI string (vscode.l10n.t in the extension, identity in tests). */
export type Translate = (message: string, ...args: (string | number)[]) => string;

/** Text and attribute values in the report page and its SVG: every markup character becomes an entity. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Cuts a label for a drawing; the full text goes into the element's title. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
