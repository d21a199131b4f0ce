/**
 * Send MMS Drop: reads the parameters, hands the items to the drop engine (`runDrop`), and maps
 * its results onto the two outputs and its errors onto n8n's, in one place.
 */
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	booleanValue,
	chooseLedger,
	type DropItem,
	DropInputError,
	DropRefusedError,
	type DropSummary,
	formatDuration,
	formatRate,
	listValue,
	type MediaIntake,
	numberOption,
	MediaUploadError,
	type RawDropOptions,
	resolveRules,
	runDrop,
	textValue,
} from '../drop/run';
import { MediaError } from '../media/errors';
import { n8nHttpGet } from '../media/http';
import { adapterFor } from '../providers';
import { credentialsFor } from '../providers/node-credentials';
import { hostedMediaUrl, hostedMediaWarning } from './hosting';
import { SANDBOX_HINT, sandboxDrop, sandboxLimitsOf } from './sandbox';
import { TOOL_MAX_RECIPIENTS } from './tool';

export async function executeSendMmsDrop(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const node = this.getNode();
	try {
		const provider = this.getNodeParameter('provider', 0) as string;
		const adapter = adapterFor(provider);
		if (adapter.simulated) sandboxLimitsOf(this);
		const rules = resolveRules(this.getNodeParameter('options', 0, {}) as RawDropOptions);
		if (items.length === 0) throw new DropInputError('No recipients: the node received no items');

		const read = (name: string, fallback: unknown) => itemParameter(this, name, fallback);
		const [from, to, consent, text, subject, mediaUrls] = [read('from', ''), read('to', ''), read('options.consent', true), read('text', ''), read('subject', ''), read('mediaUrls', '')];
		// As an agent's tool, one call may name a few numbers (up to its cap); in a workflow, each item is one recipient.
		const asTool = isToolVariant(node);
		const dropItems: DropItem[] = [];
		/** The input item each recipient came from. */
		const sources: number[] = [];
		items.forEach((_, index) => {
			const sender = textValue('From', from(index), index).trim();
			if (!sender) throw new DropInputError(`The "From" sender is empty (item ${index})`, 'Set the number, short code or sender ID the drop is sent from.', index);
			const recipient = {
				from: sender,
				consent: booleanValue('Consent', consent(index), true, index),
				text: textValue('Text', text(index), index),
				subject: textValue('Subject', subject(index), index).trim() || undefined,
				mediaUrls: listValue('Media URLs', mediaUrls(index), index),
			};
			const numbers = asTool ? listValue('To', to(index), index) : [to(index)];
			for (const number of asTool && numbers.length === 0 ? [''] : numbers) {
				sources.push(index);
				dropItems.push({ index: dropItems.length, to: number, ...recipient });
			}
		});
		if (asTool) checkToolCap(this, dropItems.length);

		const binaryPropertyName = asTool ? '' : textValue('Input Binary Field', this.getNodeParameter('binaryPropertyName', 0, '')).trim();
		const credentials = await credentialsFor(this, adapter);
		// The sandbox sends nothing: its simulator stands in for the provider, as the drop's transport.
		const sandbox = adapter.simulated ? sandboxDrop(this, credentials, rules) : undefined;
		let hostedFor: number | undefined;
		const media: MediaIntake = {
			http: n8nHttpGet(this),
			binary: (index) => {
				if (!binaryPropertyName) return undefined;
				const binary = this.helpers.assertBinaryData(sources[index], binaryPropertyName);
				const read = () => this.helpers.getBinaryDataBuffer(sources[index], binaryPropertyName);
				return { id: binary.id, mimeType: binary.mimeType, fileName: binary.fileName ?? `media-${sources[index]}`, read };
			},
			publicUrl: (index, expiresInMs) => {
				hostedFor = expiresInMs;
				const url = hostedMediaUrl(this, binaryPropertyName, sources[index], expiresInMs);
				return sandbox ? sandbox.hosted(url) : url;
			},
		};
		const { parameters } = node;
		const { results, summary } = await runDrop(dropItems, sandbox?.rules ?? rules, {
			adapter,
			credentials: sandbox?.credentials ?? credentials,
			transport: sandbox?.transport,
			media,
			// From's value, not its editor form: a sender typed before From became a list keeps its drop id.
			dropIdParts: [this.getWorkflow().id, node.id ?? node.name, provider, locatorValue(parameters.from), parameters.text, parameters.subject, parameters.mediaUrls, parameters.binaryPropertyName],
			ledger: chooseLedger(this.helpers.getStoragePath(), process.env),
			signal: this.getExecutionCancelSignal(),
		});
		const hostingWarning = hostedFor === undefined ? undefined : hostedMediaWarning(hostedFor);
		if (hostingWarning) summary.warnings.push(hostingWarning);
		summary.warnings.push(...(sandbox?.warnings ?? []));
		// Said where the user looks first, as well as on the Summary item.
		if (summary.warnings.length > 0) this.addExecutionHints(...summary.warnings.map((message) => ({ message, location: 'outputPane' as const })));
		if (sandbox) this.addExecutionHints({ message: SANDBOX_HINT, location: 'outputPane' });
		if (summary.dryRun) this.addExecutionHints({ message: dryRunHint(summary, sandbox?.limitsOf ?? adapter.displayName, rules.ratePerSecond === 0), location: 'outputPane' });
		// n8n's "include other input fields": who each row is, next to what happened to them.
		const withInput = booleanValue('Include Input Fields', this.getNodeParameter('options.includeInputFields', 0, false), false);
		return [
			results.map((result, index) => ({
				json: (withInput ? { ...items[sources[index]].json, ...result } : result) as unknown as IDataObject,
				pairedItem: { item: sources[index] },
			})),
			[{ json: summary as unknown as IDataObject, pairedItem: items.map((_, item) => ({ item })) }],
		];
	} catch (error) {
		const nodeError = toNodeError(node, error);
		if (this.continueOnFail()) return [items.map((_, item) => ({ json: { error: nodeError.message }, pairedItem: { item } })), []];
		throw nodeError;
	}
}

