'use strict';
// esbuild alias target for `cdk8s-plus-28` (experiment): `k8s` comes from the L1 module
// alone; every other export is forwarded lazily to the real package. In the bundle each
// CJS module is wrapped in a lazy initializer, so the L2 API is parsed but never run
// unless something reads one of its exports.
Object.defineProperty(exports, 'k8s', { enumerable: true, get: () => require('cdk8s-plus-28/lib/imports/k8s') });
module.exports = new Proxy(exports, {
  get(target, prop) {
    if (prop === 'k8s' || prop === '__esModule') return prop === 'k8s' ? target.k8s : true;
    return require('cdk8s-plus-28')[prop];
  },
});
