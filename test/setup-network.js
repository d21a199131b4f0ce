// Tests talk to nock and to servers on 127.0.0.1, nothing else: a request anywhere else fails
// the test instead of leaving the machine (nock intercepts node:http and fetch; the drop
// engine's undici pools reach only the loopback fakes the tests start). Undone after each file,
// since node:http, which nock patches, outlives a test file's module registry.
const nock = require('nock');

beforeAll(() => {
	nock.disableNetConnect();
	nock.enableNetConnect((host) => /^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host));
});
afterAll(() => nock.enableNetConnect());
