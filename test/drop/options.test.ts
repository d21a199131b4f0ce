import { DROP_DEFAULTS } from '../../nodes/drop/defaults';
import { DropInputError } from '../../nodes/drop/errors';
import { booleanValue, listValue, resolveRules, textValue } from '../../nodes/drop/options';

describe('resolveRules', () => {
	it('applies DROP_DEFAULTS to an empty options collection', () => {
		expect(resolveRules({})).toEqual({
			defaultCountry: DROP_DEFAULTS.defaultCountry,
			dedupe: DROP_DEFAULTS.dedupe,
			optOutFooter: DROP_DEFAULTS.optOutFooter,
			suppressionList: [],
			ratePerSecond: DROP_DEFAULTS.ratePerSecond,
			concurrency: DROP_DEFAULTS.concurrency,
			maxRetries: DROP_DEFAULTS.maxRetries,
			requestTimeoutMs: DROP_DEFAULTS.requestTimeoutMs,
			statusCallbackUrl: undefined,
			dropId: undefined,
			dryRun: DROP_DEFAULTS.dryRun,
			rerunWindowHours: DROP_DEFAULTS.rerunWindowHours,
			resolveUnknown: DROP_DEFAULTS.resolveUnknown,
			forgetDrop: DROP_DEFAULTS.forgetDrop,
			allowPrivateMediaHost: DROP_DEFAULTS.allowPrivateMediaHost,
		});
	});

	it('takes what expressions and spreadsheets hand over: numeric text, booleans as text, lists', () => {
		expect(resolveRules({ concurrency: '4', ratePerSecond: 0.25, dryRun: 'TRUE', suppressionList: ['+1 415 555 0100', '4155550101'], defaultCountry: 'gb' })).toMatchObject({
			concurrency: 4,
			ratePerSecond: 0.25,
			dryRun: true,
			suppressionList: ['+1 415 555 0100', '4155550101'],
			defaultCountry: 'GB',
		});
		expect(resolveRules({ optOutFooter: '' }).optOutFooter).toBe('');
		expect(resolveRules({ statusCallbackUrl: ' https://n8n.example.com/webhook/mms ' }).statusCallbackUrl).toBe('https://n8n.example.com/webhook/mms');
	});

	// Each of these hung the drop, fired a timer at once, or failed only after uploads (issue #13, point 4).
	it.each([
		[{ concurrency: 0 }, '"Concurrency" must be a whole number from 1 to 256; got 0'],
		[{ concurrency: 0.5 }, '"Concurrency" must be a whole number from 1 to 256; got 0.5'],
		[{ ratePerSecond: -1 }, '"Rate per Second" must be a number from 0 to 100,000; got -1'],
		[{ ratePerSecond: NaN }, '"Rate per Second" must be a number from 0 to 100,000; got NaN'],
		[{ ratePerSecond: 0.001 }, '"Rate per Second" must be 0 (the provider\'s default) or from 0.01 to 100,000; got 0.001'],
		[{ requestTimeoutMs: 2 ** 31 }, '"Request Timeout (ms)" must be a whole number from 1,000 to 600,000; got 2147483648'],
		[{ maxRetries: 1e9 }, '"Max Retries" must be a whole number from 0 to 10; got 1000000000'],
		[{ maxRetries: [3] }, '"Max Retries" must be a whole number from 0 to 10; got a list of 1'],
		[{ statusCallbackUrl: 'n8n.example.com/webhook' }, '"Status Callback URL" must be an http(s) URL; got "n8n.example.com/webhook"'],
		[{ statusCallbackUrl: 'ftp://n8n.example.com/x' }, '"Status Callback URL" must be an http(s) URL'],
		[{ defaultCountry: 'USA' }, '"Default Country" must be a two-letter ISO country code'],
		[{ dedupe: 'maybe' }, '"Dedupe" must be true or false; got "maybe"'],
		[{ dropId: 'x'.repeat(201) }, '"Drop ID" must be at most 200 characters'],
	])('refuses %p', (options, message) => {
		expect(() => resolveRules(options)).toThrow(DropInputError);
		expect(() => resolveRules(options)).toThrow(message);
	});
});

describe('item values', () => {
	it('text: numbers become text, nothing becomes empty, objects are refused with the item named', () => {
		expect(textValue('Text', 12345)).toBe('12345');
		expect(textValue('Text', undefined)).toBe('');
		expect(textValue('Text', null)).toBe('');
		expect(() => textValue('From', { number: '+1' }, 3)).toThrow('"From" must be text (item 3); got an object');
		expect(() => textValue('From', ['+1'], 3)).toThrow('"From" must be text (item 3); got a list of 1');
	});

	it('booleans: true/false, their text forms and 0/1; anything else is refused rather than read as consent', () => {
		expect([true, 'false', 'TRUE', 0, 1, undefined].map((value) => booleanValue('Consent', value, true))).toEqual([true, false, true, false, true, true]);
		expect(() => booleanValue('Consent', 'no', true, 2)).toThrow('"Consent" must be true or false (item 2); got "no"');
	});

	it('lists: separated text or arrays of texts; nested objects are refused', () => {
		expect(listValue('Media URLs', 'https://a.test/1.jpg,\nhttps://a.test/2.jpg')).toEqual(['https://a.test/1.jpg', 'https://a.test/2.jpg']);
		expect(listValue('Media URLs', null)).toEqual([]);
		expect(() => listValue('Media URLs', [{ url: 'x' }], 0)).toThrow('"Media URLs" must be a list of texts (item 0)');
		expect(() => listValue('Media URLs', 42, 0)).toThrow('"Media URLs" must be text or a list (item 0); got 42');
	});
});
