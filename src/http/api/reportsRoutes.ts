import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import type { Store } from '../../store/port';
import { loadSummary } from '../../reports/summary';
import { parseReportQuery, ReportQueryError } from '../../reports/reportQuery';
import { summaryCsv } from '../../reports/csv';
import type { ReportQuery } from '../../reports/types';
import { HttpError } from '../../web/httpError';
import { currentAgent } from './authenticate';
import { sendCsv, wantsCsv } from './csvResponse';

/**
 * Chart.js as the page loads it (a UMD bundle defining `window.Chart`), from the installed
 * package: no CDN, so the reports page works offline and under a strict CSP. Resolved through
 * the package's main entry because its `exports` hide the dist/ files.
 */
function chartJsFile(): string | undefined {
  try {
    const file = path.join(path.dirname(require.resolve('chart.js')), 'chart.umd.min.js');
    return fs.existsSync(file) ? file : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Manager reports: `GET /api/reports/summary` (JSON, or CSV with format=csv / Accept: text/csv)
 * and the chart library of the reports page. Supervisors and admins see everyone; an agent
 * sees only their own figures (the agent cut is forced to them).
 */
export function createReportsRouter(deps: { store: Store; timeZone: string; channels: readonly string[] }): Router {
  const router = express.Router();
  const { store } = deps;
  const chartJs = chartJsFile();

  router.get('/summary', async (req, res) => {
    const agent = currentAgent(res);
    const csv = wantsCsv(req);
    let query: ReportQuery;
    try {
      query = parseReportQuery(req.query as Record<string, unknown>, { timeZone: deps.timeZone, now: Date.now(), channels: deps.channels });
    } catch (error) {
      if (error instanceof ReportQueryError) throw new HttpError(400, 'INVALID_QUERY', error.message);
      throw error;
    }
    if (agent.role === 'agent') {
      if (query.agentId !== undefined && query.agentId !== agent.id) throw new HttpError(403, 'FORBIDDEN', 'Agents see only their own figures: leave out "agent", or give your own id');
      query = { ...query, agentId: agent.id };
    }
    const agentNames = new Map((await store.agents.list()).map((a) => [a.id, a.name]));
    const summary = await loadSummary(store.reports, query, agentNames, Date.now());
    if (!csv) {
      res.json(summary);
      return;
    }
    // Named by the first and last local day it covers.
    const days = summary.daily;
    sendCsv(res, `report-${days[0]?.date ?? 'period'}-to-${days[days.length - 1]?.date ?? 'period'}.csv`, summaryCsv(summary));
  });

  router.get('/chart.js', (_req, res) => {
    if (!chartJs) throw new HttpError(503, 'CHART_LIBRARY_MISSING', 'chart.js is not installed (npm ci installs it); the reports page cannot draw charts');
    res.sendFile(chartJs, { maxAge: '1d', headers: { 'content-type': 'text/javascript; charset=utf-8' } });
  });

  return router;
}
