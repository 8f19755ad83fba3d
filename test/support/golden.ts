import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { dirname, join, relative } from 'path';

const GOLDEN_DIR = join(__dirname, '..', 'golden');

/**
 * Compares YAML with a committed golden file under `test/golden/`.
 * Golden files change only when `npm run test:update` (UPDATE_GOLDEN=1) is run
 * on purpose; review their diff before committing.
 */
export function expectGolden(name: string, actual: string): void {
  const file = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) {
    throw new Error(`golden file ${relative(process.cwd(), file)} is missing; create it with "npm run test:update" and review it`);
  }
  const expected = readFileSync(file, 'utf8');
  // toEqual on strings prints a line diff when they differ.
  expect(actual).toEqual(expected);
}
