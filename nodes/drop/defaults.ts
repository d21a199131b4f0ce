/**
 * Send MMS Drop's option defaults and bounds, in one place: the node description shows them and
 * the engine applies them, so the two cannot drift apart.
 */
export const DROP_DEFAULTS = {
	/** ISO country for numbers written without +country code. */
	defaultCountry: 'US',
	dedupe: true,
	optOutFooter: 'Reply STOP to opt out',
	/** 0 = the provider's documented safe default (its capabilities' `defaultRatePerSecond`). */
	ratePerSecond: 0,
	/** Requests in flight: enough to hide network latency, below Twilio's concurrent-request limit (20429). */
	concurrency: 8,
	maxRetries: 3,
	/** Per request (ms); a timeout after the request was written is `unknown`, never retried. */
	requestTimeoutMs: 30_000,
	dryRun: false,
	/**
	 * A finished drop whose id was derived (not set by the user) counts as the same drop for this
	 * long: a re-run within it skips who was sent; after it the same message is a new drop. Shorter
	 * than a day, so a daily job with the same text is never taken for a re-run of yesterday's.
	 */
	rerunWindowHours: 12,
	resolveUnknown: false,
	forgetDrop: false,
	allowPrivateMediaHost: false,
} as const;

export interface NumberBounds {
	min: number;
	max: number;
	integer: boolean;
}

/**
 * What each numeric option may be. n8n enforces `minValue`/`maxValue` only in the editor, not for
 * expressions or imported workflows, so the engine checks these again before anything is sent.
 */
export const DROP_BOUNDS = {
	ratePerSecond: { min: 0, max: 100_000, integer: false },
	concurrency: { min: 1, max: 256, integer: true },
	maxRetries: { min: 0, max: 10, integer: true },
	// Node's timers fire at once above 2³¹−1 ms; no provider keeps a send request open for 10 minutes.
	requestTimeoutMs: { min: 1_000, max: 600_000, integer: true },
	// Up to the ledger's retention (30 days).
	rerunWindowHours: { min: 0, max: 720, integer: false },
} as const satisfies Record<string, NumberBounds>;
