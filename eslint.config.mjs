import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

// `configWithoutCloudSupport`: the package has runtime dependencies (undici, sharp, zod, …), so it is a
// self-hosted community package (package.json `n8n.strict: false`), not an n8n Cloud one.
export default [
	...configWithoutCloudSupport,
	{ ignores: ['dist/**', 'node_modules/**', '.toolchain/**', '.e2e/**', 'coverage/**'] },
	{
		files: ['package.json'],
		rules: {
			// Bulk sending needs undici's pools, media prep needs sharp, webhooks need zod schemas: the package is
			// meant for self-hosted n8n (Settings → Community Nodes / npm install in ~/.n8n/nodes), where runtime
			// dependencies are installed with the package. README says so.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		// The provider adapters, the drop engine, the stores and the media pipeline have no node context (no `this.getNode()`):
		// they throw typed errors (ProviderResponseError, WebhookPayloadError, …) that the node files turn into
		// NodeApiError / NodeOperationError in one place.
		files: ['nodes/providers/**/*.ts', 'nodes/drop/**/*.ts', 'nodes/media/**/*.ts', 'nodes/store/**/*.ts', 'nodes/MmsDeliveryTrigger/inbox/**/*.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{
		// Tests, benchmarks and scripts are not node code (never published, no node context to give an
		// error to); they need fixed, made-up secrets that the fake provider checks and signatures use.
		files: ['test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts'],
		rules: {
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
	{
		// Benchmarks and the e2e suite start processes (the fake provider, a real n8n, redis-server) and report
		// to the terminal: that is their job.
		files: ['bench/**/*.ts', 'scripts/**/*.ts', 'test/e2e/**/*.ts', 'test/harness/redis.ts'],
		rules: { 'no-console': 'off', '@n8n/community-nodes/no-dangerous-functions': 'off' },
	},
	{
		// Option defaults come from DROP_DEFAULTS / BATCH_DEFAULTS, the tables the engine and the trigger apply too; this
		// rule only recognises literal defaults. The JSON-casing rule would turn the `$json` of a copyable
		// expression example into `$JSON`, which fails when pasted.
		files: ['nodes/SendMmsDrop/properties.ts', 'nodes/MmsDeliveryTrigger/properties.ts'],
		rules: {
			'n8n-nodes-base/node-param-default-missing': 'off',
			'n8n-nodes-base/node-param-description-miscased-json': 'off',
		},
	},
];
