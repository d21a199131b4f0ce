import { credentialTestRules, defineCredential } from '../credentials';

/** Regions with their own XMS host, `https://{region}.sms.api.sinch.com` (providers.md §5). */
export const SINCH_REGIONS = ['us', 'eu', 'au', 'br', 'ca'] as const;

export const DEFAULT_SINCH_REGION = 'us';

export const sinchCredential = defineCredential('dropMmsSinchApi', 'Sinch', {
	servicePlanId: { label: 'Service Plan ID', required: true },
	apiToken: { label: 'API Token', required: true, secret: true },
	region: { label: 'Region' },
	baseUrl: { label: 'Base URL' },
	callbackUsername: { label: 'Callback Username' },
	callbackPassword: { label: 'Callback Password', secret: true },
	callbackSigningSecret: { label: 'Callback Signing Secret', secret: true },
});

/**
 * What a failed credential Test means: Sinch's answer to `GET /xms/v1/{service_plan_id}/batches`
 * with the API token as a Bearer token, on the region's host. A token belongs to one service plan
 * ("check that the service plan ID selected matches the credentials in your call",
 * developers.sinch.com/docs/sms/api-reference/troubleshooting), and a plan to one region: each
 * region has its own host and stores its own data (developers.sinch.com/docs/sms/api-reference,
 * "Base URL"). 403 carries a code such as `unauthorized` (status-codes page; test/fixtures/sinch).
 */
export const SINCH_TEST_FAILURES = credentialTestRules({
	401: 'Sinch answered HTTP 401 (not authenticated): check the API Token and the Service Plan ID it belongs to (Dashboard → SMS → APIs), and the Region: a service plan lives in one region.',
	403: 'Sinch answered HTTP 403 (forbidden): the service plan may not use this API. Check that the Service Plan ID and API Token belong together and that the account is not blocked.',
	404: 'Sinch answered HTTP 404 (not found): no service plan with this ID here. Check the Service Plan ID and the Region, or the Base URL (https://<region>.sms.api.sinch.com, with no path).',
});
