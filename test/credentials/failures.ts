/**
 * What a failed credential Test tells the user (issue #15 point 9), run for each provider's
 * credential through n8n's request path (test/harness/credential-test.ts):
 * - a provider's refusal (HTTP 401/403/404, with its documented error body) shows the credential's
 *   rule for that status, which names the fields to check, and no secret;
 * - a request that reaches no server shows n8n's bare error code (ECONNREFUSED): n8n 2.41 matches
 *   rules against HTTP statuses only, so the address field's description explains the code.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import nock from 'nock';
import type { ICredentialDataDecryptedObject, ICredentialType } from 'n8n-workflow';

import { testCredential } from '../harness/credential-test';
import { PackageCredentialTypes } from '../harness/registry';
import { freePort } from '../loopback';

export interface TestFailureCase {
	status: number;
	/** The provider's error body for this status, under test/fixtures (its source is in that folder's README). */
	fixture: string;
	/** Display names of the credential's fields the message must tell the user to check. */
	fields: string[];
	/** Anything else the message must name (a region, the Base URL's form). */
	mentions?: RegExp[];
}

export interface TestFailureSuite {
	type: string;
	/** Which credentials, where a type is run with several (an auth type). */
	label?: string;
	/** A complete credential whose secrets were made in the test: none may appear in a result. */
	credentials: ICredentialDataDecryptedObject;
	/** Where the test request goes with these credentials. */
	origin: string;
	/** The field holding the provider's address (`baseUrl`, MM7's `url`). */
	addressField: string;
	/** The address that field needs to reach `port` on the loopback interface. */
	addressAt(port: number): string;
	cases: TestFailureCase[];
}

const FIXTURES = path.join(__dirname, '../fixtures');

function contentTypeOf(fixture: string): string {
	if (fixture.endsWith('.json')) return 'application/json';
	if (fixture.endsWith('.xml')) return 'text/xml; charset=utf-8';
	return 'text/html';
}

function secretsOf(type: ICredentialType, credentials: ICredentialDataDecryptedObject): string[] {
	return type.properties
		.filter((property) => property.typeOptions?.password && typeof credentials[property.name] === 'string' && credentials[property.name] !== '')
		.map((property) => credentials[property.name] as string);
}

export function runTestFailureCases(suite: TestFailureSuite): void {
	const type = new PackageCredentialTypes().getByName(suite.type);
	const labels = type.properties.map((property) => property.displayName);
	const secrets = secretsOf(type, suite.credentials);

	describe(`${suite.type}${suite.label ? ` (${suite.label})` : ''}: a failed Test says what to check`, () => {
		afterEach(() => nock.cleanAll());

		it('is given credentials with secrets, so that "no secret in the message" can fail', () => {
			expect(secrets.length).toBeGreaterThan(0);
		});

		it.each(suite.cases)('HTTP $status ($fixture) names $fields', async ({ status, fixture, fields, mentions = [] }) => {
			for (const field of fields) expect(labels).toContain(field);
			// persist: n8n asks again once after a 401 before it gives up.
			const scope = nock(suite.origin).persist();
			const body = readFileSync(path.join(FIXTURES, fixture), 'utf8');
			for (const method of ['get', 'post'] as const) scope[method](/.*/).reply(status, body, { 'content-type': contentTypeOf(fixture) });

			const result = await testCredential(suite.type, suite.credentials);

			expect(result.status).toBe('Error');
			expect(result.message).toContain(`HTTP ${status}`);
			for (const field of fields) expect(result.message).toContain(field);
			for (const mention of mentions) expect(result.message).toMatch(mention);
			for (const secret of secrets) expect(JSON.stringify(result)).not.toContain(secret);
		});

		it('a server that is not there: n8n shows only the error code, so the address field explains it', async () => {
			const port = await freePort();
			const result = await testCredential(suite.type, { ...suite.credentials, [suite.addressField]: suite.addressAt(port) });
			expect(result).toEqual({ status: 'Error', message: 'ECONNREFUSED' });
			const address = type.properties.find((property) => property.name === suite.addressField);
			expect(address?.description).toMatch(/ECONNREFUSED.*n8n could not reach this address/);
		});
	});
}
