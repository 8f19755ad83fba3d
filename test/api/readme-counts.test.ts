/**
 * The README quotes the verification counts; they must be the numbers the suites really
 * produce (test/verification/COUNTS.md, itself checked against the suites).
 */
import { readFileSync } from 'fs';
import { join } from 'path';

const ROOT = join(__dirname, '..', '..');
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
const counts = readFileSync(join(ROOT, 'test', 'verification', 'COUNTS.md'), 'utf8');

function count(label: RegExp): number {
  const row = counts.split('\n').find(line => label.test(line));
  if (!row) { throw new Error(`COUNTS.md has no row matching ${label}`); }
  return Number(row.trim().replace(/\|$/, '').split('|').pop()!.trim());
}

test.each([
  [/^\| Policy controls/, (n: number) => `**${n} controls**`],
  [/^\| Accepted exemptions/, (n: number) => `**${n} exemptions**`],
  [/^\| Objects validated/, (n: number) => `**${n} objects**`],
  [/^\| Control checks/, (n: number) => `**${n} checks**`],
  [/^\| Invalid inputs tried/, (n: number) => `**${n} invalid inputs**`],
])('README quotes the current count of %s', (label, phrase) => {
  const n = count(label);
  expect(n).toBeGreaterThan(0);
  expect(readme).toContain(phrase(n));
});
