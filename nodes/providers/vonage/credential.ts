import { credentialTestRules, defineCredential } from '../credentials';

/** Official API origin (providers.md §6: the SDK default); the credential's `baseUrl` replaces it. */
export const VONAGE_ORIGIN = 'https://api.nexmo.com';

export const vonageCredential = defineCredential('dropMmsVonageApi', 'Vonage', {
	applicationId: { label: 'Application ID', required: true, trim: true },
	privateKey: { label: 'Private Key', required: true, secret: true },
	signatureSecret: { label: 'Signature Secret', secret: true },
	baseUrl: { label: 'Base URL' },
});

/**
 * What a failed credential Test means: Vonage's answer to `GET /v1/users` with a JWT the private
 * key signed for the application. 401 "You did not provide correct credentials" (a JWT whose
 * signature or application_id does not match; test/fixtures/vonage), 403 "Forbidden".
 */
export const VONAGE_TEST_FAILURES = credentialTestRules({
	401: 'Vonage answered HTTP 401 (not authenticated): the signed token was refused. Check that the Private Key is the one generated for this Application ID (the whole private.key, BEGIN and END lines included).',
	403: 'Vonage answered HTTP 403 (forbidden): the Application ID and Private Key are valid but the account may not use this API. Check that the application belongs to this account and the account is active.',
	404: 'Vonage answered HTTP 404 (not found): the Base URL is not the Vonage API. Use https://api.nexmo.com (or a regional https://api-eu.vonage.com, https://api-us.vonage.com), with no path.',
});
