const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  // The summary reporter feeds the single "N passed, N failed" line of `npm test`.
  reporters: ['default', require.resolve('./tools/jest-summary-reporter.cjs')],
};
