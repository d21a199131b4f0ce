import { deriveDropId, planDrop } from '../../nodes/drop/plan';
import { prepareRecipients } from '../../nodes/drop/recipients';

const rules = { defaultCountry: 'US', dedupe: true, suppressionList: [], optOutFooter: '' };
const from = '+15550000000';
const numbers = (count: number) => Array.from({ length: count }, (_, i) => `+1415555${String(1000 + i).padStart(4, '0')}`);
const recipientsFor = (tos: string[], text = () => 'Hello') =>
	prepareRecipients(tos.map((rawTo, index) => ({ index, rawTo, from, text: text(), media: [{ url: 'https://m.test/a.jpg' }] })), rules);

describe('planDrop', () => {
	it('batches recipients sharing a message up to the provider limit, in input order', () => {
		const plan = planDrop('d1', recipientsFor(numbers(2500)), 1000);
		expect(plan.batches.map((batch) => batch.recipients.length)).toEqual([1000, 1000, 500]);
		expect(plan.batches[0].indexes.slice(0, 3)).toEqual([0, 1, 2]);
		expect(plan.batches[2].message).toEqual({ from: '+15550000000', text: 'Hello', subject: undefined, media: [{ url: 'https://m.test/a.jpg' }] });
	});

	it('personalized texts never share a batch', () => {
		let n = 0;
		const plan = planDrop('d1', recipientsFor(numbers(4), () => `Hi ${n++ % 2}`), 1000);
		expect(plan.batches.map((batch) => [batch.message.text, batch.indexes])).toEqual([
			['Hi 0', [0, 2]],
			['Hi 1', [1, 3]],
		]);
	});

	it('one request per recipient for per-recipient providers; skipped recipients are not planned', () => {
		const recipients = recipientsFor(['4155550100', 'bad', '4155550100', '4155550101']);
		const plan = planDrop('d1', recipients, 1);
		expect(plan.batches.map((batch) => batch.indexes)).toEqual([[0], [3]]);
		expect(plan.refs).toHaveLength(4);
	});

	it('refs are short, unique within the drop, and the same when the drop runs again', () => {
		const tos = numbers(5000);
		const first = planDrop('d1', recipientsFor(tos), 1);
		expect(new Set(first.refs).size).toBe(5000);
		expect(first.refs.every((ref) => /^[0-9a-z]{10}$/.test(ref))).toBe(true);
		expect(planDrop('d1', recipientsFor(tos), 1).refs).toEqual(first.refs);
		expect(planDrop('d2', recipientsFor(tos), 1).refs[0]).not.toBe(first.refs[0]);
	});

	it('per-item senders never share a batch', () => {
		const recipients = prepareRecipients(
			numbers(4).map((rawTo, index) => ({ index, rawTo, from: index % 2 ? '+15550000001' : from, text: 'x', media: [] })),
			rules,
		);
		const plan = planDrop('d1', recipients, 1000);
		expect(plan.batches.map((batch) => [batch.message.from, batch.indexes])).toEqual([
			[from, [0, 2]],
			['+15550000001', [1, 3]],
		]);
	});

	it('the same number twice (dedupe off) still gets two refs', () => {
		const recipients = prepareRecipients(
			[0, 1].map((index) => ({ index, rawTo: '4155550100', from, text: 'x', media: [] })),
			{ ...rules, dedupe: false },
		);
		const plan = planDrop('d1', recipients, 1);
		expect(plan.refs[0]).not.toBe(plan.refs[1]);
	});
});

describe('deriveDropId', () => {
	it('is stable for the same parts and differs for others', () => {
		expect(deriveDropId(['wf', 'node', 'Hi'])).toBe(deriveDropId(['wf', 'node', 'Hi']));
		expect(deriveDropId(['wf', 'node', 'Hi'])).not.toBe(deriveDropId(['wf', 'node', 'Hello']));
		expect(deriveDropId(['x'])).toMatch(/^d[0-9a-f]{15}$/);
	});
});
