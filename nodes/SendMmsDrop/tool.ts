/**
 * Send MMS Drop as an AI agent's tool (n8n 2.x makes a `sendMmsDropTool` variant of every node with
 * `usableAsTool`; parameters under `'@tool'` show only there). An agent does not run a bulk drop:
 * it sends one message, so the tool's surface is the recipient, the text and the media, each filled
 * by the model through `$fromAI`, with a hard cap on how many numbers one call may reach, and a
 * description written for the model rather than for a workflow builder.
 */
import type { INodeProperties } from 'n8n-workflow';

/** The most numbers one tool call may send to: a model that loops must not become a bulk drop. */
export const TOOL_MAX_RECIPIENTS = 10;

const forTools = { show: { '@tool': [true] } };

/** What the agent's model reads to decide when and how to call the tool. */
export const TOOL_DESCRIPTION = [
	'Send one MMS (a text message, optionally with pictures) to a phone number, and get back whether it was sent.',
	'Arguments: "to" is the recipient\'s mobile number, best in international format such as +14155550123;',
	'"text" is the full message to send (an opt-out line such as "Reply STOP to opt out" is added automatically);',
	'"mediaUrls" is optional: public https URLs of images, comma-separated, or empty.',
	'The answer has one entry per recipient: status "accepted" (sent; messageId identifies it), "skipped" (not sent: reason says why,',
	'e.g. invalid_number, suppressed, no_consent, already_sent when this exact message already went to this number),',
	'"failed" (reason says why, e.g. opted_out: never message that number again) or "unknown" (it may have been sent: do not send it again).',
].join(' ');

export const toolProperties: INodeProperties[] = [
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: "={{ $fromAI('to', 'The recipient\\'s mobile phone number, e.g. +14155550123', 'string') }}",
		required: true,
		description: 'The recipient. The model fills it; several numbers (comma-separated) count against Max Recipients per Call.',
		displayOptions: forTools,
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: "={{ $fromAI('text', 'The full text of the message to send', 'string') }}",
		description: 'The message text. The model fills it; the opt-out footer (Options) is added.',
		displayOptions: forTools,
	},
	{
		displayName: 'Media URLs',
		name: 'mediaUrls',
		type: 'string',
		default: "={{ $fromAI('mediaUrls', 'Public https URLs of images to attach, comma-separated; empty for none', 'string') }}",
		description: 'Public media URLs; the model fills them, or clear this to send text only',
		displayOptions: forTools,
	},
	{
		displayName: 'Max Recipients per Call',
		name: 'maxRecipientsPerCall',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: TOOL_MAX_RECIPIENTS },
		default: 1,
		description: `The most numbers one call of the tool may send to (at most ${TOOL_MAX_RECIPIENTS}). A call with more sends nothing and tells the model to split it.`,
		displayOptions: forTools,
	},
];
