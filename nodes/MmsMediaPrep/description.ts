import type { INodeProperties } from 'n8n-workflow';

import { MIN_LONG_EDGE } from '../media/fit';
import { DEFAULT_MAX_DIMENSION } from '../media/profiles';

/** The node's parameters; names are public (DESIGN.md, "Node: MMS Media Prep"). */
export const properties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Binary Property', value: 'binary', description: 'A file on the input item' },
			{ name: 'URL', value: 'url', description: 'Download the file (http or https)' },
		],
		default: 'binary',
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { source: ['binary'] } },
		description: 'Name of the binary property holding the file',
	},
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://example.com/photo.jpg',
		displayOptions: { show: { source: ['url'] } },
		description: 'Where to download the file from; redirects are followed a few times, the size and time are capped',
	},
	{
		displayName: 'Profile',
		name: 'profile',
		type: 'options',
		options: [
			{ name: 'Carrier Safe (600 KB)', value: 'carrierSafe', description: 'Toll-free and short-code floor at the big US carriers' },
			{ name: 'ClickSend (250 KB)', value: 'clicksend', description: 'ClickSend attachment limit; keeps only JPEG and GIF' },
			{ name: 'Custom', value: 'custom', description: 'Set the byte budget and the image size yourself' },
			{ name: 'Long Code (1 MB)', value: 'longCode', description: 'Long-code numbers at most US carriers' },
			{ name: 'Twilio (5 MB)', value: 'twilio', description: "Twilio's per-message cap; Twilio resizes images again for each carrier" },
			{ name: 'Universal (300 KB)', value: 'universal', description: 'Fits every carrier and handset' },
		],
		default: 'carrierSafe',
		description: 'Message size budget (decimal bytes; the file is kept 5 % under it for text and headers). Images are fitted inside 1280 × 1280 px.',
	},
	{
		displayName: 'Max Bytes',
		name: 'maxBytes',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 600000,
		displayOptions: { show: { profile: ['custom'] } },
		description: 'Whole-message budget in bytes (600000 = 600 KB); the file is kept 5 % under it',
	},
	{
		displayName: 'Max Dimension',
		name: 'maxDimension',
		type: 'number',
		typeOptions: { minValue: MIN_LONG_EDGE },
		default: DEFAULT_MAX_DIMENSION,
		displayOptions: { show: { profile: ['custom'] } },
		description: 'Longest image edge in pixels; images are never enlarged',
	},
	{
		displayName: 'Format',
		name: 'format',
		type: 'options',
		options: [
			{ name: 'Auto', value: 'auto', description: 'Keep PNG or GIF when it already fits (animated GIFs stay animated when they can), otherwise JPEG' },
			{ name: 'GIF', value: 'gif', description: 'GIF; animations stay animated when they can be made to fit' },
			{ name: 'JPEG', value: 'jpeg', description: 'JPEG (the first frame of an animation)' },
			{ name: 'PNG', value: 'png', description: 'Palette-quantised PNG' },
		],
		default: 'auto',
		description: 'Output format for images; other media pass through unchanged',
	},
	{
		displayName: 'Output Binary Field',
		name: 'outputBinaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		description: 'Name of the binary property to put the prepared file in',
	},
];
