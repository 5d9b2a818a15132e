/**
 * Introduction rounds and community nudges on the durable scheduler. The planner enqueues one
 * round-creation job per workspace and period (idempotency key), so any number of replicas
 * create one round; every message is a job of its own.
 */
import { periodKey } from '../domain/matching/timing';
import * as intros from '../services/intros';
import { planQuietChannelNudges, sendQuietChannelNudge } from '../services/nudges';
import { enqueueJob } from '../store/jobs';
import { settingsFor } from '../store/settings';
import { defineJob, definePlanner } from './registry';

definePlanner('intros', async (services, teamId) => {
  const settings = await settingsFor(services.db, teamId);
  if (!settings.rounds.enabled) return;
  const key = periodKey(services.now(), settings.rounds.cadence);
  await enqueueJob(services.db, {
    teamId,
    kind: 'intro.round',
    dueAt: services.now(),
    payload: { periodKey: key },
    idempotencyKey: `intro-round:${key}`,
  });
});

definePlanner('nudges', async (services, teamId) => {
  await planQuietChannelNudges(services, teamId);
});

const introId = (p: Record<string, unknown>) => Number(p.introId);
const userId = (p: Record<string, unknown>) => String(p.userId);

defineJob('intro.round', async (services, job) => {
  const { roundId, intros: count } = await intros.createRound(services, job.team_id);
  services.logger.info(
    { teamId: job.team_id, roundId, intros: count },
    roundId ? 'introduction round created' : 'round already exists',
  );
  return 'done';
});
// someone away gets their suggestion, and the introduction waits, until they are back
const doneOrWait = (until: Date | null) => (until ? { deferUntil: until } : ('done' as const));
defineJob('intro.suggest', async (services, job) =>
  doneOrWait(await intros.sendSuggestion(services, job.team_id, introId(job.payload), userId(job.payload))),
);
defineJob('intro.remind', async (services, job) =>
  doneOrWait(await intros.sendSuggestion(services, job.team_id, introId(job.payload), userId(job.payload), true)),
);
defineJob('intro.expire', async (services, job) =>
  doneOrWait(await intros.expireIntroduction(services, job.team_id, introId(job.payload))),
);
defineJob('intro.open', async (services, job) => {
  await intros.openIntroduction(services, job.team_id, introId(job.payload));
  return 'done';
});
defineJob('intro.follow_up', async (services, job) => {
  await intros.sendFollowUp(services, job.team_id, introId(job.payload));
  return 'done';
});
defineJob('intro.closed', async (services, job) => {
  await intros.tellIntroClosed(services, job.team_id, introId(job.payload), userId(job.payload), false);
  return 'done';
});
defineJob('intro.paused_for_silence', async (services, job) => {
  await intros.tellIntroClosed(services, job.team_id, introId(job.payload), userId(job.payload), true);
  return 'done';
});
defineJob('intro.no_match', async (services, job) => {
  await intros.sendNoMatch(services, job.team_id, userId(job.payload));
  return 'done';
});
defineJob('nudge.quiet_channel', async (services, job) =>
  doneOrWait(
    await sendQuietChannelNudge(services, job.team_id, {
      channelId: String(job.payload.channelId),
      userId: userId(job.payload),
      weeks: Number(job.payload.weeks),
    }),
  ),
);
