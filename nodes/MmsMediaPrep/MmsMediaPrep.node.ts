import {
	type IBinaryData,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	NodeConnectionTypes,
	NodeOperationError,
} from 'n8n-workflow';

import { Memo, configureSharpForBatch, contentKey, defaultConcurrency, mapConcurrent } from '../media/batch';
import { MediaError } from '../media/errors';
import { n8nHttpGet } from '../media/http';
import { download, fileNameFromUrl } from '../media/input';
import { type MediaJson, outputFileName, prepareMedia } from '../media/pipeline';
import { describeSteps, type RequestedFormat } from '../media/plan';
import { type Budget, type ProfileName, resolveBudget } from '../media/profiles';
import { profileSubtitle, properties } from './description';

interface Shared {
	json: MediaJson;
	binary: IBinaryData;
}

type Outcome = { item: INodeExecutionData } | { error: Error };

// No usableAsTool: binary in, binary out, and AI tool calls cannot pass files.
// eslint-disable-next-line @n8n/community-nodes/node-usable-as-tool
export class MmsMediaPrep implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MMS Media Prep',
		name: 'mmsMediaPrep',
		icon: { light: 'file:../../icons/mmsMediaPrep.svg', dark: 'file:../../icons/mmsMediaPrep.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: profileSubtitle,
		description: 'Resize and compress an image (or check other media) so the carrier accepts it as MMS',
		defaults: { name: 'MMS Media Prep' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties,
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const continueOnFail = this.continueOnFail();
		configureSharpForBatch();
		// a drop usually sends one picture to every recipient: prepare each distinct file once
		const memo = new Memo<Shared>();
		let failed = false;
		const outcomes = await mapConcurrent<Outcome>(
			items.length,
			defaultConcurrency(),
			async (index) => {
				try {
					return { item: await prepareItem(this, index, memo) };
				} catch (error) {
					failed = true;
					return { error: error as Error };
				}
			},
			() => failed && !continueOnFail,
		);

		const output: INodeExecutionData[] = [];
		outcomes.forEach((outcome, index) => {
			// items never started only follow a failure that is thrown below
			if (!outcome) return;
			if ('item' in outcome) {
				output.push(outcome.item);
				return;
			}
			const error = asNodeError(this, outcome.error, index);
			if (!continueOnFail) throw error;
			output.push({ json: { error: error.message }, pairedItem: { item: index } });
		});
		return [output];
	}
}

/** The pipeline's MediaError carries a message and a description for the user; anything else is wrapped as it is. */
function asNodeError(context: IExecuteFunctions, error: Error, itemIndex: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	if (error instanceof MediaError) return new NodeOperationError(context.getNode(), error.message, { itemIndex, description: error.description });
	return new NodeOperationError(context.getNode(), error, { itemIndex });
}

function readBudget(context: IExecuteFunctions, index: number): Budget {
	const profile = context.getNodeParameter('profile', index) as ProfileName;
	if (profile !== 'custom') return resolveBudget(profile);
	const limits = { maxBytes: context.getNodeParameter('maxBytes', index) as number, maxDimension: context.getNodeParameter('maxDimension', index) as number };
	for (const [name, value] of [['Max Bytes', limits.maxBytes], ['Max Dimension', limits.maxDimension]] as const) {
		if (!Number.isInteger(value) || value <= 0) {
			throw new NodeOperationError(context.getNode(), `${name} must be a positive whole number, got ${value}`, { itemIndex: index });
		}
	}
	return resolveBudget(profile, limits);
}

async function prepareItem(context: IExecuteFunctions, index: number, memo: Memo<Shared>): Promise<INodeExecutionData> {
	const budget = readBudget(context, index);
	const format = context.getNodeParameter('format', index) as RequestedFormat;
	const outputProperty = context.getNodeParameter('outputBinaryPropertyName', index) as string;
	const settings = JSON.stringify([budget.fileBytes, budget.maxDimension, budget.keepFormats, format]);

	let key: string;
	let sourceName: string | undefined;
	let load: () => Promise<Buffer>;
	if (context.getNodeParameter('source', index) === 'url') {
		const url = context.getNodeParameter('url', index) as string;
		key = `url ${url}`;
		sourceName = fileNameFromUrl(url);
		load = () => download(n8nHttpGet(context), url);
	} else {
		const property = context.getNodeParameter('binaryPropertyName', index) as string;
		const binary = context.helpers.assertBinaryData(index, property);
		const bytes = binary.id ? undefined : await context.helpers.getBinaryDataBuffer(index, property);
		// stored binaries (filesystem, S3, database modes) have an id; in-memory ones are hashed
		key = binary.id ? `id ${binary.id}` : `sha256 ${contentKey(bytes as Buffer)}`;
		sourceName = binary.fileName;
		load = async () => bytes ?? (await context.helpers.getBinaryDataBuffer(index, property));
	}

	const shared = await memo.get(`${key} ${sourceName ?? ''} ${settings}`, async () => {
		const prepared = await prepareMedia(await load(), { budget, format });
		const binary = await context.helpers.prepareBinaryData(prepared.data, outputFileName(sourceName, prepared.extension), prepared.mimeType);
		return { json: prepared.json, binary };
	});
	const input = context.getInputData()[index];
	return {
		// the item travels on (a recipient list keeps its phone numbers); the media fields are added
		json: { ...input.json, ...structuredClone(shared.json), steps: describeSteps(shared.json.steps) },
		binary: { ...input.binary, [outputProperty]: { ...shared.binary } },
		pairedItem: { item: index },
	};
}
