/**
 * Writes the run's totals to $DROP_MMS_TEST_SUMMARY_DIR (when set) so .ci/run can end with one
 * "N passed, N failed" line over all its jest runs. Jest's own output is unchanged.
 */
const fs = require('node:fs');
const path = require('node:path');

class SummaryReporter {
	onRunComplete(_contexts, results) {
		const dir = process.env.DROP_MMS_TEST_SUMMARY_DIR;
		if (!dir) return;
		const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
		const file = path.join(dir, `jest-${process.pid}-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify({ passed: results.numPassedTests, failed }));
	}
}

module.exports = SummaryReporter;
