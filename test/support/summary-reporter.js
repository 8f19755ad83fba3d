'use strict';
// A jest reporter that ends the run with the one summary line CI reads: "N passed, N failed".
// jest's own "Tests: 3 passed, 3 total" line is not in that form.
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stdout.write(`\n${results.numPassedTests} passed, ${failed} failed\n`);
  }
}
module.exports = SummaryReporter;
