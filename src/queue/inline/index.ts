export { InlineQueue } from './inlineQueue';
