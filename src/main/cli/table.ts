/** Renders rows as an aligned plain-text table (for humans; --json is for machines). */
export function renderTable(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))));
  const widths = headers.map((h, i) => Math.min(48, Math.max(h.length, ...cells.map((r) => r[i].length))));
  const fit = (s: string, w: number): string => (s.length > w ? s.slice(0, w - 1) + '…' : s.padEnd(w));
  const line = (r: string[]): string => r.map((c, i) => fit(c, widths[i])).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...cells.map(line)].join('\n');
}
