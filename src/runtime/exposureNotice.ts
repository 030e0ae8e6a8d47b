import type { Config } from '../config/config';
import type { Logger } from '../observability/logger';

/**
 * Says at start what a real channel changed about what the process serves to strangers, so an
 * owner who misses the simulator knows why and how to get it back (docs/SECURITY.md).
 */
export function logExposure(config: Config, logger: Logger): void {
  if (config.offBesideRealChannel.length > 0) {
    logger.info(`off because a real ${config.realChannels.join(' and ')} channel is on`, {
      settings: config.offBesideRealChannel,
      hint: config.offBesideRealChannel.map((key) => `${key}=true`).join(' or ') + ' turns it on (the simulator then needs an admin login)',
    });
  }
  if (config.simulator && config.simulatorAccess === 'admin') {
    logger.info(`the simulator needs an admin login: a real ${config.realChannels.join(' and ')} channel is on`, { page: '/simulator', api: '/api/simulator' });
  }
  if (config.metricsPublic && !config.metricsToken) {
    logger.warn('/metrics is served to anyone (METRICS_PUBLIC=true): keep the port off the internet');
  }
}
