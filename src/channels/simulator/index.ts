export { SimulatorChannel } from './simulatorChannel';
export { toSimulatorReply, type SimulatorReply } from './view';
