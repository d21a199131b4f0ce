import { prepareRecipients, splitList, toE164, withOptOutFooter } from '../../nodes/drop/recipients';

const rules = { defaultCountry: 'US', dedupe: true, suppressionList: [], optOutFooter: 'Reply STOP to opt out' };
const input = (index: number, rawTo: unknown, extra: Partial<{ consent: boolean; text: string }> = {}) => ({
	index,
	rawTo,
	from: '+15550000000',
	text: extra.text ?? 'Hi',
	consent: extra.consent,
	media: [],
});

describe('toE164', () => {
	it.each([
		['(415) 555-0100', 'US', '+14155550100'],
		['+1 415 555 0100', 'US', '+14155550100'],
		['415.555.0100', 'US', '+14155550100'],
		[4155550100, 'US', '+14155550100'],
		['020 7946 0018', 'GB', '+442079460018'],
		['+44 20 7946 0018', 'US', '+442079460018'],
	])('%p in %s ⇒ %s', (raw, country, expected) => {
		expect(toE164(raw, country)).toBe(expected);
	});

	it.each([['555-0100'], ['abc'], [''], [null], [undefined], [{}], ['+1 123']])('%p is not a number', (raw) => {
		expect(toE164(raw, 'US')).toBeNull();
	});
});

describe('splitList', () => {
	it('takes commas, semicolons, new lines and arrays, dropping blanks', () => {
		expect(splitList('a, b\nc;;d ,')).toEqual(['a', 'b', 'c', 'd']);
		expect(splitList([' x ', '', 3])).toEqual(['x', '3']);
		expect(splitList(undefined)).toEqual([]);
	});
});

describe('withOptOutFooter', () => {
	it('appends the footer on a new line', () => {
		expect(withOptOutFooter('Sale today', 'Reply STOP to opt out')).toBe('Sale today\nReply STOP to opt out');
	});
	it.each(['Text STOP to end', 'to opt out reply', 'Opt-out: reply END', 'UNSUBSCRIBE any time', 'stop'])(
		'leaves %p alone: it already says how to opt out',
		(text) => expect(withOptOutFooter(text, 'Reply STOP to opt out')).toBe(text),
	);
	it('an empty footer disables it; an empty text gets the footer alone', () => {
		expect(withOptOutFooter('Hi', '')).toBe('Hi');
		expect(withOptOutFooter('', 'Reply STOP')).toBe('Reply STOP');
	});
});

describe('prepareRecipients', () => {
	it('normalizes, then skips invalid, no-consent, suppressed and duplicates in that order', () => {
		const recipients = prepareRecipients(
			[
				input(0, '(415) 555-0100'),
				input(1, 'not a number'),
				input(2, '+1 415 555 0100'),
				input(3, '415-555-0101', { consent: false }),
				input(4, '4155550102'),
				input(5, '+14155550103', { consent: true }),
			],
			{ ...rules, suppressionList: ['(415) 555-0102'] },
		);
		expect(recipients.map(({ to, skip }) => [to, skip])).toEqual([
			['+14155550100', null],
			['not a number', 'invalid_number'],
			['+14155550100', 'duplicate'],
			['+14155550101', 'no_consent'],
			['+14155550102', 'suppressed'],
			['+14155550103', null],
		]);
		expect(recipients[0].text).toBe('Hi\nReply STOP to opt out');
	});

	it('a number first seen without consent is still sent to when it comes again with consent', () => {
		const recipients = prepareRecipients([input(0, '4155550100', { consent: false }), input(1, '4155550100')], rules);
		expect(recipients.map(({ skip }) => skip)).toEqual(['no_consent', null]);
	});

	it('dedupe off keeps repeats', () => {
		const recipients = prepareRecipients([input(0, '4155550100'), input(1, '+14155550100')], { ...rules, dedupe: false });
		expect(recipients.map(({ skip }) => skip)).toEqual([null, null]);
	});
});
