/**
 * Every TypeScript block of the README compiles as a user's cdk8s app: under the tsconfig that
 * `cdk8s init typescript-app` generates (test/api/cdk8s-init-tsconfig.json, from cdk8s-team/cdk8s-cli
 * templates/typescript-app), each block its own file, `cdk8s-milvus` resolved to the package's
 * published declarations (lib/index.d.ts).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** The ```ts / ```typescript blocks, with the README line they start on. */
export function typescriptBlocks(markdown: string): Array<{ line: number; code: string }> {
  const blocks: Array<{ line: number; code: string }> = [];
  const re = /^```(?:ts|typescript)\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(markdown); m; m = re.exec(markdown)) {
    blocks.push({ line: markdown.slice(0, m.index).split('\n').length, code: m[1] });
  }
  return blocks;
}

/** Compiler diagnostics of the blocks, as `README.md:<line>: <message>`. */
function compile(blocks: Array<{ line: number; code: string }>): string[] {
  if (!existsSync(join(ROOT, 'lib', 'index.d.ts'))) { throw new Error('lib/index.d.ts is missing: compile first (npm test does)'); }
  // Inside the repository, so `cdk8s`, `cdk8s-plus-28` and the @types resolve from its node_modules.
  const dir = join(ROOT, 'node_modules', '.cache', 'readme-snippets');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files = blocks.map(b => { const f = join(dir, `readme-line-${b.line}.ts`); writeFileSync(f, b.code); return f; });
  const config = ts.readConfigFile(join(__dirname, 'cdk8s-init-tsconfig.json'), ts.sys.readFile).config;
  const options = ts.convertCompilerOptionsFromJson({
    ...config.compilerOptions,
    noEmit: true,
    paths: { 'cdk8s-milvus': [join(ROOT, 'lib', 'index.d.ts')] },
    // cdk8s init installs @types/jest and @types/node (templates/typescript-app/.hooks.sscaff.js) with
    // TypeScript 4.9, which includes every @types package; TypeScript 6 includes none unless named.
    typeRoots: [join(ROOT, 'node_modules', '@types')],
    types: ['jest', 'node'],
  }, dir).options;
  const program = ts.createProgram(files, options);
  return ts.getPreEmitDiagnostics(program).map(d => {
    const where = d.file ? `README.md:${Number(/line-(\d+)/.exec(d.file.fileName)?.[1] ?? 0) + d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : 'tsconfig';
    return `${where}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

test('the README has the TypeScript blocks it promises (constructs, interop, snapshot test, escape hatches)', () => {
  const code = typescriptBlocks(README).map(b => b.code).join('\n');
  expect(typescriptBlocks(README).length).toBeGreaterThanOrEqual(3);
  expect(code).toContain('connections.allowTo(cluster.mishards');
  expect(code).toContain('toMatchSnapshot()');
  expect(code).toContain('metadata.addAnnotation(');
});

test('every README TypeScript block compiles under cdk8s init\'s tsconfig, which rejects what it should', () => {
  const blocks = typescriptBlocks(README);
  // One program for all: the README's blocks and a block that must fail (an unused local, TS6133,
  // as the README's first snippet did), at a line past the README's end.
  const badLine = README.split('\n').length + 10;
  const diagnostics = compile([...blocks, { line: badLine, code: "import { Testing } from 'cdk8s';\nconst unused = Testing.app();\n" }]);
  expect(diagnostics).toEqual([expect.stringMatching(new RegExp(`^README\\.md:${badLine + 2}: TS6133 'unused' is declared but its value is never read`))]);
}, 60_000);
