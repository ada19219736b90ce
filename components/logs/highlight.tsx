// Shared by the log views: search matches marked in a line, and a log saved as a file.

/** The line with every case-insensitive occurrence of q in <mark>. */
export function highlight(text: string, q: string): React.ReactNode {
  if (!q) return text;
  const parts: (string | React.ReactElement)[] = [];
  const lower = text.toLowerCase(),
    ql = q.toLowerCase();
  let i = 0,
    k = 0;
  for (let j = lower.indexOf(ql); j >= 0; j = lower.indexOf(ql, i)) {
    parts.push(text.slice(i, j), <mark key={k++}>{text.slice(j, j + q.length)}</mark>);
    i = j + q.length;
  }
  parts.push(text.slice(i));
  return parts;
}

/** Saves lines as a text file (the browser's download). */
export function downloadLines(filename: string, lines: string[]): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([`${lines.join('\n')}\n`], { type: 'text/plain' }));
  a.download = filename;
  a.click();
  URL.revokeObjectURL(a.href);
}
