import path from 'node:path';
import type { RequestHandler } from 'express';
import { TEMPLATES_FILE, templatesFile, type TemplatesFile } from '../../flowfiles/cannedFiles';
import type { Logger } from '../../observability/logger';
import { opsFileRoute, readOpsFile, type OpsFile } from './opsFileRoute';

/**
 * The WhatsApp templates ops had approved in WhatsApp Manager, listed in
 * `flows/canned/templates.yaml`, for the console's "Send a template" form once a customer's
 * 24-hour window has closed. The re-engagement template from the environment is always
 * offered, even when the file does not list it.
 */
export function approvedTemplatesRoute(flowsDir: string, reengagement: { name: string; language: string } | undefined, logger: Logger): RequestHandler {
  return opsFileRoute<TemplatesFile>({
    ...templatesFileOf(flowsDir, logger),
    empty: { templates: [] },
    complete: (data) => {
      const listed = data.templates.some((t) => t.name === reengagement?.name && t.language === reengagement?.language);
      if (!reengagement || listed) return data;
      return { templates: [...data.templates, { ...reengagement, title: 'Re-engagement (configured)', parameters: [] }] };
    },
  });
}

function templatesFileOf(flowsDir: string, logger: Logger): OpsFile<TemplatesFile> {
  return { file: path.join(flowsDir, TEMPLATES_FILE), schema: templatesFile, what: 'approved templates', logger };
}

export type TemplateCategory = NonNullable<TemplatesFile['templates'][number]['category']>;

/**
 * The category ops gave a template in templates.yaml (read anew each time, like the list), or
 * undefined when the template is not listed or has none.
 */
export function templateCategoryLookup(flowsDir: string, logger: Logger): (name: string, language: string) => Promise<TemplateCategory | undefined> {
  return async (name, language) => {
    const data = await readOpsFile(templatesFileOf(flowsDir, logger));
    return data?.templates.find((t) => t.name === name && t.language === language)?.category;
  };
}
