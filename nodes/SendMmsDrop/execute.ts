/**
 * Send MMS Drop: reads the parameters, hands recipients to the drop engine, and maps its records
 * onto the two outputs. Node-level failures are raised here, in one place.
 */
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { dispatchDrop } from '../drop/dispatch';
import { InlineMedia, MediaUploadError, MediaUploads, mediaFile } from '../drop/media';
import { type RecipientResult, resultFromOutcome, summarize } from '../drop/outcomes';
import { deriveDropId, planDrop } from '../drop/plan';
import { prepareRecipients, type RecipientInput, splitList } from '../drop/recipients';
import { createTransport } from '../drop/transport';
import { MediaError } from '../media/errors';
import { n8nHttpGet } from '../media/http';
import { MAX_REDIRECTS } from '../media/input';
import { adapterFor, binaryMediaAlternatives } from '../providers';
import { messageProblems } from '../providers/capabilities';
import type { Capabilities, MediaRef, ProviderAdapter } from '../providers/types';

interface DropOptions {
	defaultCountry?: string;
	dedupe?: boolean;
	optOutFooter?: string;
	suppressionList?: string | string[];
	ratePerSecond?: number;
	concurrency?: number;
	maxRetries?: number;
	requestTimeoutMs?: number;
	statusCallbackUrl?: string;
	dropId?: string;
	dryRun?: boolean;
}

export async function executeSendMmsDrop(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const started = performance.now();
	const items = this.getInputData();
	const provider = this.getNodeParameter('provider', 0) as string;
	const adapter = adapterFor(provider);
	const from = (this.getNodeParameter('from', 0) as string).trim();
	const options = this.getNodeParameter('options', 0, {}) as DropOptions;
	const binaryPropertyName = (this.getNodeParameter('binaryPropertyName', 0, '') as string).trim();
	const dryRun = options.dryRun === true;
	const timeoutMs = options.requestTimeoutMs ?? 30_000;

	if (!from) throw new NodeOperationError(this.getNode(), 'The "From" sender is empty', { description: 'Set the number, short code or sender ID the drop is sent from.' });
	if (items.length === 0) throw new NodeOperationError(this.getNode(), 'No recipients: the node received no items');

	const credentials = await this.getCredentials(adapter.credentialType);
	const capabilities = adapter.capabilitiesFor?.(credentials) ?? adapter.capabilities;
	const transport = createTransport({ connections: options.concurrency ?? 8 });
	const signal = this.getExecutionCancelSignal();
	const uploads = new MediaUploads(adapter, credentials, transport, timeoutMs, signal);
	const inlineMedia = capabilities.inlineMedia
		? new InlineMedia(n8nHttpGet(this), { maxBytes: capabilities.maxMediaBytes, timeoutMs, maxRedirects: MAX_REDIRECTS })
		: undefined;

	try {
		const to = itemParameter<unknown>(this, 'to', '');
		const consent = itemParameter<unknown>(this, 'options.consent', true);
		const text = itemParameter<unknown>(this, 'text', '');
		const subject = itemParameter<unknown>(this, 'subject', '');
		const mediaUrls = itemParameter<unknown>(this, 'mediaUrls', '');
		const inputs: RecipientInput[] = [];
		for (let index = 0; index < items.length; index++) {
			const urls = splitList(mediaUrls(index));
			const media: MediaRef[] = inlineMedia ? await Promise.all(urls.map((url) => inlineMedia.reference(url))) : urls.map((url) => ({ url }));
			if (binaryPropertyName) media.push(await binaryMedia.call(this, index, adapter, capabilities, binaryPropertyName, uploads, dryRun));
			inputs.push({
				index,
				rawTo: to(index),
				consent: consent(index) !== false,
				text: String(text(index) ?? ''),
				subject: String(subject(index) ?? '').trim() || undefined,
				media,
			});
		}

		const recipients = prepareRecipients(inputs, {
			defaultCountry: options.defaultCountry || 'US',
			dedupe: options.dedupe !== false,
			suppressionList: splitList(options.suppressionList ?? ''),
			optOutFooter: options.optOutFooter ?? 'Reply STOP to opt out',
		});
		const sendable = recipients.filter((recipient) => recipient.skip === null);
		if (sendable.length === 0) {
			throw new NodeOperationError(this.getNode(), 'No valid recipients to send to', {
				description: `All ${items.length} items were skipped (${describeSkips(recipients)}). Check the "To" field and the suppression list.`,
			});
		}

		const node = this.getNode();
		const dropId =
			options.dropId?.trim() ||
			deriveDropId([this.getWorkflow().id, node.id ?? node.name, provider, from, node.parameters.text, node.parameters.subject, node.parameters.mediaUrls, node.parameters.binaryPropertyName]);
		const plan = planDrop(dropId, recipients, from, capabilities.recipientsPerRequest);

		for (const problem of new Set(plan.batches.flatMap((batch) => messageProblems(adapter, batch.message, credentials)))) {
			throw new NodeOperationError(node, `The message does not fit ${adapter.displayName}: ${problem}`, {
				description: 'Nothing was sent. Adjust the text, subject or media (MMS Media Prep fits media to a budget).',
			});
		}

		const base = (index: number) => ({ dropId, ref: plan.refs[index], to: recipients[index].to, provider: adapter.id });
		let results: RecipientResult[];
		// A dry run counts the uploads it would make: one per distinct file.
		const plannedUploads = adapter.upload && !capabilities.inlineMedia ? new Set(sendable.flatMap((r) => r.media.map((m) => m.sha256).filter(Boolean))).size : 0;
		let requests = plan.batches.length + plannedUploads;
		let retries = 0;
		if (dryRun) {
			results = recipients.map((recipient) => ({
				...base(recipient.index),
				status: recipient.skip ? 'skipped' : 'planned',
				reason: recipient.skip,
				messageId: null,
				batchId: null,
				attempts: 0,
				error: null,
			}));
		} else {
			const dispatched = await dispatchDrop(plan, {
				adapter,
				credentials,
				transport,
				concurrency: options.concurrency ?? 8,
				ratePerSecond: options.ratePerSecond || capabilities.defaultRatePerSecond,
				maxRetries: options.maxRetries ?? 3,
				requestTimeoutMs: timeoutMs,
				statusCallbackUrl: callbackWithDropId(options.statusCallbackUrl, dropId),
				signal,
			});
			const accepted = [...dispatched.byIndex.values()].filter(({ outcome }) => outcome.kind === 'accepted').length;
			// Refused before anything was accepted (bad credentials): a node error. Refused mid-drop: the
			// accepted recipients' records matter more, so the drop reports them and the rest as failed.
			if (dispatched.fatal && accepted === 0) {
				throw new NodeApiError(node, { message: dispatched.fatal.message, code: dispatched.fatal.code } as JsonObject, {
					message: `${adapter.displayName} refused the drop: ${dispatched.fatal.message}`,
					description: `Nothing was sent. Check the ${adapter.displayName} credential and account settings.`,
					httpCode: dispatched.fatal.httpStatus ? String(dispatched.fatal.httpStatus) : undefined,
				});
			}
			requests = dispatched.requests + uploads.requests;
			retries = dispatched.retries;
			results = recipients.map((recipient) => {
				const sent = dispatched.byIndex.get(recipient.index);
				if (sent) return resultFromOutcome(base(recipient.index), sent.outcome, sent.attempts);
				return { ...base(recipient.index), status: 'skipped', reason: recipient.skip, messageId: null, batchId: null, attempts: 0, error: null };
			});
		}

		const summary = summarize(results, { dropId, provider: adapter.id, requests, retries, durationMs: Math.round(performance.now() - started) });
		return [
			results.map((result, index) => ({ json: result as unknown as IDataObject, pairedItem: { item: index } })),
			[{ json: summary as unknown as IDataObject, pairedItem: items.map((_, item) => ({ item })) }],
		];
	} catch (error) {
		const nodeError = toNodeError(this.getNode(), error);
		if (this.continueOnFail()) {
			return [items.map((_, item) => ({ json: { error: nodeError.message }, pairedItem: { item } })), []];
		}
		throw nodeError;
	} finally {
		await transport.close();
	}
}

