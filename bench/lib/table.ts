// Markdown tables and section headings, printed as the bench goes so a partial run still shows its figures.
import { machineLine } from './machine.ts';

export type Cell = string | number;

/** Columns whose header starts with '>' are right-aligned (numbers); the '>' is not printed. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const right = headers.map((header) => header.startsWith('>'));
  const names = headers.map((header) => header.replace(/^>/, ''));
  const rule = right.map((isRight) => (isRight ? '---:' : '---'));
  const line = (cells: readonly Cell[]) => `| ${cells.map(String).join(' | ')} |`;
  return [line(names), line(rule), ...rows.map(line)].join('\n');
}

export function printSection(title: string, body: readonly string[]): void {
  console.log(`\n## ${title}\n\n${machineLine()}\n\n${body.join('\n\n')}`);
}
