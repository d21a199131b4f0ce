import type { INodeProperties } from 'n8n-workflow';

import { MIN_LONG_EDGE } from '../media/fit';
import { DEFAULT_MAX_DIMENSION, PROFILES, type ProfileName } from '../media/profiles';
import { shortBytes } from '../providers/views';

/** How each profile is named on the canvas and in the list, its budget from profiles.ts. */
const PROFILE_LABELS: Record<ProfileName, string> = {
	universal: `Universal ${shortBytes(PROFILES.universal.messageBytes)}`,
	carrierSafe: `Carrier-safe ${shortBytes(PROFILES.carrierSafe.messageBytes)}`,
	longCode: `Long code ${shortBytes(PROFILES.longCode.messageBytes)}`,
	twilio: `Twilio ${shortBytes(PROFILES.twilio.messageBytes)}`,
	clicksend: `ClickSend ${shortBytes(PROFILES.clicksend.messageBytes)}`,
	custom: 'Custom',
};

/** "Profile: Carrier-safe 600 KB" (the custom one with its budget). */
export const profileSubtitle = `={{ "Profile: " + (${JSON.stringify(PROFILE_LABELS)}[$parameter["profile"]] || $parameter["profile"]) + ($parameter["profile"] === "custom" ? " " + Math.round($parameter["maxBytes"] / 1000) + " KB" : "") }}`;

/** The node's parameters; names are public (DESIGN.md, "Node: MMS Media Prep"). */
export const properties: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Binary File', value: 'binary', description: 'A file in an input binary field' },
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
		hint: 'The name of the input binary field containing the file to prepare',
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
			{ name: PROFILE_LABELS.carrierSafe, value: 'carrierSafe', description: 'Toll-free and short-code floor at the big US carriers' },
			{ name: PROFILE_LABELS.clicksend, value: 'clicksend', description: 'ClickSend attachment limit; keeps only JPEG and GIF' },
			{ name: PROFILE_LABELS.custom, value: 'custom', description: 'Set the byte budget and the image size yourself' },
			{ name: PROFILE_LABELS.longCode, value: 'longCode', description: 'Long-code numbers at most US carriers' },
			{ name: PROFILE_LABELS.twilio, value: 'twilio', description: "Twilio's per-message cap; Twilio resizes images again for each carrier" },
			{ name: PROFILE_LABELS.universal, value: 'universal', description: 'Fits every carrier and handset' },
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
		displayName: 'Put Output File in Field',
		name: 'outputBinaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put the prepared file in',
	},
];
