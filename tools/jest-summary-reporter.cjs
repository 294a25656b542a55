// Writes each Jest project's pass/fail counts to dist/test-results/jest-<project>.json, so that
// tools/run-tests.mjs can print one summary line across every runner.
const { mkdirSync, writeFileSync } = require('node:fs');
const { basename, join } = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const dir = join(__dirname, '..', 'dist', 'test-results');
    mkdirSync(dir, { recursive: true });
    const name = basename(this.rootDir);
    const summary = {
      project: name,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    writeFileSync(join(dir, `jest-${name}.json`), JSON.stringify(summary) + '\n');
  }
}

module.exports = SummaryReporter;
