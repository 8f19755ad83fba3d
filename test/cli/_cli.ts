/** Helpers of the CLI suites: the in-process `run(argv, io)` and temporary config files. */
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { run } from '../../src/cli/_run';

export interface Result { code: number; stdout: string; stderr: string }

/** Runs the CLI in this process; `stdin` is what `--config -` reads. */
export function cli(...argv: string[]): Result {
  return cliWithStdin(undefined, ...argv);
}

export function cliWithStdin(stdin: string | undefined, ...argv: string[]): Result {
  let stdout = '';
  let stderr = '';
  const code = run(argv, {
    stdout: t => { stdout += t; },
    stderr: t => { stderr += t; },
    stdin: () => {
      if (stdin === undefined) { throw new Error('stdin was read'); }
      return stdin;
    },
  });
  return { code, stdout, stderr };
}

export function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'cdk8s-milvus-cli-'));
}

/** Writes a config file (YAML unless the name ends in .json) into a fresh directory. */
export function configFile(content: string | object, name = 'config.yaml'): string {
  const file = join(tmp(), name);
  writeFileSync(file, typeof content === 'string' ? content : name.endsWith('.json') ? JSON.stringify(content, null, 2) : stringify(content));
  return file;
}
