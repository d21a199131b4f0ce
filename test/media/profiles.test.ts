import { properties } from '../../nodes/MmsMediaPrep/description';
import { HEADER_HEADROOM, PROFILES, resolveBudget } from '../../nodes/media/profiles';
import { adapters } from '../../nodes/providers';

describe('profiles', () => {
	it.each([
		['universal', 300_000, 285_000],
		['carrierSafe', 600_000, 570_000],
		['longCode', 1_000_000, 950_000],
		['twilio', 5_000_000, 4_750_000],
		['clicksend', 250_000, 237_500],
	] as const)('%s: %d-byte messages leave a %d-byte file', (profile, messageBytes, fileBytes) => {
		const budget = resolveBudget(profile);
		expect(budget).toMatchObject({ profile, messageBytes, fileBytes, maxDimension: 1280 });
	});

	it('custom takes its limits from the parameters, with the same headroom', () => {
		expect(resolveBudget('custom', { maxBytes: 100_000, maxDimension: 640 })).toMatchObject({
			messageBytes: 100_000,
			fileBytes: 100_000 * (1 - HEADER_HEADROOM),
			maxDimension: 640,
		});
	});

	it.each(['twilio', 'clicksend'] as const)('%s is the adapter\'s own per-message media budget', (provider) => {
		expect(PROFILES[provider].messageBytes).toBe(adapters[provider].capabilities.maxMediaBytes);
	});

	it('ClickSend keeps only the formats it accepts without conversion', () => {
		expect(PROFILES.clicksend.keepFormats).toEqual(['jpeg', 'gif']);
		expect(resolveBudget('carrierSafe').keepFormats).toContain('png');
	});
});

describe('profile parameter', () => {
	it('names each profile with its budget and defaults to carrierSafe', () => {
		const profile = properties.find((property) => property.name === 'profile')!;
		expect(profile.default).toBe('carrierSafe');
		for (const [value, limits] of Object.entries(PROFILES)) {
			const option = profile.options!.find((candidate) => 'value' in candidate && candidate.value === value) as { name: string };
			const size = limits.messageBytes >= 1_000_000 ? `${limits.messageBytes / 1_000_000} MB` : `${limits.messageBytes / 1_000} KB`;
			// 'Universal 300 KB': the canvas subtitle says 'Profile: ' and the same name.
			expect(option.name).toMatch(new RegExp(`^[A-Z][\\w -]+ ${size}$`));
		}
	});
});
