import path from 'node:path';
import type { RequestHandler } from 'express';
import { TEMPLATES_FILE, templatesFile, type TemplatesFile } from '../../flowfiles/cannedFiles';
import type { Logger } from '../../observability/logger';
import { opsFileRoute } from './opsFileRoute';

/**
 * The WhatsApp templates ops had approved in WhatsApp Manager, listed in
 * `flows/canned/templates.yaml`, for the console's "Send a template" form once a customer's
 * 24-hour window has closed. The re-engagement template from the environment is always
 * offered, even when the file does not list it.
 */
export function approvedTemplatesRoute(flowsDir: string, reengagement: { name: string; language: string } | undefined, logger: Logger): RequestHandler {
  return opsFileRoute<TemplatesFile>({
    file: path.join(flowsDir, TEMPLATES_FILE),
    schema: templatesFile,
    empty: { templates: [] },
    what: 'approved templates',
    logger,
    complete: (data) => {
      const listed = data.templates.some((t) => t.name === reengagement?.name && t.language === reengagement?.language);
      if (!reengagement || listed) return data;
      return { templates: [...data.templates, { ...reengagement, title: 'Re-engagement (configured)', parameters: [] }] };
    },
  });
}
