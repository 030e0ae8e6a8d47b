import type { ChannelAdapter } from '../port';
import { SimulatorChannel } from './simulatorChannel';

/** SIMULATOR=true: talk to the bot from the browser or `npm run chat`, no phone needed. */
export const simulatorAdapter: ChannelAdapter<true> = {
  name: 'simulator',
  create: (_on, services) => new SimulatorChannel(services),
};
