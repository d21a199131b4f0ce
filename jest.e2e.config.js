/**
 * End-to-end suite: a real n8n 2.41.1 (installed once into the user's cache by global set-up) runs
 * the packed package and the examples/ workflows. One worker, tests in file order: the steps share
 * one n8n instance and build on each other.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }],
	},
	globalSetup: '<rootDir>/test/e2e/global-setup.ts',
	globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
	// Each `n8n execute` boots n8n (about 6 s); the first import also runs n8n's database migrations.
	testTimeout: 180_000,
	maxWorkers: 1,
	reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
