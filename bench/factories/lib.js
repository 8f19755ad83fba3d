'use strict';
// Default factory for bench/many-releases.js: release `index` (bench/releases.js) built with the
// library's MilvusClusterChart from ../../lib (the jsii output), i.e. what a library user pays.
const { releaseProps } = require('../releases');

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
  return new lib.MilvusClusterChart(app, `release-${index}`, releaseProps(index));
}

module.exports = { createRelease };
