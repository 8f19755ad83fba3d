import { parseAllDocuments } from 'yaml';
import { run } from '../../src/cli/_run';

export interface CliResult { code: number; stdout: string; stderr: string }

/** The CLI in process (`run(argv, io)`), its output collected. */
export function runCli(...argv: string[]): CliResult {
  let stdout = '';
  let stderr = '';
  const code = run(argv, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; } });
  return { code, stdout, stderr };
}

/** What `synth --config <file> --stdout` prints, as objects; throws with synth's errors. */
export function synthFile(file: string): any[] {
  const r = runCli('synth', '--config', file, '--stdout');
  if (r.code !== 0) { throw new Error(`synth --config ${file} failed:\n${r.stderr}`); }
  return parseAllDocuments(r.stdout).map(d => d.toJS());
}
