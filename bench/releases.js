'use strict';
// Release number `index` of the (3) benchmark: distinct name, namespace, Milvus version and NFS
// export, so N releases give N distinct outputs. Used by the CLI rows (written as config files)
// and by the library-API factory (bench/factories/lib.js).
const fs = require('fs');
const path = require('path');

const VERSIONS = ['0.10.0', '0.10.6', '1.1.1'];

function releaseProps(index) {
  return {
    releaseName: `release-${index}`,
    namespace: `milvus-${index}`,
    version: VERSIONS[index % VERSIONS.length],
    storage: { nfs: { releaseName: `nfs-${index}`, server: `10.0.${index % 250}.1`, path: `/srv/nfs/${index}` } },
  };
}

/** Writes release-<i>.json (JSON is YAML) for i < n into dir; returns the paths. */
function writeConfigs(dir, n) {
  fs.mkdirSync(dir, { recursive: true });
  return Array.from({ length: n }, (_, i) => {
    const file = path.join(dir, `release-${i}.json`);
    fs.writeFileSync(file, `${JSON.stringify(releaseProps(i), null, 2)}\n`);
    return file;
  });
}

module.exports = { releaseProps, writeConfigs };
