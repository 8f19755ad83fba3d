'use strict';
// Bundle entry that always runs main() (used under cc-run.js, where require.main is the loader).
require('./standin-cli').main(process.argv);
