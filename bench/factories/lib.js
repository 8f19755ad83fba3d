'use strict';
// Default factory for bench/many-releases.js: release `index` built with the library's
// MilvusClusterChart from ../../lib (the jsii output). Wire the props here once the API exists;
// until then this throws FACTORY_UNAVAILABLE and bench/run.js skips row (3).
const VERSIONS = ['0.10.0', '0.10.6', '1.1.1'];

function createRelease(app, index) {
  let lib;
  try {
    lib = require('../../lib');
  } catch (e) {
    throw Object.assign(new Error(`../lib cannot be loaded (${e.message}); run the compile first`), { code: 'FACTORY_UNAVAILABLE' });
  }
  if (typeof lib.MilvusClusterChart !== 'function') {
    throw Object.assign(new Error('lib does not export MilvusClusterChart yet'), { code: 'FACTORY_UNAVAILABLE' });
  }
  // Every release differs in name, namespace and options so the 100 outputs are distinct.
  // (Props as of 2026-11-27; extend with more options as the API grows.)
  return new lib.MilvusClusterChart(app, `release-${index}`, {
    releaseName: `release-${index}`,
    namespace: `milvus-${index}`,
    version: VERSIONS[index % VERSIONS.length],
    storage: { nfs: { releaseName: `nfs-${index}`, server: `10.0.${index % 250}.1`, path: `/srv/nfs/${index}` } },
  });
}

module.exports = { createRelease };
