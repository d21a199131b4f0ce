/**
 * Issue #15 point 10: Send MMS Drop as an AI agent's tool. n8n 2.41 makes the `sendMmsDropTool`
 * variant itself (packages/cli tool-generation/ai-tools.ts: the description's `usableAsTool.replacements`
 * applied, `Tool` appended to the name, so parameters under `'@tool'` are the ones it has). Here the
 * variant is built the same way but keeps a main input, so n8n-core's engine runs it on an item
 * holding what the model filled in: `$fromAI(key)` reads that item's field, as in a tool call.
 */
import type { IDataObject, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { deepCopy } from 'n8n-workflow';

import { SendMmsDrop } from '../../nodes/SendMmsDrop/SendMmsDrop.node';
import { TOOL_DESCRIPTION } from '../../nodes/SendMmsDrop/tool';
import { twilioApi } from '../fake-provider/providers/twilio';
import { FakeProviderServer } from '../fake-provider/server';
import { node, runWorkflow } from '../harness/engine';
import { CREDENTIAL_TYPES, fakeCredentials } from './send-drop.helpers';

const fake = new FakeProviderServer([twilioApi]);
beforeAll(() => fake.start());
afterAll(() => fake.stop());
beforeEach(() => fake.reset());

const TOOL_TYPE = 'n8n-nodes-drop-mms.sendMmsDropTool';

/** The tool variant as n8n derives it, with a main input instead of the agent's tool connection. */
function toolVariant(): INodeType {
	const base = new SendMmsDrop();
	const usable = base.description.usableAsTool;
	const replacements = typeof usable === 'object' ? (usable.replacements ?? {}) : {};
	const description = { ...deepCopy(base.description), ...replacements } as INodeTypeDescription;
	description.name += 'Tool';
	description.displayName += ' Tool';
	delete description.usableAsTool;
	return { description, execute: base.execute };
}

/** What an agent's model passed for one call. */
async function callTool(args: IDataObject, parameters: IDataObject = {}) {
	const result = await runWorkflow({
		nodes: [
			node(TOOL_TYPE, { provider: 'twilio', from: '+14155550000', ...parameters } as never, {
				name: 'Send MMS',
				credentials: { [CREDENTIAL_TYPES.twilio]: { id: '1', name: 'twilio test' } },
			}),
		],
		credentials: { [CREDENTIAL_TYPES.twilio]: fakeCredentials(fake, 'twilio') },
		input: [{ json: args }],
		extraNodeTypes: { [TOOL_TYPE]: toolVariant() },
	});
	return { result, error: result.nodeError('Send MMS'), answer: result.status === 'success' ? result.outputs('Send MMS')[0] : [] };
}

it('an agent gets a one-message tool: recipient, text and media come from the model, the opt-out footer is added', async () => {
	const { answer, error } = await callTool({ to: '(415) 555-0101', text: 'Your order #1042 has shipped.', mediaUrls: 'https://media.example.com/label.png' });
	expect(error).toBeUndefined();
	expect(answer.map((item) => [item.json.to, item.json.status, item.pairedItem])).toEqual([['+14155550101', 'accepted', { item: 0 }]]);
	expect(fake.ledger.map((entry) => [entry.to, entry.text, entry.media])).toEqual([
		['+14155550101', 'Your order #1042 has shipped.\nReply STOP to opt out', ['https://media.example.com/label.png']],
	]);
});

it('a call naming more numbers than Max Recipients per Call (1 by default) sends nothing and tells the model how to call it', async () => {
	const { error } = await callTool({ to: '+14155550101, +14155550102', text: 'Hello', mediaUrls: '' });
	expect(error?.message).toBe('This tool sends to at most 1 phone number per call; this call named 2. Nothing was sent.');
	expect((error as Error & { description?: string }).description).toBe('Call the tool once per recipient.');
	expect(fake.requests).toHaveLength(0);
});

it('a raised cap lets one call reach a few numbers, each answered; past the cap still nothing is sent', async () => {
	const { answer } = await callTool({ to: '+14155550101; +14155550102', text: 'Team: the van is here', mediaUrls: '' }, { maxRecipientsPerCall: 2 });
	expect(answer.map((item) => [item.json.to, item.json.status, item.pairedItem])).toEqual([
		['+14155550101', 'accepted', { item: 0 }],
		['+14155550102', 'accepted', { item: 0 }],
	]);
	fake.reset();
	const over = await callTool({ to: '+14155550101, +14155550102, +14155550103', text: 'x', mediaUrls: '' }, { maxRecipientsPerCall: 2 });
	expect(over.error?.message).toMatch(/^This tool sends to at most 2 phone numbers per call; this call named 3/);
	expect(fake.requests).toHaveLength(0);
});

it('the cap itself is bounded: an imported workflow cannot lift it past the hard limit', async () => {
	const { error } = await callTool({ to: '+14155550101', text: 'x', mediaUrls: '' }, { maxRecipientsPerCall: 500 });
	expect(error?.message).toMatch(/^"Max Recipients per Call" must be a whole number from 1 to 10; got 500/);
	expect(fake.requests).toHaveLength(0);
});

it('the tool is described for the model, not with the bulk node\'s wording', () => {
	const { description } = toolVariant();
	expect(description).toMatchObject({ name: 'sendMmsDropTool', displayName: 'Send MMS Tool', description: TOOL_DESCRIPTION });
	expect(TOOL_DESCRIPTION).not.toMatch(/\$json|drop|batch/i);
	expect(TOOL_DESCRIPTION).toMatch(/"to".*"text".*"mediaUrls"/);
});
