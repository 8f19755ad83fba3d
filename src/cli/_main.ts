/**
 * The CLI process: `run` with this process's argv, stdout and stderr. `main.ts` (the bin)
 * runs the esbuild bundle of this file (`main.bundle.js`), or this file when the bundle is missing.
 */
import { readFileSync } from 'fs';
import { run } from './_run';

// The bin reads it from the bundle's exports (see main.ts).
export { runState } from './_run';

// A closed pipe (`... --stdout | head`) ends the output; it is not a failure of the command.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') { process.exit(process.exitCode ?? 0); }
  throw e;
});

try {
  process.exitCode = run(process.argv.slice(2), {
    stdout: text => process.stdout.write(text),
    stderr: text => process.stderr.write(text),
    stdin: () => readFileSync(0, 'utf8'),
  });
} catch (e: any) {
  process.stderr.write(`cdk8s-milvus: unexpected failure (a bug, please report it): ${e?.stack ?? e}\n`);
  process.exitCode = 1;
}
