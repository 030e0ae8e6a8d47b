/** The simulator channel: a web chat and a terminal chat against the real bot. */
export { simulatorAdapter } from './adapter';
export { SimulatorChannel } from './simulatorChannel';
export { createSimulatorRouter } from './simulatorRouter';
export { toSimulatorReply, type SimulatorReply } from './view';
