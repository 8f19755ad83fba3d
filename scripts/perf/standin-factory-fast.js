'use strict';
// Same as standin-factory.js, with cdk8s's Yaml.stringify routed through fast-yaml.js.
const { Yaml } = require('cdk8s');
require('./fast-yaml').install(Yaml, require('yaml'));
module.exports = require('./standin-factory');
