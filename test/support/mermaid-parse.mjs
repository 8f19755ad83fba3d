// Parses each Mermaid diagram given as a file argument with Mermaid's own parser (the `mermaid`
// package, run in node with a jsdom window for its DOMPurify) and prints one JSON line per file:
// {"file", "ok", "diagramType"} or {"file", "ok": false, "error"}. Exit code 0 when every diagram parses.
// An ES module (mermaid ships only ESM), run by the tests as a child process.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const { window } = new JSDOM('');
globalThis.window = window;
globalThis.document = window.document;
const { default: mermaid } = await import('mermaid');

let failed = 0;
for (const file of process.argv.slice(2)) {
  try {
    const result = await mermaid.parse(readFileSync(file, 'utf8'));
    console.log(JSON.stringify({ file, ok: true, diagramType: result.diagramType }));
  } catch (e) {
    failed++;
    console.log(JSON.stringify({ file, ok: false, error: String(e?.message ?? e) }));
  }
}
process.exit(failed ? 1 : 0);
