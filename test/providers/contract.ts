/**
 * The credential's `test` request (what n8n's "Test credential" button sends) and the adapter's
 * own requests must reach the same origin with the same Authorization, or a credential could pass
 * its test and then fail every send (or the other way round). Each variant runs the real test
 * request through n8n's RoutingNode against nock at the adapter's origin.
 */
import nock from 'nock';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { MediaFile, ProviderCredentials } from '../../nodes/providers/types';
import { testCredential } from '../harness/credential-test';
import type { ProviderSuite } from './cases';
import { sampleBatch } from './invariants';

export interface CredentialVariant {
	label: string;
	/** What the user typed; n8n fills in the class's defaults for the rest. */
	credentials: ProviderCredentials;
}

export interface ContractOptions {
	/** Where Authorization is minted per request (Vonage's JWTs): how to tell two headers carry the same credential. */
	sameAuthorization?(fromTest: string, fromAdapter: string): void;
}

const FILE: MediaFile = { data: Buffer.from('GIF89a'), mimeType: 'image/gif', fileName: 'a.gif', sha256: 'c0ffee'.repeat(10) + 'c0ff' };

/**
 * Runs the credential's test request against nock at `expectedOrigin` and returns the
 * Authorization it presented there; a request that went anywhere else fails the test, naming where.
 */
async function probeCredentialTest(credentialType: string, credentials: ProviderCredentials, expectedOrigin: string): Promise<Array<string | undefined>> {
	const seen: Array<string | undefined> = [];
	const elsewhere: string[] = [];
	const onNoMatch = (options: { protocol?: string; host?: string; hostname?: string; port?: string | number }) =>
		elsewhere.push(`${options.protocol ?? ''}//${options.host ?? `${options.hostname}:${options.port}`}`);
	const record = function (this: { req: { headers: Record<string, string | undefined> } }): [number, string, Record<string, string>] {
		seen.push(this.req.headers.authorization);
		return [200, '{}', { 'content-type': 'application/json' }];
	};
	const scope = nock(expectedOrigin).persist();
	scope.get(/.*/).reply(record);
	scope.post(/.*/).reply(record);
	nock.emitter.on('no match', onNoMatch);
	try {
		const result = await testCredential(credentialType, credentials as ICredentialDataDecryptedObject);
		expect({ elsewhere, result: result.status }).toEqual({ elsewhere: [], result: 'OK' });
	} finally {
		nock.emitter.removeListener('no match', onNoMatch);
	}
	return seen;
}

export function runCredentialContract(suite: ProviderSuite, variants: CredentialVariant[], options: ContractOptions = {}): void {
	const { adapter } = suite;
	const sameAuthorization = options.sameAuthorization ?? ((fromTest, fromAdapter) => expect(fromTest).toBe(fromAdapter));
	describe(`${adapter.id} credential test and adapter requests agree on origin and Authorization`, () => {
		afterEach(() => nock.cleanAll());
		it.each(variants)('$label', async ({ credentials }) => {
			const send = adapter.buildSendRequest(credentials, sampleBatch(suite, 1), suite.nowMs);
			const origin = new URL(send.url).origin;
			const presented = await probeCredentialTest(adapter.credentialType!, credentials, origin);
			expect(presented.length).toBeGreaterThan(0);
			for (const authorization of presented) sameAuthorization(authorization ?? '', send.headers.authorization ?? '');

			const uploads = adapter.upload ? [adapter.upload.buildRequest(credentials, FILE)] : [];
			for (const upload of uploads) {
				expect(new URL(upload.url).origin).toBe(origin);
				sameAuthorization(presented[0] ?? '', upload.headers.authorization ?? '');
			}
			// The registrar's target may live on a host of its own (Twilio's Messaging Services); its auth may not.
			const registrar = adapter.webhook?.registrar;
			if (registrar) sameAuthorization(presented[0] ?? '', registrar.read(credentials, 'target').headers.authorization ?? '');
		});
	});
}
