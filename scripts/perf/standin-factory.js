'use strict';
// bench/many-releases.js factory over the stand-in app (scripts/perf/standin-release.js).
const { addRelease } = require('./standin-release');

function createRelease(app, index) {
  return addRelease(app, {
    name: `release-${index}`,
    namespace: `milvus-${index % 7}-${index}`,
    readonlyReplicas: 1 + (index % 3),
    cacheSize: `${2 + (index % 4)}GB`,
    memory: `${4 + (index % 3)}Gi`,
  });
}

module.exports = { createRelease };
