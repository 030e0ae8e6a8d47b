import path from 'node:path';
import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { Logger } from '../../observability/logger';
import { opsFileRoute } from './opsFileRoute';

const approvedTemplate = z.object({
  name: z.string().regex(/^[a-z0-9_]+$/),
  language: z.string().min(2).max(10),
  title: z.string().optional(),
  /** What goes into {{1}}, {{2}}, … in order, so the agent knows what to type. */
  parameters: z.array(z.string()).max(20).default([]),
});
const templatesFile = z.object({ templates: z.array(approvedTemplate) });
type TemplatesFile = z.infer<typeof templatesFile>;

/**
 * The WhatsApp templates ops had approved in WhatsApp Manager, listed in
 * `flows/canned/templates.yaml`, for the console's "Send a template" form once a customer's
 * 24-hour window has closed. The re-engagement template from the environment is always
 * offered, even when the file does not list it.
 */
export function approvedTemplatesRoute(flowsDir: string, reengagement: { name: string; language: string } | undefined, logger: Logger): RequestHandler {
  return opsFileRoute<TemplatesFile>({
    file: path.join(flowsDir, 'canned', 'templates.yaml'),
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
