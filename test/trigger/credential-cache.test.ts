import { CREDENTIAL_TTL_MS, CredentialCache, REFRESH_AFTER_FAILURE_MS } from '../../nodes/MmsDeliveryTrigger/credential-cache';

/** A credential store whose secret the test rotates; reads are counted. */
function store() {
	let secret = 'first';
	const source = { reads: 0, read: async () => (source.reads++, { authToken: secret }), rotate: (next: string) => (secret = next) };
	return source;
}

it('reads a credential once per TTL and id; without an id it reads every time', async () => {
	const cache = new CredentialCache();
	const source = store();
	for (const now of [0, 1_000, CREDENTIAL_TTL_MS - 1]) expect(await cache.get('twilio:1', source.read, now)).toEqual({ authToken: 'first' });
	expect(source.reads).toBe(1);
	source.rotate('second');
	expect(await cache.get('twilio:1', source.read, CREDENTIAL_TTL_MS)).toEqual({ authToken: 'second' });
	expect(source.reads).toBe(2);
	await cache.get(undefined, source.read, 0);
	await cache.get(undefined, source.read, 0);
	expect(source.reads).toBe(4);
});

it('a failed verification reads the rotated secret at once, but forged requests cannot make every request read it', async () => {
	const cache = new CredentialCache();
	const source = store();
	await cache.get('twilio:1', source.read, 0);
	source.rotate('second');
	expect(await cache.refreshAfterFailure('twilio:1', source.read, 10_000)).toEqual({ authToken: 'second' });
	expect(await cache.get('twilio:1', source.read, 10_001)).toEqual({ authToken: 'second' });
	// A flood of forged requests right after: no further reads until the refresh interval has passed.
	for (let now = 10_002; now < 10_000 + REFRESH_AFTER_FAILURE_MS; now += 100) expect(await cache.refreshAfterFailure('twilio:1', source.read, now)).toBeUndefined();
	expect(source.reads).toBe(2);
	expect(await cache.refreshAfterFailure('twilio:1', source.read, 10_000 + REFRESH_AFTER_FAILURE_MS)).toEqual({ authToken: 'second' });
	expect(source.reads).toBe(3);
});
