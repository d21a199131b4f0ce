/** Issue #15 points 5 and 7 for MMS Media Prep: its canvas subtitle and the labels of its binary fields. */
import { MmsMediaPrep } from '../../nodes/MmsMediaPrep/MmsMediaPrep.node';
import { shown, subtitle } from './panel';

const description = new MmsMediaPrep().description;

it('the canvas names the profile properly: "Profile: Carrier-safe 600 KB"; a custom one with its budget', () => {
	expect(subtitle('mmsMediaPrep', description, { profile: 'carrierSafe' })).toBe('Profile: Carrier-safe 600 KB');
	expect(subtitle('mmsMediaPrep', description, { profile: 'twilio' })).toBe('Profile: Twilio 5 MB');
	expect(subtitle('mmsMediaPrep', description, { profile: 'custom', maxBytes: 450_000 })).toBe('Profile: Custom 450 KB');
});

it('binary fields are labelled the way n8n labels them', () => {
	const labels = shown(description, { source: 'binary', profile: 'carrierSafe' }).map((parameter) => parameter.displayName);
	expect(labels).toEqual(['Source', 'Input Binary Field', 'Profile', 'Format', 'Put Output File in Field']);
});
