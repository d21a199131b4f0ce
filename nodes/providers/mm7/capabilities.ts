import type { Capabilities, ProviderCredentials } from '../types';
import { DEFAULT_MM7_VERSION, isMm7Version, MM7_NAMESPACES, type Mm7Version } from './codes';
import { mm7Credential } from './credential';

/**
 * What a SubmitReq to an MMSC can carry. MM7 itself sets almost no limits (providers.md §11:
 * "MMSC-dependent"), so the figures are the safest documented ones; the MMSC-specific ones are
 * credential fields (see `capabilitiesFor`).
 */
export const mm7Capabilities: Capabilities = {
	// Default: one recipient per SubmitReq. Several are allowed by TS 23.140 but MMSCs may refuse
	// them with 3003 (providers.md §9 "SubmitReq"); the credential's `recipientsPerRequest` raises it.
	recipientsPerRequest: 1,
	// No MM7 limit; 10 is the attachment ceiling every HTTP MMS API in providers.md §11 shares.
	mediaPerMessage: 10,
	// media.md §2: 600 KB is the per-message floor of short codes and toll-free on the US carriers,
	// and the OMA "Megapixel" content class (media.md §1.4). Media travel as binary, not base64.
	maxMediaBytes: 600_000,
	// Content travels inside the SubmitReq (providers.md §9 "Transport"); there is no media store.
	mediaStore: false,
	inlineMedia: true,
	// No documented default: the MMSC contract sets throughput (Sinch MM7 introduction, "API
	// Limitations"). One per second is the most conservative default any provider here documents.
	defaultRatePerSecond: 1,
	// Reports go to the VASP URL configured at the MMSC, never per message (providers.md §9).
	perMessageCallbackUrl: false,
	// providers.md §9: the MMSC posts reports to the VASP URL it was given; a SubmitReq names none.
	carriesCallbackUrl: false,
	// DeliveryReportReq carries only the MMSC's MessageID (providers.md §9): nothing of ours comes back.
	correlationField: null,
	// Subject has no schema limit; Sinch only recommends 80 characters (MM7_Submit table).
	maxSubjectLength: undefined,
};

/**
 * Upper bound for the credential's recipients per request. TS 23.140 sets none, but one SubmitRsp
 * answers for every recipient of the request, so a refusal hits all of them at once.
 */
export const MAX_RECIPIENTS_PER_REQUEST = 1000;

export function mm7VersionOf(credentials: ProviderCredentials): Mm7Version {
	const { mm7Version } = mm7Credential.read(credentials, []);
	return isMm7Version(mm7Version) ? mm7Version : DEFAULT_MM7_VERSION;
}

export function namespaceOf(credentials: ProviderCredentials): string {
	return MM7_NAMESPACES[mm7VersionOf(credentials)];
}

/** Some MMSCs reject the `mm7:` prefix (providers.md §9, Mbuni `use-mm7-soap-namespace-prefix`); default on, as Mbuni's. */
export function usesNamespacePrefix(credentials: ProviderCredentials): boolean {
	return mm7Credential.read(credentials, []).useNamespacePrefix !== false;
}

export function recipientsPerRequestOf(credentials: ProviderCredentials): number {
	const { recipientsPerRequest } = mm7Credential.read(credentials, []);
	if (recipientsPerRequest === undefined || recipientsPerRequest < 1) return mm7Capabilities.recipientsPerRequest;
	return Math.min(Math.floor(recipientsPerRequest), MAX_RECIPIENTS_PER_REQUEST);
}

export function capabilitiesFor(credentials: ProviderCredentials): Capabilities {
	return { ...mm7Capabilities, recipientsPerRequest: recipientsPerRequestOf(credentials) };
}
