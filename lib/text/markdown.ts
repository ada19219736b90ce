// Pod-controlled strings (event messages, images, names, log lines) in Markdown that a ticket
// system or chat renders: they must show as text, never as HTML, links, emphasis or table cells.

// CommonMark's inline syntax characters that a pod's text could use to make structure; HTML's
// three become entities (which every renderer shows as the characters themselves).
const INLINE = /[\\`*_[\]|~]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Text on one line: syntax escaped, HTML as entities, line breaks as spaces. */
export function mdText(s: string): string {
  const t = s
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[&<>]/g, (c) => ENTITIES[c])
    .replace(INLINE, '\\$&');
  // a line that starts with a heading, list, quote or numbered-list marker would become one
  return t.replace(/^([#+-]|\d+[.)])/, (m) => `\\${m}`);
}

/** A table cell: as mdText (which already escapes the pipe that would end the cell). */
export const mdCell = mdText;

/** Inline code (a command): shown verbatim, delimited by a backtick run longer than any inside. */
export function mdCode(s: string): string {
  const t = s.replace(/\r?\n|\r/g, ' ');
  const run = '`'.repeat(Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length)) + 1);
  // a space on each side when the content starts or ends with a backtick (CommonMark strips one)
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${run}${pad}${t}${pad}${run}`;
}

/** A fence longer than any run of backticks in the lines, so a log line cannot end the block. */
export function mdFence(lines: string[]): string {
  return '`'.repeat(Math.max(3, ...lines.map((l) => (l.match(/`+/g) ?? []).reduce((m, r) => Math.max(m, r.length + 1), 0))));
}
