/**
 * Delivery profiles: how many bytes a whole MMS may carry and how large an image may be.
 * Budgets are decimal (600 KB = 600,000 B: ImageMagick and most carriers count that way,
 * media.md §1.5). The file itself is kept a few per cent under the message budget so the text
 * part and the MIME headers still fit. The provider profiles are those adapters' own limits.
 */
import { clicksendCapabilities } from '../providers/clicksend/capabilities';
import { twilioCapabilities } from '../providers/twilio/capabilities';

export type ProfileName = 'universal' | 'carrierSafe' | 'longCode' | 'twilio' | 'clicksend' | 'custom';

export type OutputFormat = 'jpeg' | 'png' | 'gif';

export interface Profile {
	/** Whole-message budget, decimal bytes. */
	messageBytes: number;
	/** Long edge of still images, px (never enlarged). */
	maxDimension: number;
	/** Formats `format: auto` may keep; anything else becomes JPEG. */
	keepFormats: OutputFormat[];
}

/** Long edge for every named profile: 1080–1600 px is what handsets show well (media.md §1.2). */
export const DEFAULT_MAX_DIMENSION = 1280;

/** Share of the message budget left for text and MIME headers (media.md §1.5: "~5 % headroom"). */
export const HEADER_HEADROOM = 0.05;

const ALL_FORMATS: OutputFormat[] = ['jpeg', 'png', 'gif'];

export const PROFILES: Record<Exclude<ProfileName, 'custom'>, Profile> = {
	// "works everywhere": Infobip/Braze 300 KB, OMA Video Rich class (media.md §1.1, §1.4)
	universal: { messageBytes: 300_000, maxDimension: DEFAULT_MAX_DIMENSION, keepFormats: ALL_FORMATS },
	// toll-free / short-code floor at AT&T, Verizon and T-Mobile via Twilio and Telnyx (media.md §1.5)
	carrierSafe: { messageBytes: 600_000, maxDimension: DEFAULT_MAX_DIMENSION, keepFormats: ALL_FORMATS },
	// long code at most US carriers (media.md §1.1, §1.5)
	longCode: { messageBytes: 1_000_000, maxDimension: DEFAULT_MAX_DIMENSION, keepFormats: ALL_FORMATS },
	// Twilio's API cap per message; Twilio then transcodes JPEG/PNG/GIF itself (media.md §1.1)
	twilio: { messageBytes: twilioCapabilities.maxMediaBytes, maxDimension: DEFAULT_MAX_DIMENSION, keepFormats: ALL_FORMATS },
	// one attachment ≤ 250 kB; only jpg and gif are accepted without ClickSend's converter (providers.md §7)
	clicksend: { messageBytes: clicksendCapabilities.maxMediaBytes, maxDimension: DEFAULT_MAX_DIMENSION, keepFormats: ['jpeg', 'gif'] },
};

export interface Budget {
	profile: ProfileName;
	messageBytes: number;
	/** What the prepared file may weigh: the message budget less the header headroom. */
	fileBytes: number;
	maxDimension: number;
	keepFormats: OutputFormat[];
}

export interface CustomLimits {
	maxBytes: number;
	maxDimension: number;
}

/** A named profile's budget, or the custom one from its limits. */
export function resolveBudget(profile: Exclude<ProfileName, 'custom'>): Budget;
export function resolveBudget(profile: 'custom', custom: CustomLimits): Budget;
export function resolveBudget(profile: ProfileName, custom?: CustomLimits): Budget {
	const base: Profile = custom
		? { messageBytes: custom.maxBytes, maxDimension: custom.maxDimension, keepFormats: ALL_FORMATS }
		: PROFILES[profile as Exclude<ProfileName, 'custom'>];
	return {
		profile,
		messageBytes: base.messageBytes,
		fileBytes: Math.floor(base.messageBytes * (1 - HEADER_HEADROOM)),
		maxDimension: base.maxDimension,
		keepFormats: base.keepFormats,
	};
}
