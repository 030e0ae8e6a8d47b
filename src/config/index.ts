export { loadConfig, ConfigError } from './load';
export type { LoadConfigOptions } from './load';
export type { Config } from './config';
export { envSchema } from './schema';
