'use strict';
// Snapshot entry (bundled by build.js, then `node --build-snapshot`): everything the CLI
// needs is loaded and initialized while the snapshot is built; at run time only main() runs.
// Unless SNAPSHOT_WARM=0 at build time, one throwaway release is also synthesized in memory
// so that the functions synth uses are already compiled (bytecode) in the snapshot.
const v8 = require('v8');
const { main } = require('./standin-cli');

if (v8.startupSnapshot && v8.startupSnapshot.isBuildingSnapshot()) {
  if (process.env.SNAPSHOT_WARM !== '0') {
    const { App } = require('cdk8s');
    const { addRelease } = require('./standin-release');
    for (let i = 0; i < Number(process.env.SNAPSHOT_WARM_ROUNDS || 1); i++) {
      const app = new App({ outdir: 'unused' });
      addRelease(app, { name: `warm-up-${i}`, namespace: 'warm-up' });
      app.synthYaml();
      // also compile the fast emitter's path (experiment d2); nothing is installed here
      const { stringifyDoc } = require('./fast-yaml');
      for (const chart of app.charts) for (const doc of chart.toJson()) stringifyDoc(doc, require('yaml'));
    }
    require('yaml').parse('a: 1\nb: [x, y]\n', { version: '1.1' });
  }
  v8.startupSnapshot.setDeserializeMainFunction(() => {
    // In a deserialized snapshot process.argv is [node, ...userArgs]: no script path.
    main([process.argv[0], 'cli.blob', ...process.argv.slice(1)]);
  });
} else {
  main(process.argv);
}
