/** Every provider API the fake speaks, for tests and benchmarks that run several providers at once. */
import { bandwidthApi } from './providers/bandwidth';
import { clicksendApi } from './providers/clicksend';
import { mm7Api } from './providers/mm7';
import { plivoApi } from './providers/plivo';
import { sinchApi } from './providers/sinch';
import { telnyxApi } from './providers/telnyx';
import { twilioApi } from './providers/twilio';
import { vonageApi } from './providers/vonage';
import type { FakeProviderApi } from './types';

export { FakeProviderServer } from './server';

export const allFakeApis: FakeProviderApi[] = [twilioApi, telnyxApi, plivoApi, bandwidthApi, sinchApi, clicksendApi, vonageApi, mm7Api];