/** An item's binary file: inline where the provider carries media in the request, else stored with it once per distinct content. */
async function binaryMedia(
	this: IExecuteFunctions,
	index: number,
	adapter: ProviderAdapter,
	capabilities: Capabilities,
	binaryPropertyName: string,
	uploads: MediaUploads,
	dryRun: boolean,
): Promise<MediaRef> {
	const uploader = adapter.upload;
	if (!uploader && !capabilities.inlineMedia) {
		throw new NodeOperationError(this.getNode(), `${adapter.displayName} has no media store for binary files`, {
			itemIndex: index,
			description: `Host the file at a public URL and put it in "Media URLs", or choose ${binaryMediaAlternatives()}.`,
		});
	}
	const binary = this.helpers.assertBinaryData(index, binaryPropertyName);
	const data = await this.helpers.getBinaryDataBuffer(index, binaryPropertyName);
	const file = mediaFile(data, binary.mimeType, binary.fileName ?? `media-${index}`);
	if (!uploader) return { data, contentType: file.mimeType, fileName: file.fileName, bytes: data.length, sha256: file.sha256 };
	// A dry run uploads nothing: it plans with the reference the upload would give.
	const reference = dryRun ? uploader.plannedReference(file) : await uploads.reference(file);
	return { ...reference, sha256: file.sha256 };
}

/**
 * A parameter read per item only where it is an expression. n8n sets up an expression context on
 * every getNodeParameter call, the largest per-item cost in a profile of a 30,000-recipient drop;
 * a constant is the same for every item, so it is read once.
 */
function itemParameter<T>(context: IExecuteFunctions, name: string, fallback: T): (index: number) => T {
	let raw: unknown = context.getNode().parameters;
	for (const key of name.split('.')) raw = (raw as Record<string, unknown> | undefined)?.[key];
	if (typeof raw === 'string' && raw.startsWith('=')) {
		return (index) => context.getNodeParameter(name, index, fallback) as T;
	}
	const value = context.getNodeParameter(name, 0, fallback) as T;
	return () => value;
}

function callbackWithDropId(url: string | undefined, dropId: string): string | undefined {
	if (!url?.trim()) return undefined;
	const callback = new URL(url.trim());
	callback.searchParams.set('dropId', dropId);
	return callback.toString();
}

function describeSkips(recipients: Array<{ skip: string | null }>): string {
	const counts = new Map<string, number>();
	for (const { skip } of recipients) if (skip) counts.set(skip, (counts.get(skip) ?? 0) + 1);
	return [...counts].map(([reason, count]) => `${count} ${reason}`).join(', ');
}

/** Every failure leaves the node as NodeApiError (the provider said no) or NodeOperationError. */
function toNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof MediaError) return new NodeOperationError(node, error.message, { description: error.description });
	if (error instanceof MediaUploadError) {
		return new NodeApiError(node, { message: error.message } as JsonObject, {
			message: error.message,
			httpCode: error.httpStatus ? String(error.httpStatus) : undefined,
		});
	}
	return new NodeOperationError(node, error as Error);
}