/** What a dry run found, said where the user looks: how many would go, and how long that takes. */
function dryRunHint(summary: DropSummary, providerName: string, providerDefault: boolean): string {
	const rate = `${formatRate(summary.ratePerSecond)}${providerDefault ? ` (${providerName}'s default rate; Options → Rate per Second changes it)` : ''}`;
	const count = `${summary.planned.toLocaleString('en-US')} recipient${summary.planned === 1 ? '' : 's'}`;
	return `Dry run: nothing was sent. ${count} would get the message, taking about ${formatDuration(summary.estimatedDurationMs)} at ${rate}. Each row's "preview" is the exact text it would get.`;
}

/** The value of a resource locator (From: picked from a list or typed), or the plain value it replaced. */
function locatorValue(raw: unknown): unknown {
	return raw !== null && typeof raw === 'object' && '__rl' in raw ? (raw as { value?: unknown }).value : raw;
}

/**
 * A parameter read per item only where it is an expression. n8n sets up an expression context on
 * every getNodeParameter call, the largest per-item cost in a profile of a 30,000-recipient drop;
 * a constant is the same for every item, so it is read once. A resource locator (From) is read as
 * the value it holds.
 */
function itemParameter(context: IExecuteFunctions, name: string, fallback: unknown): (index: number) => unknown {
	let raw: unknown = context.getNode().parameters;
	for (const key of name.split('.')) raw = (raw as Record<string, unknown> | undefined)?.[key];
	const locator = raw !== null && typeof raw === 'object' && '__rl' in raw;
	const get = (index: number) => (locator ? context.getNodeParameter(name, index, fallback, { extractValue: true }) : context.getNodeParameter(name, index, fallback));
	const held = locatorValue(raw);
	if (typeof held === 'string' && held.startsWith('=')) return get;
	const value = get(0);
	return () => value;
}

/** The `…Tool` node type n8n makes for agents (its `@tool` parameters are the ones shown). */
function isToolVariant(node: INode): boolean {
	return node.type.endsWith('Tool');
}

/** A tool call may reach at most Max Recipients per Call numbers; more sends nothing and says why to the model. */
function checkToolCap(context: IExecuteFunctions, count: number): void {
	const cap = numberOption('Max Recipients per Call', context.getNodeParameter('maxRecipientsPerCall', 0, 1), { min: 1, max: TOOL_MAX_RECIPIENTS, integer: true }, 1);
	if (count > cap) {
		throw new DropInputError(
			`This tool sends to at most ${cap} phone number${cap === 1 ? '' : 's'} per call; this call named ${count}. Nothing was sent.`,
			`Call the tool once per recipient${cap > 1 ? `, or with at most ${cap} numbers` : ''}.`,
		);
	}
}

/** Every failure leaves the node as NodeApiError (the provider said no) or NodeOperationError. */
function toNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof DropInputError || error instanceof MediaError) {
		const itemIndex = error instanceof DropInputError ? error.itemIndex : undefined;
		return new NodeOperationError(node, error.message, { description: error.description, itemIndex });
	}
	if (error instanceof DropRefusedError) {
		return new NodeApiError(node, { message: error.refusal.message, code: error.refusal.code } as JsonObject, {
			message: error.message,
			description: `Nothing was sent. Check the ${error.providerName} credential and account settings.`,
			httpCode: error.refusal.httpStatus ? String(error.refusal.httpStatus) : undefined,
		});
	}
	if (error instanceof MediaUploadError) {
		return new NodeApiError(node, { message: error.message } as JsonObject, { message: error.message, httpCode: error.httpStatus ? String(error.httpStatus) : undefined });
	}
	return new NodeOperationError(node, error as Error);
}
