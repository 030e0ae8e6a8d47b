import type { ChannelAdapter } from '../port';
import { SimulatorChannel } from './simulatorChannel';

/** SIMULATOR=true. `admin`: its page and API need an admin session (beside a real channel). */
export interface SimulatorSettings {
  access: 'public' | 'admin';
}

/** SIMULATOR=true: talk to the bot from the browser or `npm run chat`, no phone needed. */
export const simulatorAdapter: ChannelAdapter<SimulatorSettings> = {
  name: 'simulator',
  create: (settings, services) => new SimulatorChannel({ ...services, access: settings.access }),
};
