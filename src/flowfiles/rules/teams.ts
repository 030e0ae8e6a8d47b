import { problemAt, type FlowRule } from './types';

/** A handoff to a team that does not exist would wait in a queue nobody watches. */
export const unknownTeams: FlowRule = (files, { teams }) =>
  files.flatMap((file) =>
    file.definition.steps.flatMap((step, i) => {
      const refs: { team?: string; path: (string | number)[] }[] = [
        { team: step.handoff?.team, path: ['steps', i, 'handoff', 'team'] },
        ...(step.reply?.buttons ?? []).map((b, j) => ({ team: b.handoff?.team, path: ['steps', i, 'reply', 'buttons', j, 'handoff', 'team'] })),
        ...(step.reply?.list?.rows ?? []).map((r, j) => ({ team: r.handoff?.team, path: ['steps', i, 'reply', 'list', 'rows', j, 'handoff', 'team'] })),
      ];
      return refs
        .filter((r) => r.team !== undefined && !teams.includes(r.team))
        .map((r) => problemAt(file, r.path, `team "${r.team}" does not exist`, `teams (TEAMS): ${teams.join(', ')}`));
    }),
  );
