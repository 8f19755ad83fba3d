import { readFileSync, writeFileSync } from 'fs';

/**
 * A generated block inside a committed document (README.md), between
 * `<!-- BEGIN generated: NAME -->` and `<!-- END generated: NAME -->`: it must equal `content`.
 * Rewritten only by `npm run test:update` (UPDATE_GOLDEN=1), like the golden files.
 */
export function expectGeneratedSection(file: string, name: string, content: string): void {
  const text = readFileSync(file, 'utf8');
  const begin = `<!-- BEGIN generated: ${name} -->\n`;
  const end = `<!-- END generated: ${name} -->`;
  const from = text.indexOf(begin);
  const to = text.indexOf(end, from);
  if (from < 0 || to < 0) { throw new Error(`${file} has no generated section "${name}" (${begin.trim()} ... ${end})`); }
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(file, text.slice(0, from + begin.length) + content + text.slice(to));
    return;
  }
  expect(text.slice(from + begin.length, to)).toEqual(content);
}
