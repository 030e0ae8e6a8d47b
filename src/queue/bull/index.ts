export { BullQueue } from './bullQueue';
export type { BullQueueOptions } from './options';
